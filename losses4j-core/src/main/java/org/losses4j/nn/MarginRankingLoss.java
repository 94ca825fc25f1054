package org.losses4j.nn;

import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.tensor.LossReduction;
import org.losses4j.internal.kernels.MarginRankingKernel;

/**
 * Margin ranking loss, {@code torch.nn.MarginRankingLoss}: l_n = max(0, -y_n (x1_n - x2_n) + margin) with
 * y in {1, -1} saying which input should rank higher; reduced by mean (default), sum or none.
 *
 * <p>Options: {@code margin} (default 0.0), {@code reduction} (and legacy {@code size_average} / {@code reduce}
 * through {@link #fromOptions}). input1, input2 and target must have the same number of dimensions and then
 * broadcast together. input1, input2 and the target are all differentiable (gradients are summed back to each
 * one's shape). PyTorch composes this loss from elementary ops, so its {@code grad_fn} is
 * {@code ClampMinBackward0} (none), {@code MeanBackward0} (mean) or {@code SumBackward0} (sum); ours is one fused
 * node with the same name.
 *
 * <pre>{@code
 * Tensor input1 = Tensor.randn(3).requiresGrad_(true);
 * Tensor input2 = Tensor.randn(3).requiresGrad_(true);
 * Tensor target = Tensor.randn(3).sign();
 * Tensor output = new MarginRankingLoss().forward(input1, input2, target);
 * output.backward();
 * }</pre>
 */
