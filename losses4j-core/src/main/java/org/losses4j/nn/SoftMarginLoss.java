package org.losses4j.nn;

import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradMode;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.tensor.LossReduction;
import org.losses4j.internal.kernels.SoftMarginKernel;

/**
 * Two-class logistic loss, {@code torch.nn.SoftMarginLoss}: l_n = log(1 + exp(-y_n x_n)) with y in {1, -1},
 * reduced by mean over all elements (default), sum or none.
 *
 * <p>Options: {@code reduction} (and legacy {@code size_average} / {@code reduce} through {@link #fromOptions}).
 * The target broadcasts to the input's shape and may be any numeric dtype; it is not differentiable (a target
 * that requires grad is rejected while grad mode is on, as PyTorch). The loss is evaluated literally, as PyTorch,
 * at the input's precision: once -y x passes ~88.7 (float32) the loss is inf and the gradient NaN, exactly where
 * PyTorch's log1p(exp(.)) overflows (use BCEWithLogitsLoss for a loss that stays finite).
 *
 * <pre>{@code
 * Tensor inputs = Tensor.of(new float[][] {{0.3f, 0.7f}, {0.5f, 0.5f}});
 * Tensor target = Tensor.of(new float[][] {{-1, 1}, {1, -1}});
 * new SoftMarginLoss().forward(inputs, target);   // tensor(0.6764)
 * }</pre>
 */
public final class SoftMarginLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("SoftMarginLoss", "soft_margin_loss", SoftMarginLoss::fromOptions)
            .arg("input", "(*) float32 or float64")
            .constant("target", "(*) broadcastable to input, values 1 or -1, any numeric dtype")
            .sizeAverage().reduce().reduction()
            .gradFn("SoftMarginLossBackward0")
            .output("scalar; with reduction='none' the input's shape")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final Reduction reduction;

    /** A {@code torch.nn.SoftMarginLoss} with PyTorch's defaults (reduction='mean'). */
    public SoftMarginLoss() { this(Reduction.MEAN); }

    /**
     * A {@code torch.nn.SoftMarginLoss} with the given {@code reduction} and PyTorch's defaults for the rest.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public SoftMarginLoss(Reduction reduction) { this.reduction = BinarySupport.standard(reduction); }

    /**
     * From PyTorch keywords: reduction (and legacy size_average, reduce).
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.SoftMarginLoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static SoftMarginLoss fromOptions(LossOptions o) { return new SoftMarginLoss(o.reduction()); }

    /**
     * How the per-element losses are reduced (PyTorch's {@code reduction}).
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * Computes the loss ({@code torch.nn.SoftMarginLoss.forward}) with this module's options; see the class comment
     * for the formula.
     *
     * @param input (*) float32 or float64
     * @param target (*) broadcastable to input, values 1 or -1, any numeric dtype
     * @return scalar; with reduction='none' the input's shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input, Tensor target) { return softMarginLoss(input, target, reduction); }

    /**
     * {@code F.soft_margin_loss(input, target)} with mean reduction.
     *
     * @param input (*) float32 or float64
     * @param target (*) broadcastable to input, values 1 or -1, any numeric dtype
     * @return scalar; with reduction='none' the input's shape
     */
    public static Tensor softMarginLoss(Tensor input, Tensor target) { return softMarginLoss(input, target, Reduction.MEAN); }

    /**
     * {@code F.soft_margin_loss(input, target, reduction='mean')}.
     *
     * @param input (*) float32 or float64
     * @param target (*) broadcastable to input, values 1 or -1, any numeric dtype
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the input's shape
     */
    public static Tensor softMarginLoss(Tensor input, Tensor target, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        BinarySupport.standard(reduction);
        int[] shape = check(input, target);
        String name = "SoftMarginLossBackward0";
        int n = Shape.numel(shape);
        if (BinarySupport.allFloat32(input, target) && BinarySupport.sameShape(input, target)) {
            // fused float32: l and dl/dx by BinaryLossKernels.softMargin in one pass
            BinarySupport.F32 x = BinarySupport.F32.of(input), y = BinarySupport.F32.of(target);
            double divisor = BinarySupport.divisor(reduction, n);
            float scale = BinarySupport.scale(divisor);
            return BinarySupport.fused(name, shape, reduction, divisor, 1,
                    (loss, g, unused, lo, len) -> BinarySupport.K.softMargin(x.a(), x.off() + lo, y.a(), y.off() + lo, loss, g, lo, scale, len),
                    input, target);
        }
        // general: SoftMarginKernel in double (exp at the input's precision), the target broadcast to the input
        double[] x = input.toDoubleArray(), y = BinarySupport.values(target, shape);
        boolean f32 = input.dtype() == DType.FLOAT32;
        double[] l = new double[n];
        SoftMarginKernel.losses(x, y, f32, l);
        Tensor out = LossReduction.output(input.dtype(), l, shape, reduction, n);
        double scale = 1 / BinarySupport.divisor(reduction, n);
        Tensor in = input;
        return LossNode.attach(out, name, null, needs -> {
            double[] gx = new double[n];
            SoftMarginKernel.gradInput(x, y, f32, scale, gx);
            return new Object[] {BinarySupport.local(in, gx)};
        }, LossNode.Upstream.pointwise(shape, reduction != Reduction.NONE), input);
    }

    /** Validates the arguments with PyTorch's messages; returns the loss shape (the input's). */
    private static int[] check(Tensor input, Tensor target) {
        Checks.notNull(input, "input");
        Checks.notNull(target, "target");
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("result type Float can't be cast to the desired output type " + Checks.typeName(input.dtype()));
        }
        int[] shape = input.shape();
        BinarySupport.inPlaceBroadcast(shape, target.shape()); // neg_out(output, input).mul_(target)
        if (target.requiresGrad() && GradMode.isEnabled()) {
            throw new IllegalArgumentException("The function 'soft_margin_loss' is not differentiable with respect to argument 'target'. "
                    + "This input cannot have requires_grad True.");
        }
        return shape;
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
