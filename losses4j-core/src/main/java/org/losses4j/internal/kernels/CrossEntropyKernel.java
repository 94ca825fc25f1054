package org.losses4j.internal.kernels;

import java.util.Arrays;
import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.SoftmaxKernels;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * CrossEntropyLoss on primitive arrays: log-softmax over the class dimension computed on the fly, per element (n, s)
 * m = max_c x_c, e_c = exp(x_c - m), S = sum_c e_c, lse = m + log S, logp_c = x_c - lse; the input is never copied.
 * Layout as {@link NllKernel}: element (n, c, s) at {@code (n * C + c) * S + s}. With e = label_smoothing (0 when
 * not positive), w the class weights (1 when absent), W = sum_c w_c and g the gradient scale (1 / total weight for
 * 'mean', 1 otherwise):
 * <pre>
 *   class index y:  l = (1 - e) w_y (lse - x_y) + (e / C) sum_c w_c (lse - x_c)
 *                   dl/dx_c = (a + b W) e_c / S - b w_c - a [c == y],   a = (1 - e) w_y g,  b = (e / C) g  (b = 0 when e = 0)
 *                   (PyTorch's log_softmax backward G_c - p_c sum_k G_k of G_c = -a [c == y] - b w_c)
 *   ignored y:      l = 0; dl/dx_c = 0 - p_c * 0: NaN for the whole row when its log-softmax is NaN (max not finite) or,
 *                   with smoothing, when a weight is not finite (0 * w_c), else 0
 *   probabilities:  l = sum_c w_c t'_c (lse - x_c),  t' = (1 - e) t + e / C (t' = t when e = 0)
 *                   dl/dx_c = (sum_k w_k t'_k) p_c - w_c t'_c,  dl/dt_c = -(1 - e) w_c logp_c,  dl/dw_c = -t'_c logp_c
 * </pre>
 * Forms: {@link #classElement} is the one double form of the class-index formulas (float64, weights that are not
 * finite, and float32 rows whose max is not finite); {@link #fusedClass} the float32 form through the
 * {@link SoftmaxKernels} (one pass per row, or per tile of positions for (N, C, d1..dk)), which writes the gradient
 * while it computes the loss. The fused form takes the smoothing sum as W lse - sum_c w_c x_c (one dot product),
 * equal to the double form's sum for finite weights (ClassificationFormsTest pins the two).
 *
 * <p>The class-index pass serves every loss that is a function of one element's log-softmax at its target: a
 * {@link Head} turns (w_y, lse, x_y, the smoothing sum) into the element's loss and the three coefficients of its
 * gradient, dl/dx_c = A e_c / S - b w_c - a [c == y]. Cross entropy is the head above (A = a + b W); FocalLoss and
 * PolyLoss are {@link Head#focal} and {@link Head#poly}. Both forms and every layout go through the head, so each
 * of these losses has the same single pass, parallel blocks and non-finite handling as cross entropy.
 */
public final class CrossEntropyKernel {
    private CrossEntropyKernel() {}

    private static final SoftmaxKernels K = VectorizationProvider.get().kernels(SoftmaxKernels.class);

    /** Elements per parallel block (rows or position tiles): small inputs stay on the caller's thread. */
    private static final int GRAIN_ELEMENTS = 32768;
    /** Target elements per position tile of the (N, C, d1..dk) layout. */
    private static final int TILE_ELEMENTS = 16384;

    /**
     * One class-index call.
     *
     * @param x  the logits (float32 for {@link #fusedClass})
     * @param t  class indices, weights (double) and geometry
     * @param wf the weights as float32 for {@link #fusedClass} (null without weights)
     * @param e  label smoothing, 0 when not positive
     */
    public record ClassTargets(NllKernel.Vals x, NllKernel.Targets t, float[] wf, double e, Head head) {
        /** Cross entropy ({@link Head#crossEntropy}) with smoothing e. */
        public ClassTargets(NllKernel.Vals x, NllKernel.Targets t, float[] wf, double e) {
            this(x, t, wf, e, Head.crossEntropy(e, t.c()));
        }

        /** W = sum_c w_c (C without weights). */
        double weightSum() {
            if (t.w() == null) return t.c();
            double s = 0;
            for (double v : t.w()) s += v;
            return s;
        }

        /** Whether every weight is finite (true without weights). */
        public boolean finiteWeights() {
            if (t.w() != null) for (double v : t.w()) if (!Double.isFinite(v)) return false;
            return true;
        }
    }

    // ------------------------------------------------------------------ heads: what a loss makes of the log-softmax

    /**
     * What one class-index loss of the softmax family makes of an element (n, s) whose target y is counted: its loss,
     * and the coefficients of its gradient dl/dx_c = A p_c - b w_c - a [c == y] (p the softmax of the element's
     * logits, w the class weights, 1 when absent), already scaled by the reduction's gradient scale g. Called with
     * doubles by both forms of the pass (the fused form widens its float32 values); must be stateless (blocks call it
     * from several threads).
     */
    public interface Head {
        /**
         * One counted element.
         *
         * @param wy        the target class's weight (1 without weights)
         * @param lse       the element's log-sum-exp, m + log sum_c exp(x_c - m)
         * @param xy        the target's logit
         * @param smooth    sum_c w_c (lse - x_c) when the call smooths labels (e &gt; 0), else 0
         * @param w         W = sum_c w_c (C without weights)
         * @param gradScale g: 1 / total weight (or 1 / count) for 'mean', 1 otherwise
         * @param coef      out: {A, b, a}
         * @return the element's loss
         */
        double element(double wy, double lse, double xy, double smooth, double w, double gradScale, double[] coef);

        /**
         * Cross entropy with label smoothing e over C classes: l = (1 - e) w_y (lse - x_y) + (e / C) smooth;
         * a = (1 - e) w_y g, b = (e / C) g, A = a + b W (A = a when e = 0).
         */
        static Head crossEntropy(double e, int c) {
            return (wy, lse, xy, smooth, w, gradScale, coef) -> {
                double v = wy * (lse - xy);
                if (e > 0) v = (1 - e) * v + (e / c) * smooth;
                double a = (1 - e) * wy * gradScale, b = (e / c) * gradScale;
                coef[0] = e > 0 ? a + b * w : a;
                coef[1] = b;
                coef[2] = a;
                return v;
            };
        }

        /**
         * Focal loss (Lin et al., ICCV 2017, the softmax form), with p = exp(x_y - lse), f = (1 - p)^gamma and
         * nll = w_y (lse - x_y):
         * <pre>
         *   l = f nll = -w_y (1 - p)^gamma log p
         *   dl/dlog p = -w_y f - gamma (1 - p)^(gamma - 1) p nll,   dl/dx_c = dl/dlog p ([c == y] - p_c)
         *   a = A = (w_y f + gamma (1 - p)^(gamma - 1) p nll) g,  b = 0
         * </pre>
         * gamma = 0 is cross entropy bit for bit (f = 1, the second term left out as PyTorch's pow backward leaves it
         * out for a zero exponent). For 0 &lt; gamma &lt; 1 and p = 1 the second term is inf * 0 = NaN, as autograd's.
         */
        static Head focal(double gamma) {
            return (wy, lse, xy, smooth, w, gradScale, coef) -> {
                double nll = wy * (lse - xy);
                if (gamma == 0) {
                    coef[0] = coef[2] = wy * gradScale;
                    coef[1] = 0;
                    return nll;
                }
                double p = Math.exp(xy - lse), q = 1 - p;
                double f = Math.pow(q, gamma);
                double a = (wy * f + gamma * Math.pow(q, gamma - 1) * p * nll) * gradScale;
                coef[0] = coef[2] = a;
                coef[1] = 0;
                return f * nll;
            };
        }

        /**
         * Poly-1 (Leng et al., ICLR 2022) with label smoothing e over C classes, no class weights: with
         * q_c = (1 - e) [c == y] + e / C and p_t = sum_c q_c p_c = (1 - e) p_y + e / C,
         * <pre>
         *   l = CE + epsilon (1 - p_t)                  (CE: the cross-entropy head with smoothing e)
         *   dl/dx_c = dCE/dx_c - epsilon p_c (q_c - p_t) = dCE/dx_c + d (p_c - [c == y]),  d = epsilon (1 - e) p_y
         *   A = A_CE + d g,  b = b_CE,  a = a_CE + d g
         * </pre>
         */
        static Head poly(double epsilon, double e, int c) {
            Head ce = crossEntropy(e, c);
            return (wy, lse, xy, smooth, w, gradScale, coef) -> {
                double v = ce.element(wy, lse, xy, smooth, w, gradScale, coef);
                double p = Math.exp(xy - lse);
                double pt = (1 - e) * p + e / c;
                double d = epsilon * (1 - e) * p * gradScale;
                coef[0] += d;
                coef[2] += d;
                return v + epsilon * (1 - pt);
            };
        }
    }

    // ------------------------------------------------------------------ the double form (class indices)

    /**
     * Loss and, when {@code g} is not null, local gradient (scale {@code gradScale}) of every element, in double:
     * writes losses into {@code loss} (when not null) and gradients into g; returns the sum of the losses.
     */
    public static double forwardClass(ClassTargets p, double gradScale, double[] loss, double[] g) {
        NllKernel.Targets t = p.t();
        int n = t.n(), c = t.c(), s = t.s();
        double W = p.weightSum();
        boolean finiteW = p.finiteWeights();
        double[] row = g == null ? null : new double[c];
        double[] coef = new double[3];
        double sum = 0;
        for (int b = 0; b < n; b++) {
            for (int q = 0; q < s; q++) {
                int el = b * s + q, base = b * c * s + q;
                double v = classElement(p, base, t.at(el), W, finiteW, gradScale, row, coef);
                if (row != null) for (int k = 0; k < c; k++) g[base + k * s] = row[k];
                if (loss != null) loss[el] = v;
                sum += v;
            }
        }
        return sum;
    }

    /**
     * One element (n, s) of the class-index loss in double: x_c at {@code base + c * S}; returns its loss and writes
     * dl/dx_c (scaled by gradScale) into {@code g[c]} when g is not null. The formulas of the class comment, as
     * {@link #fusedClass} computes them, with PyTorch's non-finite propagation: a row whose max is NaN or infinite has
     * a NaN log-sum-exp (PyTorch subtracts the max first), hence NaN loss and gradient.
     *
     * @param coef scratch of 3 for the head's coefficients
     */
    static double classElement(ClassTargets p, int base, long y, double W, boolean finiteW, double gradScale, double[] g, double[] coef) {
        NllKernel.Vals x = p.x();
        NllKernel.Targets t = p.t();
        int c = t.c(), s = t.s();
        double e = p.e();
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
            double v = x.at(base + k * s);
            if (v > m || v != v) m = v;
            if (v != v) break;
        }
        if (y == t.ignoreIndex()) {
            // dl/dx = 0 - p * 0 (log_softmax's backward of a zero gradient): NaN where p or 0 * w_c is
            if (g != null) Arrays.fill(g, Double.isFinite(m) && (e == 0 || finiteW) ? 0 : Double.NaN);
            return 0;
        }
        double sumExp = 0;
        for (int k = 0; k < c; k++) sumExp += Math.exp(x.at(base + k * s) - m);
        double lse = Double.isFinite(m) ? m + Math.log(sumExp) : Double.NaN;
        int yi = (int) y;
        double wy = t.weight(yi);
        double sm = 0;
        if (e > 0) for (int k = 0; k < c; k++) sm += t.weight(k) * (lse - x.at(base + k * s));
        double v = p.head().element(wy, lse, x.at(base + yi * s), sm, W, gradScale, coef);
        if (g != null) {
            double a = coef[2], b = coef[1];
            double scale = coef[0] / sumExp;
            for (int k = 0; k < c; k++) {
                double gk = Math.exp(x.at(base + k * s) - m) * scale;
                if (e > 0) gk -= b * t.weight(k);
                g[k] = k == yi ? gk - a : gk;
            }
            if (!Double.isFinite(m)) Arrays.fill(g, Double.NaN);
        }
        return v;
    }

    // ------------------------------------------------------------------ the fused float32 form (class indices)

    /**
     * Cross entropy of float32 logits over class indices in one pass over each row (or position tile), fused with its
     * gradient: per row, m = max x, the exponentials e_k = exp(x_k - m) are stored into {@code grad} while their sum S
     * is formed, lse = m + log S, then grad_k = (a + b W) e_k / S - b w_k - a [k == y] (see the class comment). Weights
     * must be finite (take {@link #forwardClass} otherwise). Rows whose max is not finite take {@link #classElement}.
     * Parallel over fixed blocks; the block sums are added in block order.
     *
     * @param grad      zeros of the input's numel, or null to compute the loss only
     * @param gradScale the gradient scale (1 / total weight for 'mean', 1 otherwise)
     * @param losses    per-element losses out ('none'), or null
     * @param aside     work for the calling thread while the workers start (see {@link SpareOutputs}), or null
     * @return the sum of the per-element losses
     */
    public static double fusedClass(ClassTargets p, float[] grad, double gradScale, double[] losses, Runnable aside) {
        NllKernel.Targets t = p.t();
        int n = t.n(), c = t.c(), s = t.s();
        double W = p.weightSum();
        if (n * s == 0) return 0;
        if (s == 1) {
            int grain = Math.max(1, GRAIN_ELEMENTS / Math.max(1, c));
            if (n <= grain) { // one block: the same sum, without the parallel machinery (small inputs are overhead-bound)
                double sum = 0;
                double[] coef = new double[3];
                for (int r = 0; r < n; r++) {
                    double v = row(p, W, r, grad, gradScale, coef);
                    if (losses != null) losses[r] = v;
                    sum += v;
                }
                return sum;
            }
            return Parallel.parallelSum(0, n, grain, (r0, r1) -> {
                double sum = 0;
                double[] coef = new double[3];
                for (int r = r0; r < r1; r++) {
                    double v = row(p, W, r, grad, gradScale, coef);
                    if (losses != null) losses[r] = v;
                    sum += v;
                }
                return sum;
            }, aside);
        }
        int tile = Math.min(s, Math.max(16, (TILE_ELEMENTS / Math.max(1, c) + 15) & ~15));
        int tilesPerSample = (s + tile - 1) / tile;
        int grain = Math.max(1, GRAIN_ELEMENTS / Math.max(1, c * tile));
        return Parallel.parallelSum(0, n * tilesPerSample, grain, (t0, t1) -> {
            double sum = 0;
            for (int ti = t0; ti < t1; ti++) {
                int b = ti / tilesPerSample, p0 = (ti % tilesPerSample) * tile;
                sum += tile(p, W, b, p0, Math.min(tile, s - p0), grad, gradScale, losses);
            }
            return sum;
        }, aside);
    }

    /** One row of the (N, C) layout; returns its loss. {@code coef}: the head's scratch. */
    private static double row(ClassTargets p, double W, int r, float[] grad, double gradScale, double[] coef) {
        NllKernel.Targets t = p.t();
        float[] x = p.x().f(), w = p.wf();
        int xo = p.x().off(), c = t.c();
        double e = p.e();
        long y = t.at(r);
        int off = r * c, yi = (int) y;
        if (y == t.ignoreIndex()) {
            // log_softmax's backward of a zero gradient, 0 - p * 0: NaN for a row whose log-softmax is NaN
            if (grad != null && !Float.isFinite(K.max(x, xo + off, c))) Arrays.fill(grad, off, off + c, Float.NaN);
            return 0;
        }
        float m = K.max(x, xo + off, c);
        if (!Float.isFinite(m)) return special(p, W, xo + off, y, grad, off, 1, gradScale, coef);
        double sumExp = grad != null ? K.expStore(x, xo + off, grad, off, m, c) : K.sumExp(x, xo + off, m, c);
        double lse = m + Math.log(sumExp);
        double wy = w == null ? 1 : w[yi];
        double smooth = 0;
        if (e > 0) smooth = W * lse - (w == null ? K.sum(x, xo + off, c) : K.dot(x, xo + off, w, 0, c));
        double v = p.head().element(wy, lse, x[xo + off + yi], smooth, W, gradScale, coef);
        if (grad != null) {
            float scale = (float) (coef[0] / sumExp), b = (float) coef[1];
            if (e == 0) K.scaleShift(grad, off, scale, 0f, c);
            else if (w == null) K.scaleShift(grad, off, scale, b, c);
            else K.scaleShiftWeighted(grad, off, w, 0, scale, b, c);
            grad[off + yi] -= (float) coef[2];
        }
        return v;
    }

    /**
     * An element whose max is not finite, by the double form: loss returned, gradient written into {@code grad} from
     * go with class stride {@code stride} when grad is not null.
     */
    private static double special(ClassTargets p, double W, int xBase, long y, float[] grad, int go, int stride, double gradScale, double[] coef) {
        double[] g = grad == null ? null : new double[p.t().c()];
        double v = classElement(p, xBase - p.x().off(), y, W, true, gradScale, g, coef);
        if (g != null) for (int k = 0; k < g.length; k++) grad[go + k * stride] = (float) g[k];
        return v;
    }

    /** The gradient tile of {@link #tile}, one per thread (reused: no allocation per step). */
    private static final ThreadLocal<float[]> GRAD_SCRATCH = new ThreadLocal<>();

    private static float[] gradScratch(int n) {
        float[] a = GRAD_SCRATCH.get();
        if (a == null || a.length < n) {
            a = new float[n];
            GRAD_SCRATCH.set(a);
        }
        return a;
    }

    /** Scratch arrays of the position tiles, one set per thread (reused: no allocation per step). */
    private static final ThreadLocal<float[][]> SCRATCH = new ThreadLocal<>();

    private static float[][] scratch(int tile) {
        float[][] a = SCRATCH.get();
        if (a == null || a[0].length < tile) {
            // the last one stays all zero (never written)
            a = new float[][] {new float[tile], new float[tile], new float[tile], new float[tile], new float[tile], new float[tile]};
            SCRATCH.set(a);
        }
        return a;
    }

    /**
     * One tile of {@code np} positions from p0 of sample b in the (N, C, S) layout: vectors run over the positions,
     * the loop over classes is outside (class stride S). Returns the tile's loss sum.
     */
    private static double tile(ClassTargets p, double W, int b, int p0, int np, float[] grad, double gradScale, double[] losses) {
        NllKernel.Targets t = p.t();
        float[] x = p.x().f(), w = p.wf();
        int xo = p.x().off(), c = t.c(), s = t.s(), base = b * c * s + p0;
        long ignoreIndex = t.ignoreIndex();
        double e = p.e();
        float[][] sc = scratch(np);
        float[] m = sc[0], sum = sc[1], dot = sc[2];
        Arrays.fill(m, 0, np, Float.NEGATIVE_INFINITY);
        for (int k = 0; k < c; k++) K.maxAcc(x, xo + base + k * s, m, np);
        Arrays.fill(sum, 0, np, 0f);
        // the tile's gradient is built in a contiguous (C, np) scratch and copied out once per class row: written in
        // place, its C rows sit S floats apart (64 KiB for 128 x 128) and the read-modify-write passes thrashed the
        // cache sets, so the gradient path stopped scaling with threads
        float[] ex = grad == null ? null : gradScratch(c * np);
        if (grad != null) {
            for (int k = 0; k < c; k++) K.expStoreAcc(x, xo + base + k * s, ex, k * np, m, sum, np);
        } else {
            for (int k = 0; k < c; k++) K.sumExpAcc(x, xo + base + k * s, m, sum, np);
        }
        if (e > 0) {
            Arrays.fill(dot, 0, np, 0f);
            for (int k = 0; k < c; k++) K.axpy(x, xo + base + k * s, dot, w == null ? 1f : w[k], np);
        }
        // log S per position in float lanes (the max added as zero); the log-sum-exp m + log S is formed in double below:
        // stored as a float it would lose up to half a float ulp of the max (1.5e-5 at 300), more than float32's own
        // log_softmax loses
        float[] logS = sc[3];
        K.logSumExpAcross(sc[5], sum, logS, np);
        double total = 0;
        boolean special = false;
        float[] tg = sc[4];
        double[] coef = new double[3];
        int tb = b * s + p0, xb = xo + base;
        for (int j = 0; j < np; j++) {
            long y = t.at(tb + j);
            double v = 0;
            // after this loop m holds the per-position scale, sum the per-position shift and tg the target's term of the
            // gradient; an ignored position gets scale 0 and shift 0 (gradient 0 - p * 0 = 0), or shift NaN when its
            // log-softmax is NaN
            tg[j] = 0;
            if (y == ignoreIndex) {
                sum[j] = Float.isFinite(m[j]) ? 0f : Float.NaN;
                m[j] = 0;
            } else if (!Float.isFinite(m[j])) {
                special = true;
                m[j] = 0;
                sum[j] = 0;
            } else {
                int yi = (int) y;
                double wy = w == null ? 1 : w[yi], lj = m[j] + (double) logS[j];
                v = p.head().element(wy, lj, x[xb + yi * s + j], e > 0 ? W * lj - dot[j] : 0, W, gradScale, coef);
                m[j] = (float) (coef[0] / sum[j]);
                sum[j] = (float) coef[1];
                tg[j] = (float) coef[2];
            }
            if (losses != null) losses[tb + j] = v;
            total += v;
        }
        if (grad != null) {
            for (int k = 0; k < c; k++) K.scaleShiftAcross(ex, k * np, m, sum, w == null ? 1f : w[k], np);
            for (int j = 0; j < np; j++) {
                long y = t.at(tb + j);
                if (y == ignoreIndex) continue;
                ex[(int) y * np + j] -= tg[j];
            }
            for (int k = 0; k < c; k++) System.arraycopy(ex, k * np, grad, base + k * s, np);
        }
        if (special) {
            // positions whose max is not finite (counted as 0 above): the double form, loss and gradient
            for (int j = 0; j < np; j++) {
                int el = tb + j;
                long y = t.at(el);
                if (y == ignoreIndex) continue;
                float mj = Float.NEGATIVE_INFINITY;
                for (int k = 0; k < c; k++) mj = Math.max(mj, x[xb + k * s + j]);
                if (Float.isFinite(mj)) continue;
                double v = special(p, W, xb + j, y, grad, base + j, s, gradScale, coef);
                if (losses != null) losses[el] = v;
                total += v;
            }
        }
        return total;
    }

    // ------------------------------------------------------------------ probability targets (double form)

    /** Per-element losses of probability targets, written into {@code loss}. */
    public static void forwardProbs(NllKernel.Vals x, NllKernel.Vals t, double[] w, double e, int n, int c, int s, double[] loss) {
        boolean smooth = e > 0;
        double keep = smooth ? 1 - e : 1, add = smooth ? e / c : 0;
        for (int b = 0; b < n; b++) {
            int base = b * c * s;
            for (int q = 0; q < s; q++) {
                double li = logSumExp(x, base + q, s, c), v = 0;
                for (int k = 0; k < c; k++) {
                    int idx = base + k * s + q;
                    double tk = smooth ? t.at(idx) * keep + add : t.at(idx);
                    v += (w == null ? 1 : w[k]) * tk * (li - x.at(idx));
                }
                loss[b * s + q] = v;
            }
        }
    }

    /**
     * Local gradients of probability targets for an upstream of 1 (times {@code scale}: 1 / rows for 'mean'):
     * {input (N, C, S), target (N, C, S), weight} (null where not wanted). The weight's is (C) summed over the elements
     * when {@code weightPerElement} is false, else laid out (N, S, C), one row per element, for a per-element upstream.
     */
    public static double[][] probGrads(NllKernel.Vals x, NllKernel.Vals t, double[] w, double e, int n, int c, int s, double scale,
                                       boolean wantInput, boolean wantTarget, boolean wantWeight, boolean weightPerElement) {
        boolean smooth = e > 0;
        double keep = smooth ? 1 - e : 1, add = smooth ? e / c : 0;
        double[] gx = wantInput ? new double[n * c * s] : null;
        double[] gt = wantTarget ? new double[n * c * s] : null;
        double[] gw = wantWeight && w != null ? new double[weightPerElement ? n * s * c : c] : null;
        for (int b = 0; b < n; b++) {
            int base = b * c * s;
            for (int q = 0; q < s; q++) {
                double li = logSumExp(x, base + q, s, c);
                double wt = 0;
                if (gx != null) {
                    for (int k = 0; k < c; k++) {
                        int idx = base + k * s + q;
                        wt += (w == null ? 1 : w[k]) * (smooth ? t.at(idx) * keep + add : t.at(idx));
                    }
                }
                int wb = weightPerElement ? (b * s + q) * c : 0;
                for (int k = 0; k < c; k++) {
                    int idx = base + k * s + q;
                    double xk = x.at(idx), wk = w == null ? 1 : w[k];
                    double tk = smooth ? t.at(idx) * keep + add : t.at(idx);
                    double logp = xk - li;
                    if (gx != null) gx[idx] = scale * (wt * Math.exp(logp) - wk * tk);
                    if (gt != null) gt[idx] = -scale * keep * wk * logp;
                    if (gw != null) gw[wb + k] += -scale * tk * logp;
                }
            }
        }
        return new double[][] {gx, gt, gw};
    }

    /** The log-sum-exp of the C values at {@code base + k * stride}; NaN when their max is NaN or infinite. */
    static double logSumExp(NllKernel.Vals x, int base, int stride, int c) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
            double v = x.at(base + k * stride);
            if (v > m || v != v) m = v;
            if (v != v) break;
        }
        // PyTorch's log_softmax subtracts the max first: a max of +-inf gives inf - inf = nan for the whole row
        if (!Double.isFinite(m)) return c == 0 ? m : Double.NaN;
        double sum = 0;
        for (int k = 0; k < c; k++) sum += Math.exp(x.at(base + k * stride) - m);
        return m + Math.log(sum);
    }
}
