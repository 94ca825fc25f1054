package org.losses4j.internal.kernels;

import org.losses4j.internal.simd.BinaryLossKernels;

/**
 * MultiLabelSoftMarginLoss in double, PyTorch's Python-level composition fused into one pass: per element
 * v = -w (y logsigmoid(x) + (1 - y) logsigmoid(-x)) over the broadcast of target, input and weight, viewed as
 * (outer, classes, inner); per sample (outer, inner) l = sum over the classes of v / C (C = input.size(-1)). The fused
 * float32 form (per element, for a reduced loss) is {@link BinaryLossKernels#multilabelSoftMargin}. Arrays are dense over
 * the broadcast shape; {@code w} may be null.
 */
public final class MultiLabelSoftMarginKernel {
    private MultiLabelSoftMarginKernel() {}

    // v = -(y ls(x) + (1 - y) ls(-x))
    static double loss(double x, double y) {
        return -(y * BinaryKernels.logSigmoid(x) + (1 - y) * BinaryKernels.logSigmoid(-x));
    }

    // dv/dx = (1 - y) ls'(-x) - y ls'(x)   (PyTorch's chain: a zero factor times an infinite one is NaN)
    static double gradInput(double x, double y) {
        return (1 - y) * BinaryKernels.logSigmoidGrad(-x) - y * BinaryKernels.logSigmoidGrad(x);
    }

    // dv/dy = -(ls(x) - ls(-x))
    static double gradTarget(double x) {
        return -(BinaryKernels.logSigmoid(x) - BinaryKernels.logSigmoid(-x));
    }

    /** The sample of element e of (outer, len, inner): (e / (len inner)) inner + e % inner. */
    static int sample(int e, int len, int inner) { return (e / (len * inner)) * inner + e % inner; }

    /** out[sample] = sum over the classes of w v / classSize, out of outer x inner samples. */
    public static void losses(double[] x, double[] y, double[] w, int classSize, int len, int inner, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int e = 0; e < x.length; e++) out[sample(e, len, inner)] += BceKernel.weighted(loss(x[e], y[e]), w, e);
        for (int i = 0; i < out.length; i++) out[i] /= classSize;
    }

    /** gx[e] = scale w dv/dx / classSize and gy[e] the same for y (each null when not wanted). */
    public static void gradients(double[] x, double[] y, double[] w, int classSize, double scale, double[] gx, double[] gy) {
        for (int e = 0; e < x.length; e++) {
            double s = BceKernel.weighted(scale / classSize, w, e);
            if (gx != null) gx[e] = s * gradInput(x[e], y[e]);
            if (gy != null) gy[e] = s * gradTarget(x[e]);
        }
    }
}
