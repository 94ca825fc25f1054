package org.losses4j.nn;

import java.util.List;
import org.losses4j.Reduction;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.KernelInputs;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;
import org.losses4j.internal.kernels.CrossEntropyKernel;
import org.losses4j.internal.kernels.LossReduction;
import org.losses4j.internal.kernels.NllKernel;
import org.losses4j.internal.kernels.SpareOutputs;

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
 * CrossEntropyLoss loss = new CrossEntropyLoss();
 * Tensor input = Tensor.randn(3, 5).requiresGrad_(true);
 * Tensor target = Tensor.empty(DType.INT64, 3).random_(5);
 * Tensor output = loss.forward(input, target);
 * output.backward();
 * System.out.println(output);   // tensor(2.2729, grad_fn=<NllLossBackward0>)   (after Generator.manualSeedDefault(0))
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

    /** With a reduction and the other defaults. */
    public CrossEntropyLoss(Reduction reduction) { this(builder().reduction(reduction)); }

    private CrossEntropyLoss(Builder b) {
        if (b.reduction == Reduction.BATCHMEAN) throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        this.weight = b.weight;
        this.ignoreIndex = b.ignoreIndex;
        this.reduction = b.reduction;
        this.labelSmoothing = b.labelSmoothing;
    }

    /** A builder with PyTorch's defaults. */
    public static Builder builder() { return new Builder(); }

    /** Options by name: weight, ignoreIndex, reduction, labelSmoothing. */
    public static final class Builder {
        private Tensor weight;
        private long ignoreIndex = NLLLoss.DEFAULT_IGNORE_INDEX;
        private Reduction reduction = Reduction.MEAN;
        private double labelSmoothing = 0.0;

        private Builder() {}

        /** Per-class rescaling weight of length C (null for none). */
        public Builder weight(Tensor weight) { this.weight = weight; return this; }

        /** A class-index target value that is ignored (class-index targets only). */
        public Builder ignoreIndex(long ignoreIndex) { this.ignoreIndex = ignoreIndex; return this; }

        public Builder reduction(Reduction reduction) { this.reduction = reduction; return this; }

        /** Amount of smoothing in [0, 1] (checked at forward, as PyTorch does). */
        public Builder labelSmoothing(double labelSmoothing) { this.labelSmoothing = labelSmoothing; return this; }

        public CrossEntropyLoss build() { return new CrossEntropyLoss(this); }
    }

    /** From PyTorch keywords: weight, ignore_index, reduction, label_smoothing (and legacy size_average, reduce). */
    public static CrossEntropyLoss fromOptions(LossOptions o) {
        return builder().weight(o.getTensor("weight")).ignoreIndex(o.getLong("ignore_index", NLLLoss.DEFAULT_IGNORE_INDEX))
                .labelSmoothing(o.getDouble("label_smoothing", 0.0)).reduction(o.reduction()).build();
    }

    public Tensor weight() { return weight; }

    public long ignoreIndex() { return ignoreIndex; }

    public Reduction reduction() { return reduction; }

    public double labelSmoothing() { return labelSmoothing; }

    public Tensor forward(Tensor input, Tensor target) { return crossEntropy(input, target, weight, ignoreIndex, reduction, labelSmoothing); }

    /** {@code F.cross_entropy(input, target)} with the defaults. */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, null, NLLLoss.DEFAULT_IGNORE_INDEX, Reduction.MEAN, 0.0);
    }

    /** {@code F.cross_entropy(input, target, weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0)}. */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction,
                                      double labelSmoothing) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        weight = KernelInputs.dense(weight);
        if (reduction == Reduction.BATCHMEAN) throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        CrossEntropyKernel.Plan plan = CrossEntropyKernel.check(input, target, weight, ignoreIndex, labelSmoothing);
        return plan.probs() ? probs(input, target, weight, reduction, labelSmoothing, plan)
                : classes(input, target, weight, ignoreIndex, reduction, labelSmoothing, plan);
    }

    private static Tensor classes(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction, double e,
                                  CrossEntropyKernel.Plan plan) {
        NllKernel.Layout l = plan.layout();
        if (CrossEntropyKernel.fusable(input, plan)) return fused(input, target, weight, ignoreIndex, reduction, e, plan);
        double[] lse = new double[l.elements()];
        NllKernel.Result r = CrossEntropyKernel.forwardClass(input, target, weight, ignoreIndex, e, l, lse);
        Tensor out = NllKernel.output(plan.dtype(), r, l, reduction);
        if (Autograd.needsGraph(input)) {
            final Tensor x = input.detach(), y = target.detach(), w = weight == null ? null : weight.detach();
            final CrossEntropyKernel.Saved saved = new CrossEntropyKernel.Saved(lse, r.totalWeight());
            // PyTorch: nll_loss(log_softmax(x)) without smoothing, (1 - e) * nll + smooth * (e / C) with it
            out.attachGradFn(new Node(e > 0 ? "AddBackward0" : l.gradFnName(reduction, x.dim()), input) {
                @Override protected Tensor[] backward(Tensor g) {
                    double[] gx = CrossEntropyKernel.backwardClass(x, y, w, ignoreIndex, e, l, reduction, saved, g);
                    return new Tensor[] {LossReduction.fromDoubles(x.dtype(), gx, x.shape())};
                }
            });
        }
        return out;
    }

    /**
     * float32 logits over class indices: one fused pass computes the loss and, when the input needs a gradient, the
     * gradient for an upstream of 1, kept by the node; its backward hands that array over (scaled in place by the
     * upstream when it is not 1) the first time, and recomputes it from the inputs after that (retain_graph).
     */
    private static Tensor fused(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction, double e,
                                CrossEntropyKernel.Plan plan) {
        NllKernel.Layout l = plan.layout();
        boolean grad = Autograd.needsGraph(input);
        double total = CrossEntropyKernel.totalWeight(target, weight, ignoreIndex, l);
        double gradScale = reduction == Reduction.MEAN ? 1 / total : 1;
        double[] losses = reduction == Reduction.NONE ? new double[l.elements()] : null;
        float[] gx = grad ? SpareOutputs.take(input.numel()) : null;
        double sum = CrossEntropyKernel.fusedClass(input, target, weight, ignoreIndex, e, l, gx, gradScale, losses,
                SpareOutputs.replacing(gx));
        Tensor out;
        if (reduction == Reduction.NONE) out = LossReduction.fromDoubles(plan.dtype(), losses, l.outShape());
        else out = LossReduction.fromDoubles(plan.dtype(), new double[] {reduction == Reduction.SUM ? sum : sum / total}, new int[0]);
        if (grad) {
            final Tensor x = input.detach(), y = target.detach(), w = weight == null ? null : weight.detach();
            final int[] shape = input.shape();
            out.attachGradFn(new Node(e > 0 ? "AddBackward0" : l.gradFnName(reduction, x.dim()), input) {
                private float[] fresh = gx;

                @Override protected Tensor[] backward(Tensor g) {
                    float[] d = fresh;
                    fresh = null;
                    if (d == null) {
                        d = new float[gx.length];
                        CrossEntropyKernel.fusedClass(x, y, w, ignoreIndex, e, l, d, gradScale, null, null);
                    }
                    if (reduction == Reduction.NONE || g.item() != 1.0) CrossEntropyKernel.rescale(d, l, reduction, g);
                    return new Tensor[] {Tensor.wrap(DType.FLOAT32, d, shape)};
                }

                @Override protected void releaseSavedState() { fresh = null; }
            });
        }
        return out;
    }

    private static Tensor probs(Tensor input, Tensor target, Tensor weight, Reduction reduction, double e, CrossEntropyKernel.Plan plan) {
        NllKernel.Layout l = plan.layout();
        double[] lse = new double[l.elements()];
        double[] losses = CrossEntropyKernel.forwardProbs(input, target, weight, e, l, lse);
        int numel = input.numel();
        // PyTorch: sum / (numel / C), or nan for an empty input
        double divisor = numel == 0 ? Double.NaN : (double) (numel / l.c());
        Tensor out = LossReduction.output(plan.dtype(), losses, l.outShape(), reduction, divisor);
        if (Autograd.needsGraph(input, target, weight)) {
            final Tensor x = input.detach(), t = target.detach(), w = weight == null ? null : weight.detach();
            final CrossEntropyKernel.Saved saved = new CrossEntropyKernel.Saved(lse, divisor);
            // PyTorch: -(logp * t * w).sum() / rows for 'mean' (DivBackward1), a negation otherwise and for empty means
            String name = reduction == Reduction.MEAN && numel != 0 ? "DivBackward1" : "NegBackward0";
            out.attachGradFn(new Node(name, input, target, weight) {
                @Override protected Tensor[] backward(Tensor g) {
                    CrossEntropyKernel.ProbGrads pg = CrossEntropyKernel.backwardProbs(x, t, w, e, l, reduction, saved, g,
                            needsInputGrad(0), needsInputGrad(1), needsInputGrad(2));
                    Tensor gx = pg.input() == null ? null : LossReduction.fromDoubles(x.dtype(), pg.input(), x.shape());
                    Tensor gt = pg.target() == null ? null : LossReduction.fromDoubles(t.dtype(), pg.target(), t.shape());
                    Tensor gw = pg.weight() == null ? null : LossReduction.fromDoubles(floating(w.dtype()), pg.weight(), w.shape());
                    return new Tensor[] {gx, gt, gw};
                }
            });
        }
        return out;
    }

    private static DType floating(DType d) { return d.isFloatingPoint() ? d : DType.FLOAT32; }

    @Override public String name() { return "CrossEntropyLoss"; }

    @Override public List<String> argNames() { return List.of("input", "target"); }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
