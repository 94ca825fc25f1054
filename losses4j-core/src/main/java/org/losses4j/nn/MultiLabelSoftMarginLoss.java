package org.losses4j.nn;

import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.tensor.LossReduction;
import org.losses4j.internal.kernels.MultiLabelSoftMarginKernel;

/**
 * Multi-label one-versus-all logistic loss, {@code torch.nn.MultiLabelSoftMarginLoss}: for a sample x with
 * C classes and targets y in {0, 1},
 * l(x, y) = -(1/C) sum_i w_i [y_i log sigmoid(x_i) + (1 - y_i) log sigmoid(-x_i)],
 * then mean (default), sum or none over the samples. A 1-D input is one unbatched sample (the per-sample
 * loss is 0-d).
 *
 * <p>Options: {@code weight} (per-class rescaling, broadcast like PyTorch's {@code loss * weight}),
 * {@code reduction} (and legacy {@code size_average} / {@code reduce} through {@link #fromOptions}). Input and
 * target are both differentiable. PyTorch composes this loss in Python, so its {@code grad_fn} is that of the
 * last op: {@code DivBackward0} (none), {@code MeanBackward0} (mean), {@code SumBackward0} (sum); ours is one
 * fused node with the same name.
 *
 * <pre>{@code
 * Tensor logits = Tensor.randn(4, 5).requiresGrad_(true);
 * Tensor labels = Tensor.empty(4, 5).random_(2);
 * new MultiLabelSoftMarginLoss().forward(logits, labels).backward();
 * }</pre>
 */
public final class MultiLabelSoftMarginLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("MultiLabelSoftMarginLoss", "multilabel_soft_margin_loss", MultiLabelSoftMarginLoss::fromOptions)
            .arg("input", "(C) or (N, C) logits, float32 or float64")
            .arg("target", "like input, values 0 or 1")
            .weight("(C) rescaling weight of each class")
            .sizeAverage().reduce().reduction()
            .gradFn("DivBackward0", "MeanBackward0", "SumBackward0")
            .output("scalar; with reduction='none' (N)")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final Tensor weight;
    private final Reduction reduction;

    /** A {@code torch.nn.MultiLabelSoftMarginLoss} with PyTorch's defaults (weight=None, reduction='mean'). */
    public MultiLabelSoftMarginLoss() { this(null, Reduction.MEAN); }

    /**
     * A {@code torch.nn.MultiLabelSoftMarginLoss} with the given {@code reduction} and PyTorch's defaults for the
     * rest.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public MultiLabelSoftMarginLoss(Reduction reduction) { this(null, reduction); }

    /** @param weight per-class rescaling weight, or null */
    public MultiLabelSoftMarginLoss(Tensor weight) { this(weight, Reduction.MEAN); }

    /**
     * @param weight per-class rescaling weight, or null
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public MultiLabelSoftMarginLoss(Tensor weight, Reduction reduction) {
        this.weight = weight;
        this.reduction = checked(reduction);
    }

    /** PyTorch validates this loss's reduction in Python, with its own wording ("avg is not valid"). */
    private static Reduction checked(Reduction r) {
        if (r == null) throw new IllegalArgumentException("reduction must not be null");
        if (r == Reduction.BATCHMEAN) throw new IllegalArgumentException("batchmean is not valid");
        return r;
    }

    /**
     * From PyTorch keywords: weight, reduction (and legacy size_average, reduce).
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.MultiLabelSoftMarginLoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static MultiLabelSoftMarginLoss fromOptions(LossOptions o) {
        Tensor w = o.getTensor("weight");
        Reduction r;
        try {
            r = o.reduction();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(o.getString("reduction", "mean") + " is not valid");
        }
        return new MultiLabelSoftMarginLoss(w, r);
    }

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
     * Computes the loss ({@code torch.nn.MultiLabelSoftMarginLoss.forward}) with this module's options; see the class
     * comment for the formula.
     *
     * @param input (C) or (N, C) logits, float32 or float64
     * @param target like input, values 0 or 1
     * @return scalar; with reduction='none' (N)
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input, Tensor target) { return multilabelSoftMarginLoss(input, target, weight, reduction); }

    /**
     * {@code F.multilabel_soft_margin_loss(input, target)} with mean reduction and no weight.
     *
     * @param input (C) or (N, C) logits, float32 or float64
     * @param target like input, values 0 or 1
     * @return scalar; with reduction='none' (N)
     */
    public static Tensor multilabelSoftMarginLoss(Tensor input, Tensor target) {
        return multilabelSoftMarginLoss(input, target, null, Reduction.MEAN);
    }

    /**
     * {@code F.multilabel_soft_margin_loss(input, target, weight=None, reduction='mean')}.
     *
     * @param input (C) or (N, C) logits, float32 or float64
     * @param target like input, values 0 or 1
     * @param weight (C) rescaling weight of each class (PyTorch's {@code weight}, default None)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' (N)
     */
    public static Tensor multilabelSoftMarginLoss(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        weight = KernelInputs.dense(weight);
        checked(reduction);
        Layout a = check(input, target, weight);
        String name = BinarySupport.composedName(reduction, "DivBackward0");
        int samples = Shape.numel(a.outShape());
        if (weight == null && reduction != Reduction.NONE && BinarySupport.allFloat32(input, target) && BinarySupport.sameShape(input, target)
                && !BinarySupport.wantsGrad(target)) {
            // fused float32 for a reduced loss: the sum over all elements / C (/ samples), per element by
            // BinaryLossKernels.multilabelSoftMargin in one pass
            BinarySupport.F32 x = BinarySupport.F32.of(input), y = BinarySupport.F32.of(target);
            double divisor = (double) a.classSize() * (reduction == Reduction.MEAN ? samples : 1);
            float scale = BinarySupport.scale(divisor);
            return BinarySupport.fused(name, a.full(), reduction, divisor, 1, (loss, g, unused, lo, len) ->
                    BinarySupport.K.multilabelSoftMargin(x.a(), x.off() + lo, y.a(), y.off() + lo, loss, g, lo, scale, len), input, target);
        }
        // general: MultiLabelSoftMarginKernel in double over the broadcast of input, target and weight
        double[] x = BinarySupport.values(input, a.full()), y = BinarySupport.values(target, a.full()), w = BinarySupport.values(weight, a.full());
        double[] l = new double[samples];
        MultiLabelSoftMarginKernel.losses(x, y, w, a.classSize(), a.len(), a.inner(), l);
        Tensor out = LossReduction.output(a.dtype(), l, a.outShape(), reduction, samples);
        double scale = reduction == Reduction.MEAN ? 1.0 / samples : 1;
        Tensor in = input, tg = target;
        LossNode.Upstream up = reduction == Reduction.NONE ? LossNode.Upstream.perPosition(a.full(), a.outer(), a.len())
                : LossNode.Upstream.scalar(a.full());
        return LossNode.attach(out, name, null, needs -> {
            double[] gx = needs[0] ? new double[x.length] : null, gy = needs[1] ? new double[x.length] : null;
            MultiLabelSoftMarginKernel.gradients(x, y, w, a.classSize(), scale, gx, gy);
            return new Object[] {BinarySupport.local(in, gx), BinarySupport.local(tg, gy)};
        }, up, input, target);
    }

    /**
     * The broadcast layout: full element shape viewed as (outer, len, inner) around the class dimension
     * {@code input.dim() - 1} of the broadcast (PyTorch's {@code loss.sum(dim=input.dim() - 1)}), the per-sample output
     * shape, C = input.size(-1), and the result dtype.
     */
    private record Layout(int[] full, int[] outShape, int classSize, int outer, int len, int inner, DType dtype) {}

    /** Validates the arguments with PyTorch's messages; returns the layout. */
    private static Layout check(Tensor input, Tensor target, Tensor weight) {
        Checks.notNull(input, "input");
        Checks.notNull(target, "target");
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"log_sigmoid_cpu\" not implemented for '" + Checks.typeName(input.dtype()) + "'");
        }
        int[] full = Shape.broadcast(target.shape(), input.shape()); // target * logsigmoid(input)
        if (weight != null) full = Shape.broadcast(full, weight.shape()); // loss * weight
        if (input.dim() == 0) throw new IndexOutOfBoundsException("Dimension specified as -1 but tensor has no dimensions");
        int c = input.dim() - 1;
        int outer = 1, inner = 1;
        for (int i = 0; i < c; i++) outer *= full[i];
        for (int i = c + 1; i < full.length; i++) inner *= full[i];
        int[] outShape = new int[full.length - 1];
        for (int i = 0, j = 0; i < full.length; i++) if (i != c) outShape[j++] = full[i];
        return new Layout(full, outShape, input.size(-1), outer, full[c], inner, BinarySupport.floatingResult(input, target, weight));
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
