package org.losses4j.internal.kernels;

import org.losses4j.Tensor;
import org.losses4j.autograd.GradMode;
import org.losses4j.Reduction;

/**
 * SoftMarginLoss: l_n = log(1 + exp(-y_n x_n)), then reduced (mean over the input's elements). Evaluated as
 * PyTorch does, literally, with exp at the input's precision: once -y x exceeds ~88.7 (float32) or ~709.8
 * (float64) the loss is inf and the gradient NaN, exactly as in PyTorch (use BCEWithLogitsLoss for a loss that
 * stays finite). The target (any numeric dtype, usually ±1) broadcasts to the input's shape; the loss has
 * the input's shape and dtype. The target is not differentiable (as in PyTorch).
 */
public final class SoftMarginKernel {
    private SoftMarginKernel() {}

    /** Validates the arguments; returns the loss shape (the input's). */
    public static int[] check(Tensor input, Tensor target) {
        Checks.notNull(input, "input");
        Checks.notNull(target, "target");
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("result type Float can't be cast to the desired output type " + Checks.typeName(input.dtype()));
        }
        int[] shape = input.shape();
        BinaryKernels.inPlaceBroadcast(shape, target.shape()); // neg_out(output, input).mul_(target)
        if (target.requiresGrad() && GradMode.isEnabled()) {
            throw new IllegalArgumentException("The function 'soft_margin_loss' is not differentiable with respect to argument 'target'. "
                    + "This input cannot have requires_grad True.");
        }
        return shape;
    }


    // ------------------------------------------------------------------ the fused float32 path

    /** Whether the fused path applies: float32 input and a float32 target of the same shape. */
    public static boolean fusable(Tensor input, Tensor target) {
        return BinaryKernels.allFloat32(input, target) && java.util.Arrays.equals(input.shape(), target.shape());
    }

    // z_n = exp(-y_n x_n) in float32;  l_n = log1p(z_n);  dL/dx_n = -g_n y_n z_n / (1 + z_n)
    /** Forward, with the input's gradient computed in the same pass (see {@link BinaryKernels#fused2}); attaches the node. */
    public static Tensor fused(Tensor input, Tensor target, int[] shape, Reduction r) {
        return BinaryKernels.fused2("SoftMarginLossBackward0", input, target, shape, r, BinaryKernels.divisor(r, input.numel()),
                BinaryKernels.K::softMargin);
    }

    /** Forward: the reduced loss, in the input's dtype. */
    public static Tensor forward(Tensor input, Tensor target, int[] shape, Reduction r) {
        double[] x = input.toDoubleArray(), y = KernelInputs.valuesAs(target, shape);
        double[] l = new double[x.length];
        boolean f32 = input.dtype() == org.losses4j.DType.FLOAT32;
        for (int i = 0; i < l.length; i++) l[i] = Math.log1p(expAt(-y[i] * x[i], f32));
        return LossReduction.output(input.dtype(), l, shape, r, l.length);
    }

    // dL/dx_n = -g_n y_n exp(-y_n x_n) / (1 + exp(-y_n x_n)) = -g_n y_n sigmoid(-y_n x_n)   (/ N for mean)
    /** Backward with respect to input. */
    public static double[] backward(Tensor input, Tensor target, int[] shape, Reduction r, Tensor gradOutput) {
        double[] x = input.toDoubleArray(), y = KernelInputs.valuesAs(target, shape);
        double[] g = LossReduction.upstream(gradOutput, x.length, r, x.length);
        double[] out = new double[x.length];
        boolean f32 = input.dtype() == org.losses4j.DType.FLOAT32;
        for (int i = 0; i < out.length; i++) {
            double z = expAt(-y[i] * x[i], f32); // inf / inf = NaN past the overflow point, as in PyTorch
            out[i] = -g[i] * y[i] * z / (1 + z);
        }
        return out;
    }

    /** exp(v) rounded as the input's dtype computes it, so float32 overflows where PyTorch's does. */
    private static double expAt(double v, boolean f32) {
        return f32 ? (float) Math.exp((float) v) : Math.exp(v);
    }
}
