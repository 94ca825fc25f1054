package org.losses4j.nn;

import java.util.Arrays;
import org.losses4j.Reduction;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.kernels.CtcKernel;
import org.losses4j.internal.tensor.LossReduction;

/**
 * Connectionist Temporal Classification loss, {@code torch.nn.CTCLoss}: for each sample n,
 * {@code loss_n = -log p(l_n | x_n) = -log sum over alignments pi of l_n of prod_t exp(log_probs[t, n, pi_t])},
 * where an alignment of length {@code input_lengths[n]} collapses to the target {@code l_n} after merging
 * repeats and removing blanks. Computed with the log-space forward (alpha) and backward (beta) recursions over
 * the target with blanks interleaved, in double also for float32 inputs.
 *
 * <p>Arguments, as {@code F.ctc_loss}:
 * <ul>
 * <li>{@code log_probs}: (T, N, C) or unbatched (T, C), float32 or float64, normally the output of
 *     {@code log_softmax(2)};</li>
 * <li>{@code targets}: padded (N, S) with {@code target_lengths[n] <= S}, or the targets of all samples
 *     concatenated, 1-d of length {@code sum(target_lengths)} (unbatched: (S) concatenated, or (1, S) padded).
 *     int64; other dtypes are read as PyTorch's {@code targets.to(torch.long)} reads them (floats truncate).
 *     int32 targets from {@code .npy} files are int64 here (the CLI widens them). Labels within the length must be
 *     in {@code [0, C)} (we reject others; PyTorch's CPU kernel reads outside log_probs). A label equal to {@code blank}
 *     is scored as PyTorch scores it, with a warning naming the samples ({@link org.losses4j.Warnings});</li>
 * <li>{@code input_lengths}, {@code target_lengths}: int64 tensors (any shape with N elements), or Java
 *     {@code long[]} / {@code int[]}; {@code 0 <= input_lengths[n] <= T}, {@code target_lengths[n] >= 0}.</li>
 * </ul>
 * Options: {@code blank} (default 0, any index in [0, C)), {@code reduction} ({@code MEAN}: each loss divided by
 * {@code max(target_length, 1)}, then the mean over the batch; {@code SUM}; {@code NONE}: shape (N), or 0-d for
 * unbatched input), {@code zeroInfinity} (default false: impossible alignments give +inf, and a nan gradient for
 * {@code t < input_length}, exactly as PyTorch; true: such losses and their gradients are 0).
 *
 * <p><b>Gradient.</b> As PyTorch's, the gradient written to {@code log_probs.grad} is
 * {@code exp(log_probs[t,n,c]) - exp(log(sum_{s: l'[s]=c} alpha_t(s) beta_t(s)) + loss_n - log_probs[t,n,c])}
 * times the upstream gradient, for {@code t < input_lengths[n]}, and 0 after. That is the gradient with respect
 * to the logits behind a {@code log_softmax} (when log_probs rows are normalised), not the plain partial
 * derivative with respect to log_probs: {@code ctcLoss(z.logSoftmax(2), ...)} has the correct gradient in z,
 * and it matches PyTorch bit for bit in the formula. {@code grad_fn} is named as PyTorch prints it:
 * {@code MeanBackward0}, {@code SumBackward0}, and for 'none' {@code CtcLossBackward0}
 * ({@code WhereBackward0} with zero_infinity, {@code SqueezeBackward1} unbatched).
 *
 * <p>Samples are computed in parallel, each sequentially, so results do not depend on the thread count.
 *
 * <pre>{@code
 * Tensor logProbs = Tensor.randn(50, 16, 20).logSoftmax(2).detach().requiresGrad_(true);
 * Tensor targets = Tensor.randint(1, 20, 16, 30);
 * Tensor inputLengths = Tensor.full(DType.INT64, 50, 16);
 * Tensor targetLengths = Tensor.randint(10, 30, 16);
 * Tensor loss = new CTCLoss().forward(logProbs, targets, inputLengths, targetLengths);
 * loss.backward();
 * // or: CTCLoss.builder().blank(0).reduction(Reduction.SUM).zeroInfinity(true).build()
 * }</pre>
 */
