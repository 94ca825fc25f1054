package org.losses4j.nn;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.kernels.KerasKernels;
import org.losses4j.internal.kernels.PinballKernel;
import org.losses4j.internal.kernels.SpareOutputs;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.internal.tensor.LossReduction;

/**
 * The quantile (pinball) loss of Koenker and Bassett (1978), for predicting several quantiles at once: input
 * (N, Q), one column per quantile q_j of {@code quantiles}, or (N,) for a single quantile; target (N,). With
 * e = y_n - x_nj,
 * <pre>
 *   l_nj = max(q_j e, (q_j - 1) e)
 * </pre>
 * which is q_j e for an under-prediction and (1 - q_j) |e| for an over-prediction; q = 0.5 is half the absolute error.
 *
 * <p>Output: with reduction 'none' the input's shape, (N, Q) or (N,): the stacked pinball terms. 'mean' divides their
 * sum by all N Q elements, as {@code torch.mean} over the stacked terms does (not by N: the mean over quantiles is
 * part of it); 'sum' adds them all. The reference expression, whose autograd the gradients are:
 * <pre class="language-python">{@code
 * q = torch.tensor(quantiles, dtype=input.dtype)
 * e = target - input if input.dim() == 1 else target.unsqueeze(1) - input
 * l = torch.maximum(q * e, (q - 1) * e)          # then .mean() / .sum()
 * }</pre>
 * torch.maximum splits the gradient at a tie, so where x = y the input's gradient is (1/2 - q) times the upstream
 * (between the one-sided values -q and 1 - q). The target is differentiable too: its gradient is the sum over the
 * row.
 *
 * <p>Options: {@code quantiles} (default [0.5], each in (0, 1); the command line takes {@code 0.1,0.5,0.9}),
 * {@code reduction} (mean).
 *
 * <pre>{@code
 * QuantileLoss loss = new QuantileLoss(new double[] {0.1, 0.5, 0.9});
 * Tensor output = loss.forward(Tensor.randn(8, 3).requiresGrad_(true), Tensor.randn(8));
 * output.backward();                                               // grad_fn=<MeanBackward0>
 * }</pre>
 */
public final class QuantileLoss implements Loss {
    /** What this loss is: arguments, keywords with their defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.external("QuantileLoss", "quantile_loss", "pinball loss (Koenker and Bassett, 1978)",
                    QuantileLoss::fromOptions)
            .arg("input", "(N, Q) one column per quantile, or (N,) for one quantile; float32 or float64")
            .arg("target", "(N,)")
            .option("quantiles", LossSpec.Type.FLOAT_LIST, "[0.5]", "the quantiles, each in (0, 1); one input column per quantile")
            .reduction()
            .gradFn("MaximumBackward0", "MeanBackward0", "SumBackward0")
            .output("scalar; with reduction='none' the input's shape, (N, Q) or (N,)")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final double[] quantiles;
    private final Reduction reduction;

    /** The median (quantiles [0.5]), mean reduction. */
    public QuantileLoss() { this(new double[] {0.5}, Reduction.MEAN); }

    /**
     * The given quantiles, mean reduction.
     *
     * @param quantiles each in (0, 1)
     * @throws IllegalArgumentException for an empty list or a quantile outside (0, 1)
     */
    public QuantileLoss(double[] quantiles) { this(quantiles, Reduction.MEAN); }

    /**
     * The given quantiles and reduction.
     *
     * @param quantiles each in (0, 1)
     * @param reduction none, mean or sum
     * @throws IllegalArgumentException for an empty list, a quantile outside (0, 1), or batchmean
     */
    public QuantileLoss(double[] quantiles, Reduction reduction) {
        this.quantiles = checkQuantiles(quantiles);
        this.reduction = PointwiseSupport.noneMeanSum(reduction);
    }

