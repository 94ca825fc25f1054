package org.losses4j.nn;

import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.internal.kernels.HingeEmbeddingKernel;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.tensor.LossReduction;

/**
 * Hinge embedding loss, {@code torch.nn.HingeEmbeddingLoss}: l_n = x_n where y_n = 1 and
 * max(0, margin - x_n) where y_n = -1; for any other target value PyTorch's formula adds both terms
 * ([y != 1] max(0, margin - x) + [y != -1] x), and so does this. Reduced by mean (default), sum or none over
 * the broadcast of input and target.
 *
 * <p>Options: {@code margin} (default 1.0), {@code reduction} (and legacy {@code size_average} / {@code reduce}
 * through {@link #fromOptions}). The target may be any numeric dtype (the tutorial passes integers); only the
 * input is differentiable. PyTorch composes this loss from elementary ops, so its {@code grad_fn} is
 * {@code AddBackward0} (none), {@code MeanBackward0} (mean) or {@code SumBackward0} (sum); ours is one fused node
 * with the same name.
 *
 * <pre>{@code
 * Tensor inputs = Tensor.of(new float[][] {{1f, 0.8f, 0.5f}});
 * Tensor target = Tensor.of(new long[][] {{1, 1, -1}});
 * new HingeEmbeddingLoss().forward(inputs, target);   // tensor(0.7667)
 * }</pre>
 */
public final class HingeEmbeddingLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("HingeEmbeddingLoss", "hinge_embedding_loss", HingeEmbeddingLoss::fromOptions)
            .arg("input", "(*) distances, float32 or float64")
            .constant("target", "(*) broadcastable with input, values 1 or -1, any numeric dtype")
            .option("margin", LossSpec.Type.FLOAT, "1.0", "x where target is 1, max(0, margin - x) where target is -1")
            .sizeAverage().reduce().reduction()
            .gradFn("AddBackward0", "MeanBackward0", "SumBackward0")
            .output("scalar; with reduction='none' the broadcast shape")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final double margin;
    private final Reduction reduction;

    /** A {@code torch.nn.HingeEmbeddingLoss} with PyTorch's defaults (margin=1.0, reduction='mean'). */
    public HingeEmbeddingLoss() { this(1.0, Reduction.MEAN); }

    /**
     * A {@code torch.nn.HingeEmbeddingLoss} with the given {@code reduction} and PyTorch's defaults for the rest.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public HingeEmbeddingLoss(Reduction reduction) { this(1.0, reduction); }

    /**
     * A {@code torch.nn.HingeEmbeddingLoss} with the given {@code margin} and PyTorch's defaults for the rest.
     *
     * @param margin x where target is 1, max(0, margin - x) where target is -1 (PyTorch's {@code margin}, default
     *         1.0)
     */
    public HingeEmbeddingLoss(double margin) { this(margin, Reduction.MEAN); }

    /**
     * A {@code torch.nn.HingeEmbeddingLoss} with the given {@code margin}, {@code reduction} and PyTorch's defaults
     * for the rest.
     *
     * @param margin x where target is 1, max(0, margin - x) where target is -1 (PyTorch's {@code margin}, default
     *         1.0)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public HingeEmbeddingLoss(double margin, Reduction reduction) {
        this.margin = margin;
        this.reduction = BinarySupport.standard(reduction);
    }

    /**
     * From PyTorch keywords: margin, reduction (and legacy size_average, reduce).
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.HingeEmbeddingLoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static HingeEmbeddingLoss fromOptions(LossOptions o) {
        return new HingeEmbeddingLoss(o.getDouble("margin", 1.0), o.reduction());
    }

    /**
     * The {@code margin} option: x where target is 1, max(0, margin - x) where target is -1 (PyTorch's default 1.0).
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
     * Computes the loss ({@code torch.nn.HingeEmbeddingLoss.forward}) with this module's options; see the class
     * comment for the formula.
     *
     * @param input (*) distances, float32 or float64
     * @param target (*) broadcastable with input, values 1 or -1, any numeric dtype
     * @return scalar; with reduction='none' the broadcast shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input, Tensor target) { return hingeEmbeddingLoss(input, target, margin, reduction); }

    /**
     * {@code F.hinge_embedding_loss(input, target)} with margin 1.0 and mean reduction.
     *
     * @param input (*) distances, float32 or float64
     * @param target (*) broadcastable with input, values 1 or -1, any numeric dtype
     * @return scalar; with reduction='none' the broadcast shape
     */
    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target) { return hingeEmbeddingLoss(input, target, 1.0, Reduction.MEAN); }

    /**
     * {@code F.hinge_embedding_loss(input, target, margin=1.0, reduction='mean')}.
     *
     * @param input (*) distances, float32 or float64
     * @param target (*) broadcastable with input, values 1 or -1, any numeric dtype
     * @param margin x where target is 1, max(0, margin - x) where target is -1 (PyTorch's {@code margin}, default
     *         1.0)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the broadcast shape
     */
    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target, double margin, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        BinarySupport.standard(reduction);
        Checks.floating(input, "input", "hinge_embedding_loss");
        Checks.notNull(target, "target");
        int[] shape = Shape.broadcast(target.shape(), input.shape()); // where(target != 1, margin_clamp, zeros)
        String name = BinarySupport.composedName(reduction, "AddBackward0");
        int n = Shape.numel(shape);
        if (BinarySupport.allFloat32(input, target) && BinarySupport.sameShape(input, target) && !BinarySupport.wantsGrad(target)) {
            // fused float32: l and dl/dx by BinaryLossKernels.hingeEmbedding in one pass
            BinarySupport.F32 x = BinarySupport.F32.of(input), y = BinarySupport.F32.of(target);
            double divisor = BinarySupport.divisor(reduction, n);
            float scale = BinarySupport.scale(divisor), m = (float) margin;
            return BinarySupport.fused(name, shape, reduction, divisor, 1, (loss, g, unused, lo, len) ->
                    BinarySupport.K.hingeEmbedding(x.a(), x.off() + lo, y.a(), y.off() + lo, loss, g, lo, m, scale, len), input, target);
        }
        // general: HingeEmbeddingKernel in double over the broadcast; the target only selects terms, so no gradient flows to it
        boolean f32 = input.dtype() == DType.FLOAT32;
        double m = f32 ? (float) margin : margin;
        double[] x = BinarySupport.values(input, shape), y = BinarySupport.values(target, shape);
        double[] l = new double[n];
        HingeEmbeddingKernel.losses(x, y, m, f32, l);
        Tensor out = LossReduction.output(input.dtype(), l, shape, reduction, n);
        double scale = 1 / BinarySupport.divisor(reduction, n);
        Tensor in = input;
        return LossNode.attach(out, name, null, needs -> {
            double[] gx = new double[n];
            HingeEmbeddingKernel.gradInput(x, y, m, f32, scale, gx);
            return new Object[] {BinarySupport.local(in, gx)};
        }, LossNode.Upstream.pointwise(shape, reduction != Reduction.NONE), input);
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
