package org.losses4j.nn;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.kernels.MarginKernels;
import org.losses4j.internal.kernels.SpareOutputs;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.tensor.LossReduction;

/**
 * Keras's {@code categorical_hinge}: a hinge between the score of the true class and the best other score, per
 * row of C classes (the last dimension), with a one-hot target:
 * <pre>
 *   pos_n = sum_c y_{n, c} x_{n, c},   neg_n = max_c (1 - y_{n, c}) x_{n, c}
 *   l_n = max(neg_n - pos_n + 1, 0)
 * </pre>
 * 'mean' (default) divides by the number of rows, 'sum' adds them, 'none' gives one value per row. The target is
 * cast to the input's dtype first, as Keras does, so an int64 or bool one-hot target is accepted; a floating target
 * that requires grad gets its gradient too. At the kinks the gradient is autograd's for the same expression in
 * PyTorch ({@code torch.maximum(neg - pos + 1, 0)}: half at 0; {@code amax}: shared equally by tied maxima).
 *
 * <p>The same definition in PyTorch, which the fixtures differentiate (grad_fn: MaximumBackward0 for 'none',
 * SumBackward0, MeanBackward0 for 'mean'):
 * <pre class="language-python">{@code
 * pos = (target * input).sum(-1)
 * neg = ((1 - target) * input).amax(-1)
 * loss = torch.maximum(neg - pos + 1, torch.zeros_like(pos))
 * }</pre>
 *
 * <p>Shapes: input (N, C) (any (..., C), also unbatched (C)), float32 or float64; target of the same shape.
 * Errors: a target of another shape ({@code Target size ([3, 4]) must be the same as input size ([3, 5])}), an
 * integer input, no classes (C = 0: {@code amax(): Expected reduction dim -1 to have non-zero size.}).
 *
 * <pre>{@code
 * Tensor out = new CategoricalHingeLoss().forward(input, target);   // input: scores (N, C); target: one-hot (N, C)
 * out.backward();
 * }</pre>
 */
public final class CategoricalHingeLoss implements Loss {
    /** What this loss is: arguments, keywords with their defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.external("CategoricalHingeLoss", "categorical_hinge", "keras.losses.categorical_hinge",
                    CategoricalHingeLoss::fromOptions)
            .arg("input", "(N, C) scores (any (..., C), classes last), float32 or float64")
            .arg("target", "one-hot (N, C), the input's shape; cast to the input's dtype")
            .reduction()
            .gradFn("MaximumBackward0", "SumBackward0", "MeanBackward0")
            .output("scalar; with reduction='none' one value per row, (N)")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final Reduction reduction;

    /** Default: reduction mean. */
    public CategoricalHingeLoss() { this(Reduction.MEAN); }

    /**
     * With a reduction.
     *
     * @param reduction none, mean or sum
     * @throws IllegalArgumentException for 'batchmean'
     */
    public CategoricalHingeLoss(Reduction reduction) { this.reduction = reduction.notBatchmean(); }

    /**
     * From keywords: reduction.
     *
     * @param o the keywords
     * @return the loss
     * @throws IllegalArgumentException for a bad reduction
     */
    public static CategoricalHingeLoss fromOptions(LossOptions o) {
        return new CategoricalHingeLoss(Reduction.of(o.getString("reduction", "mean")));
    }

    /**
     * The reduction.
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * The loss of scores against a one-hot target.
     *
     * @param input  (N, C) scores
     * @param target (N, C) one-hot target
     * @return the reduced loss, or one value per row for 'none'
     * @throws IllegalArgumentException for mismatched shapes, an integer input or no classes
     */
    public Tensor forward(Tensor input, Tensor target) { return categoricalHinge(input, target, reduction); }

    /**
     * {@code categorical_hinge(input, target)} averaged over the rows.
     *
     * @param input  (N, C) scores
     * @param target (N, C) one-hot target
     * @return the mean loss
     */
    public static Tensor categoricalHinge(Tensor input, Tensor target) { return categoricalHinge(input, target, Reduction.MEAN); }

