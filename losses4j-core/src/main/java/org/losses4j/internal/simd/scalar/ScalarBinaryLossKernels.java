package org.losses4j.internal.simd.scalar;

import org.losses4j.internal.simd.BinaryLossKernels;

/**
 * Plain Java bodies of {@link BinaryLossKernels}: sums in double. BCE uses {@link ScalarFloatLog}'s branch-free float
 * log and log(1 - x); BCE with logits, multi-label soft margin and soft margin compute in float, branch-free, with a
 * polynomial exp and log1p (see their section), in loops C2 vectorises when the operands share one index; the losses
 * whose edge rules depend on float32 rounding (soft margin's overflow, the hinge masks) compute those steps in float.
 * Each loss has one float element function (loss, gradient), used by every loop here and, through these methods, by
 * the Vector API kernel's tail.
 */
public final class ScalarBinaryLossKernels implements BinaryLossKernels {

    public ScalarBinaryLossKernels() {}

    // l = (y - 1) max(log1p(-x), -100) - y max(log x, -100) ; g = scale (x - y) / max((1 - x) x, EPSILON)
    //
    // The logs are ScalarFloatLog's float log (1 ulp) and log(1 - x) (2 ulps, log1p-accurate for small x), branch-free.
    // C2 (JDK 17) vectorises neither a loop with the logs' bit moves nor one whose arrays sit at different offsets, so
    // the work goes by chunks through 0-based per-thread scratch arrays: one scalar loop reads the bits (mantissa and
    // exponent of x and of 1 - x), every other step is a one-index float loop that C2 vectorises, and the results are
    // copied out. The same bits at any offsets; the sum is element i into accumulator i % 4, in double.

    private static final int BCE_CHUNK = 512;
    private static final ThreadLocal<float[][]> BCE_SCRATCH = ThreadLocal.withInitial(() -> new float[6][BCE_CHUNK]);

