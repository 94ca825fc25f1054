package org.losses4j.internal.kernels;

import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.Reduction;

/**
 * MSELoss: l_n = (x_n - y_n)^2 over the broadcast of input and target, then reduced.
 * Check, forward and backward side by side; the backward needs only the inputs (no saved state).
 */
public final class MseKernel {
    private MseKernel() {}

    /** Validates the arguments; returns the broadcast shape. */
    public static int[] check(Tensor input, Tensor target) {
        Checks.floating(input, "input", "mse_loss");
        Checks.floating(target, "target", "mse_loss");
        return Shape.broadcast(input.shape(), target.shape());
    }

    /** Forward: the reduced loss. */
    public static Tensor forward(Tensor input, Tensor target, int[] shape, Reduction r) {
        double[] x = KernelInputs.valuesAs(input, shape), y = KernelInputs.valuesAs(target, shape);
        double[] l = new double[x.length];
        for (int i = 0; i < l.length; i++) {
            double d = x[i] - y[i];
            l[i] = d * d;
        }
        return LossReduction.output(Checks.common(input, target), l, shape, r, l.length);
    }

    // dL/dx_n = 2 (x_n - y_n) * g_n ; dL/dy_n = -dL/dx_n   (g_n = upstream, / N for mean)
    /** Backward: the gradient with respect to input (sign +1) over the broadcast shape. */
    public static double[] backward(Tensor input, Tensor target, int[] shape, Reduction r, Tensor gradOutput) {
        double[] x = KernelInputs.valuesAs(input, shape), y = KernelInputs.valuesAs(target, shape);
        double[] g = LossReduction.upstream(gradOutput, x.length, r, x.length);
        for (int i = 0; i < x.length; i++) x[i] = 2 * (x[i] - y[i]) * g[i];
        return x;
    }

    // dL/dx_n = 2 (x_n - y_n) * g_n ; dL/dy_n = -dL/dx_n   (computed in the forward pass, see PointwiseFused)
    /** The float32 fast path: forward and the local gradient in one pass over the inputs read in place. */
    public static Tensor fused(Tensor input, Tensor target, Reduction r) {
        return PointwiseFused.run("MseLossBackward0", r, new Tensor[] {input, target}, true, PointwiseFused.GRAIN_STREAMING,
                (k, x, xo, y, yo, v, vo, n, out, oo, g, go, s) -> k.mse(x, xo, y, yo, n, out, oo, g, go, s));
    }
}
