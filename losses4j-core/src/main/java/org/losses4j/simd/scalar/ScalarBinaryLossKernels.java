package org.losses4j.simd.scalar;

import org.losses4j.simd.BinaryLossKernels;

/**
 * Plain Java bodies of {@link BinaryLossKernels}: one loop per loss, sums in double. Transcendentals use the
 * intrinsified {@code Math.exp} / {@code Math.log} in double (log1p(e) for e in [0, 1] through the exact
 * log(1 + e) correction below, as {@code Math.log1p} is not intrinsified), then round once to float32; the
 * losses whose edge rules depend on float32 rounding (soft margin's overflow, the hinge masks) compute those
 * steps in float.
 */
public final class ScalarBinaryLossKernels implements BinaryLossKernels {

    public ScalarBinaryLossKernels() {}

    /**
     * log1p(e) for e >= 0 (or NaN / +inf), accurate to float32 precision: below 2^-29, log1p(e) = e to float
     * precision (the next term, e^2 / 2, is under 2^-30 e); above it, rounding 1 + e in double moves the log by
     * at most 2^-53, under 2^-24 of the result.
     */
    static double log1p(double e) {
        return e < 0x1p-29 ? e : Math.log(1.0 + e);
    }

    @Override
    public double bce(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float scale, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float xi = x[xo + i], yi = y[yo + i];
            // 1 - x is exact in double for a float x, so log(1 - x) is log1p(-x) correctly rounded
            float logX = (float) Math.max(Math.log(xi), -100), log1mX = (float) Math.max(Math.log(1.0 - xi), -100);
            float v = (yi - 1) * log1mX - yi * logX;
            sum += v;
            if (loss != null) loss[lo + i] = v;
            if (grad != null) grad[lo + i] = scale * (xi - yi) / Math.max((1 - xi) * xi, BCE_EPSILON);
        }
        return sum;
    }

    @Override
    public int firstOutsideUnit(float[] x, int off, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[off + i];
            if (!(v >= 0 && v <= 1)) return i;
        }
        return -1;
    }

    @Override
    public double bceWithLogits(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float scale, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float xi = x[xo + i], yi = y[yo + i];
            double e = Math.exp(-Math.abs((double) xi)); // exp(-|x|) in [0, 1]
            // PyTorch's order, in float: ((1 - y) x + max(-x, 0)) + log(1 + exp(-|x|))
            float v = (1 - yi) * xi + Math.max(-xi, 0f) + (float) log1p(e);
            sum += v;
            if (loss != null) loss[lo + i] = v;
            if (grad != null) {
                // sigmoid(x) - y without cancellation for 0/1 targets: e r - y (x < 0), (1 - y) - e r (x >= 0)
                double er = e / (1 + e);
                grad[lo + i] = scale * (float) (xi < 0 ? er - yi : (1 - yi) - er);
            }
        }
        return sum;
    }

    @Override
    public double softMargin(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float scale, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float yi = y[yo + i];
            float z = (float) Math.exp(-x[xo + i] * yi); // float32 exp: inf once -y x passes ~88.72, as PyTorch
            float v = (float) log1p(z);
            sum += v;
            if (loss != null) loss[lo + i] = v;
            if (grad != null) grad[lo + i] = yi * z * -scale / (1 + z); // inf / inf = NaN past the overflow, as PyTorch
        }
        return sum;
    }

    @Override
    public double hingeEmbedding(float[] x, int xo, float[] y, int yo, float margin, float[] loss, float[] grad, int lo, float scale, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float xi = x[xo + i], yi = y[yo + i];
            float mc = margin - xi;
            float v = (yi != 1 ? (mc < 0 ? 0 : mc) : 0) + (yi != -1 ? xi : 0); // clamp_min(0) keeps NaN
            sum += v;
            if (loss != null) loss[lo + i] = v;
            if (grad != null) {
                float d = (yi != -1 ? 1 : 0) - (yi != 1 && mc >= 0 ? 1 : 0);
                grad[lo + i] = d * scale;
            }
        }
        return sum;
    }

    @Override
    public double marginRanking(float[] a, int ao, float[] b, int bo, float[] y, int yo, float margin, float[] loss, float[] ga, float[] gb,
                                int lo, float scale, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float yi = y[yo + i];
            float p = -yi * (a[ao + i] - b[bo + i]) + margin;
            float v = p < 0 ? 0 : p; // clamp_min(0) keeps NaN
            sum += v;
            if (loss != null) loss[lo + i] = v;
            boolean on = p >= 0;
            if (ga != null) ga[lo + i] = on ? -yi * scale : 0;
            if (gb != null) gb[lo + i] = on ? yi * scale : 0;
        }
        return sum;
    }

    @Override
    public void scale(float[] v, int off, float s, int n) {
        for (int i = 0; i < n; i++) v[off + i] *= s;
    }

    @Override
    public void multiply(float[] v, int off, float[] g, int go, int n) {
        for (int i = 0; i < n; i++) v[off + i] *= g[go + i];
    }
}
