package org.losses4j.nn;

import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.CrossEntropyKernel;
import org.losses4j.internal.tensor.KernelInputs;

/**
 * Multi-class focal loss over logits and class indices (Lin et al., "Focal Loss for Dense Object Detection", ICCV
 * 2017, in its softmax form), with CrossEntropyLoss's class weights, ignore_index and layouts. With
 * log p = log_softmax(x) over the class dimension (dim 1, or 0 for an unbatched (C) input), p_y = exp(log p_y) and
 * w the class weights (1 when absent):
 * <pre>
 *   l_n = -w[y_n] (1 - p_{n, y_n})^gamma log p_{n, y_n}        (0, and not counted, when y_n == ignore_index)
 * </pre>
 * 'mean' divides by sum_n w[y_n] over the counted elements, as CrossEntropyLoss does (nan when none count); 'sum'
 * adds them; 'none' gives the target's shape. gamma = 0 is CrossEntropyLoss, bit for bit: both run the same
 * single pass over each row (the cross-entropy kernel with a focal head), which saves no copy of the input.
 *
 * <p>The same definition in PyTorch, which the fixtures differentiate (grad_fn: WhereBackward0 for 'none',
 * SumBackward0, DivBackward0 for 'mean'):
 * <pre class="language-python">{@code
 * logp = F.log_softmax(input, dim=cdim)
 * nll = F.nll_loss(logp, target, weight, ignore_index=ignore_index, reduction='none')   # -w_y log p_y, 0 if ignored
 * valid = target != ignore_index
 * logpt = logp.gather(cdim, torch.where(valid, target, 0).unsqueeze(cdim)).squeeze(cdim)
 * loss = torch.where(valid, (1 - logpt.exp()) ** gamma * nll, 0)
 * # 'mean': loss.sum() / (sum of w_y over the targets that are not ignored)
 * }</pre>
 * An ignored target adds exactly 0 and no gradient (NaN only where its row's log-softmax is NaN, as in
 * CrossEntropyLoss). Where 0 &lt; gamma &lt; 1 and p_y evaluates to exactly 1, the derivative of (1 - p)^gamma is
 * infinite and the gradient NaN, as autograd gives it; p_y is formed in double, so float32 logits reach that point
 * only at a larger margin than PyTorch's float32 exp (a logit margin of about 37 instead of 17, for two classes).
 *
 * <p>Shapes: input (C) with a 0-d target, (N, C) with target (N), or (N, C, d1, ..., dK) with target (N, d1, ..., dK);
 * float32 or float64 logits, int64 targets in [0, C) or ignore_index. Errors are CrossEntropyLoss's, in PyTorch's
 * words ({@code Target 7 is out of bounds.}); a negative gamma fails with {@code gamma must be non-negative, got -1.0}.
 *
 * <pre>{@code
 * FocalLoss loss = FocalLoss.builder().gamma(2.0).ignoreIndex(255).build();
 * Tensor out = loss.forward(logits, target);   // logits (N, C, H, W), target (N, H, W)
 * out.backward();
 * }</pre>
 */
public final class FocalLoss implements Loss {
    /** What this loss is: arguments, keywords with their defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.external("FocalLoss", "focal_loss", "focal loss of Lin et al., ICCV 2017 (softmax form)",
                    FocalLoss::fromOptions)
            .arg("input", "(C), (N, C) or (N, C, d1, ..., dK) logits, float32 or float64")
            .constant("target", "class indices () / (N) / (N, d1, ..., dK) int64 in [0, C) or ignore_index")
            .weight("(C) rescaling weight of each class")
            .option("gamma", LossSpec.Type.FLOAT, "2.0", "focusing parameter >= 0: (1 - p)^gamma scales each element's -log p")
            .option("ignore_index", LossSpec.Type.INT, "-100", "target value that is ignored and adds no gradient")
            .reduction()
            .gradFn("WhereBackward0", "SumBackward0", "DivBackward0")
            .output("scalar; with reduction='none' the target's shape () / (N) / (N, d1, ..., dK)")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    /** The default focusing parameter (Lin et al.'s). */
    public static final double DEFAULT_GAMMA = 2.0;

    private final Tensor weight;
    private final double gamma;
    private final long ignoreIndex;
    private final Reduction reduction;

    /** Defaults: no weight, gamma 2, ignore_index -100, reduction mean. */
    public FocalLoss() { this(builder()); }

    /**
     * With a focusing parameter and the other defaults.
     *
     * @param gamma the focusing parameter, at least 0
     * @throws IllegalArgumentException for a negative or NaN gamma
     */
    public FocalLoss(double gamma) { this(builder().gamma(gamma)); }

