package org.losses4j.internal.kernels;

import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.Reduction;

/**
 * MultiLabelSoftMarginLoss, PyTorch's Python-level composition fused into one pass:
 * per element v = -w (y logsigmoid(x) + (1 - y) logsigmoid(-x)) over the broadcast of target, input and
 * weight; per sample l = sum over the class dimension of v / C (C = input.size(-1)); then none/mean/sum over
 * the samples. The class dimension is {@code input.dim() - 1} counted in the broadcast shape, exactly as
 * PyTorch's {@code loss.sum(dim=input.dim() - 1)}; an unbatched 1-D input gives a 0-d per-sample loss.
 * Saved state: none beyond the inputs (the backward recomputes the sigmoids).
 */
public final class MultiLabelSoftMarginKernel {
    private MultiLabelSoftMarginKernel() {}

    /** The broadcast layout: full element shape, per-sample output shape, and the (outer, classes, inner) split. */
    public record Layout(int[] full, int[] outShape, int classSize, int outer, int len, int inner, DType dtype) {
        int outIndex(int e) { return (e / (len * inner)) * inner + e % inner; }
    }

    /** Validates the arguments; returns the layout. */
    public static Layout check(Tensor input, Tensor target, Tensor weight) {
        Checks.notNull(input, "input");
        Checks.notNull(target, "target");
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"log_sigmoid_cpu\" not implemented for '" + Checks.typeName(input.dtype()) + "'");
        }
        int[] full = Shape.broadcast(target.shape(), input.shape()); // target * logsigmoid(input)
        if (weight != null) full = Shape.broadcast(full, weight.shape()); // loss * weight
        if (input.dim() == 0) throw new IndexOutOfBoundsException("Dimension specified as -1 but tensor has no dimensions");
        int c = input.dim() - 1;
        int classSize = input.size(-1);
        int outer = 1, inner = 1;
        for (int i = 0; i < c; i++) outer *= full[i];
        for (int i = c + 1; i < full.length; i++) inner *= full[i];
        int[] outShape = new int[full.length - 1];
        for (int i = 0, j = 0; i < full.length; i++) if (i != c) outShape[j++] = full[i];
        return new Layout(full, outShape, classSize, outer, full[c], inner, BinaryKernels.floatingResult(input, target, weight));
    }


    // ------------------------------------------------------------------ the fused float32 path

    /**
     * Whether the fused path applies: float32 input and target of one shape, no weight, the target not
     * differentiated, and a reduced loss (mean or sum). Then the loss is sum over all elements / C (/ samples),
     * i.e. BCE with logits over the flat array.
     */
    public static boolean fusable(Tensor input, Tensor target, Tensor weight, Reduction r) {
        return weight == null && r != Reduction.NONE && input.dim() >= 1 && BinaryKernels.allFloat32(input, target)
                && java.util.Arrays.equals(input.shape(), target.shape()) && !BinaryKernels.wantsGrad(target);
    }

    // v_e = -(y_e logsigmoid(x_e) + (1 - y_e) logsigmoid(-x_e)) = (1 - y_e) x_e + softplus(-x_e);
    // L = sum_e v_e / C (/ samples for mean);  dL/dx_e = g (sigmoid(x_e) - y_e) / C (/ samples)
    /** Forward, with the input's gradient computed in the same pass (see {@link BinaryKernels#fused2}); attaches the node. */
    public static Tensor fused(Tensor input, Tensor target, Layout a, Reduction r, String nodeName) {
        double divisor = (double) a.classSize() * (r == Reduction.MEAN ? Shape.numel(a.outShape()) : 1);
        return BinaryKernels.fused2(nodeName, input, target, a.full(), r, divisor, BinaryKernels.K::bceWithLogits);
    }

    /** Forward: the per-sample losses (NONE) or their mean / sum. */
    public static Tensor forward(Tensor input, Tensor target, Tensor weight, Layout a, Reduction r) {
        double[] x = KernelInputs.valuesAs(input, a.full()), y = KernelInputs.valuesAs(target, a.full());
        double[] w = BinaryKernels.optionalValues(weight, a.full());
        int nOut = Shape.numel(a.outShape());
        double[] l = new double[nOut];
        for (int e = 0; e < x.length; e++) {
            double v = -(y[e] * BinaryKernels.logSigmoid(x[e]) + (1 - y[e]) * BinaryKernels.logSigmoid(-x[e]));
            if (w != null) v *= w[e];
            l[a.outIndex(e)] += v;
        }
        for (int i = 0; i < nOut; i++) l[i] /= a.classSize();
        return LossReduction.output(a.dtype(), l, a.outShape(), r, nOut);
    }

    // with s_n = upstream of sample n / C (and / number of samples for mean):
    // dL/dx_e = s_n w_e (sigmoid(x_e) - y_e)
    // dL/dy_e = -s_n w_e (logsigmoid(x_e) - logsigmoid(-x_e))
    /** Backward: {gradient over the full shape for input or null, the same for target or null}. */
    public static double[][] backward(Tensor input, Tensor target, Tensor weight, Layout a, Reduction r, Tensor gradOutput,
                                      boolean wantInput, boolean wantTarget) {
        double[] x = KernelInputs.valuesAs(input, a.full()), y = KernelInputs.valuesAs(target, a.full());
        double[] w = BinaryKernels.optionalValues(weight, a.full());
        int nOut = Shape.numel(a.outShape());
        double[] g = LossReduction.upstream(gradOutput, nOut, r, nOut);
        double[] gx = wantInput ? new double[x.length] : null, gy = wantTarget ? new double[x.length] : null;
        for (int e = 0; e < x.length; e++) {
            double s = g[a.outIndex(e)] / a.classSize();
            if (w != null) s *= w[e];
            if (gx != null) gx[e] = s * (BinaryKernels.sigmoid(x[e]) - y[e]);
            if (gy != null) gy[e] = -s * (BinaryKernels.logSigmoid(x[e]) - BinaryKernels.logSigmoid(-x[e]));
        }
        return new double[][] {gx, gy};
    }
}
