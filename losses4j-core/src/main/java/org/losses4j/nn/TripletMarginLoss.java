package org.losses4j.nn;

import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.internal.kernels.EmbeddingKernels;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.tensor.LossReduction;

/**
 * Triplet margin loss, {@code torch.nn.TripletMarginLoss}: with PyTorch's {@code pairwise_distance}
 * {@code d(x, y) = ||x - y + eps||_p} over the last dimension,
 * <pre>  l = max(0, margin + d(a, p) - d(a, n))</pre>
 * and with {@code swap} {@code d(a, n)} replaced by {@code min(d(a, n), d(p, n))} (Balntas et al.); reduced by
 * mean (default), sum or none. Inputs (N, D) or unbatched (D) (any equal rank, the last dimension is the
 * embedding); the three broadcast with each other. Anchor, positive and negative all receive gradients.
 *
 * <p>Options: {@code margin = 1.0} (must be positive: PyTorch 2.x raises {@code margin must be greater than 0, got
 * 0.0}; 1.13 accepted any margin), {@code p = 2.0} (any norm order PyTorch's norm takes: 1, 2, 3, 0.5, inf ...),
 * {@code eps = 1e-6}, {@code swap = false}, {@code reduction = MEAN}, legacy {@code size_average} / {@code reduce}.
 * {@code grad_fn} is PyTorch's last composed op: {@code ClampMinBackward0} (none), {@code MeanBackward0},
 * {@code SumBackward0}.
 *
 * <pre>{@code
 * TripletMarginLoss loss = TripletMarginLoss.builder().margin(1.0).p(2).build();
 * Tensor a = Tensor.randn(100, 128).requiresGrad_(true);
 * Tensor p = Tensor.randn(100, 128).requiresGrad_(true);
 * Tensor n = Tensor.randn(100, 128).requiresGrad_(true);
 * loss.forward(a, p, n).backward();
 * }</pre>
 */
