package org.losses4j;

/**
 * Scalar, bit-exact re-implementation of the single-precision Box-Muller block used by
 * PyTorch's AVX2 {@code normal_fill_16_AVX2} kernel, including the Cephes-style polynomial
 * {@code log256_ps} and {@code sincos256_ps} of ATen's {@code avx_mathfun.h}.
 *
 * <p>Each lane of the 8-wide vector code is computed independently here with the same float
 * operations in the same order. PyTorch's AVX2 kernels are compiled with FMA enabled and GCC's
 * default {@code -ffp-contract=fast}, so every multiply whose only use is an add or subtract has
 * been fused into one FMA instruction (GCC's widening-multiply pass walks statements in order and
 * fuses a product into its add/sub user when that is its only use; when both operands of an
 * add are products, the earlier product is fused). This class mirrors exactly that; without the
 * contractions about 1% of samples differ by an ulp (checked against PyTorch 1.13 output).
 */
final class AvxMath {
    private AvxMath() {}

    /** A multiply feeding an add that GCC contracted into one FMA instruction. */
    private static float madd(float a, float b, float c) {
        return Math.fma(a, b, c);
    }

    // Constants are written as double literals rounded to float, like the C initialisers.
    private static final float SQRTHF = (float) 0.707106781186547524;
    private static final float LOG_P0 = (float) 7.0376836292E-2;
    private static final float LOG_P1 = (float) -1.1514610310E-1;
    private static final float LOG_P2 = (float) 1.1676998740E-1;
    private static final float LOG_P3 = (float) -1.2420140846E-1;
    private static final float LOG_P4 = (float) 1.4249322787E-1;
    private static final float LOG_P5 = (float) -1.6668057665E-1;
    private static final float LOG_P6 = (float) 2.0000714765E-1;
    private static final float LOG_P7 = (float) -2.4999993993E-1;
    private static final float LOG_P8 = (float) 3.3333331174E-1;
    private static final float LOG_Q1 = (float) -2.12194440e-4;
    private static final float LOG_Q2 = (float) 0.693359375;

    private static final float MINUS_DP1 = (float) -0.78515625;
    private static final float MINUS_DP2 = (float) -2.4187564849853515625e-4;
    private static final float MINUS_DP3 = (float) -3.77489497744594108e-8;
    private static final float SINCOF_P0 = (float) -1.9515295891E-4;
    private static final float SINCOF_P1 = (float) 8.3321608736E-3;
    private static final float SINCOF_P2 = (float) -1.6666654611E-1;
    private static final float COSCOF_P0 = (float) 2.443315711809948E-005;
    private static final float COSCOF_P1 = (float) -1.388731625493765E-003;
    private static final float COSCOF_P2 = (float) 4.166664568298827E-002;
    private static final float FOPI = (float) 1.27323954473516;

    private static final float TWO_PI = (float) (2.0 * Math.PI);
    private static final int MIN_NORM_POS = 0x00800000;

    /** One lane of log256_ps. */
    static float log(float xIn) {
        boolean invalid = xIn <= 0.0f; // ordered compare: NaN input is not flagged here
        float x = Math.max(xIn, Float.intBitsToFloat(MIN_NORM_POS));
        int bits = Float.floatToRawIntBits(x);
        int imm0 = bits >>> 23;
        x = Float.intBitsToFloat((bits & ~0x7f800000) | Float.floatToRawIntBits(0.5f));
        imm0 = imm0 - 0x7f;
        float e = (float) imm0;
        e = e + 1.0f;
        boolean lt = x < SQRTHF;
        float tmp = lt ? x : 0.0f;
        x = x - 1.0f;
        e = e - (lt ? 1.0f : 0.0f);
        x = x + tmp;

        float z = x * x;
        float y = LOG_P0;
        y = madd(y, x, LOG_P1);
        y = madd(y, x, LOG_P2);
        y = madd(y, x, LOG_P3);
        y = madd(y, x, LOG_P4);
        y = madd(y, x, LOG_P5);
        y = madd(y, x, LOG_P6);
        y = madd(y, x, LOG_P7);
        y = madd(y, x, LOG_P8);
        y = y * x;
        // y*z + e*q1: both products feed the add; the first one in program order (y*z) is fused.
        y = Math.fma(y, z, e * LOG_Q1);
        y = madd(-z, 0.5f, y);
        x = x + y;
        x = madd(e, LOG_Q2, x);
        return invalid ? Float.NaN : x;
    }

    /** One lane of sincos256_ps: stores sin(x) in sc[0] and cos(x) in sc[1]. */
    static void sincos(float xIn, float[] sc) {
        int signBitSin = Float.floatToRawIntBits(xIn) & 0x80000000;
        float x = Math.abs(xIn);
        float y = x * FOPI;
        int j = (int) y; // cvttps: truncation
        j = (j + 1) & ~1;
        y = (float) j;
        int swapSignBitSin = (j & 4) << 29;
        boolean polyMask = (j & 2) == 0;

        x = madd(y, MINUS_DP1, x);
        x = madd(y, MINUS_DP2, x);
        x = madd(y, MINUS_DP3, x);

        int j4 = j - 2;
        int signBitCos = (~j4 & 4) << 29;
        signBitSin ^= swapSignBitSin;

        float z = x * x;
        float yc = COSCOF_P0;
        yc = madd(yc, z, COSCOF_P1);
        yc = madd(yc, z, COSCOF_P2);
        yc = yc * z;
        // yc*z - z*0.5: the first product in program order (yc*z) is fused.
        yc = Math.fma(yc, z, -(z * 0.5f));
        yc = yc + 1.0f;

        float ys = SINCOF_P0;
        ys = madd(ys, z, SINCOF_P1);
        ys = madd(ys, z, SINCOF_P2);
        ys = ys * z;
        ys = madd(ys, x, x);

        float ysin2 = polyMask ? ys : 0.0f;
        float ysin1 = polyMask ? 0.0f : yc;
        float y2 = ys - ysin2;
        float y1 = yc - ysin1;
        float s = ysin1 + ysin2;
        float c = y1 + y2;
        sc[0] = Float.intBitsToFloat(Float.floatToRawIntBits(s) ^ signBitSin);
        sc[1] = Float.intBitsToFloat(Float.floatToRawIntBits(c) ^ signBitCos);
    }

    /** normal_fill_16_AVX2 on data[off .. off+16). */
    static void normalFill16(float[] data, int off, float mean, float std) {
        float[] sc = new float[2];
        for (int j = 0; j < 8; j++) {
            float u1 = 1.0f - data[off + j];
            float u2 = data[off + j + 8];
            float radius = (float) Math.sqrt(-2.0f * log(u1));
            float theta = TWO_PI * u2;
            sincos(theta, sc);
            float n1 = radius * sc[1];
            float n2 = radius * sc[0];
            data[off + j] = Math.fma(n1, std, mean);
            data[off + j + 8] = Math.fma(n2, std, mean);
        }
    }
}
