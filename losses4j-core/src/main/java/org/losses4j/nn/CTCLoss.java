package org.losses4j.nn;

import java.util.Arrays;
import org.losses4j.Reduction;
import java.util.List;
import org.losses4j.Tensor;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;
import org.losses4j.internal.kernels.CtcKernel;
import org.losses4j.internal.kernels.LossReduction;

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
 *     in {@code [0, C)} and differ from {@code blank}: we reject both, PyTorch's CPU kernel checks neither;</li>
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

    public CTCLoss(Reduction reduction) { this(builder().reduction(reduction)); }

    private CTCLoss(Builder b) {
        if (b.reduction == Reduction.BATCHMEAN) throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        this.blank = b.blank;
        this.reduction = b.reduction;
        this.zeroInfinity = b.zeroInfinity;
    }

    public static Builder builder() { return new Builder(); }

    /** Options by name; defaults blank = 0, reduction = MEAN, zeroInfinity = false. */
    public static final class Builder {
        private long blank = 0;
        private Reduction reduction = Reduction.MEAN;
        private boolean zeroInfinity = false;

        private Builder() {}

        public Builder blank(long blank) { this.blank = blank; return this; }

        public Builder reduction(Reduction reduction) {
            if (reduction == null) throw new IllegalArgumentException("reduction must not be null");
            this.reduction = reduction;
            return this;
        }

        public Builder zeroInfinity(boolean zeroInfinity) { this.zeroInfinity = zeroInfinity; return this; }

        public CTCLoss build() { return new CTCLoss(this); }
    }

    /**
     * From PyTorch keywords: blank, reduction, zero_infinity. Like {@code nn.CTCLoss.__init__}, it does not take
     * the legacy size_average / reduce keywords.
     */
    public static CTCLoss fromOptions(LossOptions o) {
        return builder().blank(o.getLong("blank", 0)).reduction(Reduction.of(o.getString("reduction", "mean")))
                .zeroInfinity(o.getBool("zero_infinity", false)).build();
    }

    public long blank() { return blank; }

    public Reduction reduction() { return reduction; }

    public boolean zeroInfinity() { return zeroInfinity; }

    public Tensor forward(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths) {
        return ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    public Tensor forward(Tensor logProbs, Tensor targets, long[] inputLengths, long[] targetLengths) {
        return ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    public Tensor forward(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths) {
        return ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    /** {@code F.ctc_loss(log_probs, targets, input_lengths, target_lengths)} with the defaults (blank 0, mean, no zero_infinity). */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths) {
        return ctcLoss(logProbs, targets, inputLengths, targetLengths, 0, Reduction.MEAN, false);
    }

    /** {@code F.ctc_loss} with lengths as int64 tensors. */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths, long blank, Reduction reduction,
                                 boolean zeroInfinity) {
        long[] il = CtcKernel.lengths(inputLengths, "input_lengths");
        long[] tl = CtcKernel.lengths(targetLengths, "target_lengths");
        return run(logProbs, targets, il, tl, blank, reduction, zeroInfinity);
    }

    /** {@code F.ctc_loss} with lengths as Java arrays (PyTorch's list/tuple form). */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, long[] inputLengths, long[] targetLengths, long blank, Reduction reduction,
                                 boolean zeroInfinity) {
        return run(logProbs, targets, inputLengths == null ? null : inputLengths.clone(), targetLengths == null ? null : targetLengths.clone(),
                blank, reduction, zeroInfinity);
    }

    /** {@code F.ctc_loss} with lengths as Java int arrays. */
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

    private static Tensor run(Tensor logProbs, Tensor targets, long[] il, long[] tl, long blank, Reduction reduction, boolean zeroInfinity) {
        if (reduction == null || reduction == Reduction.BATCHMEAN) {
            throw new IllegalArgumentException((reduction == null ? "None" : reduction.torchName()) + " is not a valid value for reduction");
        }
        CtcKernel.Problem p = CtcKernel.check(logProbs, targets, il, tl, blank);
        final Tensor lp = logProbs.detach();
        boolean graph = Autograd.needsGraph(logProbs);
        int n = p.N();
        // with a graph, the gradient is computed in the same pass, for an upstream gradient of 1 (loss.backward())
        double[] factors = graph ? factors(p, reduction, null) : null;
        CtcKernel.Result r = CtcKernel.run(lp, p, factors, zeroInfinity);
        double[] per = new double[n];
        for (int b = 0; b < n; b++) {
            double v = r.nll()[b];
            if (zeroInfinity && v == Double.POSITIVE_INFINITY) v = 0;
            if (reduction == Reduction.MEAN) v /= Math.max(p.targetLengths()[b], 1);
            per[b] = v;
        }
        int[] shape = p.batched() ? new int[] {n} : new int[0];
        Tensor out = LossReduction.output(p.dtype(), per, shape, reduction, n);
        if (graph) out.attachGradFn(new CtcNode(gradFnName(p, reduction, zeroInfinity), logProbs, lp, p, r, reduction, zeroInfinity));
        return out;
    }

    /**
     * The upstream gradient of each sample's unreduced loss: for mean {@code u / N / max(L_b, 1)}, for sum {@code u},
     * for none {@code u_b}, where u is the gradient of the output (1 when {@code gradOutput} is null).
     */
    private static double[] factors(CtcKernel.Problem p, Reduction reduction, Tensor gradOutput) {
        int n = p.N();
        double[] g;
        if (gradOutput == null) {
            g = new double[n];
            Arrays.fill(g, reduction == Reduction.MEAN ? 1.0 / n : 1.0);
        } else {
            g = LossReduction.upstream(gradOutput, n, reduction, n);
        }
        if (reduction == Reduction.MEAN) for (int b = 0; b < n; b++) g[b] /= Math.max(p.targetLengths()[b], 1);
        return g;
    }

    /** What PyTorch prints: the last op of its composite ctc_loss. */
    private static String gradFnName(CtcKernel.Problem p, Reduction r, boolean zeroInfinity) {
        if (r == Reduction.MEAN) return "MeanBackward0";
        if (r == Reduction.SUM) return "SumBackward0";
        if (!p.batched()) return "SqueezeBackward1";
        return zeroInfinity ? "WhereBackward0" : "CtcLossBackward0";
    }

    /**
     * The single node: reduction, zero_infinity and the CTC backward fused. The forward already computed the
     * gradient for an upstream gradient of 1; the first backward hands that array over (scaled in place when the
     * upstream gradient is not 1), a later one (retain_graph) computes it again from log_probs.
     */
    private static final class CtcNode extends Node {
        private Tensor lp;
        private CtcKernel.Problem p;
        private CtcKernel.Result result;
        private final Reduction reduction;
        private final boolean zeroInfinity;
        private boolean handedOver;

        CtcNode(String name, Tensor input, Tensor lp, CtcKernel.Problem p, CtcKernel.Result result, Reduction reduction, boolean zeroInfinity) {
            super(name, input);
            this.lp = lp;
            this.p = p;
            this.result = result;
            this.reduction = reduction;
            this.zeroInfinity = zeroInfinity;
        }

        @Override protected Tensor[] backward(Tensor gradOutput) {
            if (handedOver) return new Tensor[] {CtcKernel.run(lp, p, factors(p, reduction, gradOutput), zeroInfinity).grad()};
            handedOver = true;
            Tensor grad = result.grad();
            double[] u = gradOutput.toDoubleArray(); // 1 element for mean/sum, N for none
            boolean ones = true;
            for (double v : u) ones &= v == 1.0;
            if (!ones) scaleInPlace(grad, u);
            return new Tensor[] {grad};
        }

        /**
         * Multiplies sample b's rows t < input_length by u[b] (or u[0]), as if the kernel had used that upstream
         * gradient; the rows PyTorch sets to zero (t >= input_length, zero_infinity's +inf losses) stay zero.
         */
        private void scaleInPlace(Tensor grad, double[] u) {
            int N = p.N(), C = p.C();
            float[] f = grad.storage() instanceof float[] ? (float[]) grad.storage() : null;
            double[] d = f == null ? (double[]) grad.storage() : null;
            for (int b = 0; b < N; b++) {
                if (zeroInfinity && result.nll()[b] == Double.POSITIVE_INFINITY) continue;
                double ub = u.length == 1 ? u[0] : u[b];
                for (int t = 0; t < p.inputLengths()[b]; t++) {
                    int base = (t * N + b) * C;
                    if (f != null) {
                        float uf = (float) ub;
                        for (int c = 0; c < C; c++) f[base + c] *= uf;
                    } else {
                        for (int c = 0; c < C; c++) d[base + c] *= ub;
                    }
                }
            }
        }

        @Override protected void releaseSavedState() {
            lp = null;
            p = null;
            result = null;
        }
    }

    @Override public String name() { return "CTCLoss"; }

    @Override public List<String> argNames() { return List.of("log_probs", "targets", "input_lengths", "target_lengths"); }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1], args[2], args[3]); }
}
