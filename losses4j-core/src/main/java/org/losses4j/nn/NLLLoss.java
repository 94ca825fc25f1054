package org.losses4j.nn;

import java.util.List;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.KernelInputs;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;
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
 * Tensor logp = LogSoftmax... // (N, 3) log-probabilities
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

    /** With a reduction and the other defaults. */
    public NLLLoss(Reduction reduction) { this(builder().reduction(reduction)); }

    private NLLLoss(Builder b) {
        if (b.reduction == Reduction.BATCHMEAN) throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        this.weight = b.weight;
        this.ignoreIndex = b.ignoreIndex;
        this.reduction = b.reduction;
    }

    /** A builder with PyTorch's defaults. */
    public static Builder builder() { return new Builder(); }

    /** Options by name: weight, ignoreIndex, reduction. */
    public static final class Builder {
        private Tensor weight;
        private long ignoreIndex = DEFAULT_IGNORE_INDEX;
        private Reduction reduction = Reduction.MEAN;

        private Builder() {}

        /** Per-class rescaling weight of length C (null for none). */
        public Builder weight(Tensor weight) { this.weight = weight; return this; }

        /** A target value that is ignored and does not count in the mean's denominator. */
        public Builder ignoreIndex(long ignoreIndex) { this.ignoreIndex = ignoreIndex; return this; }

        public Builder reduction(Reduction reduction) { this.reduction = reduction; return this; }

        public NLLLoss build() { return new NLLLoss(this); }
    }

    /** From PyTorch keywords: weight, ignore_index, reduction (and legacy size_average, reduce). */
    public static NLLLoss fromOptions(LossOptions o) {
        return builder().weight(o.getTensor("weight")).ignoreIndex(o.getLong("ignore_index", DEFAULT_IGNORE_INDEX))
                .reduction(o.reduction()).build();
    }

    public Tensor weight() { return weight; }

    public long ignoreIndex() { return ignoreIndex; }

    public Reduction reduction() { return reduction; }

    public Tensor forward(Tensor input, Tensor target) { return nllLoss(input, target, weight, ignoreIndex, reduction); }

    /** {@code F.nll_loss(input, target)} with the defaults. */
    public static Tensor nllLoss(Tensor input, Tensor target) { return nllLoss(input, target, null, DEFAULT_IGNORE_INDEX, Reduction.MEAN); }

    /** {@code F.nll_loss(input, target, weight=None, ignore_index=-100, reduction='mean')}. */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        weight = KernelInputs.dense(weight);
        if (reduction == Reduction.BATCHMEAN) throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        NllKernel.Layout l = NllKernel.check(input, target, weight, ignoreIndex);
        if (!Autograd.needsGraph(input)) {
            return NllKernel.output(input.dtype(), NllKernel.forward(input, target, weight, ignoreIndex, l), l, reduction);
        }
        final Tensor y = target.detach(), w = weight == null ? null : weight.detach();
        final int[] inShape = input.shape();
        final org.losses4j.DType dt = input.dtype();
        NllKernel.Result r = NllKernel.forward(input, target, weight, ignoreIndex, l);
        Tensor out = NllKernel.output(dt, r, l, reduction);
        final double totalWeight = r.totalWeight();
        out.attachGradFn(new Node(l.gradFnName(reduction, inShape.length), input) {
            @Override protected Tensor[] backward(Tensor g) {
                return new Tensor[] {NllKernel.backward(dt, inShape, y, w, ignoreIndex, l, reduction, totalWeight, g)};
            }

            // the gradient has N x S non-zero entries out of N x C x S: added straight into an existing leaf gradient
            @Override protected Tensor[] backward(Tensor g, Tensor[] leafGrads) {
                if (leafGrads[0] == null) return backward(g);
                NllKernel.backwardInto(leafGrads[0], y, w, ignoreIndex, l, reduction, totalWeight, g);
                return new Tensor[1];
            }
        });
        return out;
    }

    @Override public String name() { return "NLLLoss"; }

    @Override public List<String> argNames() { return List.of("input", "target"); }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