    /**
     * From keywords: {@code quantiles} (a list, or text such as {@code 0.1,0.5,0.9}), {@code reduction}.
     *
     * @param o the keywords
     * @return the loss
     */
    public static QuantileLoss fromOptions(LossOptions o) {
        return new QuantileLoss(o.getDoubleList("quantiles", new double[] {0.5}), PointwiseSupport.reduction(o, "mean"));
    }

    /**
     * The quantiles.
     *
     * @return a copy
     */
    public double[] quantiles() { return quantiles.clone(); }

    /**
     * The reduction.
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * The loss of input and target.
     *
     * @param input  (N, Q) or (N,)
     * @param target (N,)
     * @return the loss
     */
    public Tensor forward(Tensor input, Tensor target) { return quantileLoss(input, target, quantiles, reduction); }

    private static double[] checkQuantiles(double[] qs) {
        if (qs == null || qs.length == 0) throw new IllegalArgumentException("quantiles must not be empty");
        for (double q : qs) {
            if (!(q > 0 && q < 1)) throw new IllegalArgumentException("quantiles must be in (0, 1), got " + q);
        }
        return qs.clone();
    }

    /**
     * Checks the shapes: input (N, Q) with Q the number of quantiles, or (N,) for one quantile; target (N,).
     *
     * @return {N, Q}
     */
    private static int[] check(Tensor input, Tensor target, int nq) {
        Checks.floating(input, "input", "quantile_loss");
        RegressionSupport.numericTarget(target, "target", "quantile_loss");
        int[] s = input.shape();
        if (s.length != 1 && s.length != 2) {
            throw new IllegalArgumentException("quantile_loss: expected input of shape (N,) or (N, Q), got " + BinarySupport.torchSize(s));
        }
        if (s.length == 1 && nq != 1) {
            throw new IllegalArgumentException("quantile_loss: input of shape (N,) takes one quantile, got " + nq
                    + " quantiles; give input of shape (N, " + nq + ")");
        }
        if (s.length == 2 && s[1] != nq) {
            throw new IllegalArgumentException("quantile_loss: expected input of shape (N, " + nq + "), one column per quantile, got "
                    + BinarySupport.torchSize(s));
        }
        if (target.dim() != 1) {
            throw new IllegalArgumentException("quantile_loss: expected target of shape (N,), got " + BinarySupport.torchSize(target.shape()));
        }
        if (target.size(0) != s[0]) {
            throw new IllegalArgumentException("Expected input batch_size (" + s[0] + ") to match target batch_size (" + target.size(0) + ").");
        }
        return new int[] {s[0], nq};
    }

