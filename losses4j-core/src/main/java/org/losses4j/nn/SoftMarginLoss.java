package org.losses4j.nn;

import java.util.List;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.KernelInputs;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;
import org.losses4j.internal.kernels.BinaryKernels;
import org.losses4j.internal.kernels.LossReduction;
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

    public SoftMarginLoss() { this(Reduction.MEAN); }

    public SoftMarginLoss(Reduction reduction) { this.reduction = BinaryKernels.standard(reduction); }

    /** From PyTorch keywords: reduction (and legacy size_average, reduce). */
    public static SoftMarginLoss fromOptions(LossOptions o) { return new SoftMarginLoss(o.reduction()); }

    public Reduction reduction() { return reduction; }

    public Tensor forward(Tensor input, Tensor target) { return softMarginLoss(input, target, reduction); }

    /** {@code F.soft_margin_loss(input, target)} with mean reduction. */
    public static Tensor softMarginLoss(Tensor input, Tensor target) { return softMarginLoss(input, target, Reduction.MEAN); }

    /** {@code F.soft_margin_loss(input, target, reduction='mean')}. */
    public static Tensor softMarginLoss(Tensor input, Tensor target, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        BinaryKernels.standard(reduction);
        int[] shape = SoftMarginKernel.check(input, target);
        if (SoftMarginKernel.fusable(input, target)) return SoftMarginKernel.fused(input, target, shape, reduction);
        Tensor out = SoftMarginKernel.forward(input, target, shape, reduction);
        if (Autograd.needsGraph(input)) {
            final Tensor x = input.detach(), y = target.detach();
            out.attachGradFn(new Node("SoftMarginLossBackward0", input) {
                @Override protected Tensor[] backward(Tensor g) {
                    return new Tensor[] {LossReduction.fromDoubles(x.dtype(), SoftMarginKernel.backward(x, y, shape, reduction, g), shape)};
                }
            });
        }
        return out;
    }

    @Override public String name() { return "SoftMarginLoss"; }

    @Override public List<String> argNames() { return List.of("input", "target"); }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
