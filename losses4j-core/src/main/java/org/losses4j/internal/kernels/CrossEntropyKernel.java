package org.losses4j.internal.kernels;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.Reduction;
import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.SoftmaxKernels;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * CrossEntropyLoss, fused: log-softmax over the class dimension computed on the fly, one log-sum-exp per row
 * (lse_i = m_i + log sum_c exp(x_ic - m_i), m_i = max_c x_ic) saved for the backward, which recomputes the softmax
 * p_ic = exp(x_ic - lse_i); the input itself is never copied or saved as a copy.
 *
 * <p>Two kinds of target, chosen as PyTorch does: probabilities when the target has the input's shape, class
 * indices otherwise. With e = label_smoothing, w the class weights (1 when absent) and logp_ic = x_ic - lse_i:
 * <ul>
 *   <li>class indices: l_i = (1 - e) w[y_i] (-logp_{i,y_i}) + (e / C) sum_c w_c (-logp_ic), 0 for ignored elements;
 *       'mean' divides the sum by sum_i w[y_i] over non-ignored elements (both terms, as PyTorch);</li>
 *   <li>probabilities: l_i = sum_c w_c t'_ic (-logp_ic) with t' = t (1 - e) + e / C when e &gt; 0; 'mean' divides by
 *       numel / C (the number of rows), never by the weights.</li>
 * </ul>
 * Layout as {@link NllKernel}: element (n, c, s) at {@code (n * C + c) * S + s}.
 *
 * <p>float32 logits with class-index targets take {@link #fusedClass}: one pass per row (or tile of positions for
 * (N, C, d1..dk)) through the {@link SoftmaxKernels} computes the loss and writes the gradient, which the node keeps
 * instead of the log-sum-exps. float64 and probability targets keep the reference double code below.
 */
public final class CrossEntropyKernel {
    private CrossEntropyKernel() {}

    private static final SoftmaxKernels K = VectorizationProvider.get().kernels(SoftmaxKernels.class);

    /** Elements per parallel block (rows or position tiles): small inputs stay on the caller's thread. */
    private static final int GRAIN_ELEMENTS = 32768;
    /** Target elements per position tile of the (N, C, d1..dk) layout. */
    private static final int TILE_ELEMENTS = 16384;

    /**
     * What the check decided.
     *
     * @param probs  probability targets (same shape as the input)
     * @param layout the (N, C, S) geometry and the 'none' output shape
     * @param dtype  the output dtype (input's for class targets; promoted with target and weight for probabilities)
     */
    public record Plan(boolean probs, NllKernel.Layout layout, DType dtype) {}

    /** What the forward saves for the backward: the log-sum-exp per row (O(rows)) and the mean divisor. */
    public record Saved(double[] lse, double divisor) {}

