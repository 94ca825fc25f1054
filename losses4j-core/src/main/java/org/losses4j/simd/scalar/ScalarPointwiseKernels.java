package org.losses4j.simd.scalar;

import org.losses4j.simd.PointwiseKernels;

/**
 * The scalar {@link PointwiseKernels}: plain loops in float (transcendentals through {@code Math.exp} /
 * {@code Math.log} rounded to float), sums in double. The reference the Vector API kernels are tested against.
 */
public final class ScalarPointwiseKernels implements PointwiseKernels {
    public ScalarPointwiseKernels() {}

    @Override
    public double mse(float[] x, int xo, float[] y, int yo, int n, float[] out, int oo, float[] g, int go, float scale) {
        double s = 0;
        float two = 2 * scale;
        for (int i = 0; i < n; i++) {
            float d = x[xo + i] - y[yo + i];
            float l = d * d;
            if (out != null) out[oo + i] = l;
            if (g != null) g[go + i] = d * two;
            s += l;
        }
        return s;
    }

    @Override
    public double l1(float[] x, int xo, float[] y, int yo, int n, float[] out, int oo, float[] g, int go, float scale) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            float d = x[xo + i] - y[yo + i];
            float l = Math.abs(d);
            if (out != null) out[oo + i] = l;
            if (g != null) g[go + i] = d > 0 ? scale : d < 0 ? -scale : 0f;
            s += l;
        }
        return s;
    }

    @Override
    public double smoothL1(float[] x, int xo, float[] y, int yo, int n, float[] out, int oo, float[] g, int go, float scale, float beta) {
        double s = 0;
        float halfBeta = 0.5f * beta, sb = scale / beta;
        for (int i = 0; i < n; i++) {
            float d = x[xo + i] - y[yo + i], z = Math.abs(d);
            float l = z < beta ? 0.5f * d * d / beta : z - halfBeta;
            if (out != null) out[oo + i] = l;
            if (g != null) g[go + i] = d <= -beta ? -scale : d >= beta ? scale : d * sb;
            s += l;
        }
        return s;
    }

    @Override
    public double huber(float[] x, int xo, float[] y, int yo, int n, float[] out, int oo, float[] g, int go, float scale, float delta) {
        double s = 0;
        float halfDelta = 0.5f * delta, sd = scale * delta;
        for (int i = 0; i < n; i++) {
            float d = x[xo + i] - y[yo + i], z = Math.abs(d);
            float l = z < delta ? 0.5f * d * d : delta * (z - halfDelta);
            if (out != null) out[oo + i] = l;
            if (g != null) g[go + i] = d <= -delta ? -sd : d >= delta ? sd : d * scale;
            s += l;
        }
        return s;
    }

    @Override
    public double poissonLogInput(float[] x, int xo, float[] y, int yo, int n, float[] out, int oo, float[] g, int go, float scale) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            float xi = x[xo + i], yi = y[yo + i];
            float e = (float) Math.exp(xi);
            float l = e - yi * xi;
            if (out != null) out[oo + i] = l;
            if (g != null) g[go + i] = scale * e - scale * yi;
            s += l;
        }
        return s;
    }

    @Override
    public double gaussian(float[] x, int xo, float[] y, int yo, float[] v, int vo, int n, float[] out, int oo, float[] g, int go,
                           float scale, float eps, float constant) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            float w = v[vo + i];
            if (w < eps) w = eps;
            float d = x[xo + i] - y[yo + i];
            float l = 0.5f * ((float) Math.log(w) + d * d / w) + constant;
            if (out != null) out[oo + i] = l;
            if (g != null) g[go + i] = d / w * scale;
            s += l;
        }
        return s;
    }

    @Override
    public boolean anyNegative(float[] a, int off, int n) {
        boolean neg = false;
        for (int i = 0; i < n; i++) neg |= a[off + i] < 0;
        return neg;
    }

    @Override
    public void scale(float[] a, int off, int n, float s) {
        for (int i = 0; i < n; i++) a[off + i] *= s;
    }

    @Override
    public void multiply(float[] a, int off, float[] b, int bo, int n) {
        for (int i = 0; i < n; i++) a[off + i] *= b[bo + i];
    }

    @Override
    public void negate(float[] src, int so, float[] dst, int dOff, int n) {
        for (int i = 0; i < n; i++) dst[dOff + i] = -src[so + i];
    }
}
