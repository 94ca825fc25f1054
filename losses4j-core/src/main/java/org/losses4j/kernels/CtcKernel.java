package org.losses4j.kernels;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.losses4j.DType;
import org.losses4j.Tensor;

/**
 * CTCLoss (Graves et al. 2006, section 4.1), in log space, over the extended target
 * {@code l' = (blank, l_1, blank, l_2, ..., l_L, blank)} of length {@code 2L + 1}.
 *
 * <p>Check, forward (alpha recursion, the loss) and backward (beta recursion, the gradient) side by side.
 * Every sample is independent and computed sequentially in double (also for float32 inputs); samples run in
 * parallel, so the result is bit-identical for any number of threads. The forward keeps the alphas of each
 * sample (its own {@code input_length x (2 target_length + 1)}, at most {@code N x T x (2S+1)} doubles) for
 * the backward, which needs only two rows of beta and one row of per-class sums per sample besides the
 * gradient it writes. log_probs is read in place through its strides (no copy).
 */
public final class CtcKernel {
    private CtcKernel() {}

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;
    /** Below this many alpha cells in total the samples run on the caller's thread. */
    private static final long PARALLEL_THRESHOLD = 1L << 15;
    private static final String FROM = " (while checking arguments for ctc_loss_cpu)";

    /**
     * A validated problem. {@code labels} holds each sample's first {@code targetLengths[b]} labels, packed
     * from {@code labelOffsets[b]}.
     */
    public record Problem(DType dtype, boolean batched, int[] logProbsShape, int T, int N, int C, int blank, int[] inputLengths,
                          int[] targetLengths, int[] labels, int[] labelOffsets) {}

    /** What the forward saves for the backward: the loss per sample (not zeroed) and the alphas per sample. */
    public record Saved(double[] nll, double[][] alpha) {}

    // ------------------------------------------------------------------ check

