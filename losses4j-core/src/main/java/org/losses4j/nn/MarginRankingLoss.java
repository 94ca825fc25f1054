package org.losses4j.nn;

import java.util.List;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.KernelInputs;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;
import org.losses4j.internal.kernels.BinaryKernels;
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

    public MarginRankingLoss() { this(0.0, Reduction.MEAN); }

    public MarginRankingLoss(Reduction reduction) { this(0.0, reduction); }

    public MarginRankingLoss(double margin) { this(margin, Reduction.MEAN); }

    public MarginRankingLoss(double margin, Reduction reduction) {
        this.margin = margin;
        this.reduction = BinaryKernels.standard(reduction);
    }

    /** From PyTorch keywords: margin, reduction (and legacy size_average, reduce). */
    public static MarginRankingLoss fromOptions(LossOptions o) {
        return new MarginRankingLoss(o.getDouble("margin", 0.0), o.reduction());
    }

    public double margin() { return margin; }

    public Reduction reduction() { return reduction; }

    public Tensor forward(Tensor input1, Tensor input2, Tensor target) { return marginRankingLoss(input1, input2, target, margin, reduction); }

    /** {@code F.margin_ranking_loss(input1, input2, target)} with margin 0 and mean reduction. */
    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target) {
        return marginRankingLoss(input1, input2, target, 0.0, Reduction.MEAN);
    }

    /** {@code F.margin_ranking_loss(input1, input2, target, margin=0, reduction='mean')}. */
    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
        input1 = KernelInputs.dense(input1);
        input2 = KernelInputs.dense(input2);
        target = KernelInputs.dense(target);
        BinaryKernels.standard(reduction);
        int[] shape = MarginRankingKernel.check(input1, input2, target);
        String name = reduction == Reduction.NONE ? "ClampMinBackward0" : reduction == Reduction.SUM ? "SumBackward0" : "MeanBackward0";
        if (MarginRankingKernel.fusable(input1, input2, target)) {
            return MarginRankingKernel.fused(input1, input2, target, margin, shape, reduction, name);
        }
        Tensor out = MarginRankingKernel.forward(input1, input2, target, margin, shape, reduction);
        if (Autograd.needsGraph(input1, input2, target)) {
            final Tensor a = input1.detach(), b = input2.detach(), y = target.detach();
            out.attachGradFn(new Node(name, input1, input2, target) {
                @Override protected Tensor[] backward(Tensor g) {
                    boolean[] want = {needsInputGrad(0), needsInputGrad(1), needsInputGrad(2)};
                    double[][] gr = MarginRankingKernel.backward(a, b, y, margin, shape, reduction, g, want);
                    return new Tensor[] {
                        gr[0] == null ? null : BinaryKernels.gradFor(a, gr[0], shape),
                        gr[1] == null ? null : BinaryKernels.gradFor(b, gr[1], shape),
                        gr[2] == null ? null : BinaryKernels.gradFor(y, gr[2], shape)};
                }
            });
        }
        return out;
    }

    @Override public String name() { return "MarginRankingLoss"; }

    @Override public List<String> argNames() { return List.of("input1", "input2", "target"); }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1], args[2]); }
}
