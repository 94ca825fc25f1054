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
 * Multi-class hinge loss, {@code torch.nn.MultiMarginLoss}: for each row x (C classes) with target class y,
 * <pre>  l = sum_{i != y} w[y] * max(0, margin - x[y] + x[i])^p / C</pre>
 * reduced by mean over rows (default), sum or none. Input (N, C), unbatched (C) or a 0-d scalar; target int64 of
 * shape (N), or (1) / 0-d for unbatched input (a 0-d target gives a 0-d output even for reduction none).
 *
 * <p>Options (PyTorch's names and defaults): {@code p = 1} (1 or 2 only), {@code margin = 1.0},
 * {@code weight = null} (1-D, length C, the input's dtype; not differentiable, as in PyTorch),
 * {@code reduction = MEAN}; legacy {@code size_average} / {@code reduce} through {@link LossOptions}.
 * Errors follow PyTorch 2.x: a weight of the wrong length is rejected ({@code inconsistent weight size, expected
 * 4 but got [3]}) where 1.13 silently read past it.
 *
 * <pre>{@code
 * MultiMarginLoss loss = new MultiMarginLoss();      // p = 1, margin = 1, mean
 * Tensor x = Tensor.of(new double[][] {{0.3, 0.7}, {0.5, 0.5}}).requiresGrad_(true);
 * Tensor y = Tensor.of(0L, 1L);
 * Tensor out = loss.forward(x, y);                   // tensor(0.6000, ...)
 * out.backward();
 * }</pre>
 */
public final class MultiMarginLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("MultiMarginLoss", "multi_margin_loss", MultiMarginLoss::fromOptions)
            .arg("input", "(C) or (N, C), float32 or float64")
            .constant("target", "() or (N) class indices in [0, C), int64")
            .option("p", LossSpec.Type.INT, "1", "1 or 2: the hinge's exponent")
            .option("margin", LossSpec.Type.FLOAT, "1.0", "max(0, margin - x[target] + x[i])")
            .weight("(C) rescaling weight of each class")
            .sizeAverage().reduce().reduction()
            .gradFn("MultiMarginLossBackward0")
            .output("scalar; with reduction='none' (N), or () for (C) input")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final int p;
    private final double margin;
    private final Tensor weight;
    private final Reduction reduction;

    /** p = 1, margin = 1, no weight, mean. */
    public MultiMarginLoss() { this(1, 1.0, null, Reduction.MEAN); }

    /**
     * A {@code torch.nn.MultiMarginLoss} with the given {@code reduction} and PyTorch's defaults for the rest.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public MultiMarginLoss(Reduction reduction) { this(1, 1.0, null, reduction); }

    /**
     * @param p         1 or 2, else {@code only p == 1 and p == 2 supported}
     * @param margin    the hinge margin
     * @param weight    per-class weights (length C) or null
     * @param reduction none, mean or sum
     */
    public MultiMarginLoss(int p, double margin, Tensor weight, Reduction reduction) {
        ClassificationSupport.checkP(p);
        reduction.notBatchmean();
        ClassificationSupport.checkOneDimensional(weight);
        this.p = p;
        this.margin = margin;
        this.weight = weight == null ? null : weight.detach();
        this.reduction = reduction;
    }

    /**
     * A copy with another p (fluent).
     *
     * @param p 1 or 2: the hinge's exponent (PyTorch's {@code p}, default 1)
     * @return the value
     */
    public MultiMarginLoss p(int p) { return new MultiMarginLoss(p, margin, weight, reduction); }

    /**
     * A copy with another margin (fluent).
     *
     * @param margin max(0, margin - x[target] + x[i]) (PyTorch's {@code margin}, default 1.0)
     * @return the value
     */
    public MultiMarginLoss margin(double margin) { return new MultiMarginLoss(p, margin, weight, reduction); }

    /**
     * A copy with class weights (fluent).
     *
     * @param weight (C) rescaling weight of each class (PyTorch's {@code weight}, default None)
     * @return the value
     */
    public MultiMarginLoss weight(Tensor weight) { return new MultiMarginLoss(p, margin, weight, reduction); }

    /**
     * A copy with another reduction (fluent).
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return the value
     */
    public MultiMarginLoss reduction(Reduction reduction) { return new MultiMarginLoss(p, margin, weight, reduction); }

    /**
     * From PyTorch keywords: p, margin, weight, reduction (and legacy size_average, reduce).
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.MultiMarginLoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static MultiMarginLoss fromOptions(LossOptions o) {
        double pd = o.getDouble("p", 1);
        ClassificationSupport.checkP(pd);
        return new MultiMarginLoss((int) pd, o.getDouble("margin", 1.0), o.getTensor("weight"), o.reduction());
    }

    /**
     * The {@code p} option: 1 or 2: the hinge's exponent (PyTorch's default 1).
     *
     * @return the value
     */
    public int p() { return p; }

    /**
     * The {@code margin} option: max(0, margin - x[target] + x[i]) (PyTorch's default 1.0).
     *
     * @return the value
     */
    public double margin() { return margin; }

    /**
     * The {@code weight} option: (C) rescaling weight of each class (PyTorch's default None).
     *
     * @return the tensor, or null when none was given
     */
    public Tensor weight() { return weight; }

    /**
     * How the per-element losses are reduced (PyTorch's {@code reduction}).
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * Computes the loss ({@code torch.nn.MultiMarginLoss.forward}) with this module's options; see the class comment
     * for the formula.
     *
     * @param input (C) or (N, C), float32 or float64
     * @param target () or (N) class indices in [0, C), int64
     * @return scalar; with reduction='none' (N), or () for (C) input
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input, Tensor target) { return multiMarginLoss(input, target, p, margin, weight, reduction); }

    /**
     * {@code F.multi_margin_loss(input, target, p=1, margin=1, weight=None, reduction='mean')}.
     *
     * @param input (C) or (N, C), float32 or float64
     * @param target () or (N) class indices in [0, C), int64
     * @param p 1 or 2: the hinge's exponent (PyTorch's {@code p}, default 1)
     * @param margin max(0, margin - x[target] + x[i]) (PyTorch's {@code margin}, default 1.0)
     * @param weight (C) rescaling weight of each class (PyTorch's {@code weight}, default None)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' (N), or () for (C) input
     */
    public static Tensor multiMarginLoss(Tensor input, Tensor target, int p, double margin, Tensor weight, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        weight = KernelInputs.dense(weight);
        reduction.notBatchmean();
        ClassificationSupport.Rows g = ClassificationSupport.checkMultiMargin(input, target, p, weight);
        boolean grad = Autograd.needsGraph(input);
        MarginKernels.MultiMargin m = new MarginKernels.MultiMargin(ClassificationSupport.longs(target), ClassificationSupport.longOffset(target),
                p, margin, g.nframe(), g.dim(), g.gradScale(reduction));
        double[] rows = new double[g.nframe()];
        // float32 (contiguous after dense): the float form; float64: the double form. Both give the local gradient with the loss.
        boolean f32 = input.dtype() == DType.FLOAT32;
        Object gx = f32 ? multiMargin32(input, weight, m, rows, grad) : multiMargin64(input, weight, m, rows, grad);
        Tensor out = LossReduction.output(input.dtype(), rows, g.noneShape(), reduction, g.nframe());
        if (!grad) return out;
        final Tensor x = input.detach(), w = weight == null ? null : weight.detach();
        // a later backward (retain_graph) computes the gradient again from the inputs
        return LossNode.attach(out, "MultiMarginLossBackward0", new Object[] {gx},
                needs -> new Object[] {f32 ? multiMargin32(x, w, m, new double[m.n()], true) : multiMargin64(x, w, m, new double[m.n()], true)},
                g.upstream(input.shape(), reduction), input);
    }

    private static float[] multiMargin32(Tensor x, Tensor w, MarginKernels.MultiMargin m, double[] rows, boolean grad) {
        float[] gx = grad ? new float[x.numel()] : null;
        MarginKernels.multiMargin32(ClassificationSupport.floats(x), x.storageOffset(), w == null ? null : w.toFloatArray(), m, rows, gx);
        return gx;
    }

    private static double[] multiMargin64(Tensor x, Tensor w, MarginKernels.MultiMargin m, double[] rows, boolean grad) {
        Tensor c = x.isContiguous() ? x : x.contiguousCopy();
        double[] gx = grad ? new double[x.numel()] : null;
        MarginKernels.multiMargin64(ClassificationSupport.doubles(c), c.storageOffset(), w == null ? null : w.toDoubleArray(), m, rows, gx);
        return gx;
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
