package org.losses4j.spark;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * An exact sum of doubles: a fixed-point superaccumulator that covers every finite double (2^-1074 to 2^1024) with
 * room for 2^63 terms, so adding never rounds. The sum is rounded once, when it is read ({@link #toDouble()},
 * {@link #toFloat()}), to the nearest value (ties to even). Whatever the order in which the terms arrive and however
 * they are split between partial sums that are then {@link #add(ExactSum) merged}, the result is the same bits.
 *
 * <p>Infinities and NaN are counted aside: any NaN, or both infinities, give NaN; one infinity gives it. A sum of no
 * terms, or of terms that cancel exactly, is +0.0.
 *
 * <p>Layout: {@code digits[i]} holds the bits of weight 2^(32 i - 1074) .. 2^(32 i - 1043) of the sum, as a signed
 * long with carry room; {@link #normalize()} moves the carries up. Not thread-safe.
 */
final class ExactSum implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The weight of bit 0 of digit 0: the smallest subnormal double. */
    static final int MIN_EXP = -1074;
    /** 2046 bit positions of finite doubles, 53-bit mantissas, 64 bits of carry: 2163 bits in 32-bit digits. */
    private static final int DIGITS = 68;
    private static final long MASK = 0xFFFF_FFFFL;
    /** Each add puts less than 2^32 into a digit: normalise well before 2^31 adds could overflow one. */
    private static final int NORMALIZE_EVERY = 1 << 24;

    private final long[] digits = new long[DIGITS];
    private int pending;
    private long nan;
    private long posInf;
    private long negInf;

    /** Adds {@code x} exactly. */
    void add(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int biased = (int) (bits >>> 52) & 0x7FF;
        long mant = bits & 0x000F_FFFF_FFFF_FFFFL;
        if (biased == 0x7FF) {
            if (mant != 0) nan++;
            else if (bits < 0) negInf++;
            else posInf++;
            return;
        }
        if (biased == 0) {
            if (mant == 0) return;
            biased = 1;        // subnormal: no hidden bit, exponent of the smallest normal
        } else {
            mant |= 1L << 52;
        }
        int pos = biased - 1;  // value = mant * 2^(biased - 1075) = mant * 2^(pos + MIN_EXP)
        int i = pos >>> 5;
        int s = pos & 31;
        long lo = (mant & MASK) << s;     // < 2^63
        long hi = (mant >>> 32) << s;     // < 2^52
        if (bits < 0) {
            digits[i] -= lo & MASK;
            digits[i + 1] -= (lo >>> 32) + (hi & MASK);
            digits[i + 2] -= hi >>> 32;
        } else {
            digits[i] += lo & MASK;
            digits[i + 1] += (lo >>> 32) + (hi & MASK);
            digits[i + 2] += hi >>> 32;
        }
        if (++pending >= NORMALIZE_EVERY) normalize();
    }

    /** Adds every term of another sum (which is not changed). */
    void add(ExactSum other) {
        normalize();
        other.normalize();
        for (int i = 0; i < DIGITS; i++) digits[i] += other.digits[i];
        nan += other.nan;
        posInf += other.posInf;
        negInf += other.negInf;
        normalize();
    }

    /** Moves the carries up, leaving every digit but the last in [0, 2^32). */
    void normalize() {
        for (int i = 0; i < DIGITS - 1; i++) {
            long c = digits[i] >> 32;
            digits[i] -= c << 32;
            digits[i + 1] += c;
        }
        pending = 0;
    }

    /** Whether no term has been added, or the terms cancel exactly and none was NaN or infinite. */
    boolean isZero() {
        normalize();
        if (nan != 0 || posInf != 0 || negInf != 0) return false;
        for (long d : digits) if (d != 0) return false;
        return true;
    }

    /** The exact sum of the finite terms, in units of 2^-1074. */
    BigInteger units() {
        normalize();
        BigInteger r = BigInteger.valueOf(digits[DIGITS - 1]);
        for (int i = DIGITS - 2; i >= 0; i--) r = r.shiftLeft(32).add(BigInteger.valueOf(digits[i]));
        return r;
    }

    /** The sum rounded once to the nearest double (ties to even). */
    double toDouble() { return round(53, -1022, 1023); }

    /** The sum rounded once to the nearest float (ties to even), as a float. */
    float toFloat() { return (float) round(24, -126, 127); }

    /**
     * The sum rounded to a binary format of {@code precision} significant bits and normal exponents
     * [{@code minExp}, {@code maxExp}] (its subnormals below), returned as the double of that exact value.
     */
    private double round(int precision, int minExp, int maxExp) {
        if (nan > 0 || (posInf > 0 && negInf > 0)) return Double.NaN;
        if (posInf > 0) return Double.POSITIVE_INFINITY;
        if (negInf > 0) return Double.NEGATIVE_INFINITY;
        BigInteger u = units();
        int sign = u.signum();
        if (sign == 0) return 0.0;
        BigInteger m = u.abs();
        int top = m.bitLength() - 1 + MIN_EXP;           // exponent of the leading bit
        // the lowest bit weight the result can keep: precision bits below the top, never below the subnormal step
        int lsb = Math.max(top - precision + 1, minExp - precision + 1);
        int shift = lsb - MIN_EXP;
        BigInteger q;
        if (shift <= 0) {
            q = m.shiftLeft(-shift);
        } else {
            q = m.shiftRight(shift);
            BigInteger rem = m.subtract(q.shiftLeft(shift));
            int cmp = rem.shiftLeft(1).compareTo(BigInteger.ONE.shiftLeft(shift));
            if (cmp > 0 || (cmp == 0 && q.testBit(0))) q = q.add(BigInteger.ONE);
        }
        // q < 2^(precision + 1) here; rounding up may carry into one more bit, which the exponent check below covers
        if (q.bitLength() - 1 + lsb > maxExp) return sign < 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        double v = Math.scalb((double) q.longValueExact(), lsb);   // exact: q has at most 54 bits and lands on a double
        return sign < 0 ? -v : v;
    }

    @Override
    public String toString() {
        return "ExactSum[" + toDouble() + ", nan=" + nan + ", +inf=" + posInf + ", -inf=" + negInf + "]";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ExactSum)) return false;
        ExactSum e = (ExactSum) o;
        normalize();
        e.normalize();
        return Arrays.equals(digits, e.digits) && nan == e.nan && posInf == e.posInf && negInf == e.negInf;
    }

    @Override
    public int hashCode() {
        normalize();
        return Arrays.hashCode(digits);
    }
}
