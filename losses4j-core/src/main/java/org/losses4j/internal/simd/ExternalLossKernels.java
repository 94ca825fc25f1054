package org.losses4j.internal.simd;

/**
 * The fused float32 passes of the losses from outside torch.nn that spend their time in exp and log: LogCoshLoss
 * (Keras's log_cosh) and SigmoidFocalLoss (torchvision's sigmoid_focal_loss). Each method covers elements
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
}