    private FocalLoss(Builder b) {
        b.reduction.notBatchmean();
        checkGamma(b.gamma);
        this.weight = b.weight;
        this.gamma = b.gamma;
        this.ignoreIndex = b.ignoreIndex;
        this.reduction = b.reduction;
    }

    /**
     * A builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() { return new Builder(); }

    /** Options by name: weight, gamma, ignoreIndex, reduction. */
    public static final class Builder {
        private Tensor weight;
        private double gamma = DEFAULT_GAMMA;
        private long ignoreIndex = NLLLoss.DEFAULT_IGNORE_INDEX;
        private Reduction reduction = Reduction.MEAN;

        private Builder() {}

        /**
         * Per-class rescaling weight.
         *
         * @param weight a (C) tensor of the input's dtype, or null for none
         * @return this builder
         */
        public Builder weight(Tensor weight) { this.weight = weight; return this; }

        /**
         * The focusing parameter.
         *
         * @param gamma at least 0 (checked by {@link #build()}); 0 is cross entropy
         * @return this builder
         */
        public Builder gamma(double gamma) { this.gamma = gamma; return this; }

        /**
         * A target value that is ignored and does not count in the mean's denominator.
         *
         * @param ignoreIndex the ignored class index (any value)
         * @return this builder
         */
        public Builder ignoreIndex(long ignoreIndex) { this.ignoreIndex = ignoreIndex; return this; }

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
         * @return a FocalLoss with these options
         * @throws IllegalArgumentException for a negative gamma or the reduction 'batchmean'
         */
        public FocalLoss build() { return new FocalLoss(this); }
    }

    /**
     * From keywords: weight, gamma, ignore_index, reduction.
     *
     * @param o the keywords
     * @return the loss
     * @throws IllegalArgumentException for a bad value
     */
    public static FocalLoss fromOptions(LossOptions o) {
        return builder().weight(o.getTensor("weight")).gamma(o.getDouble("gamma", DEFAULT_GAMMA))
                .ignoreIndex(o.getLong("ignore_index", NLLLoss.DEFAULT_IGNORE_INDEX))
                .reduction(Reduction.of(o.getString("reduction", "mean"))).build();
    }

    /**
     * The class weights.
     *
     * @return the (C) weights, or null
     */
    public Tensor weight() { return weight; }

    /**
     * The focusing parameter.
     *
     * @return gamma
     */
    public double gamma() { return gamma; }

    /**
     * The ignored target value.
     *
     * @return ignore_index
     */
    public long ignoreIndex() { return ignoreIndex; }

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
     * @throws IllegalArgumentException for bad shapes or dtypes (PyTorch's messages)
     * @throws IndexOutOfBoundsException for a target out of [0, C) that is not ignore_index
     */
    public Tensor forward(Tensor input, Tensor target) { return focalLoss(input, target, weight, gamma, ignoreIndex, reduction); }

    /**
     * {@code focal_loss(input, target)} with the defaults (gamma 2, mean).
     *
     * @param input  the logits
     * @param target the class indices
     * @return the mean focal loss
     */
    public static Tensor focalLoss(Tensor input, Tensor target) {
        return focalLoss(input, target, null, DEFAULT_GAMMA, NLLLoss.DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    /**
     * {@code focal_loss(input, target, weight=None, gamma=2.0, ignore_index=-100, reduction='mean')}.
     *
     * @param input       (C), (N, C) or (N, C, d1, ..., dK) logits, float32 or float64
     * @param target      () / (N) / (N, d1, ..., dK) int64 class indices
     * @param weight      (C) class weights of the input's dtype, or null
     * @param gamma       focusing parameter, at least 0
     * @param ignoreIndex the ignored target value
     * @param reduction   none, mean or sum
     * @return the loss
     * @throws IllegalArgumentException for bad shapes, dtypes or gamma
     * @throws IndexOutOfBoundsException for a target out of range
     */
    public static Tensor focalLoss(Tensor input, Tensor target, Tensor weight, double gamma, long ignoreIndex, Reduction reduction) {
        checkGamma(gamma);
        reduction.notBatchmean();
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        weight = KernelInputs.dense(weight);
        ClassificationSupport.Layout l = ClassificationSupport.checkClassIndices(input, target, weight, ignoreIndex, 0);
        String gradFn = reduction == Reduction.NONE ? "WhereBackward0" : reduction == Reduction.SUM ? "SumBackward0" : "DivBackward0";
        return ClassificationSupport.classIndexLoss(input, target, weight, ignoreIndex, reduction, 0, CrossEntropyKernel.Head.focal(gamma), l, gradFn);
    }

    private static void checkGamma(double gamma) {
        if (!(gamma >= 0)) throw new IllegalArgumentException("gamma must be non-negative, got " + gamma);
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