    /**
     * {@code categorical_hinge(input, target, reduction='mean')}.
     *
     * @param input     (N, C) scores (any (..., C)), float32 or float64
     * @param target    the one-hot target, the input's shape, any dtype (cast to the input's)
     * @param reduction none, mean or sum
     * @return the loss: a scalar, or the rows' losses shaped as the input without its last dimension
     * @throws IllegalArgumentException for mismatched shapes or an integer input
     * @throws IndexOutOfBoundsException for an input without classes (C = 0)
     */
    public static Tensor categoricalHinge(Tensor input, Tensor target, Reduction reduction) {
        reduction.notBatchmean();
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        Checks.floating(input, "input", "categorical_hinge");
        Checks.notNull(target, "target");
        int[] is = input.shape();
        if (!Arrays.equals(is, target.shape())) {
            throw new IllegalArgumentException("Target size (" + Shape.str(target.shape()) + ") must be the same as input size (" + Shape.str(is) + ")");
        }
        int c = is.length == 0 ? 1 : is[is.length - 1];
        if (c == 0) throw new IndexOutOfBoundsException("amax(): Expected reduction dim -1 to have non-zero size.");
        int n = input.numel() / c;
        int[] outShape = is.length == 0 ? new int[0] : Arrays.copyOf(is, is.length - 1);
        DType dt = input.dtype(), dy = target.dtype();
        boolean gradX = Autograd.needsGraph(input);
        boolean gradY = dy.isFloatingPoint() && Autograd.needsGraph(target);
        double gradScale = reduction == Reduction.MEAN ? 1.0 / n : 1.0;
        int numel = input.numel();
        double[] rows = new double[n];
        Object[] ready;
        Hinge pass;
        if (dt == DType.FLOAT32 && dy == DType.FLOAT32) {
            // float32 operands (contiguous after dense): the float form, which writes the gradients as float32 directly
            float[] x = ClassificationSupport.floats(input), y = ClassificationSupport.floats(target);
            int xo = input.storageOffset(), yo = target.storageOffset();
            pass = (needs, r) -> {
                float[] fx = needs[0] ? SpareOutputs.take(numel) : null, fy = needs[1] ? new float[numel] : null;
                MarginKernels.categoricalHinge32(x, xo, y, yo, n, c, gradScale, r, fx, fy, SpareOutputs.replacing(fx));
                return new Object[] {fx, fy};
            };
        } else {
            // float64, or a target of another dtype (cast to the input's): the double form
            MarginKernels.CategoricalHinge m = new MarginKernels.CategoricalHinge(ClassificationSupport.vals(input), ClassificationSupport.vals(target),
                    dt == DType.FLOAT32, n, c, gradScale);
            pass = (needs, r) -> {
                double[] gx = needs[0] ? new double[numel] : null, gy = needs[1] ? new double[numel] : null;
                MarginKernels.categoricalHinge(m, r, gx, gy);
                return new Object[] {ClassificationSupport.inDtype(gx, dt), ClassificationSupport.inDtype(gy, dy)};
            };
        }
        ready = pass.run(new boolean[] {gradX, gradY}, rows);
        Tensor out = LossReduction.output(dt, rows, outShape, reduction, n);
        if (!gradX && !gradY) return out;
        String gradFn = reduction == Reduction.NONE ? "MaximumBackward0" : reduction == Reduction.SUM ? "SumBackward0" : "MeanBackward0";
        LossNode.Upstream u = reduction == Reduction.NONE ? LossNode.Upstream.perRow(is, n) : LossNode.Upstream.scalar(is);
        // a later backward (retain_graph) computes the gradients again from the inputs, which the caller must not change
        return LossNode.attach(out, gradFn, ready, needs -> pass.run(needs, new double[n]), u, input, target);
    }

    /** One pass of either form: the rows' losses into {@code rows}, the local gradients the backward needs. */
    @FunctionalInterface
    private interface Hinge {
        Object[] run(boolean[] needs, double[] rows);
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
