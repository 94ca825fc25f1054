package org.losses4j.nn;

import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.CrossEntropyKernel;
import org.losses4j.internal.tensor.KernelInputs;

/**
 * Poly-1 loss over logits and class indices (Leng et al., "PolyLoss: A Polynomial Expansion Perspective of
 * Classification Loss Functions", ICLR 2022): cross entropy plus epsilon times the first polynomial term. With
 * p = softmax(x) over the class dimension (dim 1, or 0 for an unbatched (C) input), e = label_smoothing and
 * q the label-smoothed one-hot target, q_c = (1 - e) [c == y_n] + e / C:
 * <pre>
 *   l_n = CE_n + epsilon (1 - sum_c q_c p_{n, c})          (0, and not counted, when y_n == ignore_index)
 * </pre>
 * where CE_n is CrossEntropyLoss(label_smoothing=e, reduction='none'). 'mean' divides by the number of counted
 * elements (nan when none count); 'sum' adds them; 'none' gives the target's shape. epsilon = 0 is cross entropy.
 * One pass over each row, the cross-entropy kernel's, with a Poly-1 head; no copy of the input is saved.
 *
 * <p>The same definition in PyTorch, which the fixtures differentiate (grad_fn: WhereBackward0 for 'none',
 * SumBackward0, DivBackward0 for 'mean'):
 * <pre class="language-python">{@code
 * ce = F.cross_entropy(input, target, ignore_index=ignore_index, label_smoothing=e, reduction='none')
 * valid = target != ignore_index
 * q = F.one_hot(torch.where(valid, target, 0), C).movedim(-1, cdim) * (1 - e) + e / C
 * loss = torch.where(valid, ce + epsilon * (1 - (q * F.softmax(input, cdim)).sum(cdim)), 0)
 * # 'mean': loss.sum() / valid.sum()
 * }</pre>
 * A negative label_smoothing behaves as 0, as in CrossEntropyLoss.
 *
 * <p>Shapes: input (C) with a 0-d target, (N, C) with target (N), or (N, C, d1, ..., dK) with target (N, d1, ..., dK);
 * float32 or float64 logits, int64 targets in [0, C) or ignore_index. Errors are CrossEntropyLoss's, in PyTorch's
 * words ({@code Target 7 is out of bounds.}, {@code label_smoothing must be between 0.0 and 1.0. Got: 1.5}).
 *
 * <pre>{@code
 * PolyLoss loss = PolyLoss.builder().epsilon(2.0).labelSmoothing(0.1).build();
 * Tensor out = loss.forward(logits, target);   // logits (N, C), target (N)
 * out.backward();
 * }</pre>
 */
public final class PolyLoss implements Loss {
    /** What this loss is: arguments, keywords with their defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.external("PolyLoss", "poly_loss", "Poly-1 loss of Leng et al., ICLR 2022", PolyLoss::fromOptions)
            .arg("input", "(C), (N, C) or (N, C, d1, ..., dK) logits, float32 or float64")
            .constant("target", "class indices () / (N) / (N, d1, ..., dK) int64 in [0, C) or ignore_index")
            .option("epsilon", LossSpec.Type.FLOAT, "1.0", "weight of the first polynomial term, epsilon (1 - p_t)")
            .option("ignore_index", LossSpec.Type.INT, "-100", "target value that is ignored and adds no gradient")
            .option("label_smoothing", LossSpec.Type.FLOAT, "0.0", "in [0, 1]: mixes the target with the uniform distribution")
            .reduction()
            .gradFn("WhereBackward0", "SumBackward0", "DivBackward0")
            .output("scalar; with reduction='none' the target's shape () / (N) / (N, d1, ..., dK)")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    /** The default weight of the polynomial term (Poly-1 with epsilon 1). */
    public static final double DEFAULT_EPSILON = 1.0;

    private final double epsilon;
    private final long ignoreIndex;
    private final double labelSmoothing;
    private final Reduction reduction;

    /** Defaults: epsilon 1, ignore_index -100, label_smoothing 0, reduction mean. */
    public PolyLoss() { this(builder()); }

    /**
     * With a polynomial weight and the other defaults.
     *
     * @param epsilon the weight of the (1 - p_t) term
     */
    public PolyLoss(double epsilon) { this(builder().epsilon(epsilon)); }

    private PolyLoss(Builder b) {
        b.reduction.notBatchmean();
        this.epsilon = b.epsilon;
        this.ignoreIndex = b.ignoreIndex;
        this.labelSmoothing = b.labelSmoothing;
        this.reduction = b.reduction;
    }

    /**
     * A builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() { return new Builder(); }

    /** Options by name: epsilon, ignoreIndex, labelSmoothing, reduction. */
    public static final class Builder {
        private double epsilon = DEFAULT_EPSILON;
        private long ignoreIndex = NLLLoss.DEFAULT_IGNORE_INDEX;
        private double labelSmoothing = 0.0;
        private Reduction reduction = Reduction.MEAN;

