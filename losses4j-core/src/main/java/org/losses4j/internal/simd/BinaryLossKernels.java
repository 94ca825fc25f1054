package org.losses4j.internal.simd;

/**
 * The fused float32 bodies of the binary-classification losses (BCE, BCE with logits, multi-label soft margin, soft
 * margin, hinge embedding, margin ranking). Each method walks {@code n} elements once: it returns the sum of the
 * per-element losses (accumulated in double, or in float lanes over chunks of at most 1024 elements whose sums are
 * added in double), writes the per-element loss into {@code loss[lo + i]} when {@code loss} is not null (reduction
 * 'none'), and writes the local gradient times {@code scale} into {@code grad[lo + i]} when {@code grad} is not null.
 * Inputs are read at {@code x[xo + i]}, {@code y[yo + i]}. Arithmetic is float32, as PyTorch's CPU kernels compute it.
 * Arguments follow the kernels' convention: arrays with their offsets (the outputs share {@code lo}), then the scalar
 * parameters, the length last.
 *
 * <p>Implementations: {@code org.losses4j.internal.simd.scalar.ScalarBinaryLossKernels} (core; one float element
 * function per loss, which the Vector API kernel also runs for its tail) and
 * {@code org.losses4j.internal.simd.panama.PanamaBinaryLossKernels} (losses4j-simd), chosen by
 * {@link VectorizationProvider}.
 */
public interface BinaryLossKernels {

    /** PyTorch's EPSILON of the BCE backward, 1e-12f. */
    float BCE_EPSILON = 1e-12f;

    /**
     * BCELoss: l = (y - 1) max(log1p(-x), -100) - y max(log x, -100);
     * dl/dx = (x - y) / max((1 - x) x, 1e-12).
     */
    double bce(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float scale, int n);

    /** The index of the first x[off + i] (i < n) outside [0, 1] (NaN included), or -1. */
    int firstOutsideUnit(float[] x, int off, int n);

    /**
     * BCEWithLogitsLoss without weights: l = (1 - y) x + max(-x, 0) + log1p(exp(-|x|));
     * dl/dx = sigmoid(x) - y.
     */
    double bceWithLogits(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float scale, int n);

    /**
     * MultiLabelSoftMarginLoss per element, as PyTorch composes it from logsigmoid:
     * l = -(y ls(x) + (1 - y) ls(-x)) with ls(a) = min(a, 0) - log1p(exp(-|a|));
     * dl/dx = (1 - y) ls'(-x) - y ls'(x) with ls'(a) = exp(-|a|) / (1 + exp(-|a|)) for a >= 0, 1 minus that for a < 0.
     * This is BCE with logits for finite x and y (the implementations run that kernel, and PyTorch's composition only for
     * a block with a non-finite x or y, whose BCE-with-logits sum is then never finite), but not where an infinite x or
     * y meets a zero factor: 0 * inf = NaN.
     */
    double multilabelSoftMargin(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float scale, int n);

    /**
     * SoftMarginLoss, literally as PyTorch: z = exp(-y x) in float32, l = log1p(z), dl/dx = -y z / (1 + z)
     * (inf and NaN past float32's exp overflow, as in PyTorch).
     */
    double softMargin(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float scale, int n);

    /**
     * HingeEmbeddingLoss: l = [y != 1] max(0, margin - x) + [y != -1] x;
     * dl/dx = [y != -1] - [y != 1][margin - x >= 0].
     */
    double hingeEmbedding(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float margin, float scale, int n);

    /**
     * MarginRankingLoss: p = -y (a - b) + margin (each op rounded to float32), l = max(p, 0) (NaN kept);
     * with m = [p >= 0] (PyTorch's clamp_min passes the gradient at 0): dl/da = m (-y), dl/db = -(m (-y)), written as
     * products so that a zero m times an infinite or NaN y is NaN, as PyTorch's chain rule gives. {@code ga} / {@code gb}
     * may each be null.
     */
    double marginRanking(float[] a, int ao, float[] b, int bo, float[] y, int yo, float[] loss, float[] ga, float[] gb, int lo,
                         float margin, float scale, int n);
}