    @Override
    public double bce(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float scale, int n) {
        float[][] sc = BCE_SCRATCH.get();
        float[] xs = sc[0], ys = sc[1], f1 = sc[2], e1 = sc[3], f2 = sc[4], e2 = sc[5];
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int c = 0; c < n; c += BCE_CHUNK) {
            int m = Math.min(BCE_CHUNK, n - c);
            System.arraycopy(x, xo + c, xs, 0, m);
            System.arraycopy(y, yo + c, ys, 0, m);
            for (int j = 0; j < m; j++) { // scalar: the bit moves
                float xj = xs[j], u = 1f - xj;
                f1[j] = ScalarFloatLog.mantissa(xj);
                e1[j] = ScalarFloatLog.exponent(xj);
                f2[j] = ScalarFloatLog.mantissa(u);
                e2[j] = ScalarFloatLog.exponent(u);
            }
            // log x, then log(1 - x) = log u - c / u (as ScalarFloatLog.log and log1mx), each clamped at -100
            for (int j = 0; j < m; j++) f1[j] = Math.max(ScalarFloatLog.poly(f1[j], e1[j]) + 0f * xs[j], -100f);
            for (int j = 0; j < m; j++) {
                float u = 1f - xs[j];
                f2[j] = Math.max(ScalarFloatLog.poly(f2[j], e2[j]) + 0f * u - ScalarFloatLog.correction(xs[j], u), -100f);
            }
            for (int j = 0; j < m; j++) f1[j] = (ys[j] - 1) * f2[j] - ys[j] * f1[j];
            if (loss != null) System.arraycopy(f1, 0, loss, lo + c, m);
            int j = 0;
            for (; j + 3 < m; j += 4) {
                s0 += f1[j];
                s1 += f1[j + 1];
                s2 += f1[j + 2];
                s3 += f1[j + 3];
            }
            for (; j < m; j++) s0 += f1[j]; // only in the last chunk (BCE_CHUNK is a multiple of 4)
            if (grad != null) {
                for (int k = 0; k < m; k++) e1[k] = scale * (xs[k] - ys[k]) / Math.max((1 - xs[k]) * xs[k], BCE_EPSILON);
                System.arraycopy(e1, 0, grad, lo + c, m);
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public int firstOutsideUnit(float[] x, int off, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[off + i];
            if (!(v >= 0 && v <= 1)) return i;
        }
        return -1;
    }

    // ------------------------------------------------------------------ BCE with logits and soft margin
    //
    // Both are softplus losses: with e = exp(-|u|) in [0, 1], log(1 + exp(u)) = max(u, 0) + log1p(e) and
    // sigmoid(u) = e / (1 + e) (u < 0) or 1 - e / (1 + e) (u >= 0). Everything is float and branch-free: e by the
    // softmax kernels' polynomial (|u| clamped at 86.5, where e is already below float32's resolution of any term it
    // meets), log1p(e) = 2 atanh(e / (2 + e)) by a short odd series, the u >= 0 selection by arithmetic. When the
    // input, target and output offsets coincide (the usual case: arrays from offset 0), each step is its own loop
    // over one shared index, which C2 (JDK 17) vectorises; otherwise one fused loop computes the same values.

    private static final float D_MIN = -86.5f;

    /** e = exp(-|u|), stored into a, for u = x[i] (bce with logits) or -y[i] x[i] (soft margin, yx != null). */
    private static void softplusE(float[] x, float[] y, boolean soft, float[] a, int from, int to) {
        if (soft) {
            for (int i = from; i < to; i++) a[i] = ScalarSoftmaxKernels.softPoly(Math.max(-Math.abs(-y[i] * x[i]), D_MIN));
            for (int i = from; i < to; i++) a[i] = ScalarSoftmaxKernels.softScale(a[i], Math.max(-Math.abs(-y[i] * x[i]), D_MIN));
        } else {
            for (int i = from; i < to; i++) a[i] = ScalarSoftmaxKernels.softPoly(Math.max(-Math.abs(x[i]), D_MIN));
            for (int i = from; i < to; i++) a[i] = ScalarSoftmaxKernels.softScale(a[i], Math.max(-Math.abs(x[i]), D_MIN));
        }
    }

    private static float expNegAbs(float u) {
        float d = Math.max(-Math.abs(u), D_MIN);
        return ScalarSoftmaxKernels.softScale(ScalarSoftmaxKernels.softPoly(d), d);
    }

    /** log1p(e) for e in [0, 1]: 2 atanh(s), s = e / (2 + e) in [0, 1/3]; the series to s^15 is within 2e-8 relative. */
    static float log1pUnit(float e) {
        float s = e / (2 + e), s2 = s * s;
        float p = Math.fma(s2, 1f / 15, 1f / 13);
        p = Math.fma(p, s2, 1f / 11);
        p = Math.fma(p, s2, 1f / 9);
        p = Math.fma(p, s2, 1f / 7);
        p = Math.fma(p, s2, 1f / 5);
        p = Math.fma(p, s2, 1f / 3);
        p = Math.fma(p, s2, 1f);
        return 2 * s * p;
    }

    /** 1 for u >= 0 (and -0), 0 for u < 0, NaN for NaN, without a branch: u 2^200 + 1 clamped to [0, 1]. */
    private static float nonNegative(float u) {
        return Math.min(Math.max(Math.fma(u * 0x1p100f, 0x1p100f, 1f), 0f), 1f);
    }

    /** e as computed from the clamped argument, made exactly 0 where -|u| is below the clamp (e^-|u| < 2.7e-38). */
    private static float cut(float e, float u) {
        return e * nonNegative(-Math.abs(u) - D_MIN);
    }

    // l = (1 - y) x + max(-x, 0) + log1p(e)   (PyTorch's order, in float)
    private static float bceLogitsLoss(float x, float y, float e) {
        e = cut(e, x);
        return (1 - y) * x + Math.max(-x, 0f) + log1pUnit(e);
    }

    // dl/dx = sigmoid(x) - y without cancellation for 0/1 targets: e r - y (x < 0), (1 - y) - e r (x >= 0), r = 1 / (1 + e)
    private static float bceLogitsGrad(float x, float y, float e, float scale) {
        e = cut(e, x);
        float p = nonNegative(x);
        return scale * ((p - y) + (1 - 2 * p) * (e / (1 + e)));
    }

    @Override
    public double bceWithLogits(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float scale, int n) {
        if (xo == yo && yo == lo && (loss != null || grad != null)) {
            int to = lo + n;
            float[] a = loss != null ? loss : grad;
            softplusE(x, null, false, a, lo, to);
            if (loss != null) {
                if (grad != null) for (int i = lo; i < to; i++) grad[i] = bceLogitsGrad(x[i], y[i], loss[i], scale);
                for (int i = lo; i < to; i++) loss[i] = bceLogitsLoss(x[i], y[i], loss[i]);
                return ScalarSums.sum4(loss, lo, n);
            }
            for (int i = lo; i < to; i++) grad[i] = bceLogitsLoss(x[i], y[i], grad[i]);
            double sum = ScalarSums.sum4(grad, lo, n);
            softplusE(x, null, false, grad, lo, to);
            for (int i = lo; i < to; i++) grad[i] = bceLogitsGrad(x[i], y[i], grad[i], scale);
            return sum;
        }
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int i = 0; i < n; i++) {
            float xi = x[xo + i], yi = y[yo + i];
            float e = expNegAbs(xi);
            float v = bceLogitsLoss(xi, yi, e);
            switch (i & 3) {
                case 0 -> s0 += v;
                case 1 -> s1 += v;
                case 2 -> s2 += v;
                default -> s3 += v;
            }
            if (loss != null) loss[lo + i] = v;
            if (grad != null) grad[lo + i] = bceLogitsGrad(xi, yi, e, scale);
        }
        return (s0 + s1) + (s2 + s3);
    }