        private Builder() {}

        /**
         * The weight of the first polynomial term.
         *
         * @param epsilon any value; the paper uses values from -1 up
         * @return this builder
         */
        public Builder epsilon(double epsilon) { this.epsilon = epsilon; return this; }

        /**
         * A target value that is ignored and does not count in the mean's denominator.
         *
         * @param ignoreIndex the ignored class index (any value)
         * @return this builder
         */
        public Builder ignoreIndex(long ignoreIndex) { this.ignoreIndex = ignoreIndex; return this; }

        /**
         * Label smoothing of the cross-entropy term and of p_t's target.
         *
         * @param labelSmoothing in [0, 1] (checked at forward, as CrossEntropyLoss does); negative behaves as 0
         * @return this builder
         */
        public Builder labelSmoothing(double labelSmoothing) { this.labelSmoothing = labelSmoothing; return this; }

        /**
         * How the per-element losses are reduced.
         *
         * @param reduction none, mean or sum
         * @return this builder
         */
        public Builder reduction(Reduction reduction) { this.reduction = reduction; return this; }

        /**
         * The loss.
         *
         * @return a PolyLoss with these options
         * @throws IllegalArgumentException for the reduction 'batchmean'
         */
        public PolyLoss build() { return new PolyLoss(this); }
    }

    /**
     * From keywords: epsilon, ignore_index, label_smoothing, reduction.
     *
     * @param o the keywords
     * @return the loss
     * @throws IllegalArgumentException for a bad value
     */
    public static PolyLoss fromOptions(LossOptions o) {
        return builder().epsilon(o.getDouble("epsilon", DEFAULT_EPSILON)).ignoreIndex(o.getLong("ignore_index", NLLLoss.DEFAULT_IGNORE_INDEX))
                .labelSmoothing(o.getDouble("label_smoothing", 0.0)).reduction(Reduction.of(o.getString("reduction", "mean"))).build();
    }

    /**
     * The weight of the polynomial term.
     *
     * @return epsilon
     */
    public double epsilon() { return epsilon; }

    /**
     * The ignored target value.
     *
     * @return ignore_index
     */
    public long ignoreIndex() { return ignoreIndex; }

    /**
     * The label smoothing.
     *
     * @return label_smoothing as given
     */
    public double labelSmoothing() { return labelSmoothing; }

    /**
     * The reduction.
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * The loss of logits against class indices.
     *
     * @param input  (C), (N, C) or (N, C, d1, ..., dK) logits
     * @param target () / (N) / (N, d1, ..., dK) int64 class indices
     * @return the reduced loss, or the per-element losses for 'none'
     * @throws IllegalArgumentException for bad shapes, dtypes or label smoothing (PyTorch's messages)
     * @throws IndexOutOfBoundsException for a target out of [0, C) that is not ignore_index
     */
    public Tensor forward(Tensor input, Tensor target) { return polyLoss(input, target, epsilon, ignoreIndex, labelSmoothing, reduction); }

    /**
     * {@code poly_loss(input, target)} with the defaults (epsilon 1, mean).
     *
     * @param input  the logits
     * @param target the class indices
     * @return the mean Poly-1 loss
     */
    public static Tensor polyLoss(Tensor input, Tensor target) {
        return polyLoss(input, target, DEFAULT_EPSILON, NLLLoss.DEFAULT_IGNORE_INDEX, 0.0, Reduction.MEAN);
    }

    /**
     * {@code poly_loss(input, target, epsilon=1.0, ignore_index=-100, label_smoothing=0.0, reduction='mean')}.
     *
     * @param input          (C), (N, C) or (N, C, d1, ..., dK) logits, float32 or float64
     * @param target         () / (N) / (N, d1, ..., dK) int64 class indices
     * @param epsilon        the weight of the (1 - p_t) term
     * @param ignoreIndex    the ignored target value
     * @param labelSmoothing in [0, 1]; negative behaves as 0
     * @param reduction      none, mean or sum
     * @return the loss
     * @throws IllegalArgumentException for bad shapes, dtypes or label smoothing
     * @throws IndexOutOfBoundsException for a target out of range
     */
    public static Tensor polyLoss(Tensor input, Tensor target, double epsilon, long ignoreIndex, double labelSmoothing, Reduction reduction) {
        reduction.notBatchmean();
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        ClassificationSupport.Layout l = ClassificationSupport.checkClassIndices(input, target, null, ignoreIndex, labelSmoothing);
        double e = labelSmoothing > 0 ? labelSmoothing : 0;
        String gradFn = reduction == Reduction.NONE ? "WhereBackward0" : reduction == Reduction.SUM ? "SumBackward0" : "DivBackward0";
        return ClassificationSupport.classIndexLoss(input, target, null, ignoreIndex, reduction, e, CrossEntropyKernel.Head.poly(epsilon, e, l.c()), l,
                gradFn);
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
