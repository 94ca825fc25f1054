package org.losses4j.nn;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.Warnings;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.tensor.LossReduction;
import org.losses4j.internal.kernels.PointwiseFused;
import org.losses4j.internal.kernels.SpareOutputs;

/**
 * The Tensor side of the point-wise regression losses (MSELoss, L1Loss, SmoothL1Loss, HuberLoss, PoissonNLLLoss,
 * GaussianNLLLoss, KLDivLoss): their checks and messages, and the two ways a loss runs, each recording one
 * {@link LossNode}:
 * <ul>
 *   <li>{@link #fused}: float32 operands of one shape, read in place by a {@link PointwiseFused} kernel that writes the
 *       input's local gradient in the forward pass (handed over by the first backward, recomputed under retain_graph);
 *       the target's gradient is minus the input's;</li>
 *   <li>{@link #general}: everything else, in double over the broadcast shape: the loss's double forward, and its
 *       backward in PyTorch's chain form (the upstream gradient inside every term), summed down to each operand's
 *       shape and rounded once to its dtype.</li>
 * </ul>
 */
final class RegressionSupport {
    private RegressionSupport() {}

    // ------------------------------------------------------------------ checks, with PyTorch's words

    /**
     * PyTorch's warning of {@code F.l1_loss}, {@code mse_loss}, {@code smooth_l1_loss} and {@code huber_loss} when the
     * target's size differs from the input's (they broadcast): the target's {@code torch.Size}, then the input's.
     */
    static final String TARGET_SIZE = "Using a target size (%s) that is different to the input size (%s). This will likely lead to incorrect"
            + " results due to broadcasting. Please ensure they have the same size.";

    /** Warns {@link #TARGET_SIZE} when the shapes differ. Called once the checks passed: PyTorch warns before them, so a call that
     * fails there would print this warning before its error; here it fails with the error alone. */
    static void warnTargetSize(Tensor input, Tensor target) {
        if (input != null && target != null && !Arrays.equals(input.shape(), target.shape())) {
            Warnings.warn(TARGET_SIZE, torchSize(target.shape()), torchSize(input.shape()));
        }
    }

    /** Python's {@code repr(torch.Size)}: {@code torch.Size([4, 1])}, {@code torch.Size([])}. */
    static String torchSize(int[] shape) { return "torch.Size(" + Arrays.toString(shape) + ")"; }

    /** For PoissonNLL and GaussianNLL, which accept only none/mean/sum: PyTorch's {@code <reduction> is not valid}. */
    static Reduction noneMeanSum(Reduction r) {
        if (r == Reduction.BATCHMEAN) throw notValid(r.torchName());
        return r;
    }

    /** Parses none/mean/sum for PoissonNLL and GaussianNLL, with their message for anything else. */
    static Reduction noneMeanSum(String r) {
        if (!r.equals("none") && !r.equals("mean") && !r.equals("sum")) throw notValid(r);
        return Reduction.of(r);
    }

    private static IllegalArgumentException notValid(String r) { return new IllegalArgumentException(r + " is not valid"); }

    /** A floating (float32/float64) operand. */
    static void floating(Tensor t, String arg, String fn) { Checks.floating(t, arg, fn); }

