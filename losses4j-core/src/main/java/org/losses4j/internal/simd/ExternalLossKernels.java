package org.losses4j.internal.simd;

/**
 * The fused float32 passes of the point-wise losses from outside torch.nn: SigmoidFocalLoss (torchvision's
 * sigmoid_focal_loss) and Keras's LogCoshLoss, MSLELoss, MAPELoss, SquaredHingeLoss. Each method covers elements
 * {@code [0, n)} of {@code x} (from {@code xo}) and {@code y} (from {@code yo}), and:
 * <ul>
 *   <li>writes the per-element loss to {@code loss[lo + i]} when {@code loss} is not null (reduction 'none');</li>
 *   <li>writes the gradients for the upstream gradient {@code u} (the reduction's scale: 1/N for 'mean', else 1) to
 *       {@code gx[lo + i]} and {@code gy[lo + i]}, each when not null;</li>
 *   <li>returns the sum of the per-element losses.</li>
 * </ul>
 * The values are PyTorch's float32 arithmetic of the defining expression, op by op, NaN and infinities included
 * (see {@code org.losses4j.internal.kernels.KerasKernels} and {@code SigmoidFocalKernel}). Implementations:
 * {@code org.losses4j.internal.simd.scalar.ScalarExternalLossKernels} (the element functions, in double rounded to
 * float32 after every op) and {@code org.losses4j.internal.simd.panama.PanamaExternalLossKernels} (Vector API, float
 * lanes; exp and log are the Vector API's, within a few float32 ulps of the scalar ones).
 */
public interface ExternalLossKernels {

    /** LogCosh: d = x - y, l = (d + softplus(-2 d)) - log 2; dl/dx = u - 2 s (s = softplus' at -2 d times u), dl/dy = -dl/dx. */
    double logCosh(float[] x, int xo, float[] y, int yo, float[] loss, float[] gx, float[] gy, int lo, float u, int n);

    /**
     * torchvision's sigmoid focal loss with its gradients. {@code alpha} and {@code oneMinusAlpha} (1 - alpha, computed
     * in double and rounded) weight the positives and negatives when {@code weighted} (alpha &gt;= 0 in torchvision).
     */
    double sigmoidFocal(float[] x, int xo, float[] y, int yo, float[] loss, float[] gx, float[] gy, int lo, float u, float alpha,
                        float oneMinusAlpha, float gamma, boolean weighted, int n);

    /** MSLE: l = (log(max(x, eps) + 1) - log(max(y, eps) + 1))^2, the floors torch.maximum (a tie halves the gradient). */
    double msle(float[] x, int xo, float[] y, int yo, float[] loss, float[] gx, float[] gy, int lo, float u, float eps, int n);

    /** MAPE: l = 100 |(y - x) / max(|y|, eps)|, the floor torch.maximum. */
    double mape(float[] x, int xo, float[] y, int yo, float[] loss, float[] gx, float[] gy, int lo, float u, float eps, int n);

    /** SquaredHinge: l = max(1 - t x, 0)^2 with t = 2 y - 1 when {@code converted} (Keras's 0/1 labels), else y. */
    double squaredHinge(float[] x, int xo, float[] y, int yo, float[] loss, float[] gx, float[] gy, int lo, float u, boolean converted, int n);
}
