package org.losses4j.nn;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.kernels.BceWithLogitsKernel;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.tensor.LossReduction;

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

    /**
     * A {@code torch.nn.BCEWithLogitsLoss} with PyTorch's defaults (pos_weight=None, weight=None, reduction='mean').
     */
    public BCEWithLogitsLoss() { this(Reduction.MEAN); }

    /**
     * A {@code torch.nn.BCEWithLogitsLoss} with the given {@code reduction} and PyTorch's defaults for the rest.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public BCEWithLogitsLoss(Reduction reduction) { this(null, null, reduction); }

    private BCEWithLogitsLoss(Tensor weight, Tensor posWeight, Reduction reduction) {
        this.weight = weight;
        this.posWeight = posWeight;
        this.reduction = BinarySupport.standard(reduction);
    }

    /**
     * Options by name: {@code builder().weight(w).posWeight(p).reduction(Reduction.SUM).build()}.
     *
     * @return a new builder
     */
    public static Builder builder() { return new Builder(); }

    /** Builder for the optional weight, pos_weight and reduction. */
    public static final class Builder {
        private Tensor weight;
        private Tensor posWeight;
        private Reduction reduction = Reduction.MEAN;

        private Builder() {}

        /**
         * Sets PyTorch's {@code weight} option.
         *
         * @param weight broadcast to the input's shape: rescaling weight of each element (PyTorch's {@code weight},
         *         default None)
         * @return this builder
         */
        public Builder weight(Tensor weight) { this.weight = weight; return this; }

        /**
         * Sets PyTorch's {@code pos_weight} option.
         *
         * @param posWeight (C), broadcast over the last dim: weight of the positive examples (PyTorch's
         *         {@code pos_weight}, default None)
         * @return this builder
         */
        public Builder posWeight(Tensor posWeight) { this.posWeight = posWeight; return this; }

        /**
         * Sets PyTorch's {@code reduction} option.
         *
         * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
         *         (PyTorch's default) or {@link Reduction#SUM}
         * @return this builder
         */
        public Builder reduction(Reduction reduction) { this.reduction = reduction; return this; }

        /**
         * The loss with the options set so far.
         *
         * @return a new {@code BCEWithLogitsLoss}
         */
        public BCEWithLogitsLoss build() { return new BCEWithLogitsLoss(weight, posWeight, reduction); }
    }

    /**
     * From PyTorch keywords: weight, pos_weight, reduction (and legacy size_average, reduce).
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.BCEWithLogitsLoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static BCEWithLogitsLoss fromOptions(LossOptions o) {
        return new BCEWithLogitsLoss(o.getTensor("weight"), o.getTensor("pos_weight"), o.reduction());
    }

    /**
     * The {@code weight} option: broadcast to the input's shape: rescaling weight of each element (PyTorch's default
     * None).
     *
     * @return the tensor, or null when none was given
     */
    public Tensor weight() { return weight; }

    /**
     * The {@code pos_weight} option: (C), broadcast over the last dim: weight of the positive examples (PyTorch's
     * default None).
     *
     * @return the tensor, or null when none was given
     */
    public Tensor posWeight() { return posWeight; }

    /**
     * How the per-element losses are reduced (PyTorch's {@code reduction}).
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * Computes the loss ({@code torch.nn.BCEWithLogitsLoss.forward}) with this module's options; see the class
     * comment for the formula.
     *
     * @param input (*) logits, float32 or float64
     * @param target (*) same shape as input, values in [0, 1]
     * @return scalar; with reduction='none' the input's shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input, Tensor target) { return binaryCrossEntropyWithLogits(input, target, weight, reduction, posWeight); }

    /**
     * {@code F.binary_cross_entropy_with_logits(input, target)} with mean reduction, no weights.
     *
     * @param input (*) logits, float32 or float64
     * @param target (*) same shape as input, values in [0, 1]
     * @return scalar; with reduction='none' the input's shape
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return binaryCrossEntropyWithLogits(input, target, null, Reduction.MEAN, null);
    }

    /**
     * {@code F.binary_cross_entropy_with_logits(input, target, weight=None, reduction='mean', pos_weight=None)}.
     *
     * @param input (*) logits, float32 or float64
     * @param target (*) same shape as input, values in [0, 1]
     * @param weight broadcast to the input's shape: rescaling weight of each element (PyTorch's {@code weight},
     *         default None)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @param posWeight (C), broadcast over the last dim: weight of the positive examples (PyTorch's
     *         {@code pos_weight}, default None)
     * @return scalar; with reduction='none' the input's shape
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Reduction reduction, Tensor posWeight) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        weight = KernelInputs.dense(weight);
        posWeight = KernelInputs.dense(posWeight);
        BinarySupport.standard(reduction);
        int[] shape = check(input, target, weight, posWeight);
        String name = "BinaryCrossEntropyWithLogitsBackward0";
        int n = Shape.numel(shape);
        if (weight == null && posWeight == null && BinarySupport.allFloat32(input, target) && !BinarySupport.wantsGrad(target)) {
            // fused float32: l and dl/dx by BinaryLossKernels.bceWithLogits in one pass
            BinarySupport.F32 x = BinarySupport.F32.of(input), y = BinarySupport.F32.of(target);
            double divisor = BinarySupport.divisor(reduction, n);
            float scale = BinarySupport.scale(divisor);
            return BinarySupport.fused(name, shape, reduction, divisor, 1,
                    (loss, g, unused, lo, len) -> BinarySupport.K.bceWithLogits(x.a(), x.off() + lo, y.a(), y.off() + lo, loss, g, lo, scale, len),
                    input, target);
        }
        // general: BceWithLogitsKernel in double; the result has the target's dtype, as PyTorch's in-place ops on it
        double[] x = input.toDoubleArray(), y = target.toDoubleArray();
        double[] w = BinarySupport.values(weight, shape), p = BinarySupport.values(posWeight, shape);
        double[] l = new double[n];
        BceWithLogitsKernel.losses(x, y, w, p, l);
        Tensor out = LossReduction.output(target.dtype(), l, shape, reduction, n);
        double scale = 1 / BinarySupport.divisor(reduction, n);
        Tensor in = input, tg = target;
        return LossNode.attach(out, name, null, needs -> {
            double[] gx = needs[0] ? new double[n] : null, gy = needs[1] ? new double[n] : null;
            if (gx != null) BceWithLogitsKernel.gradInput(x, y, w, p, scale, gx);
            if (gy != null) BceWithLogitsKernel.gradTarget(x, w, p, scale, gy);
            return new Object[] {BinarySupport.local(in, gx), BinarySupport.local(tg, gy)};
        }, LossNode.Upstream.pointwise(shape, reduction != Reduction.NONE), input, target);
    }

    /** Validates the arguments with PyTorch's messages; returns the loss shape (the input's). SigmoidFocalLoss shares it (its BCE term is this loss). */
    static int[] check(Tensor input, Tensor target, Tensor weight, Tensor posWeight) {
        Checks.notNull(input, "input");
        Checks.notNull(target, "target");
        int[] shape = input.shape();
        if (!Arrays.equals(target.shape(), shape)) {
            throw new IllegalArgumentException("Target size (" + BinarySupport.torchSize(target.shape()) + ") must be the same as input size ("
                    + BinarySupport.torchSize(shape) + ")");
        }
        if (target.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("Subtraction, the `-` operator, with two bool tensors is not supported. "
                    + "Use the `^` or `logical_xor()` operator instead.");
        }
        if (!target.dtype().isFloatingPoint() || !input.dtype().isFloatingPoint()) {
            DType res = input.dtype().isFloatingPoint() ? input.dtype() : DType.FLOAT32;
            DType out = input.dtype().isFloatingPoint() ? target.dtype() : input.dtype();
            throw new IllegalArgumentException("result type " + Checks.typeName(res) + " can't be cast to the desired output type "
                    + Checks.typeName(out));
        }
        if (posWeight != null) {
            // (pos_weight - 1).mul(target): a = pos_weight, b = target; then added in place into the loss
            BinarySupport.inPlaceBroadcast(shape, Shape.broadcast(posWeight.shape(), target.shape()));
        }
        if (weight != null) BinarySupport.inPlaceBroadcast(shape, weight.shape()); // loss.mul_(weight)
        return shape;
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
