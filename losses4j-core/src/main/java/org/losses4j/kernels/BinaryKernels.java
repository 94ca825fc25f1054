package org.losses4j.kernels;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.nn.Reduction;
import org.losses4j.ops.Elementwise;

/**
 * Helpers shared by the binary-classification loss kernels (BCE, BCE with logits, soft margin, multi-label
 * soft margin, hinge embedding, margin ranking): PyTorch's shape wording, stable log-sigmoid / softplus, and
 * the float32 rounding that reproduces PyTorch's per-op rounding where a comparison depends on it.
 * Kept private to this family (not a shared file); candidates for {@code Checks} if other families need them.
 */
public final class BinaryKernels {
    private BinaryKernels() {}

    /** PyTorch's {@code torch.Size([3, 4])} as Python prints it. */
    public static String torchSize(int[] shape) {
        return "torch.Size(" + Arrays.toString(shape) + ")";
    }

    /**
     * The shape check of an in-place binary op {@code out.op_(other)}: other must broadcast to out's shape
     * without enlarging it. Messages as PyTorch: the broadcast error (a = out, b = other), else
     * {@code output with shape [3] doesn't match the broadcast shape [3, 3]}.
     */
    public static void inPlaceBroadcast(int[] out, int[] other) {
        int[] b = Shape.broadcast(out, other);
        if (!Arrays.equals(b, out)) {
            throw new IllegalArgumentException("output with shape " + Shape.str(out) + " doesn't match the broadcast shape " + Shape.str(b));
        }
    }

    /** Floating result dtype of a mix of operands: float64 if any is float64, else float32. */
    public static DType floatingResult(Tensor... ts) {
        for (Tensor t : ts) if (t != null && t.dtype() == DType.FLOAT64) return DType.FLOAT64;
        return DType.FLOAT32;
    }

    /** Rounds a double to the precision of dtype (float32 rounds, float64 is the identity). */
    public static DoubleUnaryOperator rounder(DType dtype) {
        return dtype == DType.FLOAT32 ? v -> (double) (float) v : DoubleUnaryOperator.identity();
    }

    /** log(1 + exp(z)), stable for any z: max(z, 0) + log1p(exp(-|z|)). */
    public static double softplus(double z) {
        if (Double.isNaN(z)) return z;
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /** log(sigmoid(z)) = -softplus(-z), stable for any z. */
    public static double logSigmoid(double z) { return -softplus(-z); }

    /** The logistic function, stable for large |z|. */
    public static double sigmoid(double z) { return Elementwise.sigmoidValue(z); }

    /** The reductions a binary loss accepts (not batchmean), with PyTorch's message otherwise. */
    public static Reduction standard(Reduction r) {
        if (r == null) throw new IllegalArgumentException("reduction must not be null");
        if (r == Reduction.BATCHMEAN) throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        return r;
    }

    /**
     * A gradient given per element of the broadcast shape {@code full}, summed in double down to {@code to}'s
     * shape (the backward of broadcasting) and rounded once to {@code to}'s dtype.
     */
    public static Tensor gradFor(Tensor to, double[] values, int[] full) {
        DType d = to.dtype().isFloatingPoint() ? to.dtype() : DType.FLOAT32;
        int[] shape = to.shape();
        if (Arrays.equals(shape, full)) return LossReduction.fromDoubles(d, values, shape);
        int[] strides = Shape.expandStrides(shape, Shape.contiguousStrides(shape), full);
        int[] offs = Shape.offsets(full, strides, 0);
        double[] out = new double[Shape.numel(shape)];
        for (int i = 0; i < offs.length; i++) out[offs[i]] += values[i];
        return LossReduction.fromDoubles(d, out, shape);
    }

    /** The values of an optional tensor broadcast to shape, or null. */
    static double[] optionalValues(Tensor t, int[] shape) {
        return t == null ? null : KernelInputs.valuesAs(t, shape);
    }
}
