package org.losses4j.internal.simd.scalar;

/**
 * A float32 natural log for the scalar kernels, written so that C2 (JDK 17) vectorises a loop of it: no branch, no
 * call, only float and int arithmetic and the bit moves. Cephes' logf: x = 2^k m with m in [sqrt(1/2), sqrt(2)), read
 * off the bits; log m = f - f^2/2 + f^3 P(f) with f = m - 1 (degree-8 P); k ln 2 added in two parts. Within 1 ulp of
 * the correctly rounded log over the normal and subnormal floats, {@link #log1mx} within 2 (ScalarFloatLogTest sweeps
 * them).
 *
 * <p>Defined for x >= 0 (-0 included) and NaN (the BCE check rejects everything else before the kernels run): log 0 is not -inf but
 * about -104 (k = -150, m = 1), below every clamp the losses apply (-100), as log of the subnormals below 3.7e-44 is.
 * Subnormals are scaled by 2^23 first (exact for every x in [0, 2^104]), so one exponent read covers them too.
 */
final class ScalarFloatLog {
    private ScalarFloatLog() {}

    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float Q0 = 7.0376836292E-2f, Q1 = -1.1514610310E-1f, Q2 = 1.1676998740E-1f, Q3 = -1.2420140846E-1f,
            Q4 = 1.4249322787E-1f, Q5 = -1.6668057665E-1f, Q6 = 2.0000714765E-1f, Q7 = -2.4999993993E-1f, Q8 = 3.3333331174E-1f;
    /** The bits of sqrt(1/2) (0.70710677f): mantissas from here up stay in [sqrt(1/2), sqrt(2)). */
    private static final int SQRT_HALF_BITS = 0x3f3504f3;

    /** log x for x in [0, 2^104] or NaN (NaN stays NaN; 0 gives about -104, see the class comment). */
    static float log(float x) {
        return poly(mantissa(x), exponent(x)) + 0f * x; // 0 x: NaN in, NaN out
    }

    /**
     * f = m - 1 for x = 2^k m, m in [sqrt(1/2), sqrt(2)). The bit moves keep C2 (JDK 17) from vectorising a loop, so
     * the kernels run this and {@link #exponent} in one loop and {@link #poly} (pure float, vectorised) in another.
     */
    static float mantissa(float x) {
        int bits = Float.floatToRawIntBits(Math.abs(x) * 0x1p23f); // |x|: -0 reads as 0
        int k = (bits - SQRT_HALF_BITS) >> 23;
        return Float.intBitsToFloat(bits - (k << 23)) - 1f;
    }

    /** k for x = 2^k m, m in [sqrt(1/2), sqrt(2)), as a float. */
    static float exponent(float x) {
        int bits = Float.floatToRawIntBits(Math.abs(x) * 0x1p23f);
        return ((bits - SQRT_HALF_BITS) >> 23) - 23;
    }

    /** log(2^e (1 + f)) for f = {@link #mantissa}, e = {@link #exponent}: Cephes' polynomial, k ln 2 in two parts. */
    static float poly(float f, float e) {
        float z = f * f;
        float p = Math.fma(Q0, f, Q1);
        p = Math.fma(p, f, Q2);
        p = Math.fma(p, f, Q3);
        p = Math.fma(p, f, Q4);
        p = Math.fma(p, f, Q5);
        p = Math.fma(p, f, Q6);
        p = Math.fma(p, f, Q7);
        p = Math.fma(p, f, Q8);
        float y = f * z * p;
        y = Math.fma(e, LN2_LO, y);
        y = Math.fma(-0.5f, z, y);
        return Math.fma(e, LN2_HI, f + y);
    }

    /**
     * log(1 - x) = log1p(-x) for x in [0, 1] or NaN, accurate also where 1 - x rounds (x < 1/2): with u = 1 - x
     * rounded, c = (u - 1) + x is exactly that rounding error, and log1p(-x) = log(u - c) = log u - c / u to far
     * below an ulp (|c / u| <= 2^-25). At x = 1 (u = 0) c is 0 and the result log 0 (about -104).
     */
    static float log1mx(float x) {
        float u = 1f - x;
        return log(u) - correction(x, u);
    }

    /** c / u in {@link #log1mx}, for u = 1 - x. */
    static float correction(float x, float u) {
        return ((u - 1f) + x) / Math.max(u, Float.MIN_NORMAL);
    }
}
