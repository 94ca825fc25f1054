package org.losses4j.nn;

import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.internal.kernels.EmbeddingKernels;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.tensor.LossReduction;

/**
 * Cosine embedding loss, {@code torch.nn.CosineEmbeddingLoss}: with
 * {@code cos = x1.x2 / sqrt((|x1|^2 + 1e-12)(|x2|^2 + 1e-12))} per row (PyTorch's EPSILON, a float, added to the
 * squared norms),
 * <pre>  l = 1 - cos                 if y == 1
 *   l = max(0, cos - margin)    if y == -1
 *   l = 0                       for any other target value (PyTorch's where() formula)</pre>
 * reduced by mean (default), sum or none. Inputs (N, D) with a 1-D target (N), or unbatched (D) with a 0-d
 * target; a 2-D target is rejected as in PyTorch 1.13 and 2.x ({@code 0D or 1D target tensor expected, multi-target
 * not supported}). The inputs broadcast with each other and the target with the rows. Target may be int64, float
 * or bool; it is not differentiated. Both inputs receive gradients.
 *
 * <p>Options: {@code margin = 0}, {@code reduction = MEAN} (legacy {@code size_average} / {@code reduce} through
 * {@link LossOptions}). {@code grad_fn} is PyTorch's last composed op: {@code AddBackward0} (none),
 * {@code MeanBackward0}, {@code SumBackward0}.
 *
 * <pre>{@code
 * CosineEmbeddingLoss loss = new CosineEmbeddingLoss();   // margin 0, mean
 * Tensor a = Tensor.of(new float[][] {{0.3f, 0.5f, 0.7f}, {0.3f, 0.5f, 0.7f}});
 * Tensor b = Tensor.of(new float[][] {{0.1f, 0.3f, 0.5f}, {0.1f, 0.3f, 0.5f}});
 * Tensor out = loss.forward(a, b, Tensor.of(1L, -1L));    // tensor(0.5000)
 * }</pre>
 */
