package org.losses4j.internal.kernels;

import org.losses4j.internal.simd.BinaryLossKernels;

/**
 * MarginRankingLoss in double: p_n = -y_n (x1_n - x2_n) + margin, l_n = max(0, p_n), over the broadcast of input1,
 * input2 and target. For float32 every op is rounded to float32 as PyTorch computes it, so the clamp mask (which decides
 * the gradient) is PyTorch's. The fused float32 form is {@link BinaryLossKernels#marginRanking}. Arrays are dense over
 * the broadcast shape.
 */
public final class MarginRankingKernel {
    private MarginRankingKernel() {}

    /** x1 - x2 at the computing precision. */
    private static double diff(double a, double b, boolean f32) { return BinaryKernels.round(a - b, f32); }

    /** -y (x1 - x2) + margin, each op rounded at the computing precision (margin already is). */
    private static double pre(double a, double b, double y, double margin, boolean f32) {
        return BinaryKernels.round(BinaryKernels.round(-y * diff(a, b, f32), f32) + margin, f32);
    }

    /** out[i] = max(p_i, 0), NaN kept (clamp_min). */
    public static void losses(double[] a, double[] b, double[] y, double margin, boolean f32, double[] out) {
        for (int i = 0; i < out.length; i++) {
            double p = pre(a[i], b[i], y[i], margin, f32);
            out[i] = p < 0 ? 0 : p;
        }
    }

    // with m_n = scale [p_n >= 0] (clamp_min passes the gradient at 0, as PyTorch), by PyTorch's chain rule:
    // dL/dx1_n = m_n (-y_n); dL/dx2_n = -(m_n (-y_n)); dL/dy_n = -(m_n (x1_n - x2_n))   (0 times inf or NaN is NaN)
    /** The local gradients into g1, g2, gy (each null when not wanted). */
    public static void gradients(double[] a, double[] b, double[] y, double margin, boolean f32, double scale, double[] g1, double[] g2,
                                 double[] gy) {
        for (int i = 0; i < a.length; i++) {
            double m = pre(a[i], b[i], y[i], margin, f32) >= 0 ? scale : 0;
            double gd = m * -y[i];
            if (g1 != null) g1[i] = gd;
            if (g2 != null) g2[i] = -gd;
            if (gy != null) gy[i] = -(m * diff(a[i], b[i], f32));
        }
    }
}
