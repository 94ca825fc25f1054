package org.losses4j.nn;

import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.tensor.LossReduction;
import org.losses4j.internal.kernels.NllKernel;

/**
 * Negative log likelihood loss, {@code torch.nn.NLLLoss}, over log-probabilities (e.g. the output of
 * {@code LogSoftmax}): l_n = -w[y_n] x[n, y_n], and l_n = 0 (not counted) when y_n == ignoreIndex.
 * 'mean' (default) is sum_n l_n / sum_n w[y_n] over the non-ignored n (nan when that is 0, e.g. all ignored),
 * 'sum' the plain sum (0 when all are ignored), 'none' the per-element values.
 *
 * <p>Shapes: input (N, C) with target (N); unbatched input (C) with a 0-d target; or K-dimensional input
 * (N, C, d1, .., dK) with target (N, d1, .., dK). Targets are int64 class indices in [0, C) or ignoreIndex.
 *
 * <p>Options (PyTorch's keywords): {@code weight} (a length-C tensor of the input's dtype, not differentiable),
 * {@code ignore_index} (default -100, any value, also one inside [0, C) or negative), {@code reduction}, and the legacy
 * {@code size_average} / {@code reduce}.
 *
 * <pre>{@code
 * NLLLoss loss = NLLLoss.builder().weight(Tensor.of(1.0f, 2.0f, 0.5f)).ignoreIndex(-1).build();
 * Tensor logp = Tensor.randn(3, 3).logSoftmax(1);           // (N, 3) log-probabilities
 * Tensor out = loss.forward(logp, Tensor.of(0L, 2L, -1L));
 * }</pre>
 */
