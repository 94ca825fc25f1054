package org.losses4j.internal.kernels;

import org.losses4j.internal.simd.BinaryLossKernels;

/**
 * BCELoss in double (float64, and float32 with a weight or a differentiated target):
 * l_n = w_n ((y_n - 1) max(log1p(-x_n), -100) - y_n max(log x_n, -100)). The -100 clamp on each log term is
 * PyTorch's: probabilities exactly 0 and 1 give a finite loss. The fused float32 form is
 * {@link BinaryLossKernels#bce}. Arrays are dense, of one length; {@code w} may be null.
 */
public final class BceKernel {
    private BceKernel() {}

    /** PyTorch's {@code EPSILON} (a C++ float constant 1e-12f, widened) in the backward's denominator. */
    public static final double EPSILON = BinaryLossKernels.BCE_EPSILON;

    // l = (y - 1) max(log1p(-x), -100) - y max(log x, -100)
    static double loss(double x, double y) {
        return (y - 1) * Math.max(Math.log1p(-x), -100) - y * Math.max(Math.log(x), -100);
    }

    // dl/dx = (x - y) / max((1 - x) x, EPSILON)
    static double gradInput(double x, double y) {
        return (x - y) / Math.max((1 - x) * x, EPSILON);
    }

    // dl/dy = log(1 - x) - log x   (unclamped, as PyTorch: +inf at x = 0, -inf at x = 1)
    static double gradTarget(double x) {
        return Math.log(1 - x) - Math.log(x);
    }

    /** out[i] = w[i] l(x[i], y[i]). */
    public static void losses(double[] x, double[] y, double[] w, double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = weighted(loss(x[i], y[i]), w, i);
    }

    /** out[i] = scale w[i] dl/dx at (x[i], y[i]). */
    public static void gradInput(double[] x, double[] y, double[] w, double scale, double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = weighted(scale * gradInput(x[i], y[i]), w, i);
    }

    /** out[i] = scale w[i] dl/dy at x[i]. */
    public static void gradTarget(double[] x, double[] w, double scale, double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = weighted(gradTarget(x[i]) * scale, w, i);
    }

    static double weighted(double v, double[] w, int i) { return w == null ? v : v * w[i]; }
}
