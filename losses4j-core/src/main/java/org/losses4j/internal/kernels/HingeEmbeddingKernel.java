package org.losses4j.internal.kernels;

import org.losses4j.internal.simd.BinaryLossKernels;

/**
 * HingeEmbeddingLoss in double, PyTorch's formula for any target value: l_n = [y_n != 1] max(0, margin - x_n) +
 * [y_n != -1] x_n (y = 1 gives x, y = -1 gives max(0, margin - x), anything else both terms), with margin - x rounded
 * to float32 for a float32 input so the clamp's mask is PyTorch's. The fused float32 form is
 * {@link BinaryLossKernels#hingeEmbedding}. Arrays are dense over the broadcast shape.
 */
public final class HingeEmbeddingKernel {
    private HingeEmbeddingKernel() {}

    /** out[i] = l(x[i], y[i]); margin already at the input's precision. */
    public static void losses(double[] x, double[] y, double margin, boolean f32, double[] out) {
        for (int i = 0; i < out.length; i++) {
            double mc = BinaryKernels.round(margin - x[i], f32);
            double v = 0;
            if (y[i] != 1) v += mc < 0 ? 0 : mc; // clamp_min(0) keeps NaN
            if (y[i] != -1) v += x[i];
            out[i] = v;
        }
    }

    // dl/dx = [y != -1] - [y != 1][margin - x >= 0]   (clamp_min passes the gradient at 0, as PyTorch)
    /** out[i] = scale dl/dx at (x[i], y[i]). */
    public static void gradInput(double[] x, double[] y, double margin, boolean f32, double scale, double[] out) {
        for (int i = 0; i < out.length; i++) {
            double d = 0;
            if (y[i] != 1 && BinaryKernels.round(margin - x[i], f32) >= 0) d -= 1;
            if (y[i] != -1) d += 1;
            out[i] = scale * d;
        }
    }
}
