package org.losses4j.internal.simd.scalar;

import org.losses4j.internal.simd.CtcKernels;

/** The scalar CTC loops (any JVM); the reference for {@code PanamaCtcKernels}. */
public final class ScalarCtcKernels implements CtcKernels {
    public ScalarCtcKernels() {}

    @Override
    public boolean exp(float[] src, int srcOff, double[] dst, int dstOff, int n) {
        boolean ok = true;
        for (int i = 0; i < n; i++) {
            double y = Math.exp(src[srcOff + i]);
            dst[dstOff + i] = y;
            ok &= y >= Double.MIN_NORMAL && y < Double.POSITIVE_INFINITY; // false for NaN too
        }
        return ok;
    }

    @Override
    public boolean exp(double[] src, int srcOff, double[] dst, int dstOff, int n) {
        boolean ok = true;
        for (int i = 0; i < n; i++) {
            double y = Math.exp(src[srcOff + i]);
            dst[dstOff + i] = y;
            ok &= y >= Double.MIN_NORMAL && y < Double.POSITIVE_INFINITY;
        }
        return ok;
    }

    @Override
    public double alphaStep(double[] prev, int prevOff, double[] cur, int curOff, double[] skip, double[] yp, int ypOff, double scale, int lo,
                            int hi) {
        double sum = 0;
        boolean small = false;
        for (int s = lo; s <= hi; s++) {
            int i = s + 2;
            double v = (prev[prevOff + i] + prev[prevOff + i - 1] + skip[i] * prev[prevOff + i - 2]) * (yp[ypOff + s] * scale);
            cur[curOff + i] = v;
            sum += v;
            small |= v < TINY; // a NaN shows in the sum
        }
        return small ? Double.NaN : sum;
    }

    @Override
    public double betaStep(double[] next, int nextOff, double[] cur, int curOff, double[] skip, double[] yp, int ypOff, double scale, int lo, int hi,
                           double[] alpha, int alphaOff, double[] ab) {
        double sum = 0;
        boolean small = false;
        for (int s = lo; s <= hi; s++) {
            int i = s + 2;
            double v = (next[nextOff + i] + next[nextOff + i + 1] + skip[i + 2] * next[nextOff + i + 2]) * (yp[ypOff + s] * scale);
            cur[curOff + i] = v;
            sum += v;
            double p = v * alpha[alphaOff + i];
            ab[s] = p;
            small |= v < TINY | p < TINY; // a NaN shows in the sum
        }
        return small ? Double.NaN : sum;
    }

    @Override
    public void gradRow(double[] y, int yOff, double[] post, double k, double g, float[] out, int outOff, int n) {
        for (int c = 0; c < n; c++) {
            double yc = y[yOff + c], q = post[c];
            out[outOff + c] = (float) ((q == 0 ? yc : yc - q * k / yc) * g);
        }
    }

    @Override
    public void gradRow(double[] y, int yOff, double[] post, double k, double g, double[] out, int outOff, int n) {
        for (int c = 0; c < n; c++) {
            double yc = y[yOff + c], q = post[c];
            out[outOff + c] = (q == 0 ? yc : yc - q * k / yc) * g;
        }
    }
}
