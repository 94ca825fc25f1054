package org.losses4j.nn;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradMode;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.kernels.SpareOutputs;
import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.BinaryLossKernels;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * The Tensor-level work shared by the binary-classification losses (BCE, BCE with logits, soft margin, multi-label
 * soft margin, hinge embedding, margin ranking): PyTorch's shape wording, the fused float32 driver (one parallel pass
 * over {@link BinaryLossKernels} computing the loss and the local gradients, handed to the {@link LossNode}), and the
 * conversions of the general (double) path.
 */
final class BinarySupport {
    private BinarySupport() {}

    /** The family's kernels (Vector API when available, else scalar), looked up once. */
    static final BinaryLossKernels K = VectorizationProvider.get().kernels(BinaryLossKernels.class);

    /** Elements per parallel block: inputs up to this size run on the caller's thread. */
    static final int GRAIN = 1 << 15;

    // ------------------------------------------------------------------ checks, in PyTorch's words

    /** PyTorch's {@code torch.Size([3, 4])} as Python prints it. */
    static String torchSize(int[] shape) {
        return "torch.Size(" + Arrays.toString(shape) + ")";
    }

    /**
     * The shape check of an in-place binary op {@code out.op_(other)}: other must broadcast to out's shape
     * without enlarging it. Messages as PyTorch: the broadcast error (a = out, b = other), else
     * {@code output with shape [3] doesn't match the broadcast shape [3, 3]}.
     */
    static void inPlaceBroadcast(int[] out, int[] other) {
        int[] b = Shape.broadcast(out, other);
        if (!Arrays.equals(b, out)) {
            throw new IllegalArgumentException("output with shape " + Shape.str(out) + " doesn't match the broadcast shape " + Shape.str(b));
        }
    }

    /** The reductions a binary loss accepts (not batchmean), with PyTorch's message otherwise. */
    static Reduction standard(Reduction r) {
        if (r == null) throw new IllegalArgumentException("reduction must not be null");
        return r.notBatchmean();
    }

    /** The grad_fn name of a loss PyTorch composes from ops: that of its last op ({@code none} names the op before the reduction). */
    static String composedName(Reduction r, String none) {
        return r == Reduction.NONE ? none : r == Reduction.SUM ? "SumBackward0" : "MeanBackward0";
    }

    /** Floating result dtype of a mix of operands: float64 if any is float64, else float32. */
    static DType floatingResult(Tensor... ts) {
        for (Tensor t : ts) if (t != null && t.dtype() == DType.FLOAT64) return DType.FLOAT64;
        return DType.FLOAT32;
    }

    // ------------------------------------------------------------------ the fused float32 path

    /** A float32 tensor's values in C order, read in place when contiguous: {@code a[off + i]}. */
    record F32(float[] a, int off) {
        static F32 of(Tensor t) {
            Tensor c = t.isContiguous() ? t : t.contiguousCopy();
            return new F32((float[]) c.storage(), c.storageOffset());
        }
    }

    /** True when every tensor is float32 (a null entry is ignored). */
    static boolean allFloat32(Tensor... ts) {
        for (Tensor t : ts) if (t != null && t.dtype() != DType.FLOAT32) return false;
        return true;
    }

    /** True when every tensor has the shape of the first. */
    static boolean sameShape(Tensor... ts) {
        for (Tensor t : ts) if (!Arrays.equals(t.shape(), ts[0].shape())) return false;
        return true;
    }

    /** Whether t will need a gradient from a node built now. */
    static boolean wantsGrad(Tensor t) {
        return t != null && t.requiresGrad() && GradMode.isEnabled();
    }

    /** The divisor of a per-element loss: the element count for mean, else 1. */
    static double divisor(Reduction r, int n) { return r == Reduction.MEAN ? n : 1; }

    /** One block of a fused kernel: elements [lo, lo + n) into loss / g0 / g1 (each may be null). */
    @FunctionalInterface
    interface Block {
        double run(float[] loss, float[] g0, float[] g1, int lo, int n);
    }

    /**
     * The fused float32 forward of a point-wise loss over {@code n} elements whose gradient flows to the first
     * {@code graded} inputs (1 or 2): one parallel pass computes the per-element losses (none) or their sum, and the
     * local gradients of the graded inputs that require grad (the kernel already scales them by 1 / divisor); the
     * result is sum / divisor (mean, sum) or the losses shaped {@code shape} (none). The node hands the gradients
     * over and runs the block again for a second backward.
     */
    static Tensor fused(String name, int[] shape, Reduction r, double divisor, int graded, Block block, Tensor... inputs) {
        int n = Shape.numel(shape);
        float[] loss = r == Reduction.NONE ? SpareOutputs.take(n) : null;
        float[] g0 = wantsGrad(inputs[0]) ? SpareOutputs.take(n) : null;
        float[] g1 = graded > 1 && wantsGrad(inputs[1]) ? SpareOutputs.take(n) : null;
        double sum = Parallel.parallelSum(0, n, GRAIN, (s, e) -> block.run(loss, g0, g1, s, e - s), SpareOutputs.replacing(loss, g0, g1));
        Tensor out = r == Reduction.NONE ? Tensor.wrap(DType.FLOAT32, loss, shape)
                : Tensor.wrap(DType.FLOAT32, new float[] {(float) (sum / divisor)}, new int[0]);
        Object[] ready = new Object[inputs.length];
        ready[0] = g0;
        if (graded > 1) ready[1] = g1;
        LossNode.Gradients again = needs -> {
            float[] a = needs[0] ? new float[n] : null, b = graded > 1 && needs[1] ? new float[n] : null;
            Parallel.parallelFor(0, n, GRAIN, (s, e) -> block.run(null, a, b, s, e - s));
            Object[] g = new Object[inputs.length];
            g[0] = a;
            if (graded > 1) g[1] = b;
            return g;
        };
        return LossNode.attach(out, name, ready, again, LossNode.Upstream.pointwise(shape, r != Reduction.NONE), inputs);
    }

    /** The float32 scale of a fused kernel's gradients: 1 / divisor. */
    static float scale(double divisor) { return (float) (1.0 / divisor); }

    // ------------------------------------------------------------------ the general (double) path

    /** The values of t broadcast to shape as doubles, or null for a null t. */
    static double[] values(Tensor t, int[] shape) {
        return t == null ? null : KernelInputs.valuesAs(t, shape);
    }

    /** A local gradient in the array type of {@code input}'s dtype: double[] for float64, else float[] rounded once. */
    static Object local(Tensor input, double[] g) {
        if (g == null || input.dtype() == DType.FLOAT64) return g;
        float[] f = new float[g.length];
        for (int i = 0; i < g.length; i++) f[i] = (float) g[i];
        return f;
    }
}