    /**
     * The one check, before any work, in PyTorch's order and words (ctc_loss / ctc_loss_allocate_outputs).
     * Lengths are given as values; {@link #lengths(Tensor, String)} reads tensors. Beyond PyTorch, targets outside
     * {@code [0, C)} and targets equal to blank are rejected (PyTorch's CPU kernel does not check them: it reads
     * outside log_probs, or computes a loss for a label sequence CTC cannot express).
     */
    public static Problem check(Tensor logProbs, Tensor targets, long[] inputLengths, long[] targetLengths, long blank) {
        Checks.notNull(logProbs, "log_probs");
        Checks.notNull(targets, "targets");
        if (inputLengths == null) throw new IllegalArgumentException("input_lengths must be a tensor or a sequence of ints, got null");
        if (targetLengths == null) throw new IllegalArgumentException("target_lengths must be a tensor or a sequence of ints, got null");
        if (!logProbs.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"ctc_loss_cpu\" not implemented for '" + Checks.typeName(logProbs.dtype()) + "'");
        }
        boolean batched = logProbs.dim() == 3;
        if (logProbs.dim() == 0) throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of [-1, 0], but got 1)");
        // PyTorch unsqueezes anything that is not 3-d at dim 1 before checking, so it reports dim + 1
        int[] lp = batched ? logProbs.shape() : unsqueeze1(logProbs.shape());
        if (logProbs.numel() == 0) throw new IllegalArgumentException("log_probs tensor must not be empty");
        if (lp.length != 3) {
            throw new IllegalArgumentException("Expected 3-dimensional tensor, but got " + lp.length
                    + "-dimensional tensor for argument #1 'log_probs'" + FROM);
        }
        int T = lp[0], N = lp[1], C = lp[2];
        if (targets.dim() < 1 || targets.dim() > 2) {
            throw new IllegalArgumentException("Expected 1 to 2 dimensions, but got " + targets.dim()
                    + "-dimensional tensor for argument #2 'targets'" + FROM);
        }
        if (blank < 0 || blank >= C) throw new IllegalArgumentException("blank must be in label range");
        if (inputLengths.length != N) throw new IllegalArgumentException("input_lengths must be of size batch_size");
        if (targetLengths.length != N) throw new IllegalArgumentException("target_lengths must be of size batch_size");
        for (long tl : targetLengths) {
            if (tl < 0) {
                throw new IllegalArgumentException("Expected target_lengths to have value at least 0, but got value " + tl + FROM);
            }
        }
        int[] tgShape = targets.shape();
        if (targets.dim() == 1) { // concatenated
            long total = 0;
            for (long tl : targetLengths) total = total + tl < 0 ? Long.MAX_VALUE : total + tl;
            if (total != tgShape[0]) {
                throw new IllegalArgumentException("Expected tensor to have size " + total + " at dimension 0, but got size " + tgShape[0]
                        + " for argument #2 'targets'" + FROM);
            }
        } else { // padded (N, S)
            if (tgShape[0] != N) {
                throw new IllegalArgumentException("Expected tensor to have size " + N + " at dimension 0, but got size " + tgShape[0]
                        + " for argument #2 'targets'" + FROM);
            }
            long max = 0;
            for (long tl : targetLengths) max = Math.max(max, tl);
            if (tgShape[1] < max) {
                throw new IllegalArgumentException("Expected tensor to have size at least " + max + " at dimension 1, but got size " + tgShape[1]
                        + " for argument #2 'targets'" + FROM);
            }
        }
        for (long il : inputLengths) {
            if (il < 0) throw new IllegalArgumentException("Expected input_lengths to have value at least 0, but got value " + il + FROM);
            if (il > T) throw new IllegalArgumentException("Expected input_lengths to have value at most " + T + ", but got value " + il + FROM);
        }
        // labels: PyTorch reads only the first target_length entries of each sample
        int[] il = new int[N], tl = new int[N], off = new int[N];
        long cells = 0;
        int total = 0;
        for (int b = 0; b < N; b++) {
            il[b] = (int) inputLengths[b];
            tl[b] = (int) targetLengths[b];
            off[b] = total;
            total += tl[b];
            cells += (long) il[b] * (2L * tl[b] + 1);
        }
        if (cells > Integer.MAX_VALUE - 8L) {
            throw new IllegalArgumentException("ctc_loss: the alphas need " + cells + " elements, more than one Java array holds");
        }
        int[] labels = new int[total];
        int srcStride0 = targets.dim() == 2 ? targets.strides()[0] : 0;
        int srcStride1 = targets.strides()[targets.dim() - 1];
        int srcOff = targets.storageOffset();
        Object st = targets.storage();
        int concatPos = 0;
        for (int b = 0; b < N; b++) {
            for (int i = 0; i < tl[b]; i++) {
                int src = targets.dim() == 2 ? srcOff + b * srcStride0 + i * srcStride1 : srcOff + (concatPos + i) * srcStride1;
                String where = targets.dim() == 2 ? "targets[" + b + "][" + i + "]" : "targets[" + (concatPos + i) + "] (sample " + b + ")";
                labels[off[b] + i] = label(st, targets.dtype(), src, C, blank, where);
            }
            concatPos += tl[b];
        }
        return new Problem(logProbs.dtype(), batched, logProbs.shape(), T, N, C, (int) blank, il, tl, labels, off);
    }

    /** PyTorch's {@code unsqueeze(1)} of a shape with at least one dim. */
    private static int[] unsqueeze1(int[] s) {
        int[] r = new int[s.length + 1];
        r[0] = s[0];
        r[1] = 1;
        System.arraycopy(s, 1, r, 2, s.length - 1);
        return r;
    }

    /** One label as PyTorch's {@code targets.to(kLong)} reads it (floats truncate toward zero, bool is 0/1), then range-checked. */
    private static int label(Object storage, DType dt, int i, int C, long blank, String where) {
        long v;
        String shown;
        switch (dt) {
            case INT64: v = ((long[]) storage)[i]; shown = Long.toString(v); break;
            case BOOL: v = ((boolean[]) storage)[i] ? 1 : 0; shown = Long.toString(v); break;
            default: {
                double d = dt == DType.FLOAT32 ? ((float[]) storage)[i] : ((double[]) storage)[i];
                if (!Double.isFinite(d)) throw new IndexOutOfBoundsException("Target " + d + " is out of bounds (" + where + "; classes are [0, " + C + "))");
                v = (long) d;
                shown = Long.toString(v);
            }
        }
        if (v < 0 || v >= C) {
            throw new IndexOutOfBoundsException("Target " + shown + " is out of bounds (" + where + "; classes are [0, " + C + "))");
        }
        if (v == blank) {
            throw new IllegalArgumentException("Target " + shown + " at " + where + " equals blank (" + blank
                    + "): targets within target_lengths must not contain the blank index");
        }
        return (int) v;
    }

    /**
     * The values of a lengths tensor (any shape; PyTorch uses its elements in C order), with PyTorch's
     * {@code "<name> must be integral"} for floating and bool tensors.
     */
    public static long[] lengths(Tensor t, String name) {
        if (t == null) throw new IllegalArgumentException(name + " must be a tensor or a sequence of ints, got null");
        if (t.dtype() != DType.INT64) throw new IllegalArgumentException(name + " must be integral");
        return t.toLongArray();
    }

    // ------------------------------------------------------------------ forward

    /** Read-only strided access to log_probs[t, b, c] (unbatched input is read as (T, 1, C)), without a copy. */
    static final class LogProbs {
        final float[] f;
        final double[] d;
        final int off, sT, sN, sC;

        LogProbs(Tensor lp, boolean batched) {
            Object s = lp.storage();
            f = s instanceof float[] ? (float[]) s : null;
            d = s instanceof double[] ? (double[]) s : null;
            int[] st = lp.strides();
            off = lp.storageOffset();
            sT = st[0];
            sN = batched ? st[1] : 0;
            sC = st[st.length - 1];
        }

        double at(int t, int b, int c) {
            int i = off + t * sT + b * sN + c * sC;
            return f != null ? f[i] : d[i];
        }
    }

    /** l'[s]: blank at even s, the label l_{(s+1)/2} at odd s. */
    private static int prime(int[] labels, int offset, int s, int blank) {
        return (s & 1) == 0 ? blank : labels[offset + (s >> 1)];
    }

    // alpha_0(0) = lp[0, blank], alpha_0(1) = lp[0, l_1], alpha_0(s) = -inf otherwise;
    // alpha_t(s) = logsumexp(alpha_{t-1}(s), alpha_{t-1}(s-1), alpha_{t-1}(s-2) if l'[s] != l'[s-2]) + lp[t, l'[s]]
    //   (the skip only from a different label: repeated labels need the blank between them);
    // nll = -logsumexp(alpha_{T_b-1}(2L), alpha_{T_b-1}(2L-1)), or -alpha_{T_b-1}(0) for an empty target;
    //   input_length 0 gives 0 for an empty target, +inf otherwise.
    /** Forward: the negative log-likelihood per sample and the alphas. */
    public static Saved forward(Tensor logProbs, Problem p) {
        LogProbs lp = new LogProbs(logProbs, p.batched());
        double[] nll = new double[p.N()];
        double[][] alpha = new double[p.N()][];
        forEachSample(p, b -> {
            int il = p.inputLengths()[b], L = p.targetLengths()[b], off = p.labelOffsets()[b], W = 2 * L + 1;
            if (il == 0) {
                alpha[b] = new double[0];
                nll[b] = L == 0 ? -0.0 : Double.POSITIVE_INFINITY;
                return;
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
            alpha[b] = a;
        });
        return new Saved(nll, alpha);
    }

    // ------------------------------------------------------------------ backward

    // beta_{T_b-1}(2L) = lp[T_b-1, blank], beta_{T_b-1}(2L-1) = lp[T_b-1, l_L], -inf otherwise;
    // beta_t(s) = logsumexp(beta_{t+1}(s), beta_{t+1}(s+1), beta_{t+1}(s+2) if l'[s+2] != l'[s]) + lp[t, l'[s]];
    // with lcab_t(c) = log sum_{s: l'[s] = c} alpha_t(s) beta_t(s) (log of the empty sum = -inf), for t < T_b:
    //   dL/dlp[t, b, c] = (exp(lp[t,b,c]) - exp(lcab_t(c) + nll_b - lp[t,b,c])) * g_b
    // and 0 for t >= T_b. This is PyTorch's gradient: the derivative with respect to the logits z behind
    // lp = log_softmax(z), not the plain partial derivative -exp(lcab + nll - 2 lp) ... with respect to lp.
    // g_b is the upstream gradient of sample b's loss (for mean: grad / max(L_b, 1) / N). With zero_infinity a
    // sample whose loss is +inf gets a zero gradient; without it the formula gives nan (-inf + inf) for t < T_b.
    /**
     * Backward: the gradient with respect to log_probs, shaped like it, contiguous, in its dtype.
     *
     * @param g the upstream gradient of each sample's (unreduced, un-zeroed) loss
     */
    public static Tensor backward(Tensor logProbs, Problem p, Saved saved, double[] g, boolean zeroInfinity) {
        LogProbs lp = new LogProbs(logProbs, p.batched());
        int T = p.T(), N = p.N(), C = p.C();
        int n = T * N * C;
        float[] outF = p.dtype() == DType.FLOAT32 ? new float[n] : null;
        double[] outD = outF == null ? new double[n] : null;
        forEachSample(p, b -> {
            double nll = saved.nll()[b];
            int il = p.inputLengths()[b];
            if ((zeroInfinity && nll == Double.POSITIVE_INFINITY) || il == 0) return; // stays zero
            int L = p.targetLengths()[b], off = p.labelOffsets()[b], W = 2 * L + 1, blank = p.blank();
            int[] labels = p.labels();
            double[] a = saved.alpha()[b];
            double gb = g[b];
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
        });
        return outF != null ? Tensor.wrap(DType.FLOAT32, outF, p.logProbsShape()) : Tensor.wrap(DType.FLOAT64, outD, p.logProbsShape());
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
     * {@code exp(x - m)} with the two exact cases done without the call: 1 when x is the maximum m, 0 when x is
     * -inf (m is then finite, or was reset to 0). NaN still gives NaN. The sums keep PyTorch's order, so the
     * results are those of the plain formula.
     */
    private static double expDiff(double x, double m) {
        if (x == m) return 1.0;
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

    /** Runs body for every sample: in parallel when the work is large; each sample is sequential, so results do not depend on threads. */
    private static void forEachSample(Problem p, IntConsumer body) {
        long cells = 0;
        for (int b = 0; b < p.N(); b++) cells += (long) p.inputLengths()[b] * (2L * p.targetLengths()[b] + 1);
        if (p.N() > 1 && cells * Math.max(1, p.C() / 8) >= PARALLEL_THRESHOLD) IntStream.range(0, p.N()).parallel().forEach(body);
        else for (int b = 0; b < p.N(); b++) body.accept(b);
    }
}
