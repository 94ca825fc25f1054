package org.losses4j.internal.kernels;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.Node;
import org.losses4j.Reduction;
import org.losses4j.internal.ops.Elementwise;
import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.BinaryLossKernels;
import org.losses4j.internal.simd.VectorizationProvider;

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

    // ------------------------------------------------------------------ the fused float32 path

    /** The family's kernels (Vector API when available, else scalar), looked up once. */
    static final BinaryLossKernels K = VectorizationProvider.get().kernels(BinaryLossKernels.class);

    /** Elements per parallel block: inputs up to this size run on the caller's thread. */
    static final int GRAIN = 1 << 15;

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

    /** Computes the local gradients of the wanted inputs again (a second backward with retain_graph). */
    @FunctionalInterface
    interface Recompute {
        float[][] run();
    }

    /**
     * The node of a fused loss: the forward already computed the local gradients (times 1 / n for mean). The
     * first backward hands those arrays over (scaled in place by a reduced loss's upstream when it is not 1,
     * multiplied elementwise by the upstream for 'none'); a later backward (retain_graph) recomputes them.
     */
    static final class FusedNode extends Node {
        private float[][] grads;
        private final Recompute recompute;
        private final boolean reduced;

        FusedNode(String name, float[][] grads, Recompute recompute, boolean reduced, Tensor... inputs) {
            super(name, inputs);
            this.grads = grads;
            this.recompute = recompute;
            this.reduced = reduced;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            float[][] gr = grads;
            grads = null; // handed over once
            if (gr == null) gr = recompute.run();
            Tensor[] out = new Tensor[numInputs()];
            float s = reduced ? (float) g.item() : 1f;
            F32 up = reduced ? null : F32.of(g.dtype() == DType.FLOAT32 ? g : g.to(DType.FLOAT32));
            for (int i = 0; i < out.length; i++) {
                float[] a = gr[i];
                if (a == null || !needsInputGrad(i)) continue;
                if (reduced) {
                    if (s != 1f) Parallel.parallelFor(0, a.length, GRAIN, (b, e) -> K.scale(a, b, s, e - b));
                } else {
                    Parallel.parallelFor(0, a.length, GRAIN, (b, e) -> K.multiply(a, b, up.a(), up.off() + b, e - b));
                }
                out[i] = Tensor.wrap(DType.FLOAT32, a, input(i).shape());
            }
            return out;
        }

        @Override
        protected void releaseSavedState() { grads = null; }
    }

    /** Attaches a fused node to out when grad mode is on and some input requires grad. */
    static Tensor attach(Tensor out, String name, float[][] grads, Recompute recompute, Reduction r, Tensor... inputs) {
        if (org.losses4j.autograd.Autograd.needsGraph(inputs)) out.attachGradFn(new FusedNode(name, grads, recompute, r != Reduction.NONE, inputs));
        return out;
    }

    /** A zero-filled gradient array of n floats when wanted (see {@link SpareOutputs#take}), else null. */
    static float[] gradIf(boolean want, int n) { return want ? SpareOutputs.take(n) : null; }


    /** Whether t will need a gradient from a node built now. */
    static boolean wantsGrad(Tensor t) {
        return t != null && t.requiresGrad() && org.losses4j.autograd.GradMode.isEnabled();
    }

    /** A fused two-input body of {@link BinaryLossKernels} (x, y, loss, grad). */
    @FunctionalInterface
    interface Body2 {
        double run(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float scale, int n);
    }

    /**
     * The fused float32 forward of a loss of (input, target) whose gradient flows to the input only: one
     * parallel pass computes the per-element losses (none) or their sum, and the input's gradient times
     * 1 / divisor when the input requires grad; the result is sum / divisor (mean, sum) or the losses (none).
     */
    static Tensor fused2(String name, Tensor input, Tensor target, int[] outShape, Reduction r, double divisor, Body2 body) {
        F32 x = F32.of(input), y = F32.of(target);
        int n = input.numel();
        float scale = (float) (1.0 / divisor);
        float[] loss = r == Reduction.NONE ? SpareOutputs.take(n) : null;
        float[] gx = gradIf(wantsGrad(input), n);
        double sum = Parallel.parallelSum(0, n, GRAIN, (s, e) -> body.run(x.a(), x.off() + s, y.a(), y.off() + s, loss, gx, s, scale, e - s),
                SpareOutputs.replacing(loss, gx));
        Tensor out = r == Reduction.NONE ? Tensor.wrap(DType.FLOAT32, loss, outShape)
                : Tensor.wrap(DType.FLOAT32, new float[] {(float) (sum / divisor)}, new int[0]);
        return attach(out, name, new float[][] {gx, null}, () -> {
            float[] g = new float[n];
            Parallel.parallelFor(0, n, GRAIN, (s, e) -> body.run(x.a(), x.off() + s, y.a(), y.off() + s, null, g, s, scale, e - s));
            return new float[][] {g, null};
        }, r, input, target);
    }

    /** The divisor of a per-element loss: the element count for mean, else 1. */
    static double divisor(Reduction r, int n) { return r == Reduction.MEAN ? n : 1; }
}
