package org.losses4j.optim;

import java.math.BigDecimal;

/** Python's {@code repr(float)}, for error messages in PyTorch's words ("Invalid learning rate: -0.1", "1e-05"). */
public final class PyFloat {
    private PyFloat() {}

    /**
     * {@code repr(v)}: shortest digits, fixed notation for 1e-4 &lt;= |v| &lt; 1e16, else {@code d.ddde-XX}.
     *
     * @param v the value
     * @return Python's text for it
     */
    public static String repr(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return 1 / v < 0 ? "-0.0" : "0.0";
        BigDecimal bd = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp10 = digits.length() - 1 - bd.scale();
        String sign = v < 0 ? "-" : "";
        if (exp10 >= -4 && exp10 < 16) {
            String plain = bd.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        int e = Math.abs(exp10);
        return sign + mant + "e" + (exp10 < 0 ? "-" : "+") + (e < 10 ? "0" + e : Integer.toString(e));
    }
}
