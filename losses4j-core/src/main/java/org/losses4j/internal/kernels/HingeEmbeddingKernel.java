package org.losses4j.internal.kernels;

import java.util.function.DoubleUnaryOperator;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.Reduction;

/**
 * HingeEmbeddingLoss with PyTorch's exact formula for any target value:
 * l_n = [y_n != 1] max(0, margin - x_n) + [y_n != -1] x_n over the broadcast of input and target
 * (so y = 1 gives x, y = -1 gives max(0, margin - x), anything else gives both terms). The loss has the
 * input's dtype; the target (any numeric dtype) only selects terms and is not differentiable.
 */
public final class HingeEmbeddingKernel {
    private HingeEmbeddingKernel() {}

    /** Validates the arguments; returns the broadcast shape. */
    public static int[] check(Tensor input, Tensor target) {
        Checks.floating(input, "input", "hinge_embedding_loss");
        Checks.notNull(target, "target");
        return Shape.broadcast(target.shape(), input.shape()); // where(target != 1, margin_clamp, zeros)
    }


    // ------------------------------------------------------------------ the fused float32 path

    /** Whether the fused path applies: float32 input and a float32 target of the input's shape. */
    public static boolean fusable(Tensor input, Tensor target) {
        return BinaryKernels.allFloat32(input, target) && java.util.Arrays.equals(input.shape(), target.shape())
                && !BinaryKernels.wantsGrad(target);
    }

    // l_n = [y_n != 1] max(0, margin - x_n) + [y_n != -1] x_n;  dL/dx_n = g_n ([y_n != -1] - [y_n != 1][margin - x_n >= 0])
    /** Forward, with the input's gradient computed in the same pass (see {@link BinaryKernels#fused2}); attaches the node. */
    public static Tensor fused(Tensor input, Tensor target, double margin, int[] shape, Reduction r, String nodeName) {
        float m = (float) margin;
        return BinaryKernels.fused2(nodeName, input, target, shape, r, BinaryKernels.divisor(r, input.numel()),
                (x, xo, y, yo, loss, grad, lo, scale, n) -> BinaryKernels.K.hingeEmbedding(x, xo, y, yo, m, loss, grad, lo, scale, n));
    }

    /** Forward: the reduced loss, in the input's dtype. */
    public static Tensor forward(Tensor input, Tensor target, double margin, int[] shape, Reduction r) {
        double[] x = KernelInputs.valuesAs(input, shape), y = KernelInputs.valuesAs(target, shape);
        DoubleUnaryOperator rd = BinaryKernels.rounder(input.dtype());
        double m = rd.applyAsDouble(margin);
        double[] l = new double[x.length];
        for (int i = 0; i < l.length; i++) {
            double mc = rd.applyAsDouble(m - x[i]);
            double v = 0;
            if (y[i] != 1) v += mc < 0 ? 0 : mc; // clamp_min(0) keeps NaN
            if (y[i] != -1) v += x[i];
            l[i] = v;
        }
        return LossReduction.output(input.dtype(), l, shape, r, l.length);
    }

    // dL/dx_n = g_n ([y_n != -1] - [y_n != 1][margin - x_n >= 0])   (clamp_min passes the gradient at 0, as PyTorch)
    /** Backward with respect to input, over the broadcast shape. */
    public static double[] backward(Tensor input, Tensor target, double margin, int[] shape, Reduction r, Tensor gradOutput) {
        double[] x = KernelInputs.valuesAs(input, shape), y = KernelInputs.valuesAs(target, shape);
        DoubleUnaryOperator rd = BinaryKernels.rounder(input.dtype());
        double m = rd.applyAsDouble(margin);
        double[] g = LossReduction.upstream(gradOutput, x.length, r, x.length);
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            double d = 0;
            if (y[i] != 1 && rd.applyAsDouble(m - x[i]) >= 0) d -= 1;
            if (y[i] != -1) d += 1;
            out[i] = g[i] * d;
        }
        return out;
    }
}
