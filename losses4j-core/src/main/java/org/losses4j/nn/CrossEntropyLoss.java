package org.losses4j.nn;

import org.losses4j.Reduction;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.kernels.CrossEntropyKernel;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.tensor.LossReduction;
import org.losses4j.internal.kernels.NllKernel;

/**
 * Cross entropy between logits and a target, {@code torch.nn.CrossEntropyLoss}: log-softmax over the class
 * dimension (dim 1, or 0 for an unbatched (C) input) fused with the negative log likelihood, in one autograd node
 * that saves one log-sum-exp per row and recomputes the softmax in backward.
 *
 * <p>With logp = log_softmax(x), w the class weights (1 when absent), e = labelSmoothing and C classes:
 * <ul>
 *   <li><b>class-index targets</b> (int64, shape (N), 0-d, or (N, d1..dK)): l_n = (1 - e) w[y_n] (-logp[n, y_n])
 *       + (e / C) sum_c w_c (-logp[n, c]); elements with y_n == ignoreIndex give 0 and do not count; 'mean' divides by
 *       sum_n w[y_n] over the counted elements (nan when none count);</li>
 *   <li><b>probability targets</b> (floating, exactly the input's shape): l_n = -sum_c w_c t'[n, c] logp[n, c] with
 *       t' = (1 - e) t + e / C; 'mean' divides by the number of rows (numel / C), not by the weights; ignoreIndex must
 *       stay negative; gradients flow to the target and to the weight too.</li>
 * </ul>
 *
 * <p>Options (PyTorch's keywords): {@code weight}, {@code ignore_index} (default -100), {@code reduction} (default
 * mean), {@code label_smoothing} in [0, 1] (default 0; a negative value behaves as 0, as in PyTorch), and the
 * legacy {@code size_average} / {@code reduce}.
 *
 * <pre>{@code
 * Tensor.manualSeed(0);                                   // torch.manual_seed(0): the same random numbers
 * var loss = new CrossEntropyLoss();
 * Tensor input = Tensor.randn(3, 5).requiresGrad_(true);
 * Tensor target = Tensor.empty(DType.INT64, 3).random_(5);
 * Tensor output = loss.forward(input, target);
 * output.backward();
 * System.out.println(output);                             // tensor(2.2729, grad_fn=<NllLossBackward0>), as PyTorch prints it
 * System.out.println(input.grad());
 * }</pre>
 */
