package org.losses4j.internal.kernels;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.internal.parallel.Parallel;

/**
 * The embedding losses on primitive arrays: CosineEmbeddingLoss, TripletMarginLoss (on PyTorch's
 * {@code pairwise_distance}), {@code pairwise_distance} itself and the hinge of TripletMarginWithDistanceLoss.
 * Forward and backward side by side; the checks and the Tensor work live with the losses in {@code org.losses4j.nn}.
 * The forwards save O(rows) state (cosines and norms, distances) and the backwards re-read the inputs.
 *
 * <p>Two forms of one algorithm: the general form in double ({@code dt} says which steps round to float32, as
 * PyTorch computes them in float32), and the fused float32 form on {@code RowKernels} for contiguous float32 inputs.
 * Both go through the same row functions ({@link #cosineRow}, {@link #cosineLoss}, {@link #cosineSlope},
 * {@link #tripletHinge}), so a float32 row's cosine, loss and hinge are the same bits on both paths for the same
 * sums; the element functions are {@code ScalarRowKernels.shifted / cosineGradElement} in float and
 * {@link #shifted} / {@link #cosineGradElement} here in double. Sums accumulate in double (general form) or in float
 * lanes per chunk (fused form).
 */
public final class EmbeddingKernels {
    private EmbeddingKernels() {}

    /** PyTorch's {@code EPSILON} in Loss.cpp: a C++ float 1e-12, added to the squared norms. */
    public static final double COSINE_EPSILON = (double) 1e-12f;

    static double round(DType dt, double v) { return dt == DType.FLOAT32 ? (double) (float) v : v; }

    /** The dtype several floating inputs compute in: float64 if any is (null entries ignored). */
    public static DType common(DType... ds) {
        for (DType d : ds) if (d == DType.FLOAT64) return DType.FLOAT64;
        return DType.FLOAT32;
    }

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

    /** A general path's per-row losses, local gradients (null where not wanted) and fixed rows (see LossNode.Upstream). */
    public record Local(double[] loss, double[][] grads, boolean[] fixed) {}

    /**
     * A fused path's per-row losses, the local gradients it computed on the way (null entries where not wanted) and the
     * rows the upstream gradient does not reach (null when there are none; see LossNode.Upstream).
     */
    public record Fused(double[] loss, float[][] grads, boolean[] fixed) {}

    /** The rows marked, or null when none is. */
    private static boolean[] anyFixed(boolean[] fixed) {
        for (boolean f : fixed) if (f) return fixed;
        return null;
    }

    // ------------------------------------------------------------------ CosineEmbeddingLoss

    // Per row, from s = x1.x2, q1 = |x1|^2, q2 = |x2|^2:
    //   m1 = q1 + EPS, m2 = q2 + EPS, den = sqrt(m1 m2), cos = s / den
    //   l = 1 - cos (y == 1), max(0, cos - margin) (y == -1), 0 otherwise (PyTorch's two where()s)
    //   dl/dcos = -1 (y == 1), 1 (y == -1 and cos - margin >= 0), else 0
    //   dcos/dx1 = x2 / den - cos x1 / m1 ;  dcos/dx2 = x1 / den - cos x2 / m2

    /** A cosine row's {m1, m2, den, cos} into r from its sums, each step rounded to dt (float32: PyTorch's float ops). */
    static void cosineRow(DType dt, double dot, double q1, double q2, double[] r) {
        double m1 = round(dt, round(dt, q1) + COSINE_EPSILON), m2 = round(dt, round(dt, q2) + COSINE_EPSILON);
        double den = round(dt, Math.sqrt(round(dt, m1 * m2)));
        r[0] = m1;
        r[1] = m2;
        r[2] = den;
        r[3] = round(dt, round(dt, dot) / den);
    }

    /** A row's loss for target y: 1 - c (y == 1), max(0, c - margin) (y == -1, NaN stays NaN), 0 for other targets. */
    static double cosineLoss(DType dt, double c, double y, double mg) {
        if (y == 1) return 1 - c;
        if (y != -1) return 0;
        double z = round(dt, c - mg);
        return Double.isNaN(z) ? z : Math.max(z, 0);
    }

    /** dl/dcos times red: -red (y == 1), red (y == -1 and c - margin >= 0), else 0 (PyTorch's where()s pass 0). */
    static double cosineSlope(double c, double y, double mg, double red) {
        if (y == 1) return -red;
        return y == -1 && c - mg >= 0 ? red : 0;
    }

    /** The double form of {@code ScalarRowKernels.cosineGradElement}: s y - t x. */
    static double cosineGradElement(double s, double t, double x, double y) { return s * y - t * x; }

