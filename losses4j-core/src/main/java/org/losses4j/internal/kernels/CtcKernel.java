package org.losses4j.internal.kernels;

import java.util.Arrays;
import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.CtcKernels;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * CTCLoss (Graves et al. 2006, section 4.1), over the extended target
 * {@code l' = (blank, l_1, blank, l_2, ..., l_L, blank)} of length {@code 2L + 1}.
 *
 * <p>On arrays (the Tensor-level check lives in {@code nn.CtcSupport}): one pass per sample that computes the loss (alpha recursion) and, when asked, the gradient
 * (beta recursion, one row of per-class sums per time step) side by side. Each sample runs in double (also for
 * float32 inputs) in Graves's rescaled probability space over the band of cells that lie on an alignment, with
 * multiplies instead of log/exp per cell (kernels in {@link CtcKernels}, Vector API when available), as long as
 * every value stays a normal double; otherwise (-inf, NaN or +inf log_probs, impossible alignments, extreme
 * values) the sample runs in log space exactly as PyTorch's kernel does. Samples run in parallel in fixed blocks,
 * each sequentially, so results are bit-identical for any number of threads. The scratch arrays (alphas of one
 * sample, exp(log_probs) of one sample) are reused per thread, so a step allocates its outputs only. log_probs is
 * read in place through its strides (no copy).
 */
public final class CtcKernel {
    private CtcKernel() {}

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    /**
     * A validated problem (log_probs (T, N, C), or (T, C) read as N = 1). {@code labels} holds each sample's first
     * {@code targetLengths[b]} labels, packed from {@code labelOffsets[b]}; every label is in [0, C) (a label equal to blank is
     * scored as PyTorch scores it, in log space),
     * {@code 0 <= inputLengths[b] <= T}.
     */
    public record Problem(int T, int N, int C, int blank, int[] inputLengths, int[] targetLengths, int[] labels, int[] labelOffsets) {}

    // ------------------------------------------------------------------ forward and backward

    /** The kernels in use: Vector API ones when available (see {@link VectorizationProvider}). */
    private static final CtcKernels KERNELS = VectorizationProvider.get().kernels(CtcKernels.class);
    /** Scratch arrays above this many elements are not kept per thread between calls. */
    private static final int RETAIN_LIMIT = 1 << 22;
    /** Target work (cells) per parallel block; blocks are fixed by the problem, never by the thread count. */
    private static final long BLOCK_WORK = 1L << 16;
    /** Row sums above this leave the scaled path (their reciprocals must stay far from subnormal). */
    private static final double HUGE = 1e20;

    /**
     * What a run gives: each sample's loss {@code -log p(l_b | x_b)} (not zeroed, not divided) and the path each
     * sample took ({@link #SCALED} or the reason it left the scaled recursion).
     */
    public record Result(double[] nll, int[] path) {}

    /** {@link Result#path} per sample: the scaled recursion ran to the end. */
    public static final int SCALED = 0;
    /** Why the scaled recursion handed a sample to the log-space one: an input length of 0. */
    public static final int EMPTY_INPUT = 1;
    /** No alignment fits in the input length (the loss is +inf). */
    public static final int NO_ALIGNMENT = 2;
    /** A probability exp(log_probs) on the sample's frames is not a normal positive finite double (-inf, NaN, +inf, extremes). */
    public static final int NOT_NORMAL = 3;
    /** A first alpha cell below {@code CtcKernels.TINY}. */
    public static final int ALPHA_START = 4;
    /** An alpha row with a cell below TINY or a sum above HUGE. */
    public static final int ALPHA_RANGE = 5;
    /** A last beta cell or its product with alpha below TINY. */
    public static final int BETA_START = 6;
    /** A beta row with a cell or product below TINY, or a sum above HUGE. */
    public static final int BETA_RANGE = 7;
    /** The gradient factor exp(LA + LB + nll) is not a normal finite double. */
    public static final int FACTOR_RANGE = 8;
    /**
     * A label equals blank: the sample runs in log space, PyTorch's algorithm to the letter (its last frame's gradient
     * then counts only the final label's cell for the blank class, where the scaled path would add the two).
     */
    public static final int BLANK_LABEL = 9;

    /**
     * Read-only strided access to log_probs[t, b, c] = {@code f or d [off + t sT + b sN + c sC]} (one of f, d is null;
     * unbatched input has sN = 0), read in place.
     */
    public record LogProbs(float[] f, double[] d, int off, int sT, int sN, int sC) {
        double at(int t, int b, int c) {
            int i = off + t * sT + b * sN + c * sC;
            return f != null ? f[i] : d[i];
        }
    }

    /** Per-thread scratch arrays, reused between calls so a training step allocates only its outputs. */
    private static final class Scratch {
        private final double[][] d = new double[12][];
        private final int[][] i = new int[6][];
        private float[] f;

        double[] doubles(int slot, int n) {
            double[] a = d[slot];
            if (a != null && a.length >= n) return a;
            a = new double[Math.max(n, 16)];
            if (n <= RETAIN_LIMIT) d[slot] = a;
            return a;
        }

        int[] ints(int slot, int n) {
            int[] a = i[slot];
            if (a != null && a.length >= n) return a;
            a = new int[Math.max(n, 16)];
            if (n <= RETAIN_LIMIT) i[slot] = a;
            return a;
        }

        float[] floats(int n) {
            if (f == null || f.length < n) f = new float[Math.max(n, 16)];
            return f;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** l'[s]: blank at even s, the label l_{(s+1)/2} at odd s. */
    private static int prime(int[] labels, int offset, int s, int blank) {
        return (s & 1) == 0 ? blank : labels[offset + (s >> 1)];
    }

    /**
     * The losses, and the gradient when {@code g} is not null ({@code g[b]}: the upstream gradient of sample b's
     * unreduced loss, e.g. {@code 1 / max(L_b, 1) / N} for mean) into {@code outF} (float32) or {@code outD}
     * (float64), laid out (T, N, C) contiguous: every element is written, 0 for t >= input_length and, with
     * {@code zeroInfinity}, for a sample whose loss is +inf. Samples run in parallel in fixed blocks, each
     * sequentially: the results do not depend on the thread count.
     */
    public static Result run(LogProbs lp, Problem p, double[] g, boolean zeroInfinity, float[] outF, double[] outD) {
        return run(lp, p, g, zeroInfinity, outF, outD, KERNELS);
    }

    /** As {@link #run(LogProbs, Problem, double[], boolean, float[], double[])} with the given kernels (tests compare implementations). */
    public static Result run(LogProbs lp, Problem p, double[] g, boolean zeroInfinity, float[] outF, double[] outD, CtcKernels k) {
        int N = p.N();
        double[] nll = new double[N];
        int[] path = new int[N];
        long work = 0;
        for (int b = 0; b < N; b++) work += (long) p.inputLengths()[b] * (2L * p.targetLengths()[b] + 1 + p.C());
        int grain = (int) Math.max(1, Math.min(N, BLOCK_WORK * N / Math.max(1, work)));
        Parallel.parallelFor(0, N, grain, (s, e) -> {
            for (int b = s; b < e; b++) path[b] = sample(lp, p, b, g == null ? Double.NaN : g[b], g != null, zeroInfinity, nll, outF, outD, k);
        });
        return new Result(nll, path);
    }

    /** Zeroes sample b's gradient rows t in [from, to). */
    private static void zeroRows(Problem p, int b, int from, int to, float[] outF, double[] outD) {
        int N = p.N(), C = p.C();
        for (int t = from; t < to; t++) {
            int base = (t * N + b) * C;
            if (outF != null) Arrays.fill(outF, base, base + C, 0f); else Arrays.fill(outD, base, base + C, 0.0);
        }
    }

    /** Sample b: the scaled recursion when it is exact to rounding, else the log-space one; returns the path code. */
    private static int sample(LogProbs lp, Problem p, int b, double gb, boolean grad, boolean zeroInfinity, double[] nll, float[] outF, double[] outD,
                               CtcKernels k) {
        if (grad) zeroRows(p, b, p.inputLengths()[b], p.T(), outF, outD); // PyTorch zeroes the frames beyond the input length
        int path = scaled(lp, p, b, gb, grad, nll, outF, outD, k);
        if (path == SCALED) return path;
        double[] alpha = logForward(lp, p, b, nll);
        // the log-space backward writes every row t < input_length (over what the scaled path may have written), or none
        if (grad && !logBackward(lp, p, b, alpha, nll[b], gb, zeroInfinity, outF, outD)) zeroRows(p, b, 0, p.inputLengths()[b], outF, outD);
        return path;
    }

    // ------------------------------------------------------------------ scaled recursion (the fast path)

    // Graves's rescaling (Graves 2012, section 7.3.1), in probability space with y = exp(lp), over the band of cells
    // that lie on some complete alignment: cell (t, s) with e(s) <= t (reachable from the start: e(0) = e(1) = 0,
    // e(s) = min(e(s-1), e(s-2) if l'[s] != l'[s-2]) + 1) and d(s) <= T_b - 1 - t (the end is reachable:
    // d(2L) = d(2L-1) = 0, d(s) = min(d(s+1), d(s+2) if l'[s+2] != l'[s]) + 1). e grows and d shrinks with s, so
    // the band is an interval [lo_t, hi_t]; every alpha and beta inside is > 0, every cell outside is 0 or on no
    // alignment (it contributes nothing to the loss or the gradient).
    //   r_0(s) = y_0(l'[s]);  r_t(s) = (r_{t-1}(s) + r_{t-1}(s-1) + [l'[s] != l'[s-2]] r_{t-1}(s-2)) y_t(l'[s]) / R_{t-1}
    //   with R_t = sum_s r_t(s), so alpha_t(s) = r_t(s) exp(LA_{t-1}), LA_t = sum_{u <= t} log R_u (LA_{-1} = 0);
    //   q_{T-1}(s) = y_{T-1}(l'[s]);  q_t(s) = (q_{t+1}(s) + q_{t+1}(s+1) + [l'[s+2] != l'[s]] q_{t+1}(s+2)) y_t(l'[s]) / Q_{t+1}
    //   so beta_t(s) = q_t(s) exp(LB_{t+1}), LB_t = sum_{u >= t} log Q_u (LB_T = 0);
    //   nll = -log(r_{T-1}(2L) + r_{T-1}(2L-1)) - LA_{T-2};
    //   exp(lcab_t(c) + nll - lp[t,c]) = sum_{s: l'[s] = c} r_t(s) q_t(s) * exp(LA_{t-1} + LB_{t+1} + nll) / y_t(c).
    // Every value is a sum or product of positive numbers, so each keeps a relative error of a few T ulps as long as
    // nothing underflows: the path checks that every y is a normal double, every r, q and r*q is >= TINY, every row
    // sum <= HUGE and the factor exp(...) is a normal double, and otherwise (also for -inf, NaN or +inf log_probs,
    // impossible alignments, empty inputs) returns false and the sample runs in log space as PyTorch does.
    private static int scaled(LogProbs lp, Problem p, int b, double gb, boolean grad, double[] nllOut, float[] outF, double[] outD,
                                  CtcKernels k) {
        int il = p.inputLengths()[b];
        if (il == 0) return EMPTY_INPUT;
        for (int i = p.labelOffsets()[b], e = i + p.targetLengths()[b]; i < e; i++) if (p.labels()[i] == p.blank()) return BLANK_LABEL;
        int L = p.targetLengths()[b], off = p.labelOffsets()[b], W = 2 * L + 1, Wp = W + 4, C = p.C(), N = p.N(), blank = p.blank();
        int[] labels = p.labels();
        Scratch sc = SCRATCH.get();
        int[] lprime = sc.ints(0, W), e = sc.ints(1, W), d = sc.ints(2, W), lo = sc.ints(3, il), hi = sc.ints(4, il);
        double[] skip = sc.doubles(0, Wp);
        Arrays.fill(skip, 0, Wp, 0.0);
        for (int s = 0; s < W; s++) {
            lprime[s] = prime(labels, off, s, blank);
            if ((s & 1) == 1 && s >= 3 && lprime[s] != lprime[s - 2]) skip[s + 2] = 1.0;
        }
        // the band
        final int far = Integer.MAX_VALUE / 2;
        for (int s = 0; s < W; s++) {
            e[s] = s < 2 ? 0 : Math.min(e[s - 1], skip[s + 2] != 0 ? e[s - 2] : far) + 1;
        }
        for (int s = W - 1; s >= 0; s--) {
            d[s] = s >= W - 2 ? 0 : Math.min(d[s + 1], skip[s + 4] != 0 ? d[s + 2] : far) + 1;
        }
        for (int t = 0, h = -1; t < il; t++) {
            while (h + 1 < W && e[h + 1] <= t) h++;
            hi[t] = h;
        }
        for (int t = il - 1, l = W; t >= 0; t--) {
            while (l > 0 && d[l - 1] <= il - 1 - t) l--;
            lo[t] = l;
            if (lo[t] > hi[t]) return NO_ALIGNMENT; // no alignment fits: the loss is +inf
        }
        // y = exp(log_probs) for t < il
        double[] y = sc.doubles(1, il * C);
        for (int t = 0; t < il; t++) {
            if (!expRow(lp, t, b, C, y, t * C, sc, k)) return NOT_NORMAL;
        }
        double[] yp = sc.doubles(2, W);
        // alpha: every row kept when the gradient follows, else two
        double[] ra = sc.doubles(3, (grad ? il : 2) * Wp);
        double[] la = sc.doubles(4, il);
        double sum = 0, LA = 0;
        for (int t = 0; t < il; t++) {
            int cur = (grad ? t : t & 1) * Wp, prev = (grad ? t - 1 : (t - 1) & 1) * Wp;
            int l = lo[t], h = hi[t];
            int yt = t * C;
            for (int s = l; s <= h; s++) yp[s] = y[yt + lprime[s]];
            ra[cur + l] = 0;
            ra[cur + l + 1] = 0;
            ra[cur + h + 3] = 0;
            ra[cur + h + 4] = 0;
            if (t == 0) {
                sum = 0;
                double min = Double.POSITIVE_INFINITY;
                for (int s = l; s <= h; s++) {
                    ra[cur + s + 2] = yp[s];
                    sum += yp[s];
                    min = Math.min(min, yp[s]);
                }
                if (!(min >= CtcKernels.TINY)) return ALPHA_START;
                la[0] = 0;
            } else {
                LA += Math.log(sum);
                la[t] = LA;
                sum = k.alphaStep(ra, prev, ra, cur, skip, yp, 0, 1.0 / sum, l, h);
            }
            if (!(sum <= HUGE)) return ALPHA_RANGE; // NaN (a cell below TINY) fails here too
        }
        int last = (grad ? il - 1 : (il - 1) & 1) * Wp;
        double end = L == 0 ? ra[last + 2] : ra[last + 2 + W - 1] + ra[last + 2 + W - 2];
        double nll = -(Math.log(end) + la[il - 1]);
        if (!grad) {
            nllOut[b] = nll;
            return SCALED;
        }
        // beta, and the gradient row by row from the end
        double[] rb = sc.doubles(5, 2 * Wp), ab = sc.doubles(6, W), post = sc.doubles(7, C);
        Arrays.fill(post, 0, C, 0.0);
        double LB = 0;
        for (int t = il - 1; t >= 0; t--) {
            int cur = (t & 1) * Wp, next = ((t + 1) & 1) * Wp, at = t * Wp;
            int l = lo[t], h = hi[t];
            int yt = t * C;
            for (int s = l; s <= h; s++) yp[s] = y[yt + lprime[s]];
            rb[cur + l] = 0;
            rb[cur + l + 1] = 0;
            rb[cur + h + 3] = 0;
            rb[cur + h + 4] = 0;
            if (t == il - 1) {
                sum = 0;
                double min = Double.POSITIVE_INFINITY;
                for (int s = l; s <= h; s++) {
                    double v = yp[s], q = v * ra[at + s + 2];
                    rb[cur + s + 2] = v;
                    ab[s] = q;
                    sum += v;
                    min = Math.min(min, Math.min(v, q));
                }
                if (!(min >= CtcKernels.TINY)) return BETA_START;
            } else {
                LB += Math.log(sum);
                sum = k.betaStep(rb, next, rb, cur, skip, yp, 0, 1.0 / sum, l, h, ra, at, ab);
            }
            if (!(sum <= HUGE)) return BETA_RANGE;
            double kt = Math.exp(la[t] + LB + nll);
            // kt = 1 / sum_s r q / y with r <= y, q <= y and r, q, r q >= TINY: the checks above keep it far inside the
            // normal range, so no input is known to reach this guard (CtcPathTest reaches every other exit)
            if (!(kt >= Double.MIN_NORMAL && kt < Double.POSITIVE_INFINITY)) return FACTOR_RANGE;
            for (int s = l; s <= h; s++) post[lprime[s]] += ab[s];
            int o = (t * N + b) * C;
            if (outF != null) k.gradRow(y, yt, post, kt, gb, outF, o, C); else k.gradRow(y, yt, post, kt, gb, outD, o, C);
            for (int s = l; s <= h; s++) post[lprime[s]] = 0;
        }
        nllOut[b] = nll;
        return SCALED;
    }

    /** y[dstOff + c] = exp(log_probs[t, b, c]) for c < C through the kernels (strided rows are gathered first, so the bits are the same). */
    private static boolean expRow(LogProbs lp, int t, int b, int C, double[] y, int dstOff, Scratch sc, CtcKernels k) {
        int base = lp.off() + t * lp.sT() + b * lp.sN(), sC = lp.sC();
        if (lp.f() != null) {
            if (sC == 1) return k.exp(lp.f(), base, y, dstOff, C);
            float[] tmp = sc.floats(C);
            for (int c = 0; c < C; c++) tmp[c] = lp.f()[base + c * sC];
            return k.exp(tmp, 0, y, dstOff, C);
        }
        if (sC == 1) return k.exp(lp.d(), base, y, dstOff, C);
        double[] tmp = sc.doubles(8, C);
        for (int c = 0; c < C; c++) tmp[c] = lp.d()[base + c * sC];
        return k.exp(tmp, 0, y, dstOff, C);
    }

    // ------------------------------------------------------------------ log space (every case; PyTorch's algorithm)

    // alpha_0(0) = lp[0, blank], alpha_0(1) = lp[0, l_1], alpha_0(s) = -inf otherwise;
    // alpha_t(s) = logsumexp(alpha_{t-1}(s), alpha_{t-1}(s-1), alpha_{t-1}(s-2) if l'[s] != l'[s-2]) + lp[t, l'[s]]
    //   (the skip only from a different label: repeated labels need the blank between them);
    // nll = -logsumexp(alpha_{T_b-1}(2L), alpha_{T_b-1}(2L-1)), or -alpha_{T_b-1}(0) for an empty target;
    //   input_length 0 gives 0 for an empty target, +inf otherwise.
    /** Sample b's loss into nll[b]; returns its alphas ({@code input_length x (2L+1)}). */
    private static double[] logForward(LogProbs lp, Problem p, int b, double[] nll) {
        int il = p.inputLengths()[b], L = p.targetLengths()[b], off = p.labelOffsets()[b], W = 2 * L + 1;
        if (il == 0) {
            nll[b] = L == 0 ? -0.0 : Double.POSITIVE_INFINITY;
            return new double[0];
        }
        int[] labels = p.labels();
        int blank = p.blank();
        double[] a = new double[il * W];
        Arrays.fill(a, NEG_INF);
        a[0] = lp.at(0, b, blank);
        if (L > 0) a[1] = lp.at(0, b, labels[off]);
        boolean band = bandIsExact(lp, b, il, p.C());
        for (int t = 1; t < il; t++) {
            int prev = (t - 1) * W, cur = t * W;
            int lo = band ? Math.max(0, W - 2 * (il - t)) : 0, hi = band ? Math.min(W - 1, 2 * t + 1) : W - 1;
            for (int s = lo; s <= hi; s++) {
                int c = prime(labels, off, s, blank);
                double la1 = a[prev + s], max = la1, la2, la3;
                if (s > 0) {
                    la2 = a[prev + s - 1];
                    if (la2 > max) max = la2;
                } else {
                    la2 = NEG_INF;
                }
                if (s > 1 && prime(labels, off, s - 2, blank) != c) {
                    la3 = a[prev + s - 2];
                    if (la3 > max) max = la3;
                } else {
                    la3 = NEG_INF;
                }
                if (max == NEG_INF) max = 0;
                a[cur + s] = Math.log(expDiff(la1, max) + expDiff(la2, max) + expDiff(la3, max)) + max + lp.at(t, b, c);
            }
        }
        int last = (il - 1) * W;
        if (L == 0) {
            nll[b] = -a[last];
        } else {
            double l1 = a[last + 2 * L], l2 = a[last + 2 * L - 1];
            double m = l1 < l2 ? l2 : l1;
            if (m == NEG_INF) m = 0;
            nll[b] = -(Math.log(expDiff(l1, m) + expDiff(l2, m)) + m);
        }
        return a;
    }

    // beta_{T_b-1}(2L) = lp[T_b-1, blank], beta_{T_b-1}(2L-1) = lp[T_b-1, l_L], -inf otherwise;
    // beta_t(s) = logsumexp(beta_{t+1}(s), beta_{t+1}(s+1), beta_{t+1}(s+2) if l'[s+2] != l'[s]) + lp[t, l'[s]];
    // with lcab_t(c) = log sum_{s: l'[s] = c} alpha_t(s) beta_t(s) (log of the empty sum = -inf), for t < T_b:
    //   dL/dlp[t, b, c] = (exp(lp[t, b, c]) - exp(lcab_t(c) + nll_b - lp[t, b, c])) * g_b
    // and 0 for t >= T_b. This is PyTorch's gradient: the derivative with respect to the logits z behind
    // lp = log_softmax(z), not the plain partial derivative -exp(lcab + nll - 2 lp) ... with respect to lp.
    // g_b is the upstream gradient of sample b's loss (for mean: grad / max(L_b, 1) / N). With zero_infinity a
    // sample whose loss is +inf gets a zero gradient; without it the formula gives nan (-inf + inf) for t < T_b.
    /** Sample b's gradient rows (t < input_length) into out, from its alphas; false (nothing written) where PyTorch zeroes them. */
    private static boolean logBackward(LogProbs lp, Problem p, int b, double[] a, double nll, double gb, boolean zeroInfinity, float[] outF, double[] outD) {
        int il = p.inputLengths()[b];
        if ((zeroInfinity && nll == Double.POSITIVE_INFINITY) || il == 0) return false;
        int N = p.N(), C = p.C();
        int L = p.targetLengths()[b], off = p.labelOffsets()[b], W = 2 * L + 1, blank = p.blank();
        int[] labels = p.labels();
        double[] next = new double[W], cur = new double[W], lcab = new double[C];
        // t = il - 1
        Arrays.fill(cur, NEG_INF);
        Arrays.fill(lcab, NEG_INF);
        int t = il - 1;
        cur[2 * L] = lp.at(t, b, blank);
        lcab[blank] = a[t * W + 2 * L] + cur[2 * L];
        if (L > 0) {
            int c = labels[off + L - 1];
            cur[2 * L - 1] = lp.at(t, b, c);
            lcab[c] = a[t * W + 2 * L - 1] + cur[2 * L - 1];
        }
        writeRow(lp, lcab, nll, gb, t, b, N, C, outF, outD);
        boolean band = bandIsExact(lp, b, il, C);
        for (t = il - 2; t >= 0; t--) {
            double[] tmp = next;
            next = cur;
            cur = tmp;
            Arrays.fill(cur, NEG_INF);
            Arrays.fill(lcab, NEG_INF);
            int at = t * W;
            int lo = band ? Math.max(0, W - 2 * (il - t)) : 0, hi = band ? Math.min(W - 1, 2 * t + 1) : W - 1;
            for (int s = hi; s >= lo; s--) {
                int c = prime(labels, off, s, blank);
                double lb1 = next[s], max = lb1, lb2, lb3;
                if (s < 2 * L) {
                    lb2 = next[s + 1];
                    if (lb2 > max) max = lb2;
                } else {
                    lb2 = NEG_INF;
                }
                if (s < 2 * L - 1 && prime(labels, off, s + 2, blank) != c) {
                    lb3 = next[s + 2];
                    if (lb3 > max) max = lb3;
                } else {
                    lb3 = NEG_INF;
                }
                if (max == NEG_INF) max = 0;
                double beta = Math.log(expDiff(lb1, max) + expDiff(lb2, max) + expDiff(lb3, max)) + max + lp.at(t, b, c);
                cur[s] = beta;
                double ab = a[at + s] + beta;
                double acc = lcab[c];
                if (acc == NEG_INF) {
                    lcab[c] = ab;
                } else {
                    double m = acc < ab ? ab : acc;
                    lcab[c] = Math.log(expDiff(acc, m) + expDiff(ab, m)) + m;
                }
            }
            writeRow(lp, lcab, nll, gb, t, b, N, C, outF, outD);
        }
        return true;
    }

    private static void writeRow(LogProbs lp, double[] lcab, double nll, double g, int t, int b, int N, int C, float[] outF, double[] outD) {
        int base = (t * N + b) * C;
        for (int c = 0; c < C; c++) {
            double x = lp.at(t, b, c), l = lcab[c];
            // exp(-inf + nll - x) is exactly 0 when nll and x are finite: skip the call
            double post = l == NEG_INF && Double.isFinite(x) && Double.isFinite(nll) ? 0.0 : Math.exp(l + nll - x);
            double v = (Math.exp(x) - post) * g;
            if (outF != null) outF[base + c] = (float) v;
            else outD[base + c] = v;
        }
    }

    /**
     * {@code exp(x - m)} with the two exact cases done without the call: 1 when x is the maximum m (finite), 0 when x
     * is -inf (m is then finite, or was reset to 0). NaN still gives NaN, and so does a +inf maximum (inf - inf), as
     * in PyTorch's kernel. The sums keep PyTorch's order, so the results are those of the plain formula.
     */
    private static double expDiff(double x, double m) {
        if (x == m) return x == Double.POSITIVE_INFINITY ? Double.NaN : 1.0;
        if (x == NEG_INF) return 0.0;
        return Math.exp(x - m);
    }

    /**
     * Whether sample b may skip the cells no alignment uses: alpha_t(s) for s > 2t + 1 (not yet reachable) and
     * beta_t(s) for s < W - 2 (T_b - t) (the end is no longer reachable) are -inf whatever finite or -inf values
     * log_probs holds, and no other cell reads them; so the banded recursion gives the same bits. A NaN or +inf
     * in log_probs can turn those cells into NaN in PyTorch's full recursion, so then we compute all of them.
     */
    private static boolean bandIsExact(LogProbs lp, int b, int il, int C) {
        for (int t = 0; t < il; t++) {
            for (int c = 0; c < C; c++) {
                double x = lp.at(t, b, c);
                if (Double.isNaN(x) || x == Double.POSITIVE_INFINITY) return false;
            }
        }
        return true;
    }
}
