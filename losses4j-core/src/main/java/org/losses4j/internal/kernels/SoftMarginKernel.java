package org.losses4j.internal.kernels;

import org.losses4j.internal.simd.BinaryLossKernels;

/**
 * SoftMarginLoss in double (float64, and float32 with a broadcast or non-float32 target): l_n = log(1 + exp(-y_n x_n)),
 * evaluated as PyTorch does, literally, with exp at the input's precision: once -y x exceeds ~88.7 (float32) or
 * ~709.8 (float64) the loss is inf and the gradient NaN, exactly as in PyTorch. The fused float32 form is
 * {@link BinaryLossKernels#softMargin}. Arrays are dense (the target already broadcast), of one length.
 */
public final class SoftMarginKernel {
    private SoftMarginKernel() {}

    /** z = exp(-y x), rounded as the input's dtype computes it, so float32 overflows where PyTorch's does. */
    private static double z(double x, double y, boolean f32) {
        double u = -y * x;
        return f32 ? (float) Math.exp((float) u) : Math.exp(u);
    }

    /** out[i] = log1p(z_i), z_i = exp(-y_i x_i). */
    public static void losses(double[] x, double[] y, boolean f32, double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = Math.log1p(z(x[i], y[i], f32));
    }

    // dl/dx = -y z / (1 + z) = -y sigmoid(-y x)   (inf / inf = NaN past the overflow point, as in PyTorch)
    /** out[i] = scale dl/dx at (x[i], y[i]). */
    public static void gradInput(double[] x, double[] y, boolean f32, double scale, double[] out) {
        for (int i = 0; i < out.length; i++) {
            double z = z(x[i], y[i], f32);
            out[i] = -scale * y[i] * z / (1 + z);
        }
    }
}