    /**
     * The general CosineEmbeddingLoss (any dtypes, broadcasting): a and b expanded to rows x d (one row per output
     * element), the target per row ({@code t.length == 1}: one for all), dt the dtype the inputs compute in. With a
     * gradient wanted ({@code want[i]}), the local gradients for an upstream of {@code red} per row and the rows the
     * upstream does not reach.
     */
    public static Local cosine(double[] a, double[] b, double[] t, DType dt, double margin, double red, boolean[] want, Rows g) {
        int nr = g.rows(), d = g.d();
        double mg = round(dt, margin);
        double[] l = new double[nr], r = new double[4];
        double[] g1 = want[0] ? new double[a.length] : null, g2 = want[1] ? new double[a.length] : null;
        boolean[] fixed = new boolean[nr];
        for (int n = 0; n < nr; n++) {
            double s = 0, q1 = 0, q2 = 0;
            for (int k = n * d, e = k + d; k < e; k++) {
                s += a[k] * b[k];
                q1 += a[k] * a[k];
                q2 += b[k] * b[k];
            }
            cosineRow(dt, s, q1, q2, r);
            double c = r[3], y = t[t.length == 1 ? 0 : n];
            l[n] = cosineLoss(dt, c, y, mg);
            double gc = cosineSlope(c, y, mg, red);
            fixed[n] = gc == 0;
            if (Double.isNaN(c)) {
                // an overflowed or nan row: PyTorch's chain gives nan for the whole row, whatever the hinge says
                if (g1 != null) Arrays.fill(g1, n * d, n * d + d, Double.NaN);
                if (g2 != null) Arrays.fill(g2, n * d, n * d + d, Double.NaN);
                continue;
            }
            if (gc == 0) continue;
            double s12 = gc / r[2], t1 = gc * c / r[0], t2 = gc * c / r[1];
            for (int k = n * d, e = k + d; k < e; k++) {
                if (g1 != null) g1[k] = cosineGradElement(s12, t1, a[k], b[k]);
                if (g2 != null) g2[k] = cosineGradElement(s12, t2, b[k], a[k]);
            }
        }
        return new Local(l, new double[][] {g1, g2}, fixed);
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
        for (int k = 0; k < d; k++) buf[k] = shifted(dt, x1[n * d + k], x2[n * d + k], eps);
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

    /** {@code pairwise_distance}: ||a - b + eps||_p per row of a and b (expanded to rows x d), rounded to dt; the per-row norms. */
    public static double[] pairwiseForward(double[] a, double[] b, DType dt, double p, double eps, Rows g) {
        double[] buf = new double[g.d()], out = new double[g.rows()];
        double e = round(dt, eps);
        for (int n = 0; n < g.rows(); n++) {
            diffRow(a, b, n, g.d(), e, dt, buf);
            out[n] = round(dt, norm(buf, 0, g.d(), p));
        }
        return out;
    }

    // d/dx1 = up_n * dnorm/dv, d/dx2 = -d/dx1   (v = x1 - x2 + eps)
    /** Backward of pairwise_distance for the upstream {@code up} per row: {grad x1, grad x2} (null where not wanted). */
    public static double[][] pairwiseBackward(double[] a, double[] b, DType dt, double[] norms, double[] up, double p, double eps,
                                              boolean[] want, Rows g) {
        double[] buf = new double[g.d()];
        double[] g1 = want[0] ? new double[a.length] : null, g2 = want[1] ? new double[a.length] : null;
        double e = round(dt, eps);
        for (int n = 0; n < g.rows(); n++) {
            diffRow(a, b, n, g.d(), e, dt, buf);
            addNormGrad(g1, 1, up[n], buf, n, g.d(), norms[n], p);
            addNormGrad(g2, -1, up[n], buf, n, g.d(), norms[n], p);
        }
        return new double[][] {g1, g2};
    }

    /** The double form of {@code ScalarRowKernels.shifted}: (a - b) + eps, each step rounded to dt. */
    static double shifted(DType dt, double a, double b, double eps) { return round(dt, round(dt, a - b) + eps); }

    // ------------------------------------------------------------------ TripletMarginLoss

    /** TripletMarginLoss's options: margin, the norm order p, eps (added to the differences), swap. */
    public record TripletOptions(double margin, double p, double eps, boolean swap) {}

    /** The hinge argument of a triplet row: z = (margin + d_pos) - d_neg, each step rounded to dt. */
    static double tripletHinge(DType dt, double mg, double dPos, double dNeg) { return round(dt, round(dt, mg + dPos) - dNeg); }

    /** max(0, z), NaN staying NaN (PyTorch's clamp_min). */
    static double clampMin0(double z) { return Double.isNaN(z) ? z : Math.max(z, 0); }

    static double minimum(double a, double b) { return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b); }

