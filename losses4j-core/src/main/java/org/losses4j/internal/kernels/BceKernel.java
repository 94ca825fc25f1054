package org.losses4j.internal.kernels;

import java.util.Arrays;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.Reduction;

/**
 * BCELoss: l_n = -w_n (y_n max(log x_n, -100) + (1 - y_n) max(log(1 - x_n), -100)), then reduced.
 * The -100 clamp on each log term is PyTorch's: probabilities exactly 0 and 1 give a finite loss.
 * Input and target have the same shape and dtype; the weight broadcasts to it. No saved state beyond
 * the inputs themselves.
 */
public final class BceKernel {
    private BceKernel() {}

    /** PyTorch's {@code EPSILON} (a C++ float constant 1e-12f, widened) in the backward's denominator. */
    public static final double EPSILON = 1e-12f;

    /** Validates the arguments; returns the loss shape (the input's). */
    public static int[] check(Tensor input, Tensor target, Tensor weight) {
        Checks.floating(input, "input", "binary_cross_entropy");
        Checks.notNull(target, "target");
        int[] shape = input.shape();
        if (!Arrays.equals(target.shape(), shape)) {
            throw new IllegalArgumentException("Using a target size (" + BinaryKernels.torchSize(target.shape())
                    + ") that is different to the input size (" + BinaryKernels.torchSize(shape)
                    + ") is deprecated. Please ensure they have the same size.");
        }
        if (weight != null) {
            // F.binary_cross_entropy: weight.expand(_infer_size(target.size(), weight.size())), then loss.mul_(weight)
            int[] ws = Shape.broadcast(target.shape(), weight.shape());
            BinaryKernels.inPlaceBroadcast(shape, ws);
        }
        if (target.dtype() != input.dtype()) {
            throw new IllegalArgumentException("Found dtype " + Checks.typeName(target.dtype()) + " but expected " + Checks.typeName(input.dtype()));
        }
        if (input.dtype() == org.losses4j.DType.FLOAT32) {
            BinaryKernels.F32 x = BinaryKernels.F32.of(input);
            if (BinaryKernels.K.firstOutsideUnit(x.a(), x.off(), input.numel()) >= 0) {
                throw new IllegalArgumentException("all elements of input should be between 0 and 1");
            }
        } else {
            for (double v : input.toDoubleArray()) {
                if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("all elements of input should be between 0 and 1");
            }
        }
        return shape;
    }


    // ------------------------------------------------------------------ the fused float32 path

    /** Whether the fused path applies: float32, no weight, the target not differentiated. */
    public static boolean fusable(Tensor input, Tensor target, Tensor weight) {
        return weight == null && BinaryKernels.allFloat32(input, target) && !BinaryKernels.wantsGrad(target);
    }

    // l_n = (y_n - 1) max(log1p(-x_n), -100) - y_n max(log x_n, -100);  dL/dx_n = g_n (x_n - y_n) / max((1 - x_n) x_n, EPSILON)
    /** Forward, with the input's gradient computed in the same pass (see {@link BinaryKernels#fused2}); attaches the node. */
    public static Tensor fused(Tensor input, Tensor target, int[] shape, Reduction r) {
        return BinaryKernels.fused2("BinaryCrossEntropyBackward0", input, target, shape, r, BinaryKernels.divisor(r, input.numel()),
                BinaryKernels.K::bce);
    }

    /** Forward: the reduced loss, in the input's dtype. */
    public static Tensor forward(Tensor input, Tensor target, Tensor weight, int[] shape, Reduction r) {
        double[] x = input.toDoubleArray(), y = target.toDoubleArray();
        double[] w = BinaryKernels.optionalValues(weight, shape);
        double[] l = new double[x.length];
        for (int i = 0; i < l.length; i++) {
            double logX = Math.max(Math.log(x[i]), -100), log1mX = Math.max(Math.log(1 - x[i]), -100);
            double v = (y[i] - 1) * log1mX - y[i] * logX;
            l[i] = w == null ? v : v * w[i];
        }
        return LossReduction.output(input.dtype(), l, shape, r, l.length);
    }

    // dL/dx_n = g_n w_n (x_n - y_n) / max((1 - x_n) x_n, EPSILON)      (g_n = upstream, / N for mean)
    /** Backward with respect to input. */
    public static double[] backwardInput(Tensor input, Tensor target, Tensor weight, int[] shape, Reduction r, Tensor gradOutput) {
        double[] x = input.toDoubleArray(), y = target.toDoubleArray();
        double[] w = BinaryKernels.optionalValues(weight, shape);
        double[] g = LossReduction.upstream(gradOutput, x.length, r, x.length);
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            double v = g[i] * (x[i] - y[i]) / Math.max((1 - x[i]) * x[i], EPSILON);
            out[i] = w == null ? v : v * w[i];
        }
        return out;
    }

    // dL/dy_n = g_n w_n (log(1 - x_n) - log(x_n))   (unclamped, as PyTorch: +inf at x = 0, -inf at x = 1)
    /** Backward with respect to target. */
    public static double[] backwardTarget(Tensor input, Tensor weight, int[] shape, Reduction r, Tensor gradOutput) {
        double[] x = input.toDoubleArray();
        double[] w = BinaryKernels.optionalValues(weight, shape);
        double[] g = LossReduction.upstream(gradOutput, x.length, r, x.length);
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            double v = (Math.log(1 - x[i]) - Math.log(x[i])) * g[i];
            out[i] = w == null ? v : v * w[i];
        }
        return out;
    }
}
