package org.losses4j.kernels;

import org.losses4j.Tensor;
import org.losses4j.autograd.GradMode;
import org.losses4j.nn.Reduction;

/**
 * SoftMarginLoss: l_n = log(1 + exp(-y_n x_n)), then reduced (mean over the input's elements). Evaluated as
 * softplus(-y x) = max(-y x, 0) + log1p(exp(-|y x|)), so it stays finite for any margin; PyTorch evaluates
 * log(1 + exp(.)) literally and overflows to inf (and a NaN gradient) once -y x exceeds ~88.7 (float32) or
 * ~709.8 (float64). The target (any numeric dtype, usually ±1) broadcasts to the input's shape; the loss has
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

    /** Forward: the reduced loss, in the input's dtype. */
    public static Tensor forward(Tensor input, Tensor target, int[] shape, Reduction r) {
        double[] x = input.toDoubleArray(), y = KernelInputs.valuesAs(target, shape);
        double[] l = new double[x.length];
        for (int i = 0; i < l.length; i++) l[i] = BinaryKernels.softplus(-y[i] * x[i]);
        return LossReduction.output(input.dtype(), l, shape, r, l.length);
    }

    // dL/dx_n = -g_n y_n exp(-y_n x_n) / (1 + exp(-y_n x_n)) = -g_n y_n sigmoid(-y_n x_n)   (/ N for mean)
    /** Backward with respect to input. */
    public static double[] backward(Tensor input, Tensor target, int[] shape, Reduction r, Tensor gradOutput) {
        double[] x = input.toDoubleArray(), y = KernelInputs.valuesAs(target, shape);
        double[] g = LossReduction.upstream(gradOutput, x.length, r, x.length);
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) out[i] = -g[i] * y[i] * BinaryKernels.sigmoid(-y[i] * x[i]);
        return out;
    }
}