    /** How the gradient of min(a, b) splits: {share of a, share of b} (half each on a tie, as PyTorch). */
    static double[] minShares(double a, double b) {
        if (a == b) return new double[] {0.5, 0.5};
        return a < b ? new double[] {1, 0} : new double[] {0, 1};
    }

    /**
     * The general TripletMarginLoss: l = max(0, margin + d(a, p) - d(a, n)) with d(a, n) = min(d(a, n), d(p, n)) under
     * swap; d = pairwise_distance. The inputs expanded to rows x d; dts their dtypes (anchor, positive, negative). With
     * a gradient wanted ({@code want}, may be null), the local gradients for an upstream of {@code red} per row, and the
     * rows the upstream does not reach (an inactive hinge: PyTorch's clamp_min passes 0, so they hold 0 times the
     * distances' derivatives, NaN where a distance is NaN).
     */
    // with h_n = [margin + d_p - d_n' >= 0] * red:  dL/dd_p = h_n, dL/dd_n' = -h_n, split over d(a,n), d(p,n) by min;
    // each distance d(x, y) passes g * dnorm/dv to x and -g * dnorm/dv to y (v = x - y + eps). A row with h_n = 0 still
    // gets 0 * dnorm/dv where a distance is not finite (NaN in PyTorch's chain).
    public static Local triplet(double[] a, double[] pp, double[] ng, DType[] dts, TripletOptions o, double red, boolean[] want, Rows g) {
        DType dt = common(dts), dap = common(dts[0], dts[1]), dan = common(dts[0], dts[2]), dps = common(dts[1], dts[2]);
        double p = o.p(), eps = o.eps();
        double[] dPos = pairwiseForward(a, pp, dap, p, eps, g);
        double[] dNeg = pairwiseForward(a, ng, dan, p, eps, g);
        double[] dSwap = o.swap() ? pairwiseForward(pp, ng, dps, p, eps, g) : null;
        double mg = round(dt, o.margin());
        int nr = g.rows(), d = g.d();
        double[] l = new double[nr], z = new double[nr];
        boolean[] fixed = new boolean[nr];
        for (int n = 0; n < nr; n++) {
            z[n] = tripletHinge(dt, mg, dPos[n], dSwap == null ? dNeg[n] : minimum(dNeg[n], dSwap[n]));
            l[n] = clampMin0(z[n]);
            fixed[n] = !(z[n] >= 0);
        }
        boolean any = want != null && (want[0] || want[1] || want[2]);
        double[] ga = any && want[0] ? new double[a.length] : null, gp = any && want[1] ? new double[a.length] : null;
        double[] gn = any && want[2] ? new double[a.length] : null;
        double[] buf = new double[d];
        for (int n = 0; any && n < nr; n++) {
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
        return new Local(l, new double[][] {ga, gp, gn}, fixed);
    }

    // ------------------------------------------------------------------ TripletMarginWithDistanceLoss hinge

    /** The hinge argument of one element: z = (d_pos - d_neg') + margin, d_neg' = minimum(d_neg, d_swap) when sw is given. */
    private static double distanceHinge(DType dt, double mg, double[] p, double[] n, double[] sw, int i) {
        double dn = sw == null ? n[i] : minimum(n[i], sw[i]);
        return round(dt, round(dt, p[i] - dn) + mg);
    }

    /** l = clamp(d_pos - d_neg' + margin, min=0) per element of the distances (expanded to one shape; sw may be null). */
    public static double[] hingeForward(double[] p, double[] n, double[] sw, DType dt, double margin) {
        double mg = round(dt, margin);
        double[] l = new double[p.length];
        for (int i = 0; i < l.length; i++) l[i] = clampMin0(distanceHinge(dt, mg, p, n, sw, i));
        return l;
    }

    // dL/dd_pos = red [z >= 0], dL/dd_neg' = -red [z >= 0], split between d_neg and d_swap as minimum's backward
    /**
     * Local gradients of the hinge for an upstream of {@code red} per element: {grad dPos, grad dNeg, grad dSwap}, and the
     * elements the upstream does not reach (z < 0 or NaN: PyTorch's clamp passes 0).
     */
    public static Local hingeBackward(double[] p, double[] n, double[] sw, DType dt, double margin, double red) {
        double mg = round(dt, margin);
        double[] gp = new double[p.length], gn = new double[p.length], gs = sw == null ? null : new double[p.length];
        boolean[] fixed = new boolean[p.length];
        for (int i = 0; i < p.length; i++) {
            fixed[i] = !(distanceHinge(dt, mg, p, n, sw, i) >= 0);
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
     * The fused CosineEmbeddingLoss on float32 rows (a from ao, b from bo, rows x d, contiguous) whose output has one
     * element per row (t: one target per row, or one for all): per row one pass for x1.x2, |x1|^2, |x2|^2 (float lanes
     * per chunk, chunks added in double), the row functions of the general form in float32, and, when a gradient is
     * wanted, one pass writing both gradient rows for an upstream of {@code red} per row. Rows run in parallel blocks.
     */
    // dl/dx1 = gc (x2 / den - cos x1 / m1), dl/dx2 = gc (x1 / den - cos x2 / m2), gc = cosineSlope (see above)
    public static Fused cosineFused(float[] a, int ao, float[] b, int bo, double[] t, double margin, double red, boolean[] want, Rows g) {
        int nr = g.rows(), d = g.d();
        double mg = (float) margin;
        double[] l = new double[nr];
        float[] g1 = want[0] ? SpareOutputs.take(nr * d) : null, g2 = want[1] ? SpareOutputs.take(nr * d) : null;
        boolean[] fixed = new boolean[nr];
        Parallel.parallelFor(0, nr, MarginKernels.rowGrain(d), (s, e) -> {
            double[] out = new double[3], r = new double[4];
            for (int n = s; n < e; n++) {
                double dot = 0, q1 = 0, q2 = 0;
                for (int cs = 0; cs < d; cs += MarginKernels.CHUNK) {
                    MarginKernels.K.dotAndSquaredNorms(a, ao + n * d + cs, b, bo + n * d + cs, out, 0, Math.min(MarginKernels.CHUNK, d - cs));
                    dot += out[0];
                    q1 += out[1];
                    q2 += out[2];
                }
                cosineRow(DType.FLOAT32, dot, q1, q2, r);
                double c = r[3], y = t[t.length == 1 ? 0 : n];
                l[n] = cosineLoss(DType.FLOAT32, c, y, mg);
                double gc = cosineSlope(c, y, mg, red);
                fixed[n] = gc == 0; // PyTorch's where()s pass 0 there, whatever the upstream
                if (Double.isNaN(c)) {
                    // PyTorch's chain (prod / sqrt(m1 m2)) turns an overflowed or nan row into a nan gradient, even
                    // where the hinge is inactive (0 * nan): the whole row
                    if (g1 != null) Arrays.fill(g1, n * d, n * d + d, Float.NaN);
                    if (g2 != null) Arrays.fill(g2, n * d, n * d + d, Float.NaN);
                } else if (gc != 0 && (g1 != null || g2 != null)) {
                    float s12 = (float) (gc / r[2]);
                    MarginKernels.K.cosineGrad(a, ao + n * d, b, bo + n * d, g1, n * d, g2, n * d,
                            s12, (float) (gc * c / r[0]), s12, (float) (gc * c / r[1]), d);
                }
            }
        }, SpareOutputs.replacing(g1, g2));
        return new Fused(l, new float[][] {g1, g2}, anyFixed(fixed));
    }

    /**
     * The fused TripletMarginLoss on float32 rows (rows x d, contiguous), p = 2, no swap: per row the two distances in
     * two passes (float lanes per chunk, chunks added in double), the general form's hinge in float32 and, when the
     * hinge is active and a gradient is wanted, one pass writing the three gradient rows for an upstream of
     * {@code red} per row.
     */
    // v1 = a - p + eps, v2 = a - n + eps, d1 = |v1|, d2 = |v2|, h = [margin + d1 - d2 >= 0] red:
    //   dl/da = h (v1 / d1 - v2 / d2),  dl/dp = -h v1 / d1,  dl/dn = h v2 / d2   (v / d read as 0 where d == 0)
    public static Fused tripletFused(float[] a, int ao, float[] pp, int po, float[] ng, int no, TripletOptions o, double red, boolean[] want,
                                     Rows g) {
        int nr = g.rows(), d = g.d();
        double mg = (float) o.margin();
        float e = (float) o.eps(), rf = (float) red;
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
                double z = tripletHinge(DType.FLOAT32, mg, dPos, dNeg);
                l[n] = clampMin0(z);
                // an inactive hinge passes 0 (PyTorch's clamp_min), whatever the upstream: the row holds 0 * v / d, which
                // is NaN where a distance is NaN or an element and its distance are infinite
                float h = z >= 0 ? rf : 0;
                fixed[n] = h == 0;
                if (anyGrad && (h != 0 || !(Float.isFinite(dPos) && Float.isFinite(dNeg)))) {
                    float su = dPos == 0 ? 0 : h / dPos, sv = dNeg == 0 ? 0 : h / dNeg;
                    MarginKernels.K.tripletGrad(a, ao + n * d, pp, po + n * d, ng, no + n * d, ga, n * d, gp, n * d, gn, n * d, e, su, sv, d);
                }
            }
        }, SpareOutputs.replacing(ga, gp, gn));
        return new Fused(l, new float[][] {ga, gp, gn}, anyFixed(fixed));
    }
}
