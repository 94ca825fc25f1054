package org.losses4j.nn;

import java.util.List;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.KernelInputs;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;
import org.losses4j.internal.kernels.BceWithLogitsKernel;
import org.losses4j.internal.kernels.BinaryKernels;
import org.losses4j.internal.kernels.LossReduction;

/**
 * Sigmoid and binary cross entropy in one stable step, {@code torch.nn.BCEWithLogitsLoss}:
 * l_n = -w_n [p_n y_n log sigmoid(x_n) + (1 - y_n) log(1 - sigmoid(x_n))], computed as
 * (1 - y) x + (1 + (p - 1) y) log(1 + exp(-x)) with a stable softplus, so logits of ±100 and far beyond
 * give exact finite values; reduced by mean (default), sum or none.
 *
 * <p>Options: {@code weight} (per-element rescaling, broadcast to the input), {@code posWeight} (weight of
 * positive examples, broadcast to the input; usually one value per class along the last dimension),
 * {@code reduction} (and legacy {@code size_average} / {@code reduce} through {@link #fromOptions}).
 * Input and target must have the same shape; the result has the target's dtype (as PyTorch). Input and
 * target are both differentiable.
 *
 * <pre>{@code
 * Tensor posWeight = Tensor.full(3.0, 64);             // 64 classes, positives weighted 3x
 * BCEWithLogitsLoss loss = BCEWithLogitsLoss.builder().posWeight(posWeight).build();
 * Tensor logits = Tensor.randn(10, 64).requiresGrad_(true);
 * Tensor target = Tensor.full(1.5, 10, 64);
 * loss.forward(logits, target).backward();
 * }</pre>
 */
public final class BCEWithLogitsLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("BCEWithLogitsLoss", "binary_cross_entropy_with_logits", BCEWithLogitsLoss::fromOptions)
            .arg("input", "(*) logits, float32 or float64")
            .arg("target", "(*) same shape as input, values in [0, 1]")
            .weight("broadcast to the input's shape: rescaling weight of each element")
            .sizeAverage().reduce().reduction()
            .option("pos_weight", LossSpec.Type.OPTIONAL_TENSOR, "None", "(C), broadcast over the last dim: weight of the positive examples")
            .gradFn("BinaryCrossEntropyWithLogitsBackward0")
            .output("scalar; with reduction='none' the input's shape")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final Tensor weight;
    private final Tensor posWeight;
    private final Reduction reduction;

    public BCEWithLogitsLoss() { this(Reduction.MEAN); }

    public BCEWithLogitsLoss(Reduction reduction) { this(null, null, reduction); }

    private BCEWithLogitsLoss(Tensor weight, Tensor posWeight, Reduction reduction) {
        this.weight = weight;
        this.posWeight = posWeight;
        this.reduction = BinaryKernels.standard(reduction);
    }

    /** Options by name: {@code builder().weight(w).posWeight(p).reduction(Reduction.SUM).build()}. */
    public static Builder builder() { return new Builder(); }

    /** Builder for the optional weight, pos_weight and reduction. */
    public static final class Builder {
        private Tensor weight;
        private Tensor posWeight;
        private Reduction reduction = Reduction.MEAN;

        private Builder() {}

        public Builder weight(Tensor weight) { this.weight = weight; return this; }

        public Builder posWeight(Tensor posWeight) { this.posWeight = posWeight; return this; }

        public Builder reduction(Reduction reduction) { this.reduction = reduction; return this; }

        public BCEWithLogitsLoss build() { return new BCEWithLogitsLoss(weight, posWeight, reduction); }
    }

    /** From PyTorch keywords: weight, pos_weight, reduction (and legacy size_average, reduce). */
    public static BCEWithLogitsLoss fromOptions(LossOptions o) {
        return new BCEWithLogitsLoss(o.getTensor("weight"), o.getTensor("pos_weight"), o.reduction());
    }

    public Tensor weight() { return weight; }

    public Tensor posWeight() { return posWeight; }

    public Reduction reduction() { return reduction; }

    public Tensor forward(Tensor input, Tensor target) { return binaryCrossEntropyWithLogits(input, target, weight, reduction, posWeight); }

    /** {@code F.binary_cross_entropy_with_logits(input, target)} with mean reduction, no weights. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return binaryCrossEntropyWithLogits(input, target, null, Reduction.MEAN, null);
    }

    /** {@code F.binary_cross_entropy_with_logits(input, target, weight=None, reduction='mean', pos_weight=None)}. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Reduction reduction, Tensor posWeight) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        weight = KernelInputs.dense(weight);
        posWeight = KernelInputs.dense(posWeight);
        BinaryKernels.standard(reduction);
        int[] shape = BceWithLogitsKernel.check(input, target, weight, posWeight);
        if (BceWithLogitsKernel.fusable(input, target, weight, posWeight)) return BceWithLogitsKernel.fused(input, target, shape, reduction);
        Tensor out = BceWithLogitsKernel.forward(input, target, weight, posWeight, shape, reduction);
        if (Autograd.needsGraph(input, target)) {
            final Tensor x = input.detach(), y = target.detach();
            final Tensor w = weight == null ? null : weight.detach(), p = posWeight == null ? null : posWeight.detach();
            out.attachGradFn(new Node("BinaryCrossEntropyWithLogitsBackward0", input, target) {
                @Override protected Tensor[] backward(Tensor g) {
                    Tensor gi = null, gt = null;
                    if (needsInputGrad(0)) {
                        gi = LossReduction.fromDoubles(x.dtype(), BceWithLogitsKernel.backwardInput(x, y, w, p, shape, reduction, g), shape);
                    }
                    if (needsInputGrad(1)) {
                        gt = LossReduction.fromDoubles(y.dtype(), BceWithLogitsKernel.backwardTarget(x, w, p, shape, reduction, g), shape);
                    }
                    return new Tensor[] {gi, gt};
                }
            });
        }
        return out;
    }

    @Override public String name() { return "BCEWithLogitsLoss"; }

    @Override public List<String> argNames() { return List.of("input", "target"); }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
