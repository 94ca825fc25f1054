package org.losses4j.internal.kernels;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.Reduction;

/**
 * BCEWithLogitsLoss: l_n = w_n [(1 - y_n) x_n + (1 + (p_n - 1) y_n) softplus(-x_n)], then reduced, where
 * softplus(-x) = log(1 + exp(-x)) = max(-x, 0) + log1p(exp(-|x|)) is evaluated stably (logits of any size),
 * p is pos_weight (1 when absent) and w the weight; both broadcast to the input (pos_weight typically along
 * the last, class, dimension). Input and target have the same shape; the result has the target's dtype, as
 * in PyTorch (its in-place ops run on a tensor derived from the target).
 */
public final class BceWithLogitsKernel {
    private BceWithLogitsKernel() {}

    /** Validates the arguments; returns the loss shape (the input's). */
    public static int[] check(Tensor input, Tensor target, Tensor weight, Tensor posWeight) {
        Checks.notNull(input, "input");
        Checks.notNull(target, "target");
        int[] shape = input.shape();
        if (!Arrays.equals(target.shape(), shape)) {
            throw new IllegalArgumentException("Target size (" + BinaryKernels.torchSize(target.shape()) + ") must be the same as input size ("
                    + BinaryKernels.torchSize(shape) + ")");
        }
        if (target.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("Subtraction, the `-` operator, with two bool tensors is not supported. "
                    + "Use the `^` or `logical_xor()` operator instead.");
        }
        if (!target.dtype().isFloatingPoint() || !input.dtype().isFloatingPoint()) {
            DType res = input.dtype().isFloatingPoint() ? input.dtype() : DType.FLOAT32;
            DType out = input.dtype().isFloatingPoint() ? target.dtype() : input.dtype();
            throw new IllegalArgumentException("result type " + Checks.typeName(res) + " can't be cast to the desired output type "
                    + Checks.typeName(out));
        }
        if (posWeight != null) {
            // (pos_weight - 1).mul(target): a = pos_weight, b = target; then added in place into the loss
            int[] lw = Shape.broadcast(posWeight.shape(), target.shape());
            BinaryKernels.inPlaceBroadcast(shape, lw);
        }
        if (weight != null) BinaryKernels.inPlaceBroadcast(shape, weight.shape()); // loss.mul_(weight)
        return shape;
    }


    // ------------------------------------------------------------------ the fused float32 path

    /** Whether the fused path applies: float32 input and target, no weight or pos_weight, the target not differentiated. */
    public static boolean fusable(Tensor input, Tensor target, Tensor weight, Tensor posWeight) {
        return weight == null && posWeight == null && BinaryKernels.allFloat32(input, target) && !BinaryKernels.wantsGrad(target);
    }

    // l_n = (1 - y_n) x_n + max(-x_n, 0) + log1p(exp(-|x_n|));  dL/dx_n = g_n (sigmoid(x_n) - y_n)
    /** Forward, with the input's gradient computed in the same pass (see {@link BinaryKernels#fused2}); attaches the node. */
    public static Tensor fused(Tensor input, Tensor target, int[] shape, Reduction r) {
        return BinaryKernels.fused2("BinaryCrossEntropyWithLogitsBackward0", input, target, shape, r,
                BinaryKernels.divisor(r, input.numel()), BinaryKernels.K::bceWithLogits);
    }

    /** Forward: the reduced loss, in the target's dtype. */
    public static Tensor forward(Tensor input, Tensor target, Tensor weight, Tensor posWeight, int[] shape, Reduction r) {
        double[] x = input.toDoubleArray(), y = target.toDoubleArray();
        double[] w = BinaryKernels.optionalValues(weight, shape), p = BinaryKernels.optionalValues(posWeight, shape);
        double[] l = new double[x.length];
        for (int i = 0; i < l.length; i++) {
            double sp = BinaryKernels.softplus(-x[i]);
            double logWeight = p == null ? 1 : 1 + (p[i] - 1) * y[i];
            double v = (1 - y[i]) * x[i] + logWeight * sp;
            l[i] = w == null ? v : v * w[i];
        }
        return LossReduction.output(target.dtype(), l, shape, r, l.length);
    }

    // dL/dx_n = g_n w_n [(1 + (p_n - 1) y_n) sigmoid(x_n) - p_n y_n]     (p = 1: g_n w_n (sigmoid(x_n) - y_n))
    /** Backward with respect to input. */
    public static double[] backwardInput(Tensor input, Tensor target, Tensor weight, Tensor posWeight, int[] shape, Reduction r,
                                         Tensor gradOutput) {
        double[] x = input.toDoubleArray(), y = target.toDoubleArray();
        double[] w = BinaryKernels.optionalValues(weight, shape), p = BinaryKernels.optionalValues(posWeight, shape);
        double[] g = LossReduction.upstream(gradOutput, x.length, r, x.length);
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            double s = BinaryKernels.sigmoid(x[i]);
            double v = p == null ? s - y[i] : (1 + (p[i] - 1) * y[i]) * s - p[i] * y[i];
            v *= g[i];
            out[i] = w == null ? v : v * w[i];
        }
        return out;
    }

    // dL/dy_n = g_n w_n [logsigmoid(-x_n) - p_n logsigmoid(x_n)]            (p = 1: -g_n w_n x_n)
    /** Backward with respect to target. */
    public static double[] backwardTarget(Tensor input, Tensor weight, Tensor posWeight, int[] shape, Reduction r, Tensor gradOutput) {
        double[] x = input.toDoubleArray();
        double[] w = BinaryKernels.optionalValues(weight, shape), p = BinaryKernels.optionalValues(posWeight, shape);
        double[] g = LossReduction.upstream(gradOutput, x.length, r, x.length);
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            double v = p == null ? -x[i] : BinaryKernels.logSigmoid(-x[i]) - p[i] * BinaryKernels.logSigmoid(x[i]);
            v *= g[i];
            out[i] = w == null ? v : v * w[i];
        }
        return out;
    }
}