public final class TripletMarginLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("TripletMarginLoss", "triplet_margin_loss", TripletMarginLoss::fromOptions)
            .arg("anchor", "(N, D) or (D), float32 or float64 (int64 promotes)")
            .arg("positive", "like anchor")
            .arg("negative", "like anchor")
            .option("margin", LossSpec.Type.FLOAT, "1.0", "max(d(a, p) - d(a, n) + margin, 0)")
            .option("p", LossSpec.Type.FLOAT, "2.0", "the norm degree of the pairwise distance")
            .option("eps", LossSpec.Type.FLOAT, "1e-06", "added to the differences before the norm")
            .option("swap", LossSpec.Type.BOOL, "False", "use min(d(a, n), d(p, n)) as the negative distance")
            .sizeAverage().reduce().reduction()
            .gradFn("ClampMinBackward0", "MeanBackward0", "SumBackward0")
            .output("scalar; with reduction='none' (N), or () for unbatched input")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final double margin;
    private final double p;
    private final double eps;
    private final boolean swap;
    private final Reduction reduction;

    /** margin 1, p 2, eps 1e-6, no swap, mean. */
    public TripletMarginLoss() { this(builder()); }

    private TripletMarginLoss(Builder b) {
        b.reduction.notBatchmean();
        this.margin = b.margin;
        this.p = b.p;
        this.eps = b.eps;
        this.swap = b.swap;
        this.reduction = b.reduction;
    }

    /**
     * A builder with PyTorch's defaults.
     *
     * @return a new builder
     */
    public static Builder builder() { return new Builder(); }

    /** Options with PyTorch's defaults. */
    public static final class Builder {
        private double margin = 1.0;
        private double p = 2.0;
        private double eps = 1e-6;
        private boolean swap = false;
        private Reduction reduction = Reduction.MEAN;

        /**
         * Sets PyTorch's {@code margin} option.
         *
         * @param margin max(d(a, p) - d(a, n) + margin, 0) (PyTorch's {@code margin}, default 1.0)
         * @return this builder
         */
        public Builder margin(double margin) { this.margin = margin; return this; }

        /**
         * Sets PyTorch's {@code p} option.
         *
         * @param p the norm degree of the pairwise distance (PyTorch's {@code p}, default 2.0)
         * @return this builder
         */
        public Builder p(double p) { this.p = p; return this; }

        /**
         * Sets PyTorch's {@code eps} option.
         *
         * @param eps added to the differences before the norm (PyTorch's {@code eps}, default 1e-06)
         * @return this builder
         */
        public Builder eps(double eps) { this.eps = eps; return this; }

        /**
         * Sets PyTorch's {@code swap} option.
         *
         * @param swap use min(d(a, n), d(p, n)) as the negative distance (PyTorch's {@code swap}, default False)
         * @return this builder
         */
        public Builder swap(boolean swap) { this.swap = swap; return this; }

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
         * @return a new {@code TripletMarginLoss}
         */
        public TripletMarginLoss build() { return new TripletMarginLoss(this); }
    }

    /**
     * From PyTorch keywords: margin, p, eps, swap, reduction (and legacy size_average, reduce).
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.TripletMarginLoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static TripletMarginLoss fromOptions(LossOptions o) {
        return builder().margin(o.getDouble("margin", 1.0)).p(o.getDouble("p", 2.0)).eps(o.getDouble("eps", 1e-6))
                .swap(o.getBool("swap", false)).reduction(o.reduction()).build();
    }

    /**
     * The {@code margin} option: max(d(a, p) - d(a, n) + margin, 0) (PyTorch's default 1.0).
     *
     * @return the value
     */
    public double margin() { return margin; }

    /**
     * The {@code p} option: the norm degree of the pairwise distance (PyTorch's default 2.0).
     *
     * @return the value
     */
    public double p() { return p; }

    /**
     * The {@code eps} option: added to the differences before the norm (PyTorch's default 1e-06).
     *
     * @return the value
     */
    public double eps() { return eps; }

    /**
     * The {@code swap} option: use min(d(a, n), d(p, n)) as the negative distance (PyTorch's default False).
     *
     * @return the value
     */
    public boolean swap() { return swap; }

    /**
     * How the per-element losses are reduced (PyTorch's {@code reduction}).
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * Computes the loss ({@code torch.nn.TripletMarginLoss.forward}) with this module's options; see the class
     * comment for the formula.
     *
     * @param anchor (N, D) or (D), float32 or float64 (int64 promotes)
     * @param positive like anchor
     * @param negative like anchor
     * @return scalar; with reduction='none' (N), or () for unbatched input
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor anchor, Tensor positive, Tensor negative) {
        return tripletMarginLoss(anchor, positive, negative, margin, p, eps, swap, reduction);
    }

    /** PyTorch 2.x's margin check (F.triplet_margin_loss and F.triplet_margin_with_distance_loss). */
    static void checkMargin(double margin) {
        if (!(margin > 0)) throw new IllegalArgumentException("margin must be greater than 0, got " + margin);
    }

    /**
     * {@code F.triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False,
     * reduction='mean')}.
     *
     * @param anchor (N, D) or (D), float32 or float64 (int64 promotes)
     * @param positive like anchor
     * @param negative like anchor
     * @param margin max(d(a, p) - d(a, n) + margin, 0) (PyTorch's {@code margin}, default 1.0)
     * @param p the norm degree of the pairwise distance (PyTorch's {@code p}, default 2.0)
     * @param eps added to the differences before the norm (PyTorch's {@code eps}, default 1e-06)
     * @param swap use min(d(a, n), d(p, n)) as the negative distance (PyTorch's {@code swap}, default False)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' (N), or () for unbatched input
     */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p, double eps, boolean swap,
                                           Reduction reduction) {
        anchor = KernelInputs.dense(anchor);
        positive = KernelInputs.dense(positive);
        negative = KernelInputs.dense(negative);
        Tensor[] promoted = EmbeddingSupport.promoted(anchor, positive, negative);
        anchor = promoted[0];
        positive = promoted[1];
        negative = promoted[2];
        reduction.notBatchmean();
        checkMargin(margin);
        int[] shape = EmbeddingSupport.tripletCheck(anchor, positive, negative);
        EmbeddingKernels.TripletOptions o = new EmbeddingKernels.TripletOptions(margin, p, eps, swap);
        EmbeddingKernels.Rows rows = EmbeddingKernels.Rows.of(shape);
        if (p == 2 && !swap && EmbeddingSupport.fusable(anchor, positive, negative)) return fused(anchor, positive, negative, rows, o, reduction);
        double red = EmbeddingSupport.red(reduction, rows.rows());
        boolean graph = Autograd.needsGraph(anchor, positive, negative);
        final Tensor a = anchor.detach(), po = positive.detach(), ne = negative.detach();
        EmbeddingKernels.Local loc = general(a, po, ne, rows, o, red, graph ? EmbeddingSupport.wanted(true, anchor, positive, negative) : null);
        Tensor out = LossReduction.output(EmbeddingSupport.common(anchor, positive, negative), loc.loss(), rows.outShape(false), reduction, rows.rows());
        return LossNode.attach(out, EmbeddingSupport.gradFnName(reduction, "ClampMinBackward0"), EmbeddingSupport.as(loc.grads(), a, po, ne),
                needs -> EmbeddingSupport.as(general(a, po, ne, rows, o, red, needs).grads(), a, po, ne),
                EmbeddingSupport.perRow(shape, rows.rows(), reduction, loc.fixed()), anchor, positive, negative);
    }

    /** The general kernel on the inputs expanded to the broadcast shape. */
    private static EmbeddingKernels.Local general(Tensor a, Tensor po, Tensor ne, EmbeddingKernels.Rows rows, EmbeddingKernels.TripletOptions o,
                                                  double red, boolean[] want) {
        int[] shape = rows.shape();
        return EmbeddingKernels.triplet(KernelInputs.valuesAs(a, shape), KernelInputs.valuesAs(po, shape), KernelInputs.valuesAs(ne, shape),
                EmbeddingSupport.dtypes(a, po, ne), o, red, want, rows);
    }

    /** Float32 contiguous inputs of one shape, p = 2, no swap: loss and local gradients in one pass. */
    private static Tensor fused(Tensor anchor, Tensor positive, Tensor negative, EmbeddingKernels.Rows rows, EmbeddingKernels.TripletOptions o,
                                Reduction reduction) {
        boolean[] want = EmbeddingSupport.wanted(Autograd.needsGraph(anchor, positive, negative), anchor, positive, negative);
        double red = EmbeddingSupport.red(reduction, rows.rows());
        EmbeddingKernels.Fused f = fusedKernel(anchor, positive, negative, rows, o, red, want);
        Tensor out = LossReduction.output(DType.FLOAT32, f.loss(), rows.outShape(false), reduction, rows.rows());
        final Tensor a = anchor.detach(), po = positive.detach(), ne = negative.detach();
        return LossNode.attach(out, EmbeddingSupport.gradFnName(reduction, "ClampMinBackward0"), f.grads(),
                needs -> fusedKernel(a, po, ne, rows, o, red, needs).grads(),
                EmbeddingSupport.perRow(rows.shape(), rows.rows(), reduction, f.fixed()), anchor, positive, negative);
    }

    private static EmbeddingKernels.Fused fusedKernel(Tensor a, Tensor po, Tensor ne, EmbeddingKernels.Rows rows, EmbeddingKernels.TripletOptions o,
                                                      double red, boolean[] want) {
        return EmbeddingKernels.tripletFused(EmbeddingSupport.floats(a), a.storageOffset(), EmbeddingSupport.floats(po), po.storageOffset(),
                EmbeddingSupport.floats(ne), ne.storageOffset(), o, red, want, rows);
    }

    /**
     * {@code F.pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False)}: {@code ||x1 - x2 + eps||_p} over the last
     * dimension of the broadcast shape, one node ({@code NormBackward1}) with gradients for both inputs.
     *
     * @param x1 (..., D), float32 or float64 (int64 promotes)
     * @param x2 broadcastable with x1
     * @param p the norm's order
     * @param eps added to the difference before the norm
     * @param keepdim true to keep the last dim with size 1
     * @return the distances, of the broadcast shape without (or with a size-1) last dim
     * @throws IllegalArgumentException when the shapes do not broadcast or the dtypes are not floating
     */
    // d/dx1 = dnorm/dv, d/dx2 = -dnorm/dv (v = x1 - x2 + eps), times the upstream per row
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepdim) {
        Tensor[] promoted = EmbeddingSupport.promoted(x1, x2); // int64 inputs, as x1 - x2 + eps promotes them
        x1 = promoted[0];
        x2 = promoted[1];
        int[] shape = EmbeddingSupport.pairwiseCheck(x1, x2);
        DType dt = Checks.common(x1, x2);
        EmbeddingKernels.Rows rows = EmbeddingKernels.Rows.of(shape);
        double[] norms = EmbeddingKernels.pairwiseForward(KernelInputs.valuesAs(x1, shape), KernelInputs.valuesAs(x2, shape), dt, p, eps, rows);
        Tensor out = LossReduction.fromDoubles(dt, norms, rows.outShape(keepdim));
        final Tensor a = x1.detach(), b = x2.detach();
        double[] ones = new double[rows.rows()];
        java.util.Arrays.fill(ones, 1.0);
        return LossNode.attach(out, "NormBackward1", null,
                needs -> EmbeddingSupport.as(EmbeddingKernels.pairwiseBackward(KernelInputs.valuesAs(a, shape), KernelInputs.valuesAs(b, shape), dt,
                        norms, ones, p, eps, needs, rows), a, b),
                LossNode.Upstream.perRow(shape, rows.rows()), x1, x2);
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1], args[2]); }
}