public final class MarginRankingLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("MarginRankingLoss", "margin_ranking_loss", MarginRankingLoss::fromOptions)
            .arg("input1", "(N) or (), float32 or float64")
            .arg("input2", "like input1 (same number of dimensions, broadcastable)")
            .arg("target", "like input1, values 1 (input1 should rank higher) or -1")
            .option("margin", LossSpec.Type.FLOAT, "0.0", "max(0, -target * (input1 - input2) + margin)")
            .sizeAverage().reduce().reduction()
            .gradFn("ClampMinBackward0", "MeanBackward0", "SumBackward0")
            .output("scalar; with reduction='none' the broadcast shape")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final double margin;
    private final Reduction reduction;

    /** A {@code torch.nn.MarginRankingLoss} with PyTorch's defaults (margin=0.0, reduction='mean'). */
    public MarginRankingLoss() { this(0.0, Reduction.MEAN); }

    /**
     * A {@code torch.nn.MarginRankingLoss} with the given {@code reduction} and PyTorch's defaults for the rest.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public MarginRankingLoss(Reduction reduction) { this(0.0, reduction); }

    /**
     * A {@code torch.nn.MarginRankingLoss} with the given {@code margin} and PyTorch's defaults for the rest.
     *
     * @param margin max(0, -target * (input1 - input2) + margin) (PyTorch's {@code margin}, default 0.0)
     */
    public MarginRankingLoss(double margin) { this(margin, Reduction.MEAN); }

    /**
     * A {@code torch.nn.MarginRankingLoss} with the given {@code margin}, {@code reduction} and PyTorch's defaults
     * for the rest.
     *
     * @param margin max(0, -target * (input1 - input2) + margin) (PyTorch's {@code margin}, default 0.0)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public MarginRankingLoss(double margin, Reduction reduction) {
        this.margin = margin;
        this.reduction = BinarySupport.standard(reduction);
    }

    /**
     * From PyTorch keywords: margin, reduction (and legacy size_average, reduce).
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.MarginRankingLoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static MarginRankingLoss fromOptions(LossOptions o) {
        return new MarginRankingLoss(o.getDouble("margin", 0.0), o.reduction());
    }

    /**
     * The {@code margin} option: max(0, -target * (input1 - input2) + margin) (PyTorch's default 0.0).
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
     * Computes the loss ({@code torch.nn.MarginRankingLoss.forward}) with this module's options; see the class
     * comment for the formula.
     *
     * @param input1 (N) or (), float32 or float64
     * @param input2 like input1 (same number of dimensions, broadcastable)
     * @param target like input1, values 1 (input1 should rank higher) or -1
     * @return scalar; with reduction='none' the broadcast shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input1, Tensor input2, Tensor target) { return marginRankingLoss(input1, input2, target, margin, reduction); }

    /**
     * {@code F.margin_ranking_loss(input1, input2, target)} with margin 0 and mean reduction.
     *
     * @param input1 (N) or (), float32 or float64
     * @param input2 like input1 (same number of dimensions, broadcastable)
     * @param target like input1, values 1 (input1 should rank higher) or -1
     * @return scalar; with reduction='none' the broadcast shape
     */
    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target) {
        return marginRankingLoss(input1, input2, target, 0.0, Reduction.MEAN);
    }

    /**
     * {@code F.margin_ranking_loss(input1, input2, target, margin=0, reduction='mean')}.
     *
     * @param input1 (N) or (), float32 or float64
     * @param input2 like input1 (same number of dimensions, broadcastable)
     * @param target like input1, values 1 (input1 should rank higher) or -1
     * @param margin max(0, -target * (input1 - input2) + margin) (PyTorch's {@code margin}, default 0.0)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the broadcast shape
     */
    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
        input1 = KernelInputs.dense(input1);
        input2 = KernelInputs.dense(input2);
        target = KernelInputs.dense(target);
        BinarySupport.standard(reduction);
        int[] shape = check(input1, input2, target);
        String name = BinarySupport.composedName(reduction, "ClampMinBackward0");
        int n = Shape.numel(shape);
        if (BinarySupport.allFloat32(input1, input2, target) && BinarySupport.sameShape(input1, input2, target)
                && !BinarySupport.wantsGrad(target)) {
            // fused float32: l, dl/dx1 and dl/dx2 by BinaryLossKernels.marginRanking in one pass
            BinarySupport.F32 a = BinarySupport.F32.of(input1), b = BinarySupport.F32.of(input2), y = BinarySupport.F32.of(target);
            double divisor = BinarySupport.divisor(reduction, n);
            float scale = BinarySupport.scale(divisor), m = (float) margin;
            return BinarySupport.fused(name, shape, reduction, divisor, 2, (loss, ga, gb, lo, len) -> BinarySupport.K.marginRanking(
                    a.a(), a.off() + lo, b.a(), b.off() + lo, y.a(), y.off() + lo, loss, ga, gb, lo, m, scale, len), input1, input2, target);
        }
        // general: MarginRankingKernel in double over the broadcast (per-op float32 rounding when the result is float32)
        DType dt = BinarySupport.floatingResult(input1, input2, target);
        boolean f32 = dt == DType.FLOAT32;
        double m = f32 ? (float) margin : margin;
        double[] a = BinarySupport.values(input1, shape), b = BinarySupport.values(input2, shape), y = BinarySupport.values(target, shape);
        double[] l = new double[n];
        MarginRankingKernel.losses(a, b, y, m, f32, l);
        Tensor out = LossReduction.output(dt, l, shape, reduction, n);
        double scale = 1 / BinarySupport.divisor(reduction, n);
        Tensor in1 = input1, in2 = input2, tg = target;
        return LossNode.attach(out, name, null, needs -> {
            double[] g1 = needs[0] ? new double[n] : null, g2 = needs[1] ? new double[n] : null, gy = needs[2] ? new double[n] : null;
            MarginRankingKernel.gradients(a, b, y, m, f32, scale, g1, g2, gy);
            return new Object[] {BinarySupport.local(in1, g1), BinarySupport.local(in2, g2), BinarySupport.local(tg, gy)};
        }, LossNode.Upstream.pointwise(shape, reduction != Reduction.NONE), input1, input2, target);
    }

    /** Validates the arguments with PyTorch's messages; returns the broadcast shape. */
    private static int[] check(Tensor input1, Tensor input2, Tensor target) {
        Checks.notNull(input1, "input1");
        Checks.notNull(input2, "input2");
        Checks.notNull(target, "target");
        if (input1.dim() != input2.dim() || input1.dim() != target.dim()) {
            throw new IllegalArgumentException("margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: "
                    + BinarySupport.torchSize(input1.shape()) + ", input2: " + BinarySupport.torchSize(input2.shape()) + ", target: "
                    + BinarySupport.torchSize(target.shape()) + " ");
        }
        int[] diff = Shape.broadcast(input1.shape(), input2.shape()); // input1 - input2
        return Shape.broadcast(target.shape(), diff);                 // (-target) * diff
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1], args[2]); }
}
