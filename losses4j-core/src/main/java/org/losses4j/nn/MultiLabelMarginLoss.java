package org.losses4j.nn;

import org.losses4j.Reduction;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.tensor.LossReduction;
import org.losses4j.internal.kernels.MarginKernels;

/**
 * Multi-label hinge loss, {@code torch.nn.MultiLabelMarginLoss}: for each row x (C classes) whose target lists
 * class indices padded with -1 (only the labels before the first -1 count),
 * <pre>  l = sum_{j labels} sum_{i not a label} max(0, 1 - (x[y_j] - x[i])) / C</pre>
 * reduced by mean over rows (default), sum or none. Input (N, C), unbatched (C) or 0-d; target int64 of the same
 * shape (an unbatched input gives a 0-d output even for reduction none). A label listed twice counts twice, as
 * in PyTorch. Options: {@code reduction} (and legacy {@code size_average} / {@code reduce}).
 *
 * <pre>{@code
 * MultiLabelMarginLoss loss = new MultiLabelMarginLoss();
 * Tensor x = Tensor.of(new float[][] {{0.1f, 0.2f, 0.4f, 0.8f}}).requiresGrad_(true);
 * Tensor y = Tensor.of(new long[][] {{3, 0, -1, 1}});   // labels 3 and 0
 * Tensor out = loss.forward(x, y);                      // tensor(0.8500, ...)
 * }</pre>
 */
public final class MultiLabelMarginLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("MultiLabelMarginLoss", "multilabel_margin_loss", MultiLabelMarginLoss::fromOptions)
            .arg("input", "(C) or (N, C), float32 or float64")
            .constant("target", "int64 like input: class indices, ended by the first -1")
            .sizeAverage().reduce().reduction()
            .gradFn("MultilabelMarginLossBackward0")
            .output("scalar; with reduction='none' (N), or () for (C) input")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final Reduction reduction;

    /** A {@code torch.nn.MultiLabelMarginLoss} with PyTorch's defaults (reduction='mean'). */
    public MultiLabelMarginLoss() { this(Reduction.MEAN); }

    /**
     * A {@code torch.nn.MultiLabelMarginLoss} with the given {@code reduction} and PyTorch's defaults for the rest.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public MultiLabelMarginLoss(Reduction reduction) {
        this.reduction = reduction.notBatchmean();
    }

    /**
     * From PyTorch keywords: reduction (and legacy size_average, reduce).
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.MultiLabelMarginLoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static MultiLabelMarginLoss fromOptions(LossOptions o) { return new MultiLabelMarginLoss(o.reduction()); }

    /**
     * How the per-element losses are reduced (PyTorch's {@code reduction}).
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * Computes the loss ({@code torch.nn.MultiLabelMarginLoss.forward}) with this module's options; see the class
     * comment for the formula.
     *
     * @param input (C) or (N, C), float32 or float64
     * @param target int64 like input: class indices, ended by the first -1
     * @return scalar; with reduction='none' (N), or () for (C) input
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input, Tensor target) { return multilabelMarginLoss(input, target, reduction); }

    /**
     * {@code F.multilabel_margin_loss(input, target, reduction='mean')}.
     *
     * @param input (C) or (N, C), float32 or float64
     * @param target int64 like input: class indices, ended by the first -1
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' (N), or () for (C) input
     */
    public static Tensor multilabelMarginLoss(Tensor input, Tensor target, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        reduction.notBatchmean();
        ClassificationSupport.Rows g = ClassificationSupport.checkMultiLabelMargin(input, target);
        boolean grad = Autograd.needsGraph(input);
        MarginKernels.MultiLabel m = new MarginKernels.MultiLabel(ClassificationSupport.longs(target), ClassificationSupport.longOffset(target),
                g.nframe(), g.dim(), g.gradScale(reduction));
        double[] rows = new double[g.nframe()];
        // float32 (contiguous after dense): the float form; float64: the double form. Both give the local gradient with the loss.
        boolean f32 = input.dtype() == DType.FLOAT32;
        Object gx = f32 ? multiLabel32(input, m, rows, grad) : multiLabel64(input, m, rows, grad);
        Tensor out = LossReduction.output(input.dtype(), rows, g.noneShape(), reduction, g.nframe());
        if (!grad) return out;
        final Tensor x = input.detach();
        // a later backward (retain_graph) computes the gradient again from the inputs
        return LossNode.attach(out, "MultilabelMarginLossBackward0", new Object[] {gx},
                needs -> new Object[] {f32 ? multiLabel32(x, m, new double[m.n()], true) : multiLabel64(x, m, new double[m.n()], true)},
                g.upstream(input.shape(), reduction), input);
    }

    private static float[] multiLabel32(Tensor x, MarginKernels.MultiLabel m, double[] rows, boolean grad) {
        float[] gx = grad ? new float[x.numel()] : null;
        MarginKernels.multiLabel32(ClassificationSupport.floats(x), x.storageOffset(), m, rows, gx);
        return gx;
    }

    private static double[] multiLabel64(Tensor x, MarginKernels.MultiLabel m, double[] rows, boolean grad) {
        Tensor c = x.isContiguous() ? x : x.contiguousCopy();
        double[] gx = grad ? new double[x.numel()] : null;
        MarginKernels.multiLabel64(ClassificationSupport.doubles(c), c.storageOffset(), m, rows, gx);
        return gx;
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