    // l = -(y ls(x) + (1 - y) ls(-x)), ls(a) = min(a, 0) - log1p(e)   (PyTorch's logsigmoid and its order, in float)
    private static float mlsmLoss(float x, float y, float e) {
        float l = log1pUnit(cut(e, x));
        return -(y * (Math.min(x, 0f) - l) + (1 - y) * (Math.min(-x, 0f) - l));
    }

    // dl/dx = (1 - y) ls'(-x) - y ls'(x), ls'(a) = 1 - e r (a < 0) or e r (a >= 0), r = 1 / (1 + e): log_sigmoid_backward.
    // With p = [x >= 0]: ls'(x) = p er + (1 - p)(1 - er) and ls'(-x) = p (1 - er) + (1 - p) er (at x = 0 both are 1/2 = er
    // = 1 - er), each an exact selection; one comparison, so C2 keeps the loop vectorised.
    private static float mlsmGrad(float x, float y, float e, float scale) {
        e = cut(e, x);
        float er = e / (1 + e), c = 1 - er, p = nonNegative(x);
        float dx = er * p + c * (1 - p), dnx = c * p + er * (1 - p);
        return scale * ((1 - y) * dnx - y * dx);
    }

    @Override
    public double multilabelSoftMargin(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float scale, int n) {
        // For finite x and y the two forms are the same function (l = (1 - y) x + softplus(-x), dl/dx = sigmoid(x) - y) and
        // BCE with logits' loops are the ones C2 vectorises. A non-finite x or y always makes that loss non-finite (0 inf,
        // inf - inf or NaN), so a non-finite sum sends the block through PyTorch's composition element by element.
        double fast = bceWithLogits(x, xo, y, yo, loss, grad, lo, scale, n);
        if (Double.isFinite(fast)) return fast;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int i = 0; i < n; i++) {
            float xi = x[xo + i], yi = y[yo + i];
            float e = expNegAbs(xi);
            float v = mlsmLoss(xi, yi, e);
            switch (i & 3) {
                case 0 -> s0 += v;
                case 1 -> s1 += v;
                case 2 -> s2 += v;
                default -> s3 += v;
            }
            if (loss != null) loss[lo + i] = v;
            if (grad != null) grad[lo + i] = mlsmGrad(xi, yi, e, scale);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The largest float u whose exp rounds to a finite float32 (exp of the next float up is inf). */
    private static final float EXP_HI = 88.72283172607422f;

    /** +inf where u > EXP_HI (float32's exp(u) overflows), else <= 0; NaN stays NaN. */
    private static float overflow(float u) {
        return (u - EXP_HI) * 0x1p127f * 0x1p127f;
    }

    // z = exp(u), u = -y x: l = log1p(z) = max(u, 0) + log1p(e), inf once z overflows (u > EXP_HI), as PyTorch's float32 exp
    private static float softMarginLoss(float u, float e) {
        e = cut(e, u);
        return Math.max(Math.max(u, 0f) + log1pUnit(e), overflow(u));
    }

    // dl/dx = -y z / (1 + z) = -y sigmoid(u); NaN past the overflow (inf / inf), as PyTorch
    private static float softMarginGrad(float u, float y, float e, float scale) {
        e = cut(e, u);
        float p = nonNegative(u);
        float sig = p + (1 - 2 * p) * (e / (1 + e));
        return y * -scale * sig + Math.max(overflow(u), 0f) * 0f;
    }

    @Override
    public double softMargin(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float scale, int n) {
        if (xo == yo && yo == lo && (loss != null || grad != null)) {
            int to = lo + n;
            float[] a = loss != null ? loss : grad;
            softplusE(x, y, true, a, lo, to);
            if (loss != null) {
                if (grad != null) for (int i = lo; i < to; i++) grad[i] = softMarginGrad(-y[i] * x[i], y[i], loss[i], scale);
                for (int i = lo; i < to; i++) loss[i] = softMarginLoss(-y[i] * x[i], loss[i]);
                return ScalarSums.sum4(loss, lo, n);
            }
            for (int i = lo; i < to; i++) grad[i] = softMarginLoss(-y[i] * x[i], grad[i]);
            double sum = ScalarSums.sum4(grad, lo, n);
            softplusE(x, y, true, grad, lo, to);
            for (int i = lo; i < to; i++) grad[i] = softMarginGrad(-y[i] * x[i], y[i], grad[i], scale);
            return sum;
        }
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int i = 0; i < n; i++) {
            float yi = y[yo + i], u = -yi * x[xo + i];
            float e = expNegAbs(u);
            float v = softMarginLoss(u, e);
            switch (i & 3) {
                case 0 -> s0 += v;
                case 1 -> s1 += v;
                case 2 -> s2 += v;
                default -> s3 += v;
            }
            if (loss != null) loss[lo + i] = v;
            if (grad != null) grad[lo + i] = softMarginGrad(u, yi, e, scale);
        }
        return (s0 + s1) + (s2 + s3);
    }


