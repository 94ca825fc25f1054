package org.losses4j.simd.scalar;

import org.losses4j.simd.SoftmaxKernels;

/** The scalar {@link SoftmaxKernels}: plain loops, exp and log in double rounded to float, sums in double. */
public final class ScalarSoftmaxKernels implements SoftmaxKernels {

    @Override
    public float max(float[] x, int off, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) m = Math.max(m, x[off + i]);
        return m;
    }

    @Override
    public double sumExp(float[] x, int xo, float m, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (float) Math.exp(x[xo + i] - m);
        return s;
    }

    @Override
    public double expStore(float[] x, int xo, float m, float[] g, int go, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[xo + i] - m);
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
        for (int i = 0; i < n; i++) s[i] += (float) Math.exp(x[xo + i] - m[i]);
    }

    @Override
    public void expStoreAcc(float[] x, int xo, float[] m, float[] g, int go, float[] s, int n) {
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[xo + i] - m[i]);
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
