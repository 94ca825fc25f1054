package org.losses4j.simd.scalar;

import org.losses4j.simd.SoftmaxKernels;

/**
 * The scalar {@link SoftmaxKernels}: plain loops, sums in double, log in double rounded to float, and exp by a
 * float polynomial ({@link #exp(float)}), which is several times faster than {@code Math.exp} and within 2 ulp.
 */
public final class ScalarSoftmaxKernels implements SoftmaxKernels {
    private static final float LOG2E = 1.44269504088896341f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float HI = 88.72283935546875f, LO = -87.33654022216797f;
    private static final float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f, P3 = 4.1665795894E-2f,
            P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;

    /**
     * e^x in float (Cephes expf): x = k ln2 + r with |r| <= ln2 / 2, e^r by a degree-7 polynomial, 2^k through the
     * exponent bits (as 2 * 2^127 for k = 128, which stays finite). Results below the smallest normal float are 0,
     * above the largest float +inf; nan stays nan.
     */
    public static float exp(float x) {
        if (!(x >= LO)) return x != x ? x : 0f;
        if (x > HI) return Float.POSITIVE_INFINITY;
        int ki = Math.round(x * LOG2E);
        float k = ki;
        float r = Math.fma(k, -LN2_HI, x);
        r = Math.fma(k, -LN2_LO, r);
        float p = Math.fma(r, P0, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        p = Math.fma(p, r * r, r) + 1f;
        return ki > 127 ? (p + p) * 0x1p127f : p * Float.intBitsToFloat((ki + 127) << 23);
    }

    @Override
    public float max(float[] x, int off, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) m = Math.max(m, x[off + i]);
        return m;
    }

    @Override
    public double sumExp(float[] x, int xo, float m, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += exp(x[xo + i] - m);
        return s;
    }

    @Override
    public double expStore(float[] x, int xo, float m, float[] g, int go, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            float e = exp(x[xo + i] - m);
            g[go + i] = e;
            s += e;
        }
        return s;
    }

    @Override
    public double sum(float[] x, int off, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[off + i];
        return s;
    }

    @Override
    public double dot(float[] x, int xo, float[] w, int wo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[xo + i] * w[wo + i];
        return s;
    }

    @Override
    public void scaleShift(float[] g, int go, int n, float a, float b) {
        for (int i = 0; i < n; i++) g[go + i] = g[go + i] * a - b;
    }

    @Override
    public void scaleShiftWeighted(float[] g, int go, int n, float a, float b, float[] w, int wo) {
        for (int i = 0; i < n; i++) g[go + i] = g[go + i] * a - b * w[wo + i];
    }

    @Override
    public void maxAcc(float[] x, int xo, float[] m, int n) {
        for (int i = 0; i < n; i++) m[i] = Math.max(m[i], x[xo + i]);
    }

    @Override
    public void sumExpAcc(float[] x, int xo, float[] m, float[] s, int n) {
        for (int i = 0; i < n; i++) s[i] += exp(x[xo + i] - m[i]);
    }

    @Override
    public void expStoreAcc(float[] x, int xo, float[] m, float[] g, int go, float[] s, int n) {
        for (int i = 0; i < n; i++) {
            float e = exp(x[xo + i] - m[i]);
            g[go + i] = e;
            s[i] += e;
        }
    }

    @Override
    public void axpy(float a, float[] x, int xo, float[] acc, int n) {
        for (int i = 0; i < n; i++) acc[i] += a * x[xo + i];
    }

    @Override
    public void logSumExpAcross(float[] m, float[] s, float[] lse, int n) {
        for (int i = 0; i < n; i++) lse[i] = m[i] + (float) Math.log(s[i]);
    }

    @Override
    public void scaleShiftAcross(float[] g, int go, float[] a, float[] b, float c, int n) {
        for (int i = 0; i < n; i++) g[go + i] = g[go + i] * a[i] - b[i] * c;
    }

    @Override
    public double klDiv(float[] x, int xo, float[] t, int to, float[] out, int oo, float[] g, int go, float c, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            float ti = t[to + i];
            float l = (ti == 0 ? 0f : ti * (float) Math.log(ti)) - ti * x[xo + i];
            if (out != null) out[oo + i] = l;
            if (g != null) g[go + i] = c * ti;
            s += l;
        }
        return s;
    }
}
