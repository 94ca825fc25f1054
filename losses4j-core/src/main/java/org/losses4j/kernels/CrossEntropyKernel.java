package org.losses4j.kernels;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.nn.Reduction;

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
 */
public final class CrossEntropyKernel {
    private CrossEntropyKernel() {}

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
                if (m == Double.NEGATIVE_INFINITY || m == Double.POSITIVE_INFINITY) { lse[b * s + p] = m; continue; }
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