    /** All checks of {@code F.cross_entropy} before any work, in PyTorch's order and wording. */
    public static Plan check(Tensor input, Tensor target, Tensor weight, long ignoreIndex, double labelSmoothing) {
        Checks.notNull(input, "input");
        Checks.notNull(target, "target");
        int[] is = input.shape();
        if (Arrays.equals(is, target.shape())) {
            if (!target.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException("Expected floating point type for target with class probabilities, got "
                        + Checks.typeName(target.dtype()));
            }
            if (ignoreIndex >= 0) throw new IllegalArgumentException("ignore_index is not supported for floating point target");
            if (is.length == 0) throw new IndexOutOfBoundsException("Dimension specified as 1 but tensor has no dimensions");
            int c = is.length == 1 ? is[0] : is[1];
            if (weight != null && (weight.dim() != 1 || weight.numel() != c)) {
                throw new IllegalArgumentException("cross_entropy: weight tensor should be defined either for all " + c
                        + " classes or no classes but got weight tensor of shape: " + Shape.str(weight.shape()));
            }
            logSoftmaxType(input);
            if (labelSmoothing > 0 && labelSmoothing > 1) throw smoothingError(labelSmoothing);
            DType dt = DType.promote(input.dtype(), target.dtype());
            if (weight != null) dt = DType.promote(dt, weight.dtype());
            int n = is.length == 1 ? 1 : is[0], s = 1;
            for (int i = 2; i < is.length; i++) s *= is[i];
            int[] out = new int[Math.max(0, is.length - 1)];
            if (is.length > 1) {
                out[0] = is[0];
                System.arraycopy(is, 2, out, 1, is.length - 2);
            }
            return new Plan(true, new NllKernel.Layout(n, c, s, out, is.length > 2), dt);
        }
        if (labelSmoothing > 0 && labelSmoothing > 1) throw smoothingError(labelSmoothing);
        if (is.length == 0) throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of [-1, 0], but got 1)");
        logSoftmaxType(input);
        NllKernel.Layout l = NllKernel.checkShapes(input, target, weight);
        NllKernel.checkTypes(input, target, weight, l, "nll_loss_out_frame");
        NllKernel.checkTargets(target, l, ignoreIndex);
        return new Plan(false, l, input.dtype());
    }

    private static void logSoftmaxType(Tensor input) {
        if (!input.dtype().isFloatingPoint()) {
            String k = input.dim() <= 2 ? "log_softmax_lastdim_kernel_impl" : "softmax_kernel_impl";
            throw new IllegalArgumentException("\"" + k + "\" not implemented for '" + Checks.typeName(input.dtype()) + "'");
        }
    }

    private static IllegalArgumentException smoothingError(double e) {
        return new IllegalArgumentException("label_smoothing must be between 0.0 and 1.0. Got: " + NllKernel.cppDouble(e));
    }

    /** The log-sum-exp of every row (n, s) over the classes; -inf for C = 0, nan when a row holds nan. */
    static double[] logSumExp(NllKernel.Vals x, NllKernel.Layout l) {
        int n = l.n(), c = l.c(), s = l.s();
        double[] lse = new double[n * s];
        for (int b = 0; b < n; b++) {
            int base = b * c * s;
            for (int p = 0; p < s; p++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < c; k++) {
                    double v = x.at(base + k * s + p);
                    if (v > m || Double.isNaN(v)) m = v;
                    if (Double.isNaN(v)) break;
                }
                if (Double.isNaN(m)) { lse[b * s + p] = m; continue; }
                // PyTorch's log_softmax subtracts the max first: a +inf max gives inf - inf = nan for the whole row
                if (m == Double.POSITIVE_INFINITY) { lse[b * s + p] = Double.NaN; continue; }
                if (m == Double.NEGATIVE_INFINITY) { lse[b * s + p] = m; continue; }
                double sum = 0;
                for (int k = 0; k < c; k++) sum += Math.exp(x.at(base + k * s + p) - m);
                lse[b * s + p] = m + Math.log(sum);
            }
        }
        return lse;
    }

    /** The class-index forward: per-element losses, the total weight (mean divisor) and the saved log-sum-exps. */
    public static NllKernel.Result forwardClass(Tensor input, Tensor target, Tensor weight, long ignoreIndex, double labelSmoothing,
                                                NllKernel.Layout l, double[] lseOut) {
        NllKernel.Vals x = NllKernel.Vals.of(input);
        long[] t = NllKernel.targets(target, l);
        double[] w = weight == null ? null : weight.toDoubleArray();
        double[] lse = logSumExp(x, l);
        System.arraycopy(lse, 0, lseOut, 0, lse.length);
        boolean smooth = labelSmoothing > 0;
        double e = smooth ? labelSmoothing : 0;
        int n = l.n(), c = l.c(), s = l.s();
        double[] loss = new double[l.elements()];
        double total = 0;
        for (int b = 0; b < n; b++) {
            int base = b * c * s;
            for (int p = 0; p < s; p++) {
                int el = b * s + p;
                long y = t[el];
                if (y == ignoreIndex) continue;
                double wy = w == null ? 1 : w[(int) y];
                double li = lse[el];
                double v = wy * (li - x.at(base + (int) y * s + p));
                if (smooth) {
                    double sm = 0;
                    for (int k = 0; k < c; k++) sm += (w == null ? 1 : w[k]) * (li - x.at(base + k * s + p));
                    v = (1 - e) * v + (e / c) * sm;
                }
                loss[el] = v;
                total += wy;
            }
        }
        return new NllKernel.Result(loss, total);
    }

    // d l_i / d x_ij = w[y] (p_ij - [j == y])                          (class index y, no smoothing)
    //               = (1 - e) w[y] (p_ij - [j == y]) + (e / C) (W p_ij - w_j),  W = sum_c w_c   (smoothing)
    // times the upstream g_i (/ total weight for 'mean'); 0 for ignored elements; p recomputed from the saved lse
    /** Backward for class-index targets: the gradient with respect to the input, in C order. */
    public static double[] backwardClass(Tensor input, Tensor target, Tensor weight, long ignoreIndex, double labelSmoothing,
                                         NllKernel.Layout l, Reduction red, Saved saved, Tensor gradOutput) {
        NllKernel.Vals x = NllKernel.Vals.of(input);
        long[] t = NllKernel.targets(target, l);
        double[] w = weight == null ? null : weight.toDoubleArray();
        boolean smooth = labelSmoothing > 0;
        double e = smooth ? labelSmoothing : 0;
        int n = l.n(), c = l.c(), s = l.s();
        double wTotal = c;
        if (w != null) {
            wTotal = 0;
            for (double v : w) wTotal += v;
        }
        double[] g = red == Reduction.NONE ? gradOutput.toDoubleArray() : null;
        double scalar = red == Reduction.NONE ? 0 : LossReduction.scale(gradOutput, red, saved.divisor());
        double[] gx = new double[n * c * s];
        for (int b = 0; b < n; b++) {
            int base = b * c * s;
            for (int p = 0; p < s; p++) {
                int el = b * s + p;
                long y = t[el];
                if (y == ignoreIndex) continue;
                double gi = g == null ? scalar : g[el];
                double wy = w == null ? 1 : w[(int) y];
                double li = saved.lse()[el];
                double a = (1 - e) * wy * gi, bsm = (e / c) * gi;
                for (int k = 0; k < c; k++) {
                    int idx = base + k * s + p;
                    double pk = Math.exp(x.at(idx) - li);
                    double v = a * (pk - (k == y ? 1 : 0));
                    if (smooth) v += bsm * (wTotal * pk - (w == null ? 1 : w[k]));
                    gx[idx] = v;
                }
            }
        }
        return gx;
    }

    // ------------------------------------------------------------------ fused float32 path (class-index targets)

    /** Whether the fused float32 kernel applies: class-index targets and a float32 input (the weight is then float32 too). */
    public static boolean fusable(Tensor input, Plan plan) { return !plan.probs() && input.dtype() == DType.FLOAT32; }

    /** sum_i w[y_i] over the non-ignored elements (PyTorch's total_weight, the 'mean' divisor), in element order. */
    public static double totalWeight(Tensor target, Tensor weight, long ignoreIndex, NllKernel.Layout l) {
        NllKernel.Idx t = NllKernel.Idx.of(target, l);
        float[] w = weight == null ? null : floats(weight);
        double total = 0;
        for (int i = 0, n = l.elements(); i < n; i++) {
            long y = t.at(i);
            if (y != ignoreIndex) total += w == null ? 1 : w[(int) y];
        }
        return total;
    }

    private static float[] floats(Tensor t) {
        if (t.isContiguous() && t.storageOffset() == 0 && t.storage() instanceof float[] && ((float[]) t.storage()).length == t.numel()) {
            return (float[]) t.storage();
        }
        return t.toFloatArray();
    }

    /**
     * Cross entropy of a float32 input over class-index targets in one pass over each row (or position tile), fused
     * with its gradient: per row, m = max x, the exponentials e_k = exp(x_k - m) are stored into {@code grad} while
     * their sum s is formed, lse = m + log s, and then, with a = (1 - e) w[y] g and b = (e / C) g (g =
     * {@code gradScale}, W = sum_c w_c),
     * <pre>
     *   grad_k = (a + b W) e_k / s - b w_k - a [k == y]        (= a (p_k - [k == y]) + b (W p_k - w_k))
     * </pre>
     * Ignored elements keep a zero gradient. Rows whose max is not finite take the reference (double) formulas.
     * Parallel over fixed blocks; the block sums are added in block order.
     *
     * @param grad      zeros of the input's numel, or null to compute the loss only
     * @param gradScale the upstream factor (1 / total weight for 'mean', 1 otherwise)
     * @param losses    per-element losses out ('none'), or null
     * @param aside     work for the calling thread while the workers start (see {@link SpareOutputs}), or null
     * @return the sum of the per-element losses
     */
    public static double fusedClass(Tensor input, Tensor target, Tensor weight, long ignoreIndex, double labelSmoothing,
                                    NllKernel.Layout l, float[] grad, double gradScale, double[] losses, Runnable aside) {
        Tensor in = input.isContiguous() ? input : input.contiguousCopy();
        float[] x = (float[]) in.storage();
        int xo = in.storageOffset();
        NllKernel.Idx t = NllKernel.Idx.of(target, l);
        float[] w = weight == null ? null : floats(weight);
        int n = l.n(), c = l.c(), s = l.s();
        double e = labelSmoothing > 0 ? labelSmoothing : 0;
        double wSum = c;
        if (w != null) {
            wSum = 0;
            for (float v : w) wSum += v;
        }
        final double W = wSum;
        if (n * s == 0) return 0;
        if (s == 1) {
            int grain = Math.max(1, GRAIN_ELEMENTS / Math.max(1, c));
            if (n <= grain) { // one block: the same sum, without the parallel machinery (small inputs are overhead-bound)
                double sum = 0;
                for (int r = 0; r < n; r++) {
                    double v = row(x, xo, t, w, ignoreIndex, e, c, W, r, grad, gradScale);
                    if (losses != null) losses[r] = v;
                    sum += v;
                }
                return sum;
            }
            return Parallel.parallelSum(0, n, grain, (r0, r1) -> {
                double sum = 0;
                for (int r = r0; r < r1; r++) {
                    double v = row(x, xo, t, w, ignoreIndex, e, c, W, r, grad, gradScale);
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
                sum += tile(x, xo, t, w, ignoreIndex, e, l, W, b, p0, Math.min(tile, s - p0), grad, gradScale, losses);
            }
            return sum;
        }, aside);
    }

    /** One row of the (N, C) layout; returns its loss. */
    private static double row(float[] x, int xo, NllKernel.Idx t, float[] w, long ignoreIndex, double e, int c, double W, int r,
                              float[] grad, double gradScale) {
        long y = t.at(r);
        if (y == ignoreIndex) return 0;
        int off = r * c, yi = (int) y;
        float m = K.max(x, xo + off, c);
        if (!Float.isFinite(m)) return reference(x, xo + off, 1, t.at(r), w, e, c, W, m, grad, off, gradScale);
        double sumExp = grad != null ? K.expStore(x, xo + off, m, grad, off, c) : K.sumExp(x, xo + off, m, c);
        double lse = m + Math.log(sumExp);
        double wy = w == null ? 1 : w[yi];
        double v = wy * (lse - x[xo + off + yi]);
        if (e > 0) {
            double dot = w == null ? K.sum(x, xo + off, c) : K.dot(x, xo + off, w, 0, c);
            v = (1 - e) * v + (e / c) * (W * lse - dot);
        }
        if (grad != null) {
            double a = (1 - e) * wy * gradScale, b = (e / c) * gradScale;
            float scale = (float) ((a + b * W) / sumExp);
            if (e == 0) K.scaleShift(grad, off, c, scale, 0f);
            else if (w == null) K.scaleShift(grad, off, c, scale, (float) b);
            else K.scaleShiftWeighted(grad, off, c, scale, (float) b, w, 0);
            grad[off + yi] -= (float) a;
        }
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
            a = new float[][] {new float[tile], new float[tile], new float[tile], new float[tile]};
            SCRATCH.set(a);
        }
        return a;
    }

    /**
     * One tile of {@code np} positions from p0 of sample b in the (N, C, S) layout: vectors run over the positions,
     * the loop over classes is outside (class stride S). Returns the tile's loss sum.
     */
    private static double tile(float[] x, int xo, NllKernel.Idx t, float[] w, long ignoreIndex, double e, NllKernel.Layout l,
                               double W, int b, int p0, int np, float[] grad, double gradScale, double[] losses) {
        int c = l.c(), s = l.s(), base = b * c * s + p0;
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
            for (int k = 0; k < c; k++) K.expStoreAcc(x, xo + base + k * s, m, ex, k * np, sum, np);
        } else {
            for (int k = 0; k < c; k++) K.sumExpAcc(x, xo + base + k * s, m, sum, np);
        }
        if (e > 0) {
            Arrays.fill(dot, 0, np, 0f);
            for (int k = 0; k < c; k++) K.axpy(w == null ? 1f : w[k], x, xo + base + k * s, dot, np);
        }
        float[] lse = sc[3];
        K.logSumExpAcross(m, sum, lse, np);
        double total = 0;
        boolean special = false;
        double bsm = (e / c) * gradScale, aOne = (1 - e) * gradScale, ec = e / c;
        float fb = (float) bsm;
        int tb = b * s + p0, xb = xo + base;
        for (int j = 0; j < np; j++) {
            long y = t.at(tb + j);
            double v = 0;
            // after this loop m holds the per-position scale and sum the per-position shift of the gradient
            if (y == ignoreIndex || !Float.isFinite(m[j])) {
                special |= y != ignoreIndex;
                m[j] = 0;
                sum[j] = 0;
            } else {
                int yi = (int) y;
                double wy = w == null ? 1 : w[yi], lj = lse[j];
                v = wy * (lj - x[xb + yi * s + j]);
                if (e > 0) v = (1 - e) * v + ec * (W * lj - dot[j]);
                m[j] = (float) ((aOne * wy + bsm * W) / sum[j]);
                sum[j] = fb;
            }
            if (losses != null) losses[tb + j] = v;
            total += v;
        }
        if (grad != null) {
            for (int k = 0; k < c; k++) K.scaleShiftAcross(ex, k * np, m, sum, w == null ? 1f : w[k], np);
            for (int j = 0; j < np; j++) {
                long y = t.at(b * s + p0 + j);
                if (y == ignoreIndex) {
                    // exactly 0 (not 0 * exp(...), which is nan for a non-finite input)
                    for (int k = 0; k < c; k++) ex[k * np + j] = 0;
                    continue;
                }
                double wy = w == null ? 1 : w[(int) y];
                ex[(int) y * np + j] -= (float) ((1 - e) * wy * gradScale);
            }
            for (int k = 0; k < c; k++) System.arraycopy(ex, k * np, grad, base + k * s, np);
        }
        if (special) {
            // positions whose max is not finite (counted as 0 above): the reference formulas, loss and gradient
            for (int j = 0; j < np; j++) {
                int el = b * s + p0 + j;
                long y = t.at(el);
                if (y == ignoreIndex) continue;
                float mj = Float.NEGATIVE_INFINITY;
                for (int k = 0; k < c; k++) mj = Math.max(mj, x[xo + base + k * s + j]);
                if (Float.isFinite(mj)) continue;
                double v = reference(x, xo + base + j, s, y, w, e, c, W, mj, grad, base + j, gradScale);
                if (losses != null) losses[el] = v;
                total += v;
            }
        }
        return total;
    }

    /**
     * The reference formulas (as {@link #logSumExp}, {@link #forwardClass} and {@link #backwardClass}) for one
     * element whose max m is nan or infinite: lse = m; p_k = exp(x_k - lse). Writes the gradient when grad is not null.
     */
    private static double reference(float[] x, int xo, int stride, long y, float[] w, double e, int c, double W, float m,
                                    float[] grad, int go, double gradScale) {
        double lse = m == Float.POSITIVE_INFINITY ? Double.NaN : m; // as logSumExp: a +inf max makes the row nan
        int yi = (int) y;
        double wy = w == null ? 1 : w[yi];
        double v = wy * (lse - x[xo + yi * stride]);
        if (e > 0) {
            double sm = 0;
            for (int k = 0; k < c; k++) sm += (w == null ? 1 : w[k]) * (lse - x[xo + k * stride]);
            v = (1 - e) * v + (e / c) * sm;
        }
        if (grad != null) {
            double a = (1 - e) * wy * gradScale, bsm = (e / c) * gradScale;
            for (int k = 0; k < c; k++) {
                double pk = Math.exp(x[xo + k * stride] - lse);
                double g = a * (pk - (k == yi ? 1 : 0));
                if (e > 0) g += bsm * (W * pk - (w == null ? 1 : w[k]));
                grad[go + k * stride] = (float) g;
            }
        }
        return v;
    }

    /**
     * Scales a gradient written by {@link #fusedClass} for upstream 1 by the real upstream gradient, in place:
     * every element by the scalar u (reduced losses), or each (n, s) column by its own upstream value ('none').
     */
    public static void rescale(float[] grad, NllKernel.Layout l, Reduction red, Tensor gradOutput) {
        int n = l.n(), c = l.c(), s = l.s();
        if (red != Reduction.NONE) {
            float u = (float) gradOutput.item();
            Parallel.parallelFor(0, grad.length, 1 << 16, (i0, i1) -> K.scaleShift(grad, i0, i1 - i0, u, 0f));
            return;
        }
        double[] g = gradOutput.toDoubleArray();
        if (s == 1) {
            for (int r = 0; r < n; r++) K.scaleShift(grad, r * c, c, (float) g[r], 0f);
            return;
        }
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < c; k++) {
                int off = (b * c + k) * s;
                for (int p = 0; p < s; p++) grad[off + p] *= (float) g[b * s + p];
            }
        }
    }

    /** The probability-target forward: per-row losses; saves the log-sum-exps into lseOut. */
    public static double[] forwardProbs(Tensor input, Tensor target, Tensor weight, double labelSmoothing, NllKernel.Layout l,
                                        double[] lseOut) {
        NllKernel.Vals x = NllKernel.Vals.of(input), t = NllKernel.Vals.of(target);
        double[] w = weight == null ? null : weight.toDoubleArray();
        double[] lse = logSumExp(x, l);
        System.arraycopy(lse, 0, lseOut, 0, lse.length);
        boolean smooth = labelSmoothing > 0;
        double keep = smooth ? 1 - labelSmoothing : 1, add = smooth ? labelSmoothing / l.c() : 0;
        int n = l.n(), c = l.c(), s = l.s();
        double[] loss = new double[l.elements()];
        for (int b = 0; b < n; b++) {
            int base = b * c * s;
            for (int p = 0; p < s; p++) {
                int el = b * s + p;
                double li = lse[el], v = 0;
                for (int k = 0; k < c; k++) {
                    int idx = base + k * s + p;
                    double tk = smooth ? t.at(idx) * keep + add : t.at(idx);
                    v += (w == null ? 1 : w[k]) * tk * (li - x.at(idx));
                }
                loss[el] = v;
            }
        }
        return loss;
    }

    /** Gradients of the probability-target loss: {input, target, weight} (null where not wanted). */
    public record ProbGrads(double[] input, double[] target, double[] weight) {}

    // with t' = t (1 - e) + e / C (t' = t when e <= 0), logp = x - lse, p = exp(logp), g_i upstream (/ rows for 'mean'):
    // d l_i / d x_ij = (sum_c w_c t'_ic) p_ij - w_j t'_ij
    // d l_i / d t_ij = -(1 - e) w_j logp_ij          ((1 - e) only when e > 0)
    // d l_i / d w_j  = -t'_ij logp_ij
    /** Backward for probability targets. */
    public static ProbGrads backwardProbs(Tensor input, Tensor target, Tensor weight, double labelSmoothing, NllKernel.Layout l,
                                          Reduction red, Saved saved, Tensor gradOutput, boolean wantInput, boolean wantTarget,
                                          boolean wantWeight) {
        NllKernel.Vals x = NllKernel.Vals.of(input), t = NllKernel.Vals.of(target);
        double[] w = weight == null ? null : weight.toDoubleArray();
        boolean smooth = labelSmoothing > 0;
        double keep = smooth ? 1 - labelSmoothing : 1, add = smooth ? labelSmoothing / l.c() : 0;
        int n = l.n(), c = l.c(), s = l.s();
        double[] g = red == Reduction.NONE ? gradOutput.toDoubleArray() : null;
        double scalar = red == Reduction.NONE ? 0 : LossReduction.scale(gradOutput, red, saved.divisor());
        double[] gx = wantInput ? new double[n * c * s] : null;
        double[] gt = wantTarget ? new double[n * c * s] : null;
        double[] gw = wantWeight && w != null ? new double[c] : null;
        for (int b = 0; b < n; b++) {
            int base = b * c * s;
            for (int p = 0; p < s; p++) {
                int el = b * s + p;
                double gi = g == null ? scalar : g[el];
                double li = saved.lse()[el];
                double wt = 0;
                if (gx != null) {
                    for (int k = 0; k < c; k++) {
                        int idx = base + k * s + p;
                        wt += (w == null ? 1 : w[k]) * (smooth ? t.at(idx) * keep + add : t.at(idx));
                    }
                }
                for (int k = 0; k < c; k++) {
                    int idx = base + k * s + p;
                    double xk = x.at(idx), wk = w == null ? 1 : w[k];
                    double tk = smooth ? t.at(idx) * keep + add : t.at(idx);
                    double logp = xk - li;
                    if (gx != null) gx[idx] = gi * (wt * Math.exp(logp) - wk * tk);
                    if (gt != null) gt[idx] = -gi * keep * wk * logp;
                    if (gw != null) gw[k] += -gi * tk * logp;
                }
            }
        }
        return new ProbGrads(gx, gt, gw);
    }
}