    /** A target that may also be int64, which PyTorch promotes to the input's dtype. */
    static void numericTarget(Tensor t, String arg, String fn) {
        Checks.notNull(t, arg);
        if (t.dtype() != DType.INT64 && !t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + fn + "\" not implemented for '" + Checks.typeName(t.dtype()) + "' (argument " + arg + ")");
        }
    }

    /** The usual check: floating input, numeric target; returns their broadcast shape (input first). */
    static int[] inputTarget(Tensor input, Tensor target, String fn) {
        floating(input, "input", fn);
        numericTarget(target, "target", fn);
        return Shape.broadcast(input.shape(), target.shape());
    }

    /**
     * PyTorch's type promotion of an int64 input against a floating target: the input in the target's dtype (an int64
     * tensor has no gradient, so nothing is lost). Any other input, or a target that is not floating, is returned as it
     * is for the loss's own checks.
     */
    static Tensor promotedInput(Tensor input, Tensor target) {
        if (input == null || target == null || input.dtype() != DType.INT64 || !target.dtype().isFloatingPoint()) return input;
        return input.to(target.dtype());
    }

    /** Each int64 tensor in {@code dt} (PyTorch's promotion against floating operands); others as they are. */
    static Tensor[] promoted(DType dt, Tensor... ts) {
        Tensor[] r = ts.clone();
        for (int i = 0; i < r.length; i++) if (r[i] != null && r[i].dtype() == DType.INT64) r[i] = r[i].to(dt);
        return r;
    }

    /** PyTorch's message when a loss's C++ kernel gets two int64 operands: {@code "mse_cpu" not implemented for 'Long'}. */
    static IllegalArgumentException notImplementedForLong(String kernel) {
        return new IllegalArgumentException("\"" + kernel + "\" not implemented for 'Long'");
    }

    /** Both given and int64. */
    static boolean bothLong(Tensor a, Tensor b) { return a != null && b != null && a.dtype() == DType.INT64 && b.dtype() == DType.INT64; }

    /** The computation dtype: float64 if any operand is, else float32 (int64 targets promote to the input's). */
    static DType common(Tensor... ts) {
        for (Tensor t : ts) if (t.dtype() == DType.FLOAT64) return DType.FLOAT64;
        return DType.FLOAT32;
    }

    /**
     * PyTorch's grad_fn name of a loss composed from generic ops: the reduction's node for mean and sum, else the
     * node of the last element-wise op ({@code noneName}).
     */
    static String composedNodeName(Reduction r, String noneName) {
        switch (r) {
            case MEAN: return "MeanBackward0";
            case SUM: return "SumBackward0";
            default: return noneName;
        }
    }

    /** Whether the reduction is none/mean/sum and every operand is float32 with the first one's shape (nulls skipped). */
    static boolean fusable(Reduction r, Tensor first, Tensor... others) {
        if (r == Reduction.BATCHMEAN || first == null || first.dtype() != DType.FLOAT32) return false;
        for (Tensor t : others) {
            if (t != null && (t.dtype() != DType.FLOAT32 || !Arrays.equals(first.shape(), t.shape()))) return false;
        }
        return true;
    }

    /** Whether t takes part in the graph (requires grad with grad mode on). */
    static boolean differentiated(Tensor t) { return t.requiresGrad() && Autograd.needsGraph(t); }

    /** Whether any entry of t is negative: float32 read in place, other dtypes through doubles. */
    static boolean anyNegative(Tensor t) {
        if (t.dtype() == DType.FLOAT32 && t.isContiguous()) return PointwiseFused.anyNegative((float[]) t.storage(), t.storageOffset(), t.numel());
        for (double d : t.toDoubleArray()) if (d < 0) return true;
        return false;
    }

    static Tensor contiguous(Tensor t) { return t == null ? null : t.isContiguous() ? t.detach() : t.contiguousCopy(); }

    // ------------------------------------------------------------------ the fused float32 path

    /**
     * Runs a loss on the fused path and records its node. The caller has checked {@link #fusable} and that no
     * operand is differentiated whose gradient is not the input's or minus it (PoissonNLL's target, GaussianNLL's var).
     *
     * @param operands  input, target and (GaussianNLL) var, the tensors the node is attached to
     * @param nonFinite the loss's chain-form gradients for an upstream gradient that is not all finite, or null when
     *                  the local gradient times the upstream is PyTorch's product already
     */
    static Tensor fused(String nodeName, Reduction r, Tensor[] operands, int grain, PointwiseFused.Body body, LossNode.ChainGradients nonFinite) {
        final Tensor x = contiguous(operands[0]), y = contiguous(operands[1]), v = operands.length > 2 ? contiguous(operands[2]) : null;
        final int n = x.numel();
        final int[] shape = x.shape();
        boolean graph = Autograd.needsGraph(operands);
        final float scale = r == Reduction.MEAN ? (float) (1.0 / n) : 1f;
        float[] out = r == Reduction.NONE ? SpareOutputs.take(n) : null;
        float[] g = graph ? SpareOutputs.take(n) : null;
        double sum = pass(body, x, y, v, out, g, scale, grain, n, SpareOutputs.replacing(out, g));
        Tensor result = r == Reduction.NONE ? Tensor.wrap(DType.FLOAT32, out, shape)
                : Tensor.wrap(DType.FLOAT32, new float[] {(float) (r == Reduction.SUM ? sum : sum / n)}, new int[0]);
        if (!graph) return result;
        boolean[] needs = new boolean[operands.length];
        for (int i = 0; i < needs.length; i++) needs[i] = operands[i].requiresGrad();
        Object[] ready = inputAndTarget(g, needs, grain, n);
        LossNode.Gradients again = nd -> {
            float[] a = new float[n];
            pass(body, x, y, v, null, a, scale, grain, n, null);
            return inputAndTarget(a, nd, grain, n);
        };
        LossNode.Upstream[] up = new LossNode.Upstream[operands.length];
        Arrays.fill(up, LossNode.Upstream.pointwise(shape, r != Reduction.NONE));
        return LossNode.attach(result, nodeName, ready, again, nonFinite, up, operands);
    }

    private static double pass(PointwiseFused.Body body, Tensor x, Tensor y, Tensor v, float[] out, float[] g, float scale, int grain, int n,
                               Runnable aside) {
        return PointwiseFused.run(body, (float[]) x.storage(), x.storageOffset(), (float[]) y.storage(), y.storageOffset(),
                v == null ? null : (float[]) v.storage(), v == null ? 0 : v.storageOffset(), out, g, scale, grain, n, aside);
    }

    /** {input's gradient g, target's -g} as needed: g itself negated in place when only the target needs one. */
    private static Object[] inputAndTarget(float[] g, boolean[] needs, int grain, int n) {
        Object[] res = new Object[needs.length];
        if (needs[1]) {
            float[] t = needs[0] ? new float[n] : g;
            PointwiseFused.negate(g, t, grain, n);
            res[1] = t;
        }
        if (needs[0]) res[0] = g;
        return res;
    }

    // ------------------------------------------------------------------ the general double path

    /** A loss's double forward: the per-element losses of the operands (read broadcast to one shape) into out. */
    @FunctionalInterface
    interface Forward {
        void run(double[][] operands, double[] out);
    }

    /** A loss's double backward in chain form: u is the upstream per element; grads[i] is null where not needed. */
    @FunctionalInterface
    interface Backward {
        void run(double[][] operands, double[] u, double[][] grads);
    }

    /**
     * Runs a loss on the general path: the operands as doubles over the broadcast {@code shape}, the per-element loss,
     * the reduction (sum / divisor for mean and batchmean) rounded once to {@code dtype}, and the node.
     */
    static Tensor general(String nodeName, DType dtype, int[] shape, Reduction r, double divisor, Tensor[] operands, Forward f, Backward b) {
        double[][] vals = read(operands, shape);
        double[] l = new double[Shape.numel(shape)];
        f.run(vals, l);
        Tensor out = LossReduction.output(dtype, l, shape, r, divisor);
        LossNode.Upstream[] up = new LossNode.Upstream[operands.length];
        Arrays.fill(up, LossNode.Upstream.pointwise(shape, r != Reduction.NONE));
        return LossNode.attach(out, nodeName, null, null, chain(shape, r, divisor, operands, b), up, operands);
    }

    /** The chain-form gradients over {@code shape}, reading the operands again (nothing else is kept). */
    static LossNode.ChainGradients chain(int[] shape, Reduction r, double divisor, Tensor[] operands, Backward b) {
        Tensor[] saved = new Tensor[operands.length];
        for (int i = 0; i < saved.length; i++) saved[i] = operands[i].detach();
        return (needs, gradOutput) -> {
            double[][] vals = read(saved, shape);
            int n = Shape.numel(shape);
            double[] u = LossReduction.upstream(gradOutput, n, r, divisor);
            double[][] grads = new double[saved.length][];
            for (int i = 0; i < grads.length; i++) if (needs[i]) grads[i] = new double[n];
            b.run(vals, u, grads);
            return grads;
        };
    }

    private static double[][] read(Tensor[] ts, int[] shape) {
        double[][] v = new double[ts.length][];
        for (int i = 0; i < ts.length; i++) v[i] = KernelInputs.valuesAs(ts[i], shape);
        return v;
    }
}