public final class CosineEmbeddingLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("CosineEmbeddingLoss", "cosine_embedding_loss", CosineEmbeddingLoss::fromOptions)
            .arg("input1", "(N, D) or (D), float32 or float64 (int64 promotes)")
            .arg("input2", "like input1")
            .constant("target", "(N) or (), values 1 (similar) or -1 (dissimilar)")
            .option("margin", LossSpec.Type.FLOAT, "0.0", "in [-1, 1]: max(0, cos(x1, x2) - margin) where target is -1")
            .sizeAverage().reduce().reduction()
            .gradFn("AddBackward0", "MeanBackward0", "SumBackward0")
            .output("scalar; with reduction='none' (N), or () for unbatched input")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final double margin;
    private final Reduction reduction;

    /** A {@code torch.nn.CosineEmbeddingLoss} with PyTorch's defaults (margin=0.0, reduction='mean'). */
    public CosineEmbeddingLoss() { this(0.0, Reduction.MEAN); }

    /**
     * A {@code torch.nn.CosineEmbeddingLoss} with the given {@code reduction} and PyTorch's defaults for the rest.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public CosineEmbeddingLoss(Reduction reduction) { this(0.0, reduction); }

    /**
     * A {@code torch.nn.CosineEmbeddingLoss} with the given {@code margin}, {@code reduction} and PyTorch's defaults
     * for the rest.
     *
     * @param margin in [-1, 1]: max(0, cos(x1, x2) - margin) where target is -1 (PyTorch's {@code margin}, default
     *         0.0)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public CosineEmbeddingLoss(double margin, Reduction reduction) {
        this.margin = margin;
        this.reduction = reduction.notBatchmean();
    }

    /**
     * A copy with another margin (fluent).
     *
     * @param margin in [-1, 1]: max(0, cos(x1, x2) - margin) where target is -1 (PyTorch's {@code margin}, default
     *         0.0)
     * @return the value
     */
    public CosineEmbeddingLoss margin(double margin) { return new CosineEmbeddingLoss(margin, reduction); }

    /**
     * A copy with another reduction (fluent).
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return the value
     */
    public CosineEmbeddingLoss reduction(Reduction reduction) { return new CosineEmbeddingLoss(margin, reduction); }

    /**
     * From PyTorch keywords: margin, reduction (and legacy size_average, reduce).
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.CosineEmbeddingLoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static CosineEmbeddingLoss fromOptions(LossOptions o) { return new CosineEmbeddingLoss(o.getDouble("margin", 0.0), o.reduction()); }

    /**
     * The {@code margin} option: in [-1, 1]: max(0, cos(x1, x2) - margin) where target is -1 (PyTorch's default 0.0).
     *
     * @return the value
     */
    public double margin() { return margin; }

    /**
     * How the per-element losses are reduced (PyTorch's {@code reduction}).
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * Computes the loss ({@code torch.nn.CosineEmbeddingLoss.forward}) with this module's options; see the class
     * comment for the formula.
     *
     * @param input1 (N, D) or (D), float32 or float64 (int64 promotes)
     * @param input2 like input1
     * @param target (N) or (), values 1 (similar) or -1 (dissimilar)
     * @return scalar; with reduction='none' (N), or () for unbatched input
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input1, Tensor input2, Tensor target) { return cosineEmbeddingLoss(input1, input2, target, margin, reduction); }

    /**
     * {@code F.cosine_embedding_loss(input1, input2, target, margin=0, reduction='mean')}.
     *
     * @param input1 (N, D) or (D), float32 or float64 (int64 promotes)
     * @param input2 like input1
     * @param target (N) or (), values 1 (similar) or -1 (dissimilar)
     * @param margin in [-1, 1]: max(0, cos(x1, x2) - margin) where target is -1 (PyTorch's {@code margin}, default
     *         0.0)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' (N), or () for unbatched input
     */
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
        input1 = KernelInputs.dense(input1);
        input2 = KernelInputs.dense(input2);
        Tensor[] promoted = EmbeddingSupport.promoted(input1, input2);
        input1 = promoted[0];
        input2 = promoted[1];
        target = KernelInputs.dense(target);
        reduction.notBatchmean();
        int[] shape = EmbeddingSupport.cosineCheck(input1, input2, target);
        if (EmbeddingSupport.fusable(input1, input2) && (target.numel() == 1 || target.numel() == shape[0])
                && (target.dim() == 0 || shape.length == 2)) {
            return fused(input1, input2, target, shape, margin, reduction);
        }
        // general path: the inputs expanded to one row per output element (the target may broadcast the rows)
        EmbeddingKernels.Rows rows = EmbeddingKernels.Rows.of(shape);
        int[] outShape = Shape.broadcast(rows.outShape(false), target.shape());
        int nOut = Shape.numel(outShape);
        int[] full = shape.length == 2 ? new int[] {nOut, rows.d()} : shape;
        double red = EmbeddingSupport.red(reduction, nOut);
        boolean[] w = EmbeddingSupport.wanted(Autograd.needsGraph(input1, input2), input1, input2);
        final Tensor x1 = input1.detach(), x2 = input2.detach(), y = target.detach();
        EmbeddingKernels.Local loc = general(x1, x2, y, full, margin, red, w);
        Tensor out = LossReduction.output(Checks.common(input1, input2), loc.loss(), outShape, reduction, nOut);
        return LossNode.attach(out, EmbeddingSupport.gradFnName(reduction, "AddBackward0"), EmbeddingSupport.as(loc.grads(), x1, x2),
                needs -> EmbeddingSupport.as(general(x1, x2, y, full, margin, red, needs).grads(), x1, x2),
                EmbeddingSupport.perRow(full, nOut, reduction, loc.fixed()), input1, input2);
    }

    /** The general kernel on the inputs expanded to {@code full} (rows x d, one row per output element). */
    private static EmbeddingKernels.Local general(Tensor x1, Tensor x2, Tensor y, int[] full, double margin, double red, boolean[] want) {
        return EmbeddingKernels.cosine(KernelInputs.valuesAs(x1, full), KernelInputs.valuesAs(x2, full), EmbeddingSupport.targetValues(y),
                Checks.common(x1, x2), margin, red, want, EmbeddingKernels.Rows.of(full));
    }

    /** Float32 contiguous inputs of one shape, one output per row: loss and local gradients in one pass. */
    private static Tensor fused(Tensor input1, Tensor input2, Tensor target, int[] shape, double margin, Reduction reduction) {
        boolean[] w = EmbeddingSupport.wanted(Autograd.needsGraph(input1, input2), input1, input2);
        EmbeddingKernels.Rows rows = EmbeddingKernels.Rows.of(shape);
        EmbeddingKernels.Fused f = fusedKernel(input1, input2, target, rows, margin, reduction, w);
        Tensor out = LossReduction.output(DType.FLOAT32, f.loss(), rows.outShape(false), reduction, rows.rows());
        final Tensor x1 = input1.detach(), x2 = input2.detach(), y = target.detach();
        return LossNode.attach(out, EmbeddingSupport.gradFnName(reduction, "AddBackward0"), f.grads(),
                needs -> fusedKernel(x1, x2, y, rows, margin, reduction, needs).grads(),
                EmbeddingSupport.perRow(shape, rows.rows(), reduction, f.fixed()), input1, input2);
    }

    private static EmbeddingKernels.Fused fusedKernel(Tensor x1, Tensor x2, Tensor y, EmbeddingKernels.Rows rows, double margin,
                                                      Reduction reduction, boolean[] want) {
        return EmbeddingKernels.cosineFused(EmbeddingSupport.floats(x1), x1.storageOffset(), EmbeddingSupport.floats(x2), x2.storageOffset(),
                EmbeddingSupport.targetValues(y), margin, EmbeddingSupport.red(reduction, rows.rows()), want, rows);
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1], args[2]); }
}
