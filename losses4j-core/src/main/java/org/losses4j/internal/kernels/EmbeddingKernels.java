package org.losses4j.internal.kernels;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.Reduction;
import org.losses4j.internal.parallel.Parallel;

/**
 * The embedding losses on primitive arrays: CosineEmbeddingLoss, TripletMarginLoss (on PyTorch's
 * {@code pairwise_distance}), {@code pairwise_distance} itself and the hinge of TripletMarginWithDistanceLoss.
 * Check, forward and backward side by side; the forwards save O(rows) state (cosines and norms, distances) and
 * the backwards re-read the inputs. Float32 inputs round the per-row quantities to float32 where PyTorch computes
 * them in float32; sums accumulate in double.
 */
public final class EmbeddingKernels {
    private EmbeddingKernels() {}

    /** PyTorch's {@code EPSILON} in Loss.cpp: a C++ float 1e-12, added to the squared norms. */
    public static final double COSINE_EPSILON = (double) 1e-12f;

    static double round(DType dt, double v) { return dt == DType.FLOAT32 ? (double) (float) v : v; }

    /** A broadcast shape seen as rows x d over its last dimension (a 0-d shape is one row of one element). */
    public record Rows(int[] shape, int rows, int d) {
        public static Rows of(int[] shape) {
            int d = shape.length == 0 ? 1 : shape[shape.length - 1];
            int rows = shape.length == 0 ? 1 : Shape.numel(Arrays.copyOf(shape, shape.length - 1));
            return new Rows(shape, rows, d);
        }

        /** The shape without the last dimension (keepdim = false) or with it set to 1 (keepdim = true). */
        public int[] outShape(boolean keepdim) {
            if (shape.length == 0) return new int[0];
            int[] s = keepdim ? shape.clone() : Arrays.copyOf(shape, shape.length - 1);
            if (keepdim) s[s.length - 1] = 1;
            return s;
        }
    }

    // ------------------------------------------------------------------ CosineEmbeddingLoss

    /**
     * The general CosineEmbeddingLoss (any dtypes, broadcasting): the inputs expanded to {@code shape} (one row per
     * output element), per row
     * cos = x1.x2 / sqrt((|x1|^2 + EPS)(|x2|^2 + EPS)); l = 1 - cos where y == 1, max(0, cos - margin) where y == -1,
     * 0 for any other target value (PyTorch's two where()s). With a gradient wanted, the local gradients for an
     * upstream of {@code red} per row and the rows the upstream does not reach (those where()s give 0).
     */
    // dl/dcos = -1 (y == 1), 1 (y == -1 and cos - margin >= 0), else 0
    // dcos/dx1 = x2 / denom - cos x1 / m1 ;  dcos/dx2 = x1 / denom - cos x2 / m2     (denom = sqrt(m1 m2))
    public static Local cosine(Tensor input1, Tensor input2, Tensor target, int[] shape, double margin, double red, boolean want1, boolean want2) {
        DType dt = Checks.common(input1, input2);
        double[] a = KernelInputs.valuesAs(input1, shape), b = KernelInputs.valuesAs(input2, shape);
        Rows g = Rows.of(shape);
        int nr = g.rows(), d = g.d();
        double[] t = targetValues(target);
        double mg = round(dt, margin);
        double[] l = new double[nr];
        double[] g1 = want1 ? new double[a.length] : null, g2 = want2 ? new double[a.length] : null;
        boolean[] fixed = new boolean[nr];
        for (int n = 0; n < nr; n++) {
            double s = 0, q1 = 0, q2 = 0;
            for (int k = n * d, e = k + d; k < e; k++) {
                s += a[k] * b[k];
                q1 += a[k] * a[k];
                q2 += b[k] * b[k];
            }
            double m1 = round(dt, round(dt, q1) + COSINE_EPSILON), m2 = round(dt, round(dt, q2) + COSINE_EPSILON);
            double den = round(dt, Math.sqrt(round(dt, m1 * m2)));
            double c = round(dt, round(dt, s) / den);
            double y = t[t.length == 1 ? 0 : n], gc = 0;
            if (y == 1) {
                l[n] = 1 - c;
                gc = -red;
            } else if (y == -1) {
                double z = round(dt, c - mg);
                l[n] = Double.isNaN(z) ? z : Math.max(z, 0);
                if (c - mg >= 0) gc = red;
            }
            fixed[n] = gc == 0;
            if (Double.isNaN(c)) {
                // an overflowed or nan row: PyTorch's chain gives nan for the whole row, whatever the hinge says
                if (want1) Arrays.fill(g1, n * d, n * d + d, Double.NaN);
                if (want2) Arrays.fill(g2, n * d, n * d + d, Double.NaN);
                continue;
            }
            if (gc == 0) continue;
            double s1 = gc / den, t1 = gc * c / m1, s2 = gc / den, t2 = gc * c / m2;
            for (int k = n * d, e = k + d; k < e; k++) {
                if (want1) g1[k] = s1 * b[k] - t1 * a[k];
                if (want2) g2[k] = s2 * a[k] - t2 * b[k];
            }
        }
        return new Local(l, new double[][] {g1, g2}, fixed);
    }