    /**
     * {@code quantile_loss(input, target, quantiles, reduction)}: the pinball terms of every (row, quantile), one
     * algorithm for float32 and float64 ({@link PinballKernel}), one node.
     *
     * @param input     (N, Q) with Q = quantiles.length, or (N,) with one quantile; float32 or float64
     * @param target    (N,), float or int64
     * @param quantiles each in (0, 1)
     * @param reduction none, mean (over all N Q terms) or sum
     * @return the loss: a scalar, or the input's shape for none
     * @throws IllegalArgumentException for bad quantiles, shapes or dtypes, with the values
     */
    public static Tensor quantileLoss(Tensor input, Tensor target, double[] quantiles, Reduction reduction) {
        double[] qs = checkQuantiles(quantiles);
        PointwiseSupport.noneMeanSum(reduction);
        Checks.notNull(input, "input");
        Checks.notNull(target, "target");
        int rows = check(input, target, qs.length)[0], total = rows * qs.length;
        DType dt = PointwiseSupport.common(input, target);
        boolean f32 = dt == DType.FLOAT32;
        double[][] q = PinballKernel.quantiles(qs, f32);
        int[] shape = input.shape(), tshape = target.shape();
        boolean graph = Autograd.needsGraph(input, target);
        boolean needX = graph && input.requiresGrad(), needY = graph && target.requiresGrad();
        // a (N,) target gradient of an (N, Q) upstream is a sum per row: for 'none' only the chain form gives it
        boolean chainOnly = needY && reduction == Reduction.NONE;
        boolean reduced = reduction != Reduction.NONE;
        double scale = reduction == Reduction.MEAN ? KerasKernels.constant(1.0 / total, f32) : 1;
        String name = PointwiseSupport.nodeName(reduction, "MaximumBackward0");
        Tensor out;
        Object[] ready;
        LossNode.Gradients again;
        Tensor[] saved = {input.detach(), target.detach()};
        if (input.dtype() == DType.FLOAT32 && target.dtype() == DType.FLOAT32) {
            // fused float32: read in place, one pass for the losses (or their sum) and the local gradients
            Tensor x = RegressionSupport.contiguous(input), y = RegressionSupport.contiguous(target);
            float[] xa = (float[]) x.storage(), ya = (float[]) y.storage();
            int xo = x.storageOffset(), yo = y.storageOffset();
            float u = (float) scale;
            float[] l = reduced ? null : SpareOutputs.take(total);
            float[] gx = needX && !chainOnly ? SpareOutputs.take(total) : null, gy = needY && !chainOnly ? new float[rows] : null;
            double sum = PinballKernel.forwardRows(xa, xo, ya, yo, q[0], q[1], l, gx, gy, u, rows);
            out = reduced ? Tensor.wrap(DType.FLOAT32, new float[] {(float) (reduction == Reduction.SUM ? sum : sum / total)}, new int[0])
                    : Tensor.wrap(DType.FLOAT32, l, shape);
            ready = new Object[] {gx, gy};
            again = needs -> {
                float[] ax = needs[0] ? new float[total] : null, ay = needs[1] ? new float[rows] : null;
                PinballKernel.forwardRows(xa, xo, ya, yo, q[0], q[1], null, ax, ay, u, rows);
                return new Object[] {ax, ay};
            };
        } else {
            // float64, a float32 / float64 mix or an int64 target: the same functions over double copies
            double[] x = input.contiguousCopy().toDoubleArray(), y = target.contiguousCopy().toDoubleArray();
            double[] l = new double[total];
            double[] gx = needX && !chainOnly ? new double[total] : null, gy = needY && !chainOnly ? new double[rows] : null;
            PinballKernel.forward(x, y, q[0], q[1], l, gx, gy, scale, f32);
            out = LossReduction.output(dt, l, shape, reduction, total);
            ready = new Object[] {BinarySupport.local(input, gx), BinarySupport.local(target, gy)};
            again = needs -> {
                double[] ax = needs[0] ? new double[total] : null, ay = needs[1] ? new double[rows] : null;
                PinballKernel.forward(x, y, q[0], q[1], new double[total], ax, ay, scale, f32);
                return new Object[] {BinarySupport.local(input, ax), BinarySupport.local(target, ay)};
            };
        }
        if (!graph) return out;
        LossNode.ChainGradients chain = (needs, gradOutput) -> {
            double[] u = LossReduction.upstream(gradOutput, total, reduction, total);
            double[] x = saved[0].contiguousCopy().toDoubleArray(), y = saved[1].contiguousCopy().toDoubleArray();
            double[] ax = needs[0] ? new double[total] : null, ay = needs[1] ? new double[rows] : null;
            PinballKernel.backward(x, y, q[0], q[1], u, ax, ay, f32);
            return new Object[] {ax, ay};
        };
        LossNode.Upstream[] up = {LossNode.Upstream.pointwise(shape, reduced),
            reduced ? LossNode.Upstream.scalar(tshape) : LossNode.Upstream.elementwise(tshape)};
        if (chainOnly) return LossNode.attach(out, name, null, null, chain, up, input, target);
        return LossNode.attach(out, name, ready, again, chain, up, input, target);
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }

    @Override
    public String toString() { return "QuantileLoss(quantiles=" + Arrays.toString(quantiles) + ", reduction=" + reduction.torchName() + ")"; }
}
