package org.losses4j.nn;

import java.util.List;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.kernels.EmbeddingKernels;
import org.losses4j.internal.kernels.KernelInputs;
import org.losses4j.internal.kernels.LossReduction;

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

    public static Builder builder() { return new Builder(); }

    /** Options with PyTorch's defaults. */
    public static final class Builder {
        private double margin = 1.0;
        private double p = 2.0;
        private double eps = 1e-6;
        private boolean swap = false;
        private Reduction reduction = Reduction.MEAN;

        public Builder margin(double margin) { this.margin = margin; return this; }

        public Builder p(double p) { this.p = p; return this; }

        public Builder eps(double eps) { this.eps = eps; return this; }

        public Builder swap(boolean swap) { this.swap = swap; return this; }

        public Builder reduction(Reduction reduction) { this.reduction = reduction; return this; }

        public TripletMarginLoss build() { return new TripletMarginLoss(this); }
    }

    /** From PyTorch keywords: margin, p, eps, swap, reduction (and legacy size_average, reduce). */
    public static TripletMarginLoss fromOptions(LossOptions o) {
        return builder().margin(o.getDouble("margin", 1.0)).p(o.getDouble("p", 2.0)).eps(o.getDouble("eps", 1e-6))
                .swap(o.getBool("swap", false)).reduction(o.reduction()).build();
    }

    public double margin() { return margin; }

    public double p() { return p; }

    public double eps() { return eps; }

    public boolean swap() { return swap; }

    public Reduction reduction() { return reduction; }

    public Tensor forward(Tensor anchor, Tensor positive, Tensor negative) {
        return tripletMarginLoss(anchor, positive, negative, margin, p, eps, swap, reduction);
    }

    /** PyTorch 2.x's margin check (F.triplet_margin_loss and F.triplet_margin_with_distance_loss). */
    static void checkMargin(double margin) {
        if (!(margin > 0)) throw new IllegalArgumentException("margin must be greater than 0, got " + margin);
    }

    /** {@code F.triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, reduction='mean')}. */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p, double eps, boolean swap,
                                           Reduction reduction) {
        anchor = KernelInputs.dense(anchor);
        positive = KernelInputs.dense(positive);
        negative = KernelInputs.dense(negative);
        reduction.notBatchmean();
        checkMargin(margin);
        int[] shape = EmbeddingKernels.tripletCheck(anchor, positive, negative);
        if (p == 2 && !swap && EmbeddingKernels.fusable(anchor, positive, negative)) return fused(anchor, positive, negative, shape, margin, eps, reduction);
        int rows = EmbeddingKernels.Rows.of(shape).rows();
        double red = reduction == Reduction.MEAN ? 1.0 / rows : 1.0;
        boolean graph = Autograd.needsGraph(anchor, positive, negative);
        final Tensor a = anchor.detach(), po = positive.detach(), ne = negative.detach();
        EmbeddingKernels.Local loc = EmbeddingKernels.triplet(a, po, ne, shape, margin, p, eps, swap, red,
                graph ? EmbeddingSupport.wanted(true, anchor, positive, negative) : null);
        Tensor out = LossReduction.output(EmbeddingKernels.common(anchor, positive, negative), loc.loss(),
                EmbeddingKernels.Rows.of(shape).outShape(false), reduction, rows);
        return LossNode.attach(out, EmbeddingSupport.gradFnName(reduction, "ClampMinBackward0"), EmbeddingSupport.as(loc.grads(), a, po, ne),
                needs -> EmbeddingSupport.as(EmbeddingKernels.triplet(a, po, ne, shape, margin, p, eps, swap, red, needs).grads(), a, po, ne),
                EmbeddingSupport.perRow(shape, rows, reduction, loc.fixed()), anchor, positive, negative);
    }

    /** Float32 contiguous inputs of one shape, p = 2, no swap: loss and local gradients in one pass. */
    private static Tensor fused(Tensor anchor, Tensor positive, Tensor negative, int[] shape, double margin, double eps, Reduction reduction) {
        boolean[] want = EmbeddingSupport.wanted(Autograd.needsGraph(anchor, positive, negative), anchor, positive, negative);
        EmbeddingKernels.Fused f = EmbeddingKernels.tripletFused(anchor, positive, negative, shape, margin, eps, reduction, want);
        final Tensor a = anchor.detach(), po = positive.detach(), ne = negative.detach();
        int rows = EmbeddingKernels.Rows.of(shape).rows();
        return LossNode.attach(f.output(), EmbeddingSupport.gradFnName(reduction, "ClampMinBackward0"), f.grads(),
                needs -> EmbeddingKernels.tripletFused(a, po, ne, shape, margin, eps, reduction, needs).grads(),
                EmbeddingSupport.perRow(shape, rows, reduction, f.fixed()), anchor, positive, negative);
    }

    /**
     * {@code F.pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False)}: {@code ||x1 - x2 + eps||_p} over the last
     * dimension of the broadcast shape, one node ({@code NormBackward1}) with gradients for both inputs.
     */
    // d/dx1 = dnorm/dv, d/dx2 = -dnorm/dv (v = x1 - x2 + eps), times the upstream per row
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepdim) {
        int[] shape = EmbeddingKernels.pairwiseCheck(x1, x2);
        double[] norms = EmbeddingKernels.pairwiseForward(x1, x2, shape, p, eps);
        EmbeddingKernels.Rows rows = EmbeddingKernels.Rows.of(shape);
        Tensor out = LossReduction.fromDoubles(EmbeddingKernels.common(x1, x2), norms, rows.outShape(keepdim));
        final Tensor a = x1.detach(), b = x2.detach();
        double[] ones = new double[rows.rows()];
        java.util.Arrays.fill(ones, 1.0);
        return LossNode.attach(out, "NormBackward1", null,
                needs -> EmbeddingSupport.as(EmbeddingKernels.pairwiseBackward(a, b, shape, p, eps, norms, ones, needs[0], needs[1]), a, b),
                LossNode.Upstream.perRow(shape, rows.rows()), x1, x2);
    }

    @Override public String name() { return "TripletMarginLoss"; }

    @Override public List<String> argNames() { return List.of("anchor", "positive", "negative"); }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1], args[2]); }
}