    /** A general path's per-row losses, local gradients (null where not wanted) and fixed rows (see LossNode.Upstream). */
    public record Local(double[] loss, double[][] grads, boolean[] fixed) {}

    private static double[] targetValues(Tensor target) {
        if (target.dtype() == DType.BOOL) {
            boolean[] v = target.toBooleanArray();
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) d[i] = v[i] ? 1 : 0;
            return d;
        }
        return target.toDoubleArray();
    }

    // ------------------------------------------------------------------ p-norms (pairwise_distance)

    /** ||v[off .. off+d)||_p as torch.norm: (sum |v|^p)^(1/p); inf / -inf max / min |v|; p = 0 counts non-zeros. */
    static double norm(double[] v, int off, int d, double p) {
        if (Double.isInfinite(p)) {
            double m = p > 0 ? 0 : Double.POSITIVE_INFINITY;
            if (d == 0) return p > 0 ? 0 : Double.POSITIVE_INFINITY;
            for (int k = off; k < off + d; k++) {
                double x = Math.abs(v[k]);
                if (Double.isNaN(x)) return x;
                m = p > 0 ? Math.max(m, x) : Math.min(m, x);
            }
            return m;
        }
        double s = 0;
        for (int k = off; k < off + d; k++) {
            double x = Math.abs(v[k]);
            if (p == 0) s += x != 0 ? 1 : 0;
            else if (p == 1) s += x;
            else if (p == 2) s += x * x;
            else s += Math.pow(x, p);
        }
        if (p == 0 || p == 1) return s;
        return p == 2 ? Math.sqrt(s) : Math.pow(s, 1 / p);
    }

    /**
     * d||v||_p / dv_k for an element v of a row with norm r (ties = number of elements reaching the max for inf),
     * PyTorch's norm_backward: 0 for p = 0; sgn(v) for p = 1; v / r for p = 2; the ties share for +-inf;
     * sgn(v) |v|^(p-1) r^(1-p) otherwise, with 0 where v == 0 (p < 1) or r == 0 (p >= 1).
     */
    static double normGrad(double v, double r, double p, int ties) {
        double sgn = v > 0 ? 1 : v < 0 ? -1 : 0;
        if (p == 0) return 0;
        if (p == 1) return sgn;
        if (Double.isInfinite(p)) return Math.abs(v) == r || Double.isNaN(v) ? sgn / ties : 0;
        if (p == 2) return r == 0 ? 0 : v / r;
        if (p < 1) return v == 0 ? 0 : sgn * Math.pow(Math.abs(v), p - 1) * Math.pow(r, 1 - p);
        if (r == 0) return 0;
        if (p < 2) return sgn * Math.pow(Math.abs(v), p - 1) / Math.pow(r, p - 1);
        return v * Math.pow(Math.abs(v), p - 2) / Math.pow(r, p - 1);
    }

    /** Row n of x1 - x2 + eps into buf (rounded to the dtype step by step, as PyTorch's sub then add). */
    private static void diffRow(double[] x1, double[] x2, int n, int d, double eps, DType dt, double[] buf) {
        for (int k = 0; k < d; k++) buf[k] = round(dt, round(dt, x1[n * d + k] - x2[n * d + k]) + eps);
    }

    private static int ties(double[] v, int d, double r) {
        int c = 0;
        for (int k = 0; k < d; k++) if (Math.abs(v[k]) == r || Double.isNaN(v[k])) c++;
        return Math.max(c, 1);
    }

    /** Adds sign * g * d||v||/dv for row n into dst (when dst is not null). */
    private static void addNormGrad(double[] dst, double sign, double g, double[] v, int n, int d, double r, double p) {
        if (dst == null) return;
        int t = Double.isInfinite(p) ? ties(v, d, r) : 1;
        for (int k = 0; k < d; k++) dst[n * d + k] += sign * g * normGrad(v[k], r, p, t);
    }

    /** The broadcast shape of two tensors for pairwise_distance. */
    public static int[] pairwiseCheck(Tensor x1, Tensor x2) {
        Checks.floating(x1, "x1", "norm");
        Checks.floating(x2, "x2", "norm");
        return Shape.broadcast(x1.shape(), x2.shape());
    }

    /** {@code pairwise_distance}: ||x1 - x2 + eps||_p over the last dimension of the broadcast shape; per-row norms. */
    public static double[] pairwiseForward(Tensor x1, Tensor x2, int[] shape, double p, double eps) {
        DType dt = Checks.common(x1, x2);
        Rows g = Rows.of(shape);
        double[] a = KernelInputs.valuesAs(x1, shape), b = KernelInputs.valuesAs(x2, shape);
        double[] buf = new double[g.d()], out = new double[g.rows()];
        double e = round(dt, eps);
        for (int n = 0; n < g.rows(); n++) {
            diffRow(a, b, n, g.d(), e, dt, buf);
            out[n] = round(dt, norm(buf, 0, g.d(), p));
        }
        return out;
    }

    // d/dx1 = g_n * dnorm/dv, d/dx2 = -d/dx1   (v = x1 - x2 + eps)
    /** Backward of pairwise_distance: {grad x1, grad x2} over the broadcast shape. */
    public static double[][] pairwiseBackward(Tensor x1, Tensor x2, int[] shape, double p, double eps, double[] norms, double[] up,
                                              boolean want1, boolean want2) {
        DType dt = Checks.common(x1, x2);
        Rows g = Rows.of(shape);
        double[] a = KernelInputs.valuesAs(x1, shape), b = KernelInputs.valuesAs(x2, shape);
        double[] buf = new double[g.d()];
        double[] g1 = want1 ? new double[a.length] : null, g2 = want2 ? new double[a.length] : null;
        double e = round(dt, eps);
        for (int n = 0; n < g.rows(); n++) {
            diffRow(a, b, n, g.d(), e, dt, buf);
            addNormGrad(g1, 1, up[n], buf, n, g.d(), norms[n], p);
            addNormGrad(g2, -1, up[n], buf, n, g.d(), norms[n], p);
        }
        return new double[][] {g1, g2};
    }

    // ------------------------------------------------------------------ TripletMarginLoss

    /**
     * TripletMarginLoss checks: the same number of dimensions (PyTorch 2.x wording: {@code The anchor, positive, and
     * negative tensors are expected to have the same number of dimensions, but got: anchor 2D, positive 1D, and
     * negative 2D inputs}), shapes that broadcast. Returns the broadcast shape.
     */
    public static int[] tripletCheck(Tensor anchor, Tensor positive, Tensor negative) {
        Checks.floating(anchor, "anchor", "norm");
        Checks.floating(positive, "positive", "norm");
        Checks.floating(negative, "negative", "norm");
        sameRank(anchor.dim(), positive.dim(), negative.dim());
        return Shape.broadcast(Shape.broadcast(anchor.shape(), positive.shape()), negative.shape());
    }

    /** The rank check shared with TripletMarginWithDistanceLoss (PyTorch 2.x wording). */
    public static void sameRank(int a, int p, int n) {
        if (a != p || p != n) {
            throw new IllegalArgumentException("The anchor, positive, and negative tensors are expected to have the same number of dimensions,"
                    + " but got: anchor " + a + "D, positive " + p + "D, and negative " + n + "D inputs");
        }
    }

    /**
     * The general TripletMarginLoss: l = max(0, margin + d(a, p) - d(a, n)) with d(a, n) = min(d(a, n), d(p, n)) under
     * swap; d = pairwise_distance. With a gradient wanted ({@code want}), the local gradients for an upstream of
     * {@code red} per row, and the rows the upstream does not reach (an inactive hinge: PyTorch's clamp_min passes 0,
     * so they hold 0 times the distances' derivatives, NaN where a distance is NaN).
     */
    public static Local triplet(Tensor anchor, Tensor positive, Tensor negative, int[] shape, double margin, double p, double eps,
                                boolean swap, double red, boolean[] want) {
        DType dt = common(anchor, positive, negative);
        double[] dPos = pairwiseForward(anchor, positive, shape, p, eps);
        double[] dNeg = pairwiseForward(anchor, negative, shape, p, eps);
        double[] dSwap = swap ? pairwiseForward(positive, negative, shape, p, eps) : null;
        double mg = round(dt, margin);
        int nr = dPos.length;
        double[] l = new double[nr];
        boolean[] fixed = new boolean[nr];
        double[] z = new double[nr];
        for (int n = 0; n < nr; n++) {
            double dn = swap ? minimum(dNeg[n], dSwap[n]) : dNeg[n];
            z[n] = round(dt, round(dt, mg + dPos[n]) - dn);
            l[n] = Double.isNaN(z[n]) ? z[n] : Math.max(z[n], 0);
            fixed[n] = !(z[n] >= 0);
        }
        double[][] grads = want == null ? new double[3][] : tripletBackward(anchor, positive, negative, shape, dPos, dNeg, dSwap, z, p, eps, red, want);
        return new Local(l, grads, fixed);
    }

    /** The dtype several floating tensors compute in: float64 if any is (null entries ignored). */
    public static DType common(Tensor... ts) {
        for (Tensor t : ts) if (t != null && t.dtype() == DType.FLOAT64) return DType.FLOAT64;
        return DType.FLOAT32;
    }

    static double minimum(double a, double b) { return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b); }

    /** How the gradient of min(a, b) splits: {share of a, share of b} (half each on a tie, as PyTorch). */
    static double[] minShares(double a, double b) {
        if (a == b) return new double[] {0.5, 0.5};
        return a < b ? new double[] {1, 0} : new double[] {0, 1};
    }

    // with h_n = [margin + d_p - d_n' >= 0] * red:  dL/dd_p = h_n, dL/dd_n' = -h_n, split over d(a,n), d(p,n) by min;
    // each distance d(x, y) passes g * dnorm/dv to x and -g * dnorm/dv to y (v = x - y + eps). A row with h_n = 0 still
    // gets 0 * dnorm/dv where a distance is not finite (NaN in PyTorch's chain).
    private static double[][] tripletBackward(Tensor anchor, Tensor positive, Tensor negative, int[] shape, double[] dPos, double[] dNeg,
                                              double[] dSwap, double[] z, double p, double eps, double red, boolean[] want) {
        Rows g = Rows.of(shape);
        int nr = g.rows(), d = g.d();
        double[] a = KernelInputs.valuesAs(anchor, shape), pp = KernelInputs.valuesAs(positive, shape), ng = KernelInputs.valuesAs(negative, shape);
        double[] ga = want[0] ? new double[a.length] : null, gp = want[1] ? new double[a.length] : null, gn = want[2] ? new double[a.length] : null;
        double[] buf = new double[d];
        DType dap = Checks.common(anchor, positive), dan = Checks.common(anchor, negative), dps = Checks.common(positive, negative);
        for (int n = 0; n < nr; n++) {
            double h = z[n] >= 0 ? red : 0;
            boolean finite = Double.isFinite(dPos[n]) && Double.isFinite(dNeg[n]) && (dSwap == null || Double.isFinite(dSwap[n]));
            if (h == 0 && finite) continue;
            double hn = -h, hs = 0;
            if (dSwap != null) {
                double[] sh = minShares(dNeg[n], dSwap[n]);
                hn = -h * sh[0];
                hs = -h * sh[1];
            }
            diffRow(a, pp, n, d, round(dap, eps), dap, buf);
            addNormGrad(ga, 1, h, buf, n, d, dPos[n], p);
            addNormGrad(gp, -1, h, buf, n, d, dPos[n], p);
            diffRow(a, ng, n, d, round(dan, eps), dan, buf);
            addNormGrad(ga, 1, hn, buf, n, d, dNeg[n], p);
            addNormGrad(gn, -1, hn, buf, n, d, dNeg[n], p);
            if (dSwap != null) {
                diffRow(pp, ng, n, d, round(dps, eps), dps, buf);
                addNormGrad(gp, 1, hs, buf, n, d, dSwap[n], p);
                addNormGrad(gn, -1, hs, buf, n, d, dSwap[n], p);
            }
        }
        return new double[][] {ga, gp, gn};
    }

    // ------------------------------------------------------------------ TripletMarginWithDistanceLoss hinge

    /** l = clamp(d_pos - d_neg' + margin, min=0), d_neg' = minimum(d_neg, d_swap) when dSwap is given; broadcast shapes. */
    public static Tensor hingeForward(Tensor dPos, Tensor dNeg, Tensor dSwap, int[] shape, double margin, Reduction r) {
        DType dt = common(dPos, dNeg, dSwap);
        double[] p = KernelInputs.valuesAs(dPos, shape), n = KernelInputs.valuesAs(dNeg, shape);
        double[] sw = dSwap == null ? null : KernelInputs.valuesAs(dSwap, shape);
        double mg = round(dt, margin);
        double[] l = new double[p.length];
        for (int i = 0; i < l.length; i++) {
            double dn = sw == null ? n[i] : minimum(n[i], sw[i]);
            double z = round(dt, round(dt, p[i] - dn) + mg);
            l[i] = Double.isNaN(z) ? z : Math.max(z, 0);
        }
        return LossReduction.output(dt, l, shape, r, l.length);
    }

    // dL/dd_pos = red [z >= 0], dL/dd_neg' = -red [z >= 0], split between d_neg and d_swap as minimum's backward
    /**
     * Local gradients of the hinge for an upstream of {@code red} per element: {grad dPos, grad dNeg, grad dSwap} over the
     * broadcast shape, and the elements the upstream does not reach (z < 0 or NaN: PyTorch's clamp passes 0).
     */
    public static Local hingeBackward(Tensor dPos, Tensor dNeg, Tensor dSwap, int[] shape, double margin, double red) {
        DType dt = common(dPos, dNeg, dSwap);
        double[] p = KernelInputs.valuesAs(dPos, shape), n = KernelInputs.valuesAs(dNeg, shape);
        double[] sw = dSwap == null ? null : KernelInputs.valuesAs(dSwap, shape);
        double mg = round(dt, margin);
        double[] gp = new double[p.length], gn = new double[p.length], gs = sw == null ? null : new double[p.length];
        boolean[] fixed = new boolean[p.length];
        for (int i = 0; i < p.length; i++) {
            double dn = sw == null ? n[i] : minimum(n[i], sw[i]);
            double z = round(dt, round(dt, p[i] - dn) + mg);
            fixed[i] = !(z >= 0);
            if (fixed[i]) continue;
            gp[i] = red;
            if (sw == null) gn[i] = -red;
            else {
                double[] sh = minShares(n[i], sw[i]);
                gn[i] = -red * sh[0];
                gs[i] = -red * sh[1];
            }
        }
        return new Local(null, new double[][] {gp, gn, gs}, fixed);
    }

    // ------------------------------------------------------------------ fused float32 paths

    /**
     * A fused forward's loss, the local gradients it computed on the way (null entries where not wanted) and the rows
     * the upstream gradient does not reach (null when there are none; see LossNode.Upstream).
     */
    public record Fused(Tensor output, float[][] grads, boolean[] fixed) {}

    /** The rows marked, or null when none is. */
    private static boolean[] anyFixed(boolean[] fixed) {
        for (boolean f : fixed) if (f) return fixed;
        return null;
    }

    /** Inputs the fused paths take: float32, contiguous, all of one shape with at least one dimension. */
    public static boolean fusable(Tensor... ts) {
        for (Tensor t : ts) {
            if (MarginKernels.floats(t) == null || t.dim() == 0 || !Arrays.equals(t.shape(), ts[0].shape())) return false;
        }
        return true;
    }

    /**
     * The fused CosineEmbeddingLoss for {@link #fusable} inputs whose output has one element per row (the target has one
     * element or one per row): per row one pass for x1.x2, |x1|^2, |x2|^2 and, when a gradient is wanted, one pass
     * writing both gradient rows, for an upstream gradient of 1 (of 1 per row for reduction none). Rows run in
     * parallel blocks.
     */
    // dl/dcos = -1 (y == 1), 1 (y == -1 and cos - margin >= 0), else 0   (/ N for mean)
    // dcos/dx1 = x2 / denom - cos x1 / m1 ;  dcos/dx2 = x1 / denom - cos x2 / m2     (denom = sqrt(m1 m2))
    public static Fused cosineFused(Tensor input1, Tensor input2, Tensor target, int[] shape, double margin, Reduction r,
                                    boolean want1, boolean want2) {
        float[] a = MarginKernels.floats(input1), b = MarginKernels.floats(input2);
        int ao = input1.storageOffset(), bo = input2.storageOffset();
        Rows g = Rows.of(shape);
        int nr = g.rows(), d = g.d();
        double[] t = targetValues(target);
        float mg = (float) margin;
        float eps = (float) COSINE_EPSILON;
        double red = r == Reduction.MEAN ? 1.0 / nr : 1.0;
        double[] l = new double[nr];
        float[] g1 = want1 ? SpareOutputs.take(nr * d) : null, g2 = want2 ? SpareOutputs.take(nr * d) : null;
        boolean[] fixed = new boolean[nr];
        Parallel.parallelFor(0, nr, MarginKernels.rowGrain(d), (s, e) -> {
            double[] out = new double[3];
            for (int n = s; n < e; n++) {
                double dot = 0, q1 = 0, q2 = 0;
                for (int cs = 0; cs < d; cs += MarginKernels.CHUNK) {
                    MarginKernels.K.dotAndSquaredNorms(a, ao + n * d + cs, b, bo + n * d + cs, Math.min(MarginKernels.CHUNK, d - cs), out, 0);
                    dot += out[0];
                    q1 += out[1];
                    q2 += out[2];
                }
                float m1 = (float) q1 + eps, m2 = (float) q2 + eps;
                float den = (float) Math.sqrt(m1 * m2);
                float c = (float) dot / den;
                double y = t[t.length == 1 ? 0 : n];
                double gc = 0;
                if (y == 1) {
                    l[n] = 1 - c;
                    gc = -red;
                } else if (y == -1) {
                    float z = c - mg;
                    l[n] = Float.isNaN(z) ? z : Math.max(z, 0);
                    if ((double) c - mg >= 0) gc = red;
                }
                fixed[n] = gc == 0; // PyTorch's where()s pass 0 there, whatever the upstream
                if (Float.isNaN(c)) {
                    // PyTorch's chain (prod / sqrt(m1 m2)) turns an overflowed or nan row into a nan gradient, even
                    // where the hinge is inactive (0 * nan): the whole row
                    if (g1 != null) java.util.Arrays.fill(g1, n * d, n * d + d, Float.NaN);
                    if (g2 != null) java.util.Arrays.fill(g2, n * d, n * d + d, Float.NaN);
                } else if (gc != 0 && (g1 != null || g2 != null)) {
                    MarginKernels.K.cosineGrad(a, ao + n * d, b, bo + n * d, d, (float) (gc / den), (float) (gc * c / m1), g1, n * d,
                            (float) (gc / den), (float) (gc * c / m2), g2, n * d);
                }
            }
        }, SpareOutputs.replacing(g1, g2));
        return new Fused(LossReduction.output(DType.FLOAT32, l, g.outShape(false), r, nr), new float[][] {g1, g2}, anyFixed(fixed));
    }

    /**
     * The fused TripletMarginLoss for {@link #fusable} inputs, p = 2, no swap: per row the two distances in two passes
     * and, when the hinge is active and a gradient is wanted, one pass writing the three gradient rows.
     */
    // v1 = a - p + eps, v2 = a - n + eps, d1 = |v1|, d2 = |v2|, h = [margin + d1 - d2 >= 0] (/ N for mean):
    //   dl/da = h (v1 / d1 - v2 / d2),  dl/dp = -h v1 / d1,  dl/dn = h v2 / d2   (v / d read as 0 where d == 0)
    public static Fused tripletFused(Tensor anchor, Tensor positive, Tensor negative, int[] shape, double margin, double eps, Reduction r,
                                     boolean[] want) {
        float[] a = MarginKernels.floats(anchor), pp = MarginKernels.floats(positive), ng = MarginKernels.floats(negative);
        int ao = anchor.storageOffset(), po = positive.storageOffset(), no = negative.storageOffset();
        Rows g = Rows.of(shape);
        int nr = g.rows(), d = g.d();
        float mg = (float) margin, e = (float) eps;
        float red = (float) (r == Reduction.MEAN ? 1.0 / nr : 1.0);
        double[] l = new double[nr];
        float[] ga = want[0] ? SpareOutputs.take(nr * d) : null, gp = want[1] ? SpareOutputs.take(nr * d) : null, gn = want[2] ? SpareOutputs.take(nr * d) : null;
        boolean anyGrad = ga != null || gp != null || gn != null;
        boolean[] fixed = new boolean[nr];
        Parallel.parallelFor(0, nr, MarginKernels.rowGrain(d), (s, en) -> {
            for (int n = s; n < en; n++) {
                double sp = 0, sn = 0;
                for (int cs = 0; cs < d; cs += MarginKernels.CHUNK) {
                    int len = Math.min(MarginKernels.CHUNK, d - cs);
                    sp += MarginKernels.K.squaredDistance(a, ao + n * d + cs, pp, po + n * d + cs, e, len);
                    sn += MarginKernels.K.squaredDistance(a, ao + n * d + cs, ng, no + n * d + cs, e, len);
                }
                float dPos = (float) Math.sqrt(sp), dNeg = (float) Math.sqrt(sn);
                float z = (mg + dPos) - dNeg;
                l[n] = Float.isNaN(z) ? z : Math.max(z, 0);
                // an inactive hinge passes 0 (PyTorch's clamp_min), whatever the upstream: the row holds 0 * v / d, which
                // is NaN where a distance is NaN or an element and its distance are infinite
                float h = z >= 0 ? red : 0;
                fixed[n] = h == 0;
                if (anyGrad && (h != 0 || !(Float.isFinite(dPos) && Float.isFinite(dNeg)))) {
                    float su = dPos == 0 ? 0 : h / dPos, sv = dNeg == 0 ? 0 : h / dNeg;
                    MarginKernels.K.tripletGrad(a, ao + n * d, pp, po + n * d, ng, no + n * d, e, d, su, sv, ga, n * d, gp, n * d, gn, n * d);
                }
            }
        }, SpareOutputs.replacing(ga, gp, gn));
        return new Fused(LossReduction.output(DType.FLOAT32, l, g.outShape(false), r, nr), new float[][] {ga, gp, gn}, anyFixed(fixed));
    }
}
