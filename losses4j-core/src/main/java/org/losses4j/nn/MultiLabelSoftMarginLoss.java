package org.losses4j.nn;

import java.util.List;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.KernelInputs;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;
import org.losses4j.internal.kernels.BinaryKernels;
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

    public MultiLabelSoftMarginLoss() { this(null, Reduction.MEAN); }

    public MultiLabelSoftMarginLoss(Reduction reduction) { this(null, reduction); }

    /** @param weight per-class rescaling weight, or null */
    public MultiLabelSoftMarginLoss(Tensor weight) { this(weight, Reduction.MEAN); }

    /** @param weight per-class rescaling weight, or null */
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

    /** From PyTorch keywords: weight, reduction (and legacy size_average, reduce). */
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

    public Tensor weight() { return weight; }

    public Reduction reduction() { return reduction; }

    public Tensor forward(Tensor input, Tensor target) { return multilabelSoftMarginLoss(input, target, weight, reduction); }

    /** {@code F.multilabel_soft_margin_loss(input, target)} with mean reduction and no weight. */
    public static Tensor multilabelSoftMarginLoss(Tensor input, Tensor target) {
        return multilabelSoftMarginLoss(input, target, null, Reduction.MEAN);
    }

    /** {@code F.multilabel_soft_margin_loss(input, target, weight=None, reduction='mean')}. */
    public static Tensor multilabelSoftMarginLoss(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        weight = KernelInputs.dense(weight);
        checked(reduction);
        MultiLabelSoftMarginKernel.Layout layout = MultiLabelSoftMarginKernel.check(input, target, weight);
        String name = reduction == Reduction.NONE ? "DivBackward0" : reduction == Reduction.SUM ? "SumBackward0" : "MeanBackward0";
        if (MultiLabelSoftMarginKernel.fusable(input, target, weight, reduction)) {
            return MultiLabelSoftMarginKernel.fused(input, target, layout, reduction, name);
        }
        Tensor out = MultiLabelSoftMarginKernel.forward(input, target, weight, layout, reduction);
        if (Autograd.needsGraph(input, target)) {
            final Tensor x = input.detach(), y = target.detach(), w = weight == null ? null : weight.detach();
            out.attachGradFn(new Node(name, input, target) {
                @Override protected Tensor[] backward(Tensor g) {
                    double[][] gr = MultiLabelSoftMarginKernel.backward(x, y, w, layout, reduction, g, needsInputGrad(0), needsInputGrad(1));
                    Tensor gi = gr[0] == null ? null : BinaryKernels.gradFor(x, gr[0], layout.full());
                    Tensor gt = gr[1] == null ? null : BinaryKernels.gradFor(y, gr[1], layout.full());
                    return new Tensor[] {gi, gt};
                }
            });
        }
        return out;
    }

    @Override public String name() { return "MultiLabelSoftMarginLoss"; }

    @Override public List<String> argNames() { return List.of("input", "target"); }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
