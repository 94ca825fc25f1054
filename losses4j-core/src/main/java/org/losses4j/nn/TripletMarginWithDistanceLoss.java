package org.losses4j.nn;

import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradMode;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.kernels.EmbeddingKernels;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.tensor.LossReduction;

/**
 * Triplet loss with a user distance, {@code torch.nn.TripletMarginWithDistanceLoss}:
 * <pre>  l = max(0, d(a, p) - d(a, n) + margin)</pre>
 * where {@code d} is the {@link DistanceFunction} (default {@link #PAIRWISE}: {@code pairwise_distance} with p = 2,
 * eps = 1e-6) and, with {@code swap}, {@code d(a, n)} is replaced by {@code minimum(d(a, n), d(p, n))}; reduced by
 * mean (default), sum or none. The distances are computed by the user's function through autograd (tensor ops),
 * then one fused hinge-and-reduction node ({@code ClampBackward1} for none, {@code MeanBackward0},
 * {@code SumBackward0}, as PyTorch prints) maps them to the loss. Gradients reach anchor, positive and negative
 * through the distance function.
 *
 * <p>Options: {@code distance_function} (keyword-only in PyTorch; through {@link LossOptions} it is a name,
 * since options cannot carry a Java lambda: {@code "pairwise"} (default, also {@code "pairwise_distance"}) or
 * {@code "cosine"} ({@link #COSINE}, {@code 1 - F.cosine_similarity(x, y, dim=-1)}), or a {@link DistanceFunction}
 * object), {@code margin = 1.0} (must be positive, PyTorch 2.x: {@code margin must be greater than 0, got 0.0}),
 * {@code swap = false}, {@code reduction = MEAN}. No legacy size_average / reduce, as in PyTorch. Inputs must share
 * their number of dimensions (PyTorch 2.x's check).
 *
 * <pre>{@code
 * TripletMarginWithDistanceLoss loss = new TripletMarginWithDistanceLoss()
 *         .distanceFunction(TripletMarginWithDistanceLoss.COSINE).margin(0.5).swap(true);
 * Tensor out = loss.forward(anchor, positive, negative);
 * out.backward();
 * }</pre>
 */
public final class TripletMarginWithDistanceLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("TripletMarginWithDistanceLoss", "triplet_margin_with_distance_loss", TripletMarginWithDistanceLoss::fromOptions)
            .arg("anchor", "(N, D) or (D), float32 or float64 (int64 promotes)")
            .arg("positive", "like anchor")
            .arg("negative", "like anchor")
            .option("distance_function", LossSpec.Type.OPTIONAL_STR, "None", "'pairwise' (None: pairwise_distance) or 'cosine' (1 - cosine_similarity)")
            .option("margin", LossSpec.Type.FLOAT, "1.0", "> 0: max(d(a, p) - d(a, n) + margin, 0)")
            .option("swap", LossSpec.Type.BOOL, "False", "use min(d(a, n), d(p, n)) as the negative distance")
            .reduction()
            .gradFn("ClampBackward1", "MeanBackward0", "SumBackward0")
            .output("scalar; with reduction='none' (N), or () for unbatched input")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    /** A non-negative distance between two tensors, built from tensor ops so autograd reaches its inputs. */
    @FunctionalInterface
    public interface DistanceFunction {
        /**
         * The distances between matching rows.
         *
         * @param x1 (N, D) or (D): the anchor, or the positive when swapping
         * @param x2 of x1's shape: the positive or the negative
         * @return (N) or () non-negative distances
         */
        Tensor apply(Tensor x1, Tensor x2);
    }

    /** PyTorch's default, {@code nn.PairwiseDistance()}: {@code ||x1 - x2 + 1e-6||_2} over the last dimension. */
    public static final DistanceFunction PAIRWISE = (x1, x2) -> TripletMarginLoss.pairwiseDistance(x1, x2, 2.0, 1e-6, false);

    /** {@code 1 - F.cosine_similarity(x1, x2, dim=-1, eps=1e-8)}, as PyTorch 1.13 computes it (see {@link #cosineSimilarity}). */
    public static final DistanceFunction COSINE = (x1, x2) -> cosineSimilarity(x1, x2, 1e-8).rsub(1.0);

    private final DistanceFunction distanceFunction;
    private final double margin;
    private final boolean swap;
    private final Reduction reduction;

    /** Pairwise distance, margin 1, no swap, mean. */
    public TripletMarginWithDistanceLoss() { this(PAIRWISE, 1.0, false, Reduction.MEAN); }

    /**
     * A {@code torch.nn.TripletMarginWithDistanceLoss} with every option given.
     *
     * @param distanceFunction the distance, or null for {@link #PAIRWISE}
     * @param margin &gt; 0: max(d(a, p) - d(a, n) + margin, 0) (PyTorch's {@code margin}, default 1.0)
     * @param swap use min(d(a, n), d(p, n)) as the negative distance (PyTorch's {@code swap}, default False)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public TripletMarginWithDistanceLoss(DistanceFunction distanceFunction, double margin, boolean swap, Reduction reduction) {
        reduction.notBatchmean();
        this.distanceFunction = distanceFunction == null ? PAIRWISE : distanceFunction;
        this.margin = margin;
        this.swap = swap;
        this.reduction = reduction;
    }

    /**
     * A copy with another distance function (fluent).
     *
     * @param f the distance, or null for {@link #PAIRWISE}
     * @return a new loss with this one's other options
     */
    public TripletMarginWithDistanceLoss distanceFunction(DistanceFunction f) { return new TripletMarginWithDistanceLoss(f, margin, swap, reduction); }

    /**
     * A copy with another margin (fluent).
     *
     * @param margin &gt; 0: max(d(a, p) - d(a, n) + margin, 0) (PyTorch's {@code margin}, default 1.0)
     * @return a new loss with this one's other options
     */
    public TripletMarginWithDistanceLoss margin(double margin) { return new TripletMarginWithDistanceLoss(distanceFunction, margin, swap, reduction); }

    /**
     * A copy with swap on or off (fluent).
     *
     * @param swap use min(d(a, n), d(p, n)) as the negative distance (PyTorch's {@code swap}, default False)
     * @return a new loss with this one's other options
     */
    public TripletMarginWithDistanceLoss swap(boolean swap) { return new TripletMarginWithDistanceLoss(distanceFunction, margin, swap, reduction); }

    /**
     * A copy with another reduction (fluent).
     *
     * @param r how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default)
     *         or {@link Reduction#SUM}
     * @return a new loss with this one's other options
     */
    public TripletMarginWithDistanceLoss reduction(Reduction r) { return new TripletMarginWithDistanceLoss(distanceFunction, margin, swap, r); }

    /**
     * From PyTorch keywords: distance_function ({@code "pairwise"} / {@code "pairwise_distance"} / {@code "cosine"}
     * or a {@link DistanceFunction}), margin, swap, reduction. Legacy size_average / reduce are not keywords of this loss.
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.TripletMarginWithDistanceLoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static TripletMarginWithDistanceLoss fromOptions(LossOptions o) {
        Object f = o.get("distance_function");
        DistanceFunction df;
        if (f == null) df = PAIRWISE;
        else if (f instanceof DistanceFunction) df = (DistanceFunction) f;
        else if (f instanceof String && (f.equals("pairwise") || f.equals("pairwise_distance"))) df = PAIRWISE;
        else if (f instanceof String && f.equals("cosine")) df = COSINE;
        else throw new IllegalArgumentException("distance_function must be 'pairwise', 'cosine' or a DistanceFunction, got " + f);
        return new TripletMarginWithDistanceLoss(df, o.getDouble("margin", 1.0), o.getBool("swap", false), Reduction.of(o.getString("reduction", "mean")));
    }

    /**
     * The {@code distance_function} option: 'pairwise' (None: pairwise_distance) or 'cosine' (1 - cosine_similarity)
     * (PyTorch's default None).
     *
     * @return the value
     */
    public DistanceFunction distanceFunction() { return distanceFunction; }

    /**
     * The {@code margin} option: &gt; 0: max(d(a, p) - d(a, n) + margin, 0) (PyTorch's default 1.0).
     *
     * @return the value
     */
    public double margin() { return margin; }

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
     * Computes the loss ({@code torch.nn.TripletMarginWithDistanceLoss.forward}) with this module's options; see the
     * class comment for the formula.
     *
     * @param anchor (N, D) or (D), float32 or float64 (int64 promotes)
     * @param positive like anchor
     * @param negative like anchor
     * @return scalar; with reduction='none' (N), or () for unbatched input
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor anchor, Tensor positive, Tensor negative) {
        return tripletMarginWithDistanceLoss(anchor, positive, negative, distanceFunction, margin, swap, reduction);
    }

    /**
     * {@code F.triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None, margin=1.0,
     * swap=False, reduction='mean')}; a null distance function is {@link #PAIRWISE}.
     *
     * @param anchor (N, D) or (D), float32 or float64 (int64 promotes)
     * @param positive like anchor
     * @param negative like anchor
     * @param distanceFunction 'pairwise' (None: pairwise_distance) or 'cosine' (1 - cosine_similarity) (PyTorch's
     *         {@code distance_function}, default None)
     * @param margin &gt; 0: max(d(a, p) - d(a, n) + margin, 0) (PyTorch's {@code margin}, default 1.0)
     * @param swap use min(d(a, n), d(p, n)) as the negative distance (PyTorch's {@code swap}, default False)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' (N), or () for unbatched input
     */
    public static Tensor tripletMarginWithDistanceLoss(Tensor anchor, Tensor positive, Tensor negative, DistanceFunction distanceFunction,
                                                       double margin, boolean swap, Reduction reduction) {
        reduction.notBatchmean();
        TripletMarginLoss.checkMargin(margin);
        for (Tensor t : new Tensor[] {anchor, positive, negative}) {
            if (t == null) throw new IllegalArgumentException("anchor, positive and negative must be tensors, got null");
        }
        EmbeddingSupport.sameRank(anchor.dim(), positive.dim(), negative.dim());
        DistanceFunction d = distanceFunction == null ? PAIRWISE : distanceFunction;
        Tensor dPos = d.apply(anchor, positive);
        Tensor dNeg = d.apply(anchor, negative);
        Tensor dSwap = swap ? d.apply(positive, negative) : null;
        return hinge(dPos, dNeg, dSwap, margin, reduction);
    }

    /** The fused {@code clamp(d_pos - minimum(d_neg, d_swap) + margin, min=0)} and reduction, one autograd node. */
    static Tensor hinge(Tensor dPos, Tensor dNeg, Tensor dSwap, double margin, Reduction reduction) {
        for (Tensor t : new Tensor[] {dPos, dNeg, dSwap}) {
            if (t != null && !t.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException("the distance function must return a floating tensor, got " + t.dtype().torchName());
            }
        }
        int[] shape = Shape.broadcast(dPos.shape(), dNeg.shape());
        if (dSwap != null) shape = Shape.broadcast(shape, dSwap.shape());
        final int[] sh = shape;
        DType dt = EmbeddingSupport.common(dPos, dNeg, dSwap);
        final Tensor p = dPos.detach(), n = dNeg.detach(), s = dSwap == null ? null : dSwap.detach();
        double[] pv = KernelInputs.valuesAs(p, sh), nv = KernelInputs.valuesAs(n, sh), sv = s == null ? null : KernelInputs.valuesAs(s, sh);
        int numel = Shape.numel(sh);
        Tensor out = LossReduction.output(dt, EmbeddingKernels.hingeForward(pv, nv, sv, dt, margin), sh, reduction, numel);
        double red = reduction == Reduction.MEAN ? 1.0 / numel : 1.0;
        EmbeddingKernels.Local loc = EmbeddingKernels.hingeBackward(pv, nv, sv, dt, margin, red);
        // one row per element: clamp passes 0 where it is inactive, whatever the upstream
        return LossNode.attach(out, EmbeddingSupport.gradFnName(reduction, "ClampBackward1"), EmbeddingSupport.as(loc.grads(), p, n, s),
                needs -> EmbeddingSupport.as(EmbeddingKernels.hingeBackward(pv, nv, sv, dt, margin, red).grads(), p, n, s),
                EmbeddingSupport.perRow(sh, numel, reduction, loc.fixed()), dPos, dNeg, dSwap);
    }

    /**
     * {@code F.cosine_similarity(x1, x2, dim=-1, eps)} with PyTorch 1.13's formula, from tensor ops:
     * {@code sum((x1 / max(||x1||, eps)) * (x2 / max(||x2||, eps)), -1)}, the clamp applied to the norms' values
     * without autograd (PyTorch clamps under no_grad, so the gradient flows as if unclamped).
     *
     * @param x1 (..., D), float32 or float64
     * @param x2 broadcastable with x1
     * @param eps the smallest norm divided by
     * @return the similarities in [-1, 1], of the broadcast shape without its last dim
     */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2, double eps) {
        Tensor n1 = clampedNorm(x1, eps), n2 = clampedNorm(x2, eps);
        return x1.div(n1).mul(x2.div(n2)).sum(-1);
    }

    private static Tensor clampedNorm(Tensor x, double eps) {
        Tensor n = x.norm(2, -1, true);
        Tensor fix;
        try (var s = GradMode.noGrad()) {
            Tensor v = n.detach();
            fix = v.clampMin(eps).sub(v);
        }
        return n.add(fix);
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1], args[2]); }
}