public final class CrossEntropyLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("CrossEntropyLoss", "cross_entropy", CrossEntropyLoss::fromOptions)
            .arg("input", "(C), (N, C) or (N, C, d1, ..., dK) logits, float32 or float64")
            .arg("target", "class indices () / (N) / (N, d1, ..., dK) int64, or probabilities shaped like input")
            .weight("(C) rescaling weight of each class")
            .sizeAverage()
            .option("ignore_index", LossSpec.Type.INT, "-100", "target value that is ignored and adds no gradient (class-index targets)")
            .reduce().reduction()
            .option("label_smoothing", LossSpec.Type.FLOAT, "0.0", "in [0, 1]: mixes the target with the uniform distribution")
            .gradFn("NllLossBackward0", "NllLoss2DBackward0", "ViewBackward0", "AddBackward0", "NegBackward0", "DivBackward1")
            .output("scalar; with reduction='none' the target's shape (N) / (N, d1, ..., dK)")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final Tensor weight;
    private final long ignoreIndex;
    private final Reduction reduction;
    private final double labelSmoothing;

    /** Defaults: no weight, ignore_index -100, reduction mean, label_smoothing 0. */
    public CrossEntropyLoss() { this(builder()); }

    /**
     * With a reduction and the other defaults.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public CrossEntropyLoss(Reduction reduction) { this(builder().reduction(reduction)); }

    private CrossEntropyLoss(Builder b) {
        b.reduction.notBatchmean();
        this.weight = b.weight;
        this.ignoreIndex = b.ignoreIndex;
        this.reduction = b.reduction;
        this.labelSmoothing = b.labelSmoothing;
    }

    /**
     * A builder with PyTorch's defaults.
     *
     * @return a new builder
     */
    public static Builder builder() { return new Builder(); }

    /** Options by name: weight, ignoreIndex, reduction, labelSmoothing. */
    public static final class Builder {
        private Tensor weight;
        private long ignoreIndex = NLLLoss.DEFAULT_IGNORE_INDEX;
        private Reduction reduction = Reduction.MEAN;
        private double labelSmoothing = 0.0;

        private Builder() {}

        /**
         * Per-class rescaling weight of length C (null for none).
         *
         * @param weight (C) rescaling weight of each class (PyTorch's {@code weight}, default None)
         * @return this builder
         */
        public Builder weight(Tensor weight) { this.weight = weight; return this; }

        /**
         * A class-index target value that is ignored (class-index targets only).
         *
         * @param ignoreIndex target value that is ignored and adds no gradient (class-index targets) (PyTorch's
         *         {@code ignore_index}, default -100)
         * @return this builder
         */
        public Builder ignoreIndex(long ignoreIndex) { this.ignoreIndex = ignoreIndex; return this; }

        /**
         * Sets PyTorch's {@code reduction} option.
         *
         * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
         *         (PyTorch's default) or {@link Reduction#SUM}
         * @return this builder
         */
        public Builder reduction(Reduction reduction) { this.reduction = reduction; return this; }

        /**
         * Amount of smoothing in [0, 1] (checked at forward, as PyTorch does).
         *
         * @param labelSmoothing in [0, 1]: mixes the target with the uniform distribution (PyTorch's
         *         {@code label_smoothing}, default 0.0)
         * @return this builder
         */
        public Builder labelSmoothing(double labelSmoothing) { this.labelSmoothing = labelSmoothing; return this; }

        /**
         * The loss with the options set so far.
         *
         * @return a new {@code CrossEntropyLoss}
         */
        public CrossEntropyLoss build() { return new CrossEntropyLoss(this); }
    }

    /**
     * From PyTorch keywords: weight, ignore_index, reduction, label_smoothing (and legacy size_average, reduce).
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.CrossEntropyLoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static CrossEntropyLoss fromOptions(LossOptions o) {
        return builder().weight(o.getTensor("weight")).ignoreIndex(o.getLong("ignore_index", NLLLoss.DEFAULT_IGNORE_INDEX))
                .labelSmoothing(o.getDouble("label_smoothing", 0.0)).reduction(o.reduction()).build();
    }

    /**
     * The {@code weight} option: (C) rescaling weight of each class (PyTorch's default None).
     *
     * @return the tensor, or null when none was given
     */
    public Tensor weight() { return weight; }

    /**
     * The {@code ignore_index} option: target value that is ignored and adds no gradient (class-index targets)
     * (PyTorch's default -100).
     *
     * @return the value
     */
    public long ignoreIndex() { return ignoreIndex; }

    /**
     * How the per-element losses are reduced (PyTorch's {@code reduction}).
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * The {@code label_smoothing} option: in [0, 1]: mixes the target with the uniform distribution (PyTorch's
     * default 0.0).
     *
     * @return the value
     */
    public double labelSmoothing() { return labelSmoothing; }

    /**
     * Computes the loss ({@code torch.nn.CrossEntropyLoss.forward}) with this module's options; see the class comment
     * for the formula.
     *
     * @param input (C), (N, C) or (N, C, d1, ..., dK) logits, float32 or float64
     * @param target class indices () / (N) / (N, d1, ..., dK) int64, or probabilities shaped like input
     * @return scalar; with reduction='none' the target's shape (N) / (N, d1, ..., dK)
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input, Tensor target) { return crossEntropy(input, target, weight, ignoreIndex, reduction, labelSmoothing); }

    /**
     * {@code F.cross_entropy(input, target)} with the defaults.
     *
     * @param input (C), (N, C) or (N, C, d1, ..., dK) logits, float32 or float64
     * @param target class indices () / (N) / (N, d1, ..., dK) int64, or probabilities shaped like input
     * @return scalar; with reduction='none' the target's shape (N) / (N, d1, ..., dK)
     */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, null, NLLLoss.DEFAULT_IGNORE_INDEX, Reduction.MEAN, 0.0);
    }

    /**
     * {@code F.cross_entropy(input, target, weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0)}.
     *
     * @param input (C), (N, C) or (N, C, d1, ..., dK) logits, float32 or float64
     * @param target class indices () / (N) / (N, d1, ..., dK) int64, or probabilities shaped like input
     * @param weight (C) rescaling weight of each class (PyTorch's {@code weight}, default None)
     * @param ignoreIndex target value that is ignored and adds no gradient (class-index targets) (PyTorch's
     *         {@code ignore_index}, default -100)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @param labelSmoothing in [0, 1]: mixes the target with the uniform distribution (PyTorch's
     *         {@code label_smoothing}, default 0.0)
     * @return scalar; with reduction='none' the target's shape (N) / (N, d1, ..., dK)
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction,
                                      double labelSmoothing) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        weight = KernelInputs.dense(weight);
        reduction.notBatchmean();
        ClassificationSupport.CrossEntropyPlan plan = ClassificationSupport.checkCrossEntropy(input, target, weight, ignoreIndex, labelSmoothing);
        return plan.probs() ? probs(input, target, weight, reduction, labelSmoothing, plan)
                : classes(input, target, weight, ignoreIndex, reduction, labelSmoothing, plan);
    }

    /**
     * Class-index targets: float32 logits with finite weights take the fused float kernel, which writes the local
     * gradient while it computes the loss (handed to the node); float64, and weights that are not finite, the double
     * form, which computes the gradient with the loss too. PyTorch's grad_fn: nll_loss(log_softmax(x)) without
     * smoothing, (1 - e) * nll + smooth * (e / C) (AddBackward0) with it.
     */
    private static Tensor classes(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction, double labelSmoothing,
                                  ClassificationSupport.CrossEntropyPlan plan) {
        ClassificationSupport.Layout l = plan.layout();
        double e = labelSmoothing > 0 ? labelSmoothing : 0;
        return ClassificationSupport.classIndexLoss(input, target, weight, ignoreIndex, reduction, e, CrossEntropyKernel.Head.crossEntropy(e, l.c()), l,
                e > 0 ? "AddBackward0" : l.gradFnName(reduction, input.dim()));
    }

    /**
     * Probability targets, in double: the loss now, the local gradients of input, target and weight when the backward
     * asks. PyTorch's grad_fn: -(logp * t * w).sum() / rows for 'mean' (DivBackward1), a negation otherwise and for an
     * empty mean (NegBackward0).
     */
    private static Tensor probs(Tensor input, Tensor target, Tensor weight, Reduction reduction, double labelSmoothing,
                                ClassificationSupport.CrossEntropyPlan plan) {
        ClassificationSupport.Layout l = plan.layout();
        int n = l.n(), c = l.c(), s = l.s();
        NllKernel.Vals x = ClassificationSupport.vals(input), t = ClassificationSupport.vals(target);
        double[] w = weight == null ? null : weight.toDoubleArray();
        double[] losses = new double[l.elements()];
        CrossEntropyKernel.forwardProbs(x, t, w, labelSmoothing, n, c, s, losses);
        int numel = input.numel();
        // PyTorch: sum / (numel / C), or nan for an empty input
        double divisor = numel == 0 ? Double.NaN : (double) (numel / c);
        Tensor out = LossReduction.output(plan.dtype(), losses, l.outShape(), reduction, divisor);
        if (!Autograd.needsGraph(input, target, weight)) return out;
        double scale = reduction == Reduction.MEAN ? 1 / divisor : 1;
        boolean none = reduction == Reduction.NONE;
        int[] shape = input.shape();
        LossNode.Upstream u = l.upstream(shape, reduction);
        // the weight's local gradient: (C) for a reduced loss, one row of C per element (N, S, C) for 'none'
        LossNode.Upstream uw = weight == null ? null : !none || shape.length == 1 ? LossNode.Upstream.scalar(weight.shape())
                : new LossNode.Upstream(new int[] {n, s, c}, n, s, c, s, 1, 0);
        DType dx = input.dtype(), dtt = target.dtype(), dw = weight == null ? null : weight.dtype();
        String name = reduction == Reduction.MEAN && numel != 0 ? "DivBackward1" : "NegBackward0";
        return LossNode.attach(out, name, null, needs -> {
            double[][] g = CrossEntropyKernel.probGrads(x, t, w, labelSmoothing, n, c, s, scale, needs[0], needs[1], needs.length > 2 && needs[2],
                    none && shape.length > 1);
            return new Object[] {ClassificationSupport.inDtype(g[0], dx), ClassificationSupport.inDtype(g[1], dtt),
                    g[2] == null ? null : ClassificationSupport.inDtype(g[2], dw)};
        }, new LossNode.Upstream[] {u, u, uw}, input, target, weight);
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