    // l = [y != 1] max(0, margin - x) + [y != -1] x   (clamp_min(0) keeps NaN)
    private static float hingeLoss(float x, float y, float margin) {
        float mc = margin - x;
        return (y != 1 ? (mc < 0 ? 0 : mc) : 0) + (y != -1 ? x : 0);
    }

    // dl/dx = [y != -1] - [y != 1][margin - x >= 0]   (clamp_min passes the gradient at 0)
    private static float hingeGrad(float x, float y, float margin, float scale) {
        float d = (y != -1 ? 1 : 0) - (y != 1 && margin - x >= 0 ? 1 : 0);
        return d * scale;
    }

    @Override
    public double hingeEmbedding(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float margin, float scale, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float xi = x[xo + i], yi = y[yo + i];
            float v = hingeLoss(xi, yi, margin);
            sum += v;
            if (loss != null) loss[lo + i] = v;
            if (grad != null) grad[lo + i] = hingeGrad(xi, yi, margin, scale);
        }
        return sum;
    }

    @Override
    public double marginRanking(float[] a, int ao, float[] b, int bo, float[] y, int yo, float[] loss, float[] ga, float[] gb, int lo,
                                float margin, float scale, int n) {
        // Branch-free, as the Vector API kernel: the float ternaries compiled to jumps that mispredicted on random
        // data (11 ns per element). The selections are int masks on the bits: v = p unless p < 0 (so NaN and -0 stay),
        // m = scale where p >= 0 (else +0), gy = m y (so 0 times an infinite or NaN target is NaN), ga = -gy, gb = gy.
        double s0 = 0, s1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            s0 += marginRankingAt(a, ao + i, b, bo + i, y, yo + i, loss, ga, gb, lo + i, margin, scale);
            s1 += marginRankingAt(a, ao + i + 1, b, bo + i + 1, y, yo + i + 1, loss, ga, gb, lo + i + 1, margin, scale);
        }
        if (i < n) s0 += marginRankingAt(a, ao + i, b, bo + i, y, yo + i, loss, ga, gb, lo + i, margin, scale);
        return s0 + s1;
    }

    // p = -y (a - b) + margin, l = max(p, 0);  dl/da = [p >= 0] (-y), dl/db = [p >= 0] y   (times scale)
    private static float marginRankingAt(float[] a, int ai, float[] b, int bi, float[] y, int yi, float[] loss, float[] ga,
                                         float[] gb, int li, float margin, float scale) {
        float yv = y[yi];
        float p = -yv * (a[ai] - b[bi]) + margin;
        int keep = p < 0 ? 0 : -1, on = p >= 0 ? -1 : 0;
        float v = Float.intBitsToFloat(Float.floatToRawIntBits(p) & keep); // clamp_min(0) keeps NaN
        if (loss != null) loss[li] = v;
        float gy = Float.intBitsToFloat(Float.floatToRawIntBits(scale) & on) * yv;
        if (ga != null) ga[li] = -gy;
        if (gb != null) gb[li] = gy;
        return v;
    }
}