public final class NLLLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("NLLLoss", "nll_loss", NLLLoss::fromOptions)
            .arg("input", "(C), (N, C) or (N, C, d1, ..., dK) log-probabilities, float32 or float64")
            .constant("target", "() / (N) / (N, d1, ..., dK) class indices in [0, C), int64")
            .weight("(C) rescaling weight of each class")
            .sizeAverage()
            .option("ignore_index", LossSpec.Type.INT, "-100", "target value that is ignored and adds no gradient")
            .reduce().reduction()
            .gradFn("NllLossBackward0", "NllLoss2DBackward0", "ViewBackward0")
            .output("scalar; with reduction='none' the target's shape")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    /** PyTorch's default ignore_index. */
    public static final long DEFAULT_IGNORE_INDEX = -100;

    private final Tensor weight;
    private final long ignoreIndex;
    private final Reduction reduction;

    /** Defaults: no weight, ignore_index -100, reduction mean. */
    public NLLLoss() { this(builder()); }

    /**
     * With a reduction and the other defaults.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public NLLLoss(Reduction reduction) { this(builder().reduction(reduction)); }

    private NLLLoss(Builder b) {
        b.reduction.notBatchmean();
        this.weight = b.weight;
        this.ignoreIndex = b.ignoreIndex;
        this.reduction = b.reduction;
    }

    /**
     * A builder with PyTorch's defaults.
     *
     * @return a new builder
     */
    public static Builder builder() { return new Builder(); }

    /** Options by name: weight, ignoreIndex, reduction. */
    public static final class Builder {
        private Tensor weight;
        private long ignoreIndex = DEFAULT_IGNORE_INDEX;
        private Reduction reduction = Reduction.MEAN;

        private Builder() {}

        /**
         * Per-class rescaling weight of length C (null for none).
         *
         * @param weight (C) rescaling weight of each class (PyTorch's {@code weight}, default None)
         * @return this builder
         */
        public Builder weight(Tensor weight) { this.weight = weight; return this; }

        /**
         * A target value that is ignored and does not count in the mean's denominator.
         *
         * @param ignoreIndex target value that is ignored and adds no gradient (PyTorch's {@code ignore_index},
         *         default -100)
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
         * The loss with the options set so far.
         *
         * @return a new {@code NLLLoss}
         */
        public NLLLoss build() { return new NLLLoss(this); }
    }

    /**
     * From PyTorch keywords: weight, ignore_index, reduction (and legacy size_average, reduce).
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.NLLLoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static NLLLoss fromOptions(LossOptions o) {
        return builder().weight(o.getTensor("weight")).ignoreIndex(o.getLong("ignore_index", DEFAULT_IGNORE_INDEX))
                .reduction(o.reduction()).build();
    }

    /**
     * The {@code weight} option: (C) rescaling weight of each class (PyTorch's default None).
     *
     * @return the tensor, or null when none was given
     */
    public Tensor weight() { return weight; }

    /**
     * The {@code ignore_index} option: target value that is ignored and adds no gradient (PyTorch's default -100).
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
     * Computes the loss ({@code torch.nn.NLLLoss.forward}) with this module's options; see the class comment for the
     * formula.
     *
     * @param input (C), (N, C) or (N, C, d1, ..., dK) log-probabilities, float32 or float64
     * @param target () / (N) / (N, d1, ..., dK) class indices in [0, C), int64
     * @return scalar; with reduction='none' the target's shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input, Tensor target) { return nllLoss(input, target, weight, ignoreIndex, reduction); }

    /**
     * {@code F.nll_loss(input, target)} with the defaults.
     *
     * @param input (C), (N, C) or (N, C, d1, ..., dK) log-probabilities, float32 or float64
     * @param target () / (N) / (N, d1, ..., dK) class indices in [0, C), int64
     * @return scalar; with reduction='none' the target's shape
     */
    public static Tensor nllLoss(Tensor input, Tensor target) { return nllLoss(input, target, null, DEFAULT_IGNORE_INDEX, Reduction.MEAN); }

    /**
     * {@code F.nll_loss(input, target, weight=None, ignore_index=-100, reduction='mean')}.
     *
     * @param input (C), (N, C) or (N, C, d1, ..., dK) log-probabilities, float32 or float64
     * @param target () / (N) / (N, d1, ..., dK) class indices in [0, C), int64
     * @param weight (C) rescaling weight of each class (PyTorch's {@code weight}, default None)
     * @param ignoreIndex target value that is ignored and adds no gradient (PyTorch's {@code ignore_index}, default
     *         -100)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the target's shape
     */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        weight = KernelInputs.dense(weight);
        reduction.notBatchmean();
        ClassificationSupport.Layout l = ClassificationSupport.checkNll(input, target, weight, ignoreIndex);
        NllKernel.Targets t = ClassificationSupport.targets(target, weight, ignoreIndex, l);
        double[] losses = new double[l.elements()];
        double total = NllKernel.forward(ClassificationSupport.vals(input), t, losses);
        Tensor out = LossReduction.output(input.dtype(), losses, l.outShape(), reduction, total);
        if (Autograd.needsGraph(input)) out.attachGradFn(new NllNode(l.gradFnName(reduction, input.dim()), input, t, reduction, total));
        return out;
    }

    /**
     * NLLLoss's node. Not a {@link org.losses4j.autograd.LossNode}: the gradient has N x S non-zero entries out of
     * N x C x S, and when the input is a leaf that already has a gradient (zero_grad(set_to_none=False), PyTorch 1.13's
     * default) this node adds those entries straight into it ({@link #backward(Tensor, Tensor[])}) instead of handing
     * over a dense gradient that the engine would add element by element: O(N) per step instead of O(N x C).
     */
    private static final class NllNode extends Node {
        private final int[] inShape;
        private final DType dtype;
        private final NllKernel.Targets targets;
        private final Reduction reduction;
        private final double totalWeight;

        NllNode(String name, Tensor input, NllKernel.Targets targets, Reduction reduction, double totalWeight) {
            super(name, input);
            this.inShape = input.shape();
            this.dtype = input.dtype();
            this.targets = targets;
            this.reduction = reduction;
            this.totalWeight = totalWeight;
        }

        // dL/dx[n, y, s] = -w[y] u_(n,s)   (u = upstream; u / total_weight for 'mean'), 0 elsewhere and for ignored targets
        @Override
        protected Tensor[] backward(Tensor g) {
            int numel = Shape.numel(inShape);
            float[] f = dtype == DType.FLOAT32 ? new float[numel] : null;
            double[] d = f == null ? new double[numel] : null;
            scatter(f, d, 0, false, g);
            return new Tensor[] {f != null ? Tensor.wrap(dtype, f, inShape) : Tensor.wrap(DType.FLOAT64, d, inShape)};
        }

        @Override
        protected Tensor[] backward(Tensor g, Tensor[] leafGrads) {
            Tensor into = leafGrads[0];
            if (into == null) return backward(g);
            Object st = into.storage();
            scatter(st instanceof float[] ? (float[]) st : null, st instanceof double[] ? (double[]) st : null, into.storageOffset(), true, g);
            return new Tensor[1];
        }

        private void scatter(float[] f, double[] d, int off, boolean add, Tensor g) {
            boolean none = reduction == Reduction.NONE;
            double u = none ? 0 : g.item();
            // PyTorch forms -(grad_output / total_weight) once and multiplies it by the weight (0 * inf stays nan)
            double scalar = none ? 0 : -(reduction == Reduction.SUM ? u : u / totalWeight);
            NllKernel.scatter(f, d, off, targets, add, scalar, none ? g.toDoubleArray() : null);
        }
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
