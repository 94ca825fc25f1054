package org.losses4j.internal.simd.scalar;

import org.losses4j.internal.simd.RowKernels;

/** The scalar {@link RowKernels}: the reference the Vector API implementation is tested against. */
public final class ScalarRowKernels implements RowKernels {

    /** One element of a pairwise / triplet difference: (a - b) + eps, each step rounded to float (PyTorch's sub, add). */
    public static float shifted(float a, float b, float eps) { return (a - b) + eps; }

    /** One element of a cosine gradient row: s y - t x (d1 = s1 b - t1 a with (x, y) = (a, b); d2 with (x, y) = (b, a)). */
    public static float cosineGradElement(float s, float t, float x, float y) { return s * y - t * x; }

    @Override
    public void dotAndSquaredNorms(float[] a, int aOff, float[] b, int bOff, double[] out, int o, int n) {
        float s = 0, q1 = 0, q2 = 0;
        for (int k = 0; k < n; k++) {
            float x = a[aOff + k], y = b[bOff + k];
            s += x * y;
            q1 += x * x;
            q2 += y * y;
        }
        out[o] = s;
        out[o + 1] = q1;
        out[o + 2] = q2;
    }

    // sum ((a - b) + eps)^2
    @Override
    public double squaredDistance(float[] a, int aOff, float[] b, int bOff, float eps, int n) {
        float s = 0;
        for (int k = 0; k < n; k++) {
            float v = shifted(a[aOff + k], b[bOff + k], eps);
            s += v * v;
        }
        return s;
    }

    // d1 = s1 b - t1 a, d2 = s2 a - t2 b
    @Override
    public void cosineGrad(float[] a, int aOff, float[] b, int bOff, float[] d1, int d1Off, float[] d2, int d2Off,
                           float s1, float t1, float s2, float t2, int n) {
        for (int k = 0; k < n; k++) {
            float x = a[aOff + k], y = b[bOff + k];
            if (d1 != null) d1[d1Off + k] = cosineGradElement(s1, t1, x, y);
            if (d2 != null) d2[d2Off + k] = cosineGradElement(s2, t2, y, x);
        }
    }

    // u = (a - p) + eps, v = (a - q) + eps: ga = su u - sv v, gp = -su u, gq = sv v
    @Override
    public void tripletGrad(float[] a, int aOff, float[] p, int pOff, float[] q, int qOff, float[] ga, int gaOff, float[] gp, int gpOff,
                            float[] gq, int gqOff, float eps, float su, float sv, int n) {
        for (int k = 0; k < n; k++) {
            float x = a[aOff + k];
            float gu = su * shifted(x, p[pOff + k], eps), gv = sv * shifted(x, q[qOff + k], eps);
            if (ga != null) ga[gaOff + k] = gu - gv;
            if (gp != null) gp[gpOff + k] = -gu;
            if (gq != null) gq[gqOff + k] = gv;
        }
    }

    @Override
    public void multiMarginRow(float[] x, int xo, float[] g, int go, double[] out, int oo, int y, float shift, int p, float h, int n) {
        out[oo] = 0;
        out[oo + 1] = 0;
        out[oo + 2] = 0;
        multiMarginRange(x, xo, g, go, out, oo, y, shift, p, h, 0, n);
    }

    /**
     * The float form of one MultiMarginLoss hinge, z = shift + x_i (the scalar loops and the vector kernel's tail):
     * for i in [from, to), i != y, adds z (z &gt; 0 only), z^2 and the count to out[oo], out[oo + 1], out[oo + 2] and
     * writes g[go + i] = dz = h (p = 1) or 2 h z (p = 2) where z &gt; 0, else 0 (g may be null).
     */
    public static void multiMarginRange(float[] x, int xo, float[] g, int go, double[] out, int oo, int y, float shift, int p, float h,
                                        int from, int to) {
        float s1 = 0, s2 = 0;
        int cnt = 0;
        for (int i = from; i < to; i++) {
            if (i == y) continue;
            float z = shift + x[xo + i];
            if (z > 0) {
                s1 += z;
                s2 += z * z;
                cnt++;
                if (g != null) g[go + i] = p == 1 ? h : 2 * h * z;
            } else if (g != null) {
                g[go + i] = 0;
            }
        }
        out[oo] += s1;
        out[oo + 1] += s2;
        out[oo + 2] += cnt;
    }

    @Override
    public void multiLabelRow(float[] xm, int xo, float[] cnt, int co, double[] out, int oo, float shift, int n) {
        out[oo] = 0;
        out[oo + 1] = 0;
        multiLabelRange(xm, xo, cnt, co, out, oo, shift, 0, n);
    }

    /**
     * The float form of one MultiLabelMarginLoss hinge, z = shift + xm_i (the scalar loops and the vector kernel's tail):
     * for i in [from, to) adds the positive z and their count to out[oo], out[oo + 1] and 1 to cnt[co + i] where z &gt; 0
     * (cnt may be null). Branch-free: labels and hinges are random, a branch mispredicts half the time.
     */
    public static void multiLabelRange(float[] xm, int xo, float[] cnt, int co, double[] out, int oo, float shift, int from, int to) {
        float s = 0;
        int k = 0;
        for (int i = from; i < to; i++) {
            float z = shift + xm[xo + i];
            int pos = z > 0 ? 1 : 0;
            s += z > 0 ? z : 0;
            k += pos;
            if (cnt != null) cnt[co + i] += pos;
        }
        out[oo] += s;
        out[oo + 1] += k;
    }

    @Override
    public void scale(float[] x, int off, float s, int n) {
        for (int k = 0; k < n; k++) x[off + k] *= s;
    }
}