public final class CTCLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("CTCLoss", "ctc_loss", CTCLoss::fromOptions)
            .arg("log_probs", "(T, N, C) or (T, C) log-probabilities (log_softmax over C), float32 or float64")
            .constant("targets", "(N, S) padded or (sum(target_lengths)) concatenated class indices, int64 (int32 .npy files are widened)")
            .constant("input_lengths", "(N) or () lengths <= T, int64")
            .constant("target_lengths", "(N) or () lengths <= S, int64")
            .option("blank", LossSpec.Type.INT, "0", "the blank label")
            .reduction("'none' | 'mean' (divided by the target lengths, then averaged) | 'sum'")
            .option("zero_infinity", LossSpec.Type.BOOL, "False", "replace infinite losses (impossible alignments) and their gradients by zero")
            .gradFn("CtcLossBackward0", "MeanBackward0", "SumBackward0", "SqueezeBackward1", "WhereBackward0")
            .output("scalar; with reduction='none' (N), or () for unbatched input")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final long blank;
    private final Reduction reduction;
    private final boolean zeroInfinity;

    /** PyTorch's defaults: blank 0, reduction mean, zero_infinity false. */
    public CTCLoss() { this(builder()); }

    /**
     * A {@code torch.nn.CTCLoss} with the given {@code reduction} and PyTorch's defaults for the rest.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public CTCLoss(Reduction reduction) { this(builder().reduction(reduction)); }

    private CTCLoss(Builder b) {
        if (b.reduction == Reduction.BATCHMEAN) throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        this.blank = b.blank;
        this.reduction = b.reduction;
        this.zeroInfinity = b.zeroInfinity;
    }

    /**
     * A builder with PyTorch's defaults.
     *
     * @return a new builder
     */
    public static Builder builder() { return new Builder(); }

    /** Options by name; defaults blank = 0, reduction = MEAN, zeroInfinity = false. */
    public static final class Builder {
        private long blank = 0;
        private Reduction reduction = Reduction.MEAN;
        private boolean zeroInfinity = false;

        private Builder() {}

        /**
         * Sets PyTorch's {@code blank} option.
         *
         * @param blank the blank label (PyTorch's {@code blank}, default 0)
         * @return this builder
         */
        public Builder blank(long blank) { this.blank = blank; return this; }

        /**
         * Sets PyTorch's {@code reduction} option.
         *
         * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
         *         (PyTorch's default) or {@link Reduction#SUM}
         * @return this builder
         */
        public Builder reduction(Reduction reduction) {
            if (reduction == null) throw new IllegalArgumentException("reduction must not be null");
            this.reduction = reduction;
            return this;
        }

        /**
         * Sets PyTorch's {@code zero_infinity} option.
         *
         * @param zeroInfinity replace infinite losses (impossible alignments) and their gradients by zero (PyTorch's
         *         {@code zero_infinity}, default False)
         * @return this builder
         */
        public Builder zeroInfinity(boolean zeroInfinity) { this.zeroInfinity = zeroInfinity; return this; }

        /**
         * The loss with the options set so far.
         *
         * @return a new {@code CTCLoss}
         */
        public CTCLoss build() { return new CTCLoss(this); }
    }

    /**
     * From PyTorch keywords: blank, reduction, zero_infinity. Like {@code nn.CTCLoss.__init__}, it does not take
     * the legacy size_average / reduce keywords.
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.CTCLoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static CTCLoss fromOptions(LossOptions o) {
        return builder().blank(o.getLong("blank", 0)).reduction(Reduction.of(o.getString("reduction", "mean")))
                .zeroInfinity(o.getBool("zero_infinity", false)).build();
    }

    /**
     * The {@code blank} option: the blank label (PyTorch's default 0).
     *
     * @return the value
     */
    public long blank() { return blank; }

    /**
     * How the per-element losses are reduced (PyTorch's {@code reduction}).
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * The {@code zero_infinity} option: replace infinite losses (impossible alignments) and their gradients by zero
     * (PyTorch's default False).
     *
     * @return the value
     */
    public boolean zeroInfinity() { return zeroInfinity; }

    /**
     * Computes the loss ({@code torch.nn.CTCLoss.forward}) with this module's options; see the class comment for the
     * formula.
     *
     * @param logProbs (T, N, C) or (T, C) log-probabilities (log_softmax over C), float32 or float64
     * @param targets (N, S) padded or (sum(target_lengths)) concatenated class indices, int64 (int32 .npy files are
     *         widened)
     * @param inputLengths (N) or () lengths &lt;= T, int64
     * @param targetLengths (N) or () lengths &lt;= S, int64
     * @return scalar; with reduction='none' (N), or () for unbatched input
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths) {
        return ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    /**
     * Computes the loss ({@code torch.nn.CTCLoss.forward}) with this module's options; see the class comment for the
     * formula.
     *
     * @param logProbs (T, N, C) or (T, C) log-probabilities (log_softmax over C), float32 or float64
     * @param targets (N, S) padded or (sum(target_lengths)) concatenated class indices, int64 (int32 .npy files are
     *         widened)
     * @param inputLengths (N) or () lengths &lt;= T, int64
     * @param targetLengths (N) or () lengths &lt;= S, int64
     * @return scalar; with reduction='none' (N), or () for unbatched input
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor logProbs, Tensor targets, long[] inputLengths, long[] targetLengths) {
        return ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    /**
     * Computes the loss ({@code torch.nn.CTCLoss.forward}) with this module's options; see the class comment for the
     * formula.
     *
     * @param logProbs (T, N, C) or (T, C) log-probabilities (log_softmax over C), float32 or float64
     * @param targets (N, S) padded or (sum(target_lengths)) concatenated class indices, int64 (int32 .npy files are
     *         widened)
     * @param inputLengths (N) or () lengths &lt;= T, int64
     * @param targetLengths (N) or () lengths &lt;= S, int64
     * @return scalar; with reduction='none' (N), or () for unbatched input
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths) {
        return ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    /**
     * {@code F.ctc_loss(log_probs, targets, input_lengths, target_lengths)} with the defaults (blank 0, mean, no
     * zero_infinity).
     *
     * @param logProbs (T, N, C) or (T, C) log-probabilities (log_softmax over C), float32 or float64
     * @param targets (N, S) padded or (sum(target_lengths)) concatenated class indices, int64 (int32 .npy files are
     *         widened)
     * @param inputLengths (N) or () lengths &lt;= T, int64
     * @param targetLengths (N) or () lengths &lt;= S, int64
     * @return scalar; with reduction='none' (N), or () for unbatched input
     */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths) {
        return ctcLoss(logProbs, targets, inputLengths, targetLengths, 0, Reduction.MEAN, false);
    }

    /**
     * {@code F.ctc_loss} with lengths as int64 tensors.
     *
     * @param logProbs (T, N, C) or (T, C) log-probabilities (log_softmax over C), float32 or float64
     * @param targets (N, S) padded or (sum(target_lengths)) concatenated class indices, int64 (int32 .npy files are
     *         widened)
     * @param inputLengths (N) or () lengths &lt;= T, int64
     * @param targetLengths (N) or () lengths &lt;= S, int64
     * @param blank the blank label (PyTorch's {@code blank}, default 0)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @param zeroInfinity replace infinite losses (impossible alignments) and their gradients by zero (PyTorch's
     *         {@code zero_infinity}, default False)
     * @return scalar; with reduction='none' (N), or () for unbatched input
     */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths, long blank, Reduction reduction,
                                 boolean zeroInfinity) {
        long[] il = CtcSupport.lengths(inputLengths, "input_lengths");
        long[] tl = CtcSupport.lengths(targetLengths, "target_lengths");
        return run(logProbs, targets, il, tl, blank, reduction, zeroInfinity);
    }

    /**
     * {@code F.ctc_loss} with lengths as Java arrays (PyTorch's list/tuple form).
     *
     * @param logProbs (T, N, C) or (T, C) log-probabilities (log_softmax over C), float32 or float64
     * @param targets (N, S) padded or (sum(target_lengths)) concatenated class indices, int64 (int32 .npy files are
     *         widened)
     * @param inputLengths (N) or () lengths &lt;= T, int64
     * @param targetLengths (N) or () lengths &lt;= S, int64
     * @param blank the blank label (PyTorch's {@code blank}, default 0)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @param zeroInfinity replace infinite losses (impossible alignments) and their gradients by zero (PyTorch's
     *         {@code zero_infinity}, default False)
     * @return scalar; with reduction='none' (N), or () for unbatched input
     */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, long[] inputLengths, long[] targetLengths, long blank, Reduction reduction,
                                 boolean zeroInfinity) {
        return run(logProbs, targets, inputLengths == null ? null : inputLengths.clone(), targetLengths == null ? null : targetLengths.clone(),
                blank, reduction, zeroInfinity);
    }

    /**
     * {@code F.ctc_loss} with lengths as Java int arrays.
     *
     * @param logProbs (T, N, C) or (T, C) log-probabilities (log_softmax over C), float32 or float64
     * @param targets (N, S) padded or (sum(target_lengths)) concatenated class indices, int64 (int32 .npy files are
     *         widened)
     * @param inputLengths (N) or () lengths &lt;= T, int64
     * @param targetLengths (N) or () lengths &lt;= S, int64
     * @param blank the blank label (PyTorch's {@code blank}, default 0)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @param zeroInfinity replace infinite losses (impossible alignments) and their gradients by zero (PyTorch's
     *         {@code zero_infinity}, default False)
     * @return scalar; with reduction='none' (N), or () for unbatched input
     */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths, long blank, Reduction reduction,
                                 boolean zeroInfinity) {
        return run(logProbs, targets, widen(inputLengths), widen(targetLengths), blank, reduction, zeroInfinity);
    }

    private static long[] widen(int[] a) {
        if (a == null) return null;
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i];
        return r;
    }

    // loss_b = -log p(l_b | x_b) (alpha recursion, CtcKernel); zero_infinity: +inf -> 0; mean: sum_b loss_b / max(L_b, 1) / N.
    // dL/dlog_probs[t, b, c] = (exp(lp) - exp(lcab_t(c) + loss_b - lp)) * g_b for t < input_length_b, else 0, with g_b the
    // upstream of sample b's loss (mean: 1 / N / max(L_b, 1)); 0 for the whole sample under zero_infinity when loss_b = +inf.
    private static Tensor run(Tensor logProbs, Tensor targets, long[] il, long[] tl, long blank, Reduction reduction, boolean zeroInfinity) {
        if (reduction == null || reduction == Reduction.BATCHMEAN) {
            throw new IllegalArgumentException((reduction == null ? "None" : reduction.torchName()) + " is not a valid value for reduction");
        }
        CtcKernel.Problem p = CtcSupport.check(logProbs, targets, il, tl, blank);
        CtcKernel.LogProbs lp = CtcSupport.logProbs(logProbs);
        DType dt = logProbs.dtype();
        boolean graph = Autograd.needsGraph(logProbs);
        int n = p.N();
        int[] gradShape = logProbs.shape();
        // with a graph, the gradient is computed in the same pass, for an upstream gradient of 1 (loss.backward())
        double[] factors = graph ? factors(p, reduction) : null;
        Object grad = graph ? gradArray(dt, gradShape) : null;
        CtcKernel.Result r = CtcKernel.run(lp, p, factors, zeroInfinity, floats(grad), doubles(grad));
        double[] per = new double[n];
        for (int b = 0; b < n; b++) {
            double v = r.nll()[b];
            if (zeroInfinity && v == Double.POSITIVE_INFINITY) v = 0;
            if (reduction == Reduction.MEAN) v /= Math.max(p.targetLengths()[b], 1);
            per[b] = v;
        }
        boolean batched = logProbs.dim() == 3;
        Tensor out = LossReduction.output(dt, per, batched ? new int[] {n} : new int[0], reduction, n);
        if (!graph) return out;
        // PyTorch zeroes the rows t >= input_length and (zero_infinity) the +inf samples after the upstream gradient:
        // a NaN or infinite upstream leaves them 0
        boolean[] fixed = new boolean[p.T() * n];
        for (int t = 0; t < p.T(); t++) {
            for (int b = 0; b < n; b++) fixed[t * n + b] = t >= p.inputLengths()[b] || (zeroInfinity && r.nll()[b] == Double.POSITIVE_INFINITY);
        }
        LossNode.Upstream up = new LossNode.Upstream(gradShape, p.T(), n, p.C(), 0, reduction == Reduction.NONE ? 1 : 0, 0).fixing(fixed);
        final Tensor saved = logProbs.detach();
        LossNode.Gradients again = needs -> {
            Object g = gradArray(dt, gradShape);
            CtcKernel.run(CtcSupport.logProbs(saved), p, factors, zeroInfinity, floats(g), doubles(g));
            return new Object[] {g};
        };
        return LossNode.attach(out, gradFnName(batched, reduction, zeroInfinity), new Object[] {grad}, again, up, logProbs);
    }

    private static Object gradArray(DType dt, int[] shape) {
        int n = Shape.numel(shape);
        return dt == DType.FLOAT32 ? new float[n] : new double[n];
    }

    private static float[] floats(Object a) { return a instanceof float[] ? (float[]) a : null; }

    private static double[] doubles(Object a) { return a instanceof double[] ? (double[]) a : null; }

    /** The local gradient factor of each sample's unreduced loss: 1 / N / max(L_b, 1) for mean, else 1. */
    private static double[] factors(CtcKernel.Problem p, Reduction reduction) {
        int n = p.N();
        double[] g = new double[n];
        Arrays.fill(g, reduction == Reduction.MEAN ? 1.0 / n : 1.0);
        if (reduction == Reduction.MEAN) for (int b = 0; b < n; b++) g[b] /= Math.max(p.targetLengths()[b], 1);
        return g;
    }

    /** What PyTorch prints: the last op of its composite ctc_loss. */
    private static String gradFnName(boolean batched, Reduction r, boolean zeroInfinity) {
        if (r == Reduction.MEAN) return "MeanBackward0";
        if (r == Reduction.SUM) return "SumBackward0";
        if (!batched) return "SqueezeBackward1";
        return zeroInfinity ? "WhereBackward0" : "CtcLossBackward0";
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1], args[2], args[3]); }
}
