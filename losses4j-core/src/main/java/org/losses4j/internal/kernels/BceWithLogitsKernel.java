package org.losses4j.internal.kernels;

import org.losses4j.internal.simd.BinaryLossKernels;

/**
 * BCEWithLogitsLoss in double (float64, and float32 with a weight, a pos_weight or a differentiated target):
 * l_n = w_n [(1 - y_n) x_n + (1 + (p_n - 1) y_n) softplus(-x_n)] with softplus(-x) = log(1 + exp(-x)) evaluated
 * stably (logits of any size); p is pos_weight and w the weight, each null when absent (then the terms they scale
 * are not formed at all, as PyTorch: a pos_weight of 1 would turn an infinite target into NaN). The fused float32
 * form (no weights) is {@link BinaryLossKernels#bceWithLogits}. Arrays are dense, of one length.
 */
public final class BceWithLogitsKernel {
    private BceWithLogitsKernel() {}

    // l = (1 - y) x + softplus(-x)                        (no pos_weight)
    // l = (1 - y) x + (1 + (p - 1) y) softplus(-x)
    static double loss(double x, double y, double[] p, int i) {
        double sp = BinaryKernels.softplus(-x);
        return (1 - y) * x + (p == null ? sp : (1 + (p[i] - 1) * y) * sp);
    }

    // dl/dx = sigmoid(x) - y                              (no pos_weight)
    // dl/dx = (1 + (p - 1) y) sigmoid(x) - p y
    static double gradInput(double x, double y, double[] p, int i) {
        double s = BinaryKernels.sigmoid(x);
        return p == null ? s - y : (1 + (p[i] - 1) * y) * s - p[i] * y;
    }

    // dl/dy = -x                                          (no pos_weight)
    // dl/dy = logsigmoid(-x) - p logsigmoid(x)
    static double gradTarget(double x, double[] p, int i) {
        return p == null ? -x : BinaryKernels.logSigmoid(-x) - p[i] * BinaryKernels.logSigmoid(x);
    }

    /** out[i] = w[i] l(x[i], y[i]). */
    public static void losses(double[] x, double[] y, double[] w, double[] p, double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = BceKernel.weighted(loss(x[i], y[i], p, i), w, i);
    }

    /** out[i] = scale w[i] dl/dx. */
    public static void gradInput(double[] x, double[] y, double[] w, double[] p, double scale, double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = BceKernel.weighted(gradInput(x[i], y[i], p, i) * scale, w, i);
    }

    /** out[i] = scale w[i] dl/dy. */
    public static void gradTarget(double[] x, double[] w, double[] p, double scale, double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = BceKernel.weighted(gradTarget(x[i], p, i) * scale, w, i);
    }
}
