package org.losses4j.spark;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as Python's {@code repr} prints them: the shortest decimal that reads back as the same value, positional
 * for 1e-4 &lt;= |x| &lt; 1e16 ({@code 0.25}, {@code 3.0}), scientific otherwise ({@code 1e-05}, {@code 1.5e+16}),
 * {@code nan} / {@code inf} spelt as JSON readers that accept them do ({@code NaN}, {@code Infinity}). A float32 value
 * prints its shortest float32 form, as NumPy prints a {@code float32} ({@code 0.1}, not the double 0.10000000149011612).
 *
 * <p>Java 17's {@code Double.toString} is not always the shortest form (it is from Java 19 on), hence this class.
 */
final class PyRepr {
    private PyRepr() {}

    /** The shortest round-trip form of a double. */
    static String of(double x) {
        if (Double.isNaN(x)) return "NaN";
        if (Double.isInfinite(x)) return x > 0 ? "Infinity" : "-Infinity";
        if (x == 0) return (Double.doubleToRawLongBits(x) < 0 ? "-" : "") + "0.0";
        return format(shortest(x, false));
    }

    /** The shortest form that reads back as this float32 value. */
    static String of(float x) {
        if (Float.isNaN(x)) return "NaN";
        if (Float.isInfinite(x)) return x > 0 ? "Infinity" : "-Infinity";
        if (x == 0) return (Float.floatToRawIntBits(x) < 0 ? "-" : "") + "0.0";
        return format(shortest(x, true));
    }

    /** The decimal of fewest significant digits that parses back to {@code x} (closest to x among those). */
    private static BigDecimal shortest(double x, boolean asFloat) {
        BigDecimal exact = new BigDecimal(x);
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (readsBack(r, x, asFloat)) return r;
            // next to a power of two the rounding interval is lopsided: a neighbour one unit away may read back
            BigDecimal unit = BigDecimal.ONE.scaleByPowerOfTen(r.precision() - r.scale() - p);
            BigDecimal up = r.add(unit), down = r.subtract(unit);
            boolean u = readsBack(up, x, asFloat), d = readsBack(down, x, asFloat);
            if (u && d) return up.subtract(exact).abs().compareTo(exact.subtract(down).abs()) <= 0 ? up : down;
            if (u) return up;
            if (d) return down;
        }
        return exact.round(MathContext.DECIMAL64);
    }

    private static boolean readsBack(BigDecimal d, double x, boolean asFloat) {
        String s = d.toString();
        return asFloat ? Float.parseFloat(s) == (float) x : Double.parseDouble(s) == x;
    }

    /** Python's repr layout of a decimal's digits. */
    private static String format(BigDecimal d) {
        d = d.stripTrailingZeros();
        boolean neg = d.signum() < 0;
        String digits = d.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - d.scale();   // decimal exponent of the first digit
        StringBuilder sb = new StringBuilder();
        if (neg) sb.append('-');
        if (exp >= -4 && exp < 16) {
            if (exp < 0) {
                sb.append("0.");
                for (int i = -1; i > exp; i--) sb.append('0');
                sb.append(digits);
            } else if (digits.length() <= exp + 1) {
                sb.append(digits);
                for (int i = digits.length(); i <= exp; i++) sb.append('0');
                sb.append(".0");
            } else {
                sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
            sb.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) sb.append('0');
            sb.append(a);
        }
        return sb.toString();
    }
}
