package org.losses4j.reference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.nn.Losses;

/**
 * Random valid calls of every loss, from a seed: shapes (batched, unbatched, K-dim where the loss allows them,
 * sometimes empty), every option PyTorch documents with values inside and at the edges of their ranges,
 * reductions, dtypes. With {@code smooth} the case is meant for a float64 finite-difference check: values are
 * nudged (or redrawn) away from hinge points, clamps and ties so the function is differentiable around them.
 */
public final class LossCases {
    private LossCases() {}

    public static final List<String> NAMES = Losses.NAMES;

    static final String[] RED = {"none", "mean", "sum"};

    public static LossCase random(String loss, long seed, DType dt, boolean smooth) { return random(loss, seed, dt, smooth, 1); }

    /** With batch sizes multiplied by {@code big} (large enough for the parallel loops to split the work). */
    public static LossCase random(String loss, long seed, DType dt, boolean smooth, int big) {
        Random r = new Random(seed);
        Gen g = new Gen(r, dt, smooth);
        g.big = big;
        for (int attempt = 0; ; attempt++) {
            LossCase c = g.make(loss);
            if (c != null) return c;
            if (attempt > 200) throw new IllegalStateException("could not draw a smooth case for " + loss + " seed " + seed);
        }
    }

    /** The generator state for one case; {@link #make} returns null to ask for a redraw. */
    static final class Gen {
        final Random r;
        final DType dt;
        final boolean smooth;
        int big = 1;

        Gen(Random r, DType dt, boolean smooth) {
            this.r = r;
            this.dt = dt;
            this.smooth = smooth;
        }

        int between(int lo, int hi) { return lo + r.nextInt(hi - lo + 1); }

        <T> T pick(T[] a) { return a[r.nextInt(a.length)]; }

        double uniform(double lo, double hi) { return lo + (hi - lo) * r.nextDouble(); }

        static int numel(int[] s) {
            int n = 1;
            for (int d : s) n *= d;
            return n;
        }

        Tensor fl(double[] v, int... shape) {
            if (dt == DType.FLOAT64) return Tensor.wrap(DType.FLOAT64, v, shape);
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
            return Tensor.wrap(DType.FLOAT32, f, shape);
        }

        static Tensor longs(long[] v, int... shape) { return Tensor.wrap(DType.INT64, v, shape); }

        double[] randn(int n, double scale) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = r.nextGaussian() * scale;
            return v;
        }

        double[] uniform(int n, double lo, double hi) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = uniform(lo, hi);
            return v;
        }

        double[] signs(int n) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = r.nextBoolean() ? 1 : -1;
            return v;
        }

        /** A value scale: mostly 1, sometimes small or large. */
        double scale() {
            if (smooth) return pick(new Double[] {0.5, 1.0, 2.0});
            return pick(new Double[] {1.0, 1.0, 1.0, 0.01, 10.0, 100.0});
        }

        /** Rank 0..3, small dims, an empty dim now and then (value checks only). */
        int[] anyShape() {
            int rank = between(0, 3);
            int[] s = new int[rank];
            for (int i = 0; i < rank; i++) s[i] = between(1, smooth ? 3 : 5);
            if (!smooth && rank > 0 && r.nextInt(12) == 0) s[r.nextInt(rank)] = 0;
            if (rank > 0) s[0] *= big;
            return s;
        }

        Map<String, Object> opts(String... reductions) {
            Map<String, Object> m = new LinkedHashMap<>();
            String red = pick(reductions.length == 0 ? RED : reductions);
            if (!red.equals("mean") || r.nextBoolean()) m.put("reduction", red);
            return m;
        }

        LossCase c(String loss, Map<String, Object> o, int[] diff, Tensor... args) { return new LossCase(loss, o, args, diff, false); }

        LossCase make(String loss) {
            switch (loss) {
                case "L1Loss": case "MSELoss": case "HuberLoss": case "SmoothL1Loss": {
                    int[] s = anyShape();
                    double sc = scale();
                    double[] x = randn(numel(s), sc), y = randn(numel(s), sc);
                    Map<String, Object> o = opts();
                    double kink = 0;
                    if (loss.equals("HuberLoss") && r.nextBoolean()) o.put("delta", pick(new Double[] {0.5, 1.0, 2.0, 1e-3}));
                    if (loss.equals("SmoothL1Loss") && r.nextBoolean()) o.put("beta", pick(new Double[] {0.0, 0.5, 1.0, 2.0}));
                    if (smooth) for (int i = 0; i < x.length; i++) if (Math.abs(x[i] - y[i]) < 0.02) x[i] = y[i] + 0.05;
                    if (smooth && loss.equals("HuberLoss")) {
                        double d = ((Number) o.getOrDefault("delta", 1.0)).doubleValue();
                        for (int i = 0; i < x.length; i++) if (Math.abs(Math.abs(x[i] - y[i]) - d) < 1e-3) x[i] += 0.01;
                    }
                    return c(loss, o, new int[] {0, 1}, fl(x, s), fl(y, s));
                }
                case "SoftMarginLoss": {
                    int[] s = anyShape();
                    return c(loss, opts(), new int[] {0}, fl(randn(numel(s), scale()), s), fl(signs(numel(s)), s));
                }
                case "HingeEmbeddingLoss": {
                    int[] s = anyShape();
                    double margin = pick(new Double[] {1.0, 0.5, 2.0, 0.0});
                    Map<String, Object> o = opts();
                    if (margin != 1.0 || r.nextBoolean()) o.put("margin", margin);
                    double[] x = randn(numel(s), scale());
                    if (smooth) for (int i = 0; i < x.length; i++) if (Math.abs(margin - x[i]) < 0.02) x[i] = margin + 0.05;
                    return c(loss, o, new int[] {0}, fl(x, s), fl(signs(numel(s)), s));
                }
                case "BCELoss": {
                    int[] s = anyShape();
                    int n = numel(s);
                    double[] x = uniform(n, 0.02, 0.98), y = r.nextBoolean() ? uniform(n, 0, 1) : binary(n);
                    if (!smooth && r.nextInt(4) == 0) for (int i = 0; i < n; i++) if (r.nextInt(3) == 0) x[i] = r.nextBoolean() ? 0 : 1;
                    Map<String, Object> o = opts();
                    Tensor w = weightFor(s);
                    if (w != null) o.put("weight", w);
                    return c(loss, o, new int[] {0}, fl(x, s), fl(y, s));
                }
                case "BCEWithLogitsLoss": {
                    int[] s = anyShape();
                    int n = numel(s);
                    double[] x = randn(n, scale() * 2), y = r.nextBoolean() ? uniform(n, 0, 1) : binary(n);
                    Map<String, Object> o = opts();
                    Tensor w = weightFor(s);
                    if (w != null) o.put("weight", w);
                    if (s.length > 0 && r.nextBoolean()) {
                        int last = s[s.length - 1];
                        o.put("pos_weight", fl(uniform(last, 0.1, 3), last));
                    }
                    return c(loss, o, new int[] {0, 1}, fl(x, s), fl(y, s));
                }
                case "KLDivLoss": {
                    int[] s = anyShape();
                    int n = numel(s);
                    boolean logTarget = r.nextBoolean();
                    Map<String, Object> o = opts("none", "mean", "sum", "batchmean");
                    if (logTarget || r.nextBoolean()) o.put("log_target", logTarget);
                    double[] y = logTarget ? randn(n, 1) : uniform(n, 0.05, 1);
                    if (!smooth && !logTarget) for (int i = 0; i < n; i++) if (r.nextInt(5) == 0) y[i] = 0;
                    return c(loss, o, new int[] {0, 1}, fl(randn(n, scale()), s), fl(y, s));
                }
                case "PoissonNLLLoss": {
                    int[] s = anyShape();
                    int n = numel(s);
                    boolean logInput = r.nextBoolean(), full = r.nextBoolean();
                    Map<String, Object> o = opts();
                    if (!logInput || r.nextBoolean()) o.put("log_input", logInput);
                    if (full || r.nextBoolean()) o.put("full", full);
                    if (r.nextBoolean()) o.put("eps", pick(new Double[] {1e-8, 0.1}));
                    double[] x = logInput ? randn(n, 1) : uniform(n, 0.1, 3);
                    double[] y = new double[n];
                    for (int i = 0; i < n; i++) y[i] = r.nextBoolean() ? r.nextInt(5) : uniform(0.01, 5);
                    if (smooth) for (int i = 0; i < n; i++) { if (y[i] < 0.05) y[i] = 0.05; if (full && Math.abs(y[i] - 1) < 0.05) y[i] = 1.2; }
                    return c(loss, o, new int[] {0, 1}, fl(x, s), fl(y, s));
                }
                case "GaussianNLLLoss": {
                    int rank = between(1, 3);
                    int[] s = new int[rank];
                    for (int i = 0; i < rank; i++) s[i] = between(1, smooth ? 3 : 4);
                    s[0] *= big;
                    int[] vs;
                    int kind = r.nextInt(3);
                    if (kind == 0) vs = s.clone();
                    else if (kind == 1) { vs = s.clone(); vs[rank - 1] = 1; }
                    else vs = java.util.Arrays.copyOf(s, rank - 1);
                    Map<String, Object> o = opts();
                    double eps = r.nextBoolean() ? 1e-6 : 0.05;
                    if (eps != 1e-6 || r.nextBoolean()) o.put("eps", eps);
                    if (r.nextBoolean()) o.put("full", r.nextBoolean());
                    double[] v = uniform(numel(vs), smooth ? eps + 0.05 : 0, 2);
                    if (!smooth) for (int i = 0; i < v.length; i++) if (r.nextInt(6) == 0) v[i] = r.nextBoolean() ? 0 : eps / 2;
                    return c(loss, o, new int[] {0, 1, 2}, fl(randn(numel(s), scale()), s), fl(randn(numel(s), scale()), s), fl(v, vs));
                }
                case "MarginRankingLoss": {
                    int[] s = r.nextInt(5) == 0 ? new int[0] : new int[] {between(smooth ? 1 : 0, 5) * big};
                    int n = numel(s);
                    double margin = pick(new Double[] {0.0, 0.5, -0.3});
                    Map<String, Object> o = opts();
                    if (margin != 0 || r.nextBoolean()) o.put("margin", margin);
                    double[] a = randn(n, scale()), b = randn(n, scale()), y = signs(n);
                    if (smooth) for (int i = 0; i < n; i++) if (Math.abs(-y[i] * (a[i] - b[i]) + margin) < 0.02) a[i] += 0.1;
                    return c(loss, o, new int[] {0, 1}, fl(a, s), fl(b, s), fl(y, s));
                }
                case "CrossEntropyLoss": case "NLLLoss": return classification(loss);
                case "MultiLabelMarginLoss": {
                    int c = between(1, 5);
                    int[] s = r.nextInt(4) == 0 ? new int[] {c} : new int[] {between(smooth ? 1 : 0, 4) * big, c};
                    int n = s.length == 1 ? 1 : s[0];
                    long[] t = new long[numel(s)];
                    for (int b = 0; b < n; b++) {
                        int k = between(0, c);
                        long[] perm = permutation(c);
                        for (int j = 0; j < c; j++) t[b * c + j] = j < k ? perm[j] : (j == k ? -1 : r.nextInt(c));
                    }
                    double[] x = randn(numel(s), scale());
                    if (smooth && !multiLabelSmooth(x, t, c, n)) return null;
                    return c(loss, opts(), new int[] {0}, fl(x, s), longs(t, s));
                }
                case "MultiLabelSoftMarginLoss": {
                    int c = between(1, 5);
                    int[] s = r.nextInt(4) == 0 ? new int[] {c} : new int[] {between(smooth ? 1 : 0, 4) * big, c};
                    Map<String, Object> o = opts();
                    if (r.nextBoolean()) o.put("weight", fl(uniform(c, 0.1, 2), c));
                    int n = numel(s);
                    return c(loss, o, new int[] {0, 1}, fl(randn(n, scale() * 2), s), fl(r.nextBoolean() ? binary(n) : uniform(n, 0, 1), s));
                }
                case "CosineEmbeddingLoss": {
                    int d = between(1, 5);
                    boolean batched = r.nextInt(4) != 0;
                    int n = batched ? between(smooth ? 1 : 0, 4) * big : 1;
                    int[] s = batched ? new int[] {n, d} : new int[] {d};
                    int[] ts = batched ? new int[] {n} : new int[0];
                    double margin = pick(new Double[] {0.0, 0.3, -0.2});
                    Map<String, Object> o = opts();
                    if (margin != 0 || r.nextBoolean()) o.put("margin", margin);
                    double[] a = randn(n * d, scale()), b = randn(n * d, scale()), y = signs(n);
                    if (smooth) {
                        for (int i = 0; i < n; i++) {
                            double cos = cos(a, b, i * d, d);
                            if (y[i] == -1 && Math.abs(cos - margin) < 0.02) return null;
                        }
                    }
                    return c(loss, o, new int[] {0, 1}, fl(a, s), fl(b, s), fl(y, ts));
                }
                case "MultiMarginLoss": {
                    int c = between(1, 5);
                    boolean batched = r.nextInt(4) != 0;
                    int n = batched ? between(smooth ? 1 : 0, 4) * big : 1;
                    int[] s = batched ? new int[] {n, c} : new int[] {c};
                    long[] t = new long[n];
                    for (int i = 0; i < n; i++) t[i] = r.nextInt(c);
                    Map<String, Object> o = opts();
                    int p = r.nextBoolean() ? 1 : 2;
                    if (p == 2 || r.nextBoolean()) o.put("p", (long) p);
                    double margin = pick(new Double[] {1.0, 0.5, 2.0});
                    if (margin != 1 || r.nextBoolean()) o.put("margin", margin);
                    if (r.nextBoolean()) o.put("weight", fl(uniform(c, 0.1, 2), c));
                    double[] x = randn(n * c, scale());
                    if (smooth) {
                        for (int b = 0; b < n; b++) for (int i = 0; i < c; i++) {
                            if (i != t[b] && Math.abs(margin - x[b * c + (int) t[b]] + x[b * c + i]) < 0.02) return null;
                        }
                    }
                    return c(loss, o, new int[] {0}, fl(x, s), longs(t, batched ? new int[] {n} : new int[0]));
                }
                case "TripletMarginLoss": case "TripletMarginWithDistanceLoss": return triplet(loss);
                case "CTCLoss": return ctc();
                case "DiceLoss": case "TverskyLoss": return segmentation(loss);
                case "InfoNCELoss": return infoNce();
                case "FocalLoss": case "PolyLoss": return classification(loss);
                case "CategoricalHingeLoss": return categoricalHinge();
                case "LogCoshLoss": case "MSLELoss": case "MAPELoss": case "SquaredHingeLoss": return keras(loss);
                case "SigmoidFocalLoss": return sigmoidFocal();
                case "QuantileLoss": return quantile();
                default: throw new IllegalArgumentException(loss);
            }
        }

        /**
         * MONAI's DiceLoss / TverskyLoss: input (N, C, spatial...) with 0 to 3 spatial dims (0: the 2-d input whose
         * loss sums everything), probabilities without activation or logits with sigmoid / softmax; the target soft,
         * one-hot, or class indices (N, 1, spatial...) with to_onehot_y; every option. Only the input is differentiated.
         */
        LossCase segmentation(String loss) {
            int n = between(smooth ? 1 : 0, 3) * big, c = between(1, 4), rank = between(0, 3);
            int[] s = new int[2 + rank];
            s[0] = n;
            s[1] = c;
            for (int i = 0; i < rank; i++) s[2 + i] = between(1, smooth ? 3 : 4);
            if (!smooth && rank > 0 && r.nextInt(12) == 0) s[2 + r.nextInt(rank)] = 0;
            int numel = numel(s);
            Map<String, Object> o = opts();
            String act = pick(new String[] {"none", "sigmoid", "softmax"});
            if (!act.equals("none")) o.put(act, true);
            double[] x = act.equals("none") ? uniform(numel, smooth ? 0.05 : 0, smooth ? 0.95 : 1) : randn(numel, scale());
            boolean onehot = r.nextInt(3) == 0;
            if (onehot) o.put("to_onehot_y", true);
            if (r.nextInt(3) == 0) o.put("include_background", false);
            if (r.nextInt(3) == 0) o.put("batch", true);
            if (r.nextInt(4) == 0) o.put("smooth_nr", pick(new Double[] {0.0, 1.0, 1e-3}));
            if (r.nextInt(4) == 0) o.put("smooth_dr", pick(smooth ? new Double[] {1.0, 1e-3} : new Double[] {0.0, 1.0, 1e-3}));
            if (loss.equals("DiceLoss")) {
                if (r.nextBoolean()) o.put("squared_pred", true);
                if (r.nextBoolean()) o.put("jaccard", true);
            } else {
                if (r.nextBoolean()) o.put("alpha", pick(new Double[] {0.3, 0.7, 1.0, 0.0, 2.0}));
                if (r.nextBoolean()) o.put("beta", pick(new Double[] {0.3, 0.7, 1.0, 0.0, 2.0}));
            }
            Tensor target;
            if (onehot && c > 1) {
                int[] ls = s.clone();
                ls[1] = 1;
                long[] t = new long[numel(ls)];
                for (int i = 0; i < t.length; i++) t[i] = r.nextInt(c);
                target = longs(t, ls);
            } else {
                // with to_onehot_y on one channel, MONAI warns and uses the target as given
                double[] y = r.nextBoolean() ? binary(numel) : uniform(numel, 0, 1);
                target = fl(y, s);
            }
            return c(loss, o, new int[] {0}, fl(x, s), target);
        }

        // ---- losses beyond torch.nn -----------------------------------------------------------------------------

        /**
         * Keras's point-wise losses: operands of one shape, or a target of the input's last dimension (broadcast, the
         * general float32 path). Smooth cases keep away from MAPE's |x - y| kink and zero targets, and MSLE's 1e-7 floor;
         * SquaredHinge's 0/1 labels (converted by a test over the whole target) are not differentiated there.
         */
        LossCase keras(String loss) {
            int[] s = anyShape();
            int n = numel(s);
            int[] ts = s.length > 0 && r.nextInt(4) == 0 ? new int[] {s[s.length - 1]} : s;
            int m = numel(ts);
            double sc = scale();
            Map<String, Object> o = opts();
            double[] x, y;
            int[] diff = {0, 1};
            switch (loss) {
                case "MSLELoss": {
                    x = uniform(n, smooth ? 0.05 : -0.5, 3 * sc);
                    y = uniform(m, smooth ? 0.05 : -0.5, 3 * sc);
                    if (!smooth) for (int i = 0; i < m; i++) if (r.nextInt(6) == 0) y[i] = r.nextBoolean() ? 0 : 1e-7;
                    break;
                }
                case "MAPELoss": {
                    x = randn(n, sc);
                    y = randn(m, sc);
                    if (smooth) {
                        for (int i = 0; i < m; i++) if (Math.abs(y[i]) < 0.05) y[i] = 0.05 * (y[i] < 0 ? -1 : 1) + y[i];
                        for (int i = 0; i < n; i++) if (Math.abs(x[i] - y[i % m]) < 0.02) x[i] += 0.05;
                    } else {
                        for (int i = 0; i < m; i++) if (r.nextInt(6) == 0) y[i] = 0;
                    }
                    break;
                }
                case "SquaredHingeLoss": {
                    x = randn(n, sc);
                    int kind = r.nextInt(3);
                    y = kind == 0 ? signs(m) : kind == 1 ? binary(m) : uniform(m, -1, 1);
                    boolean binaryLabels = true;
                    for (double v : y) binaryLabels &= v == 0 || v == 1;
                    // 0/1 labels are converted by a test over the whole target, which a nudge of one label changes
                    if (binaryLabels && smooth) diff = new int[] {0};
                    break;
                }
                default: {
                    x = randn(n, sc);
                    y = randn(m, sc);
                    break;
                }
            }
            return c(loss, o, diff, fl(x, s), fl(y, ts));
        }

        /** torchvision's sigmoid focal loss: any shape, binary or soft targets, alpha and gamma over their usual values. */
        LossCase sigmoidFocal() {
            int[] s = anyShape();
            int n = numel(s);
            Map<String, Object> o = new LinkedHashMap<>();
            String red = pick(RED);
            if (!red.equals("none") || r.nextBoolean()) o.put("reduction", red);
            double alpha = pick(new Double[] {0.25, -1.0, 0.5, 1.0, 0.0});
            if (alpha != 0.25 || r.nextBoolean()) o.put("alpha", alpha);
            double gamma = pick(new Double[] {2.0, 0.0, 1.0, 0.5, 3.0, 1.5});
            if (gamma != 2.0 || r.nextBoolean()) o.put("gamma", gamma);
            double[] x = randn(n, smooth ? 1.5 : scale() * 2);
            // smooth: |x| <= 4 keeps 1 - p_t above 0.018, where (1 - p_t)^0.5 is smooth
            if (smooth) for (int i = 0; i < n; i++) x[i] = Math.max(-4, Math.min(4, x[i]));
            return c("SigmoidFocalLoss", o, new int[] {0, 1}, fl(x, s), fl(r.nextBoolean() ? binary(n) : uniform(n, 0, 1), s));
        }

        /** The pinball loss: (N, Q) or (N,) input, quantiles in (0, 1); smooth cases keep every x - y away from 0. */
        LossCase quantile() {
            int q = between(1, 4);
            int rows = between(smooth ? 1 : 0, 5) * big;
            boolean flat = q == 1 && r.nextBoolean();
            double[] qs = new double[q];
            for (int j = 0; j < q; j++) qs[j] = r.nextBoolean() ? pick(new Double[] {0.1, 0.25, 0.5, 0.75, 0.9}) : uniform(0.01, 0.99);
            Map<String, Object> o = opts();
            if (q != 1 || qs[0] != 0.5 || r.nextBoolean()) o.put("quantiles", java.util.Arrays.stream(qs).boxed().toList());
            double sc = scale();
            double[] x = randn(rows * q, sc), y = randn(rows, sc);
            if (!smooth) for (int i = 0; i < rows * q; i++) if (r.nextInt(8) == 0) x[i] = y[i / q];
            if (smooth) for (int i = 0; i < rows * q; i++) if (Math.abs(x[i] - y[i / q]) < 0.02) x[i] += 0.05;
            return c("QuantileLoss", o, new int[] {0, 1}, fl(x, flat ? new int[] {rows} : new int[] {rows, q}), fl(y, rows));
        }

        double[] binary(int n) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = r.nextBoolean() ? 1 : 0;
            return v;
        }

        long[] permutation(int c) {
            long[] p = new long[c];
            for (int i = 0; i < c; i++) p[i] = i;
            for (int i = c - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                long tmp = p[i];
                p[i] = p[j];
                p[j] = tmp;
            }
            return p;
        }

        /** A BCE weight: none, the input's shape, or its last dimension (broadcast). */
        Tensor weightFor(int[] s) {
            int k = r.nextInt(3);
            if (k == 0 || s.length == 0) return null;
            if (k == 1) return fl(uniform(numel(s), 0.1, 2), s);
            int last = s[s.length - 1];
            return fl(uniform(last, 0.1, 2), last);
        }

        static double cos(double[] a, double[] b, int off, int d) {
            double dot = 0, m1 = 1e-12, m2 = 1e-12;
            for (int j = 0; j < d; j++) {
                dot += a[off + j] * b[off + j];
                m1 += a[off + j] * a[off + j];
                m2 += b[off + j] * b[off + j];
            }
            return dot / Math.sqrt(m1 * m2);
        }

        boolean multiLabelSmooth(double[] x, long[] t, int c, int n) {
            for (int b = 0; b < n; b++) {
                boolean[] isT = new boolean[c];
                int len = 0;
                while (len < c && t[b * c + len] >= 0) isT[(int) t[b * c + len++]] = true;
                for (int j = 0; j < len; j++) for (int i = 0; i < c; i++) {
                    if (!isT[i] && Math.abs(1 - (x[b * c + (int) t[b * c + j]] - x[b * c + i])) < 0.02) return false;
                }
            }
            return true;
        }

        LossCase classification(String loss) {
            int c = between(1, 5);
            int kind = r.nextInt(4);
            int[] s;
            int[] ts;
            if (kind == 0) { s = new int[] {c}; ts = new int[0]; }
            else if (kind == 1) { int n = between(smooth ? 1 : 0, 4) * big; s = new int[] {n, c}; ts = new int[] {n}; }
            else if (kind == 2) { int n = between(1, 3) * big, d = between(smooth ? 1 : 0, 3); s = new int[] {n, c, d}; ts = new int[] {n, d}; }
            else { int n = between(1, 2) * big, d1 = between(1, 2), d2 = between(1, 3); s = new int[] {n, c, d1, d2}; ts = new int[] {n, d1, d2}; }
            Map<String, Object> o = opts();
            if (!loss.equals("PolyLoss") && r.nextBoolean()) o.put("weight", fl(uniform(c, 0.2, 2), c));
            boolean probs = loss.equals("CrossEntropyLoss") && r.nextInt(3) == 0;
            boolean nll = loss.equals("NLLLoss");
            double sc = scale() * (nll ? 1 : 2);
            double[] x = randn(numel(s), sc);
            if ((loss.equals("CrossEntropyLoss") || loss.equals("PolyLoss")) && r.nextBoolean()) {
                o.put("label_smoothing", pick(new Double[] {0.0, 0.1, 0.5, 1.0}));
            }
            // focal: gamma below 1 has an unbounded derivative where p_y nears 1, kept out of the gradient checks
            if (loss.equals("FocalLoss") && r.nextInt(4) != 0) o.put("gamma", pick(smooth ? new Double[] {0.0, 1.0, 2.0, 3.0} : new Double[] {0.0, 0.5, 2.0, 3.5}));
            if (loss.equals("PolyLoss") && r.nextInt(4) != 0) o.put("epsilon", pick(new Double[] {-1.0, 0.0, 1.0, 2.5}));
            if (probs) {
                double[] t = uniform(numel(s), 0, 1);
                if (r.nextBoolean()) o.put("ignore_index", -100L);
                return c(loss, o, new int[] {0, 1}, fl(x, s), fl(t, s));
            }
            long ignore = -100;
            int ik = r.nextInt(4);
            if (ik == 1) ignore = r.nextInt(c);
            else if (ik == 2) ignore = -1;
            if (ik != 0 || r.nextBoolean()) o.put("ignore_index", ignore);
            long[] t = new long[numel(ts)];
            for (int i = 0; i < t.length; i++) t[i] = (ik != 1 && r.nextInt(5) == 0) ? ignore : r.nextInt(c);
            // a mean over targets that are all ignored is nan (0/0) in PyTorch too; the gradient check avoids it
            if (smooth && "mean".equals(o.getOrDefault("reduction", "mean"))) {
                boolean any = false;
                for (long v : t) any |= v != ignore;
                if (!any) return null;
            }
            return c(loss, o, new int[] {0}, fl(x, s), longs(t, ts));
        }

        /** Keras's categorical_hinge: (N, C), (C) or (N, M, C) scores, one-hot (or soft) targets of the same shape. */
        LossCase categoricalHinge() {
            int c = between(1, 5);
            int kind = r.nextInt(4);
            int[] s = kind == 0 ? new int[] {c} : kind == 3 ? new int[] {between(1, 2) * big, between(1, 3), c}
                    : new int[] {between(smooth ? 1 : 0, 4) * big, c};
            int rows = numel(s) / c;
            double[] x = randn(numel(s), scale());
            double[] y = new double[numel(s)];
            boolean soft = r.nextInt(3) == 0;
            for (int b = 0; b < rows; b++) {
                if (soft) for (int j = 0; j < c; j++) y[b * c + j] = uniform(0, 1);
                else y[b * c + r.nextInt(c)] = 1;
            }
            if (smooth) {
                // away from the hinge (z = 0) and from ties of the max of (1 - y) x
                for (int b = 0; b < rows; b++) {
                    double neg = Double.NEGATIVE_INFINITY, second = Double.NEGATIVE_INFINITY, pos = 0;
                    for (int j = 0; j < c; j++) {
                        double u = (1 - y[b * c + j]) * x[b * c + j];
                        if (u > neg) { second = neg; neg = u; } else if (u > second) second = u;
                        pos += y[b * c + j] * x[b * c + j];
                    }
                    if (Math.abs(neg - pos + 1) < 0.02 || (c > 1 && neg - second < 0.02)) return null;
                }
            }
            return c("CategoricalHingeLoss", opts(), new int[] {0, 1}, fl(x, s), fl(y, s));
        }

        LossCase triplet(String loss) {
            int d = between(1, 4);
            boolean batched = r.nextInt(4) != 0;
            int n = batched ? between(smooth ? 1 : 0, 3) * big : 1;
            int[] s = batched ? new int[] {n, d} : new int[] {d};
            Map<String, Object> o = opts();
            double margin = pick(new Double[] {1.0, 0.5, 2.0});
            if (margin != 1 || r.nextBoolean()) o.put("margin", margin);
            boolean swap = r.nextBoolean();
            if (swap || r.nextBoolean()) o.put("swap", swap);
            double p = 2, eps = 1e-6;
            boolean cosine = false;
            if (loss.equals("TripletMarginLoss")) {
                p = pick(new Double[] {1.0, 1.5, 2.0, 3.0});
                if (p != 2 || r.nextBoolean()) o.put("p", p);
                eps = r.nextBoolean() ? 1e-6 : 1e-3;
                if (eps != 1e-6 || r.nextBoolean()) o.put("eps", eps);
            } else {
                int k = r.nextInt(3);
                if (k == 1) o.put("distance_function", "pairwise");
                if (k == 2) { o.put("distance_function", "cosine"); cosine = true; }
            }
            double[] a = randn(n * d, scale()), po = randn(n * d, scale()), ne = randn(n * d, scale());
            if (smooth) {
                for (int i = 0; i < n * d; i++) {
                    if (Math.abs(a[i] - po[i] + eps) < 0.02 || Math.abs(a[i] - ne[i] + eps) < 0.02 || Math.abs(po[i] - ne[i] + eps) < 0.02) return null;
                }
                for (int b = 0; b < n; b++) {
                    double[] u = java.util.Arrays.copyOfRange(a, b * d, b * d + d), v = java.util.Arrays.copyOfRange(po, b * d, b * d + d),
                            w = java.util.Arrays.copyOfRange(ne, b * d, b * d + d);
                    final double pp = p, ee = eps;
                    ReferenceLosses.Dist dist = cosine ? ReferenceLosses::cosineDistance : (x, y) -> ReferenceLosses.pairwise(x, y, pp, ee);
                    double dap = dist.d(u, v), dan = dist.d(u, w), dpn = dist.d(v, w);
                    if (swap && Math.abs(dan - dpn) < 0.02) return null;
                    if (Math.abs(dap - (swap ? Math.min(dan, dpn) : dan) + margin) < 0.02) return null;
                }
            }
            return c(loss, o, new int[] {0, 1, 2}, fl(a, s), fl(po, s), fl(ne, s));
        }

        LossCase ctc() {
            int tMax = between(1, 6), c = between(2, 5);
            boolean batched = r.nextInt(4) != 0;
            int n = batched ? between(1, 3) * big : 1;
            int blank = r.nextInt(c);
            Map<String, Object> o = opts();
            if (blank != 0 || r.nextBoolean()) o.put("blank", (long) blank);
            boolean zi = r.nextBoolean();
            if (zi || r.nextBoolean()) o.put("zero_infinity", zi);
            int sMax = between(0, 4);
            long[] il = new long[n], tl = new long[n];
            long[][] tg = new long[n][];
            for (int b = 0; b < n; b++) {
                il[b] = between(smooth ? 1 : 0, tMax);
                tl[b] = between(0, sMax);
                tg[b] = new long[(int) tl[b]];
                for (int i = 0; i < tl[b]; i++) {
                    int v;
                    do { v = r.nextInt(c); } while (v == blank);
                    tg[b][i] = v;
                }
                if (smooth && !zi && ReferenceLosses.ctcNll(new double[(int) il[b]][c], tg[b], blank) == Double.POSITIVE_INFINITY) return null;
            }
            double[] x = randn(tMax * n * c, smooth ? 1 : scale());
            int[] lpShape = batched ? new int[] {tMax, n, c} : new int[] {tMax, c};
            Tensor lp;
            if (smooth) lp = fl(x, lpShape);   // the check applies log_softmax inside the function
            else lp = fl(x, lpShape).logSoftmax(-1).detach().contiguousCopy();
            Tensor targets;
            if (!batched || r.nextBoolean()) {
                int total = 0;
                for (long v : tl) total += v;
                long[] cat = new long[total];
                int k = 0;
                for (long[] t : tg) for (long v : t) cat[k++] = v;
                targets = batched || r.nextBoolean() ? longs(cat, total) : padded(tg, sMax, n, (blank + 1) % c);
            } else {
                targets = padded(tg, sMax, n, (blank + 1) % c);
            }
            return new LossCase("CTCLoss", o, new Tensor[] {lp, targets, longs(il, n), longs(tl, n)}, new int[] {0}, smooth);
        }

        /**
         * InfoNCELoss: (N, D) anchors and positives; temperatures from 0.07 to 2 (float32 logits of magnitude 1 / T
         * carry float32 rounding of that size, as PyTorch's do: smaller temperatures are pinned by the fixtures);
         * now and then a zero row (F.normalize's eps path) in value checks. Smooth everywhere but at a zero row.
         */
        LossCase infoNce() {
            int n = between(smooth ? 1 : 0, 4) * big, d = between(1, 5);
            Map<String, Object> o = opts();
            double temperature = pick(new Double[] {0.07, 0.1, 0.5, 1.0, 2.0});
            if (temperature != 0.07 || r.nextBoolean()) o.put("temperature", temperature);
            boolean symmetric = r.nextBoolean();
            if (symmetric || r.nextBoolean()) o.put("symmetric", symmetric);
            double[] a = randn(n * d, scale()), b = randn(n * d, scale());
            if (!smooth && n > 0 && r.nextInt(5) == 0) {
                double[] z = r.nextBoolean() ? a : b;
                int row = r.nextInt(n);
                java.util.Arrays.fill(z, row * d, row * d + d, 0.0);
            }
            return c("InfoNCELoss", o, new int[] {0, 1}, fl(a, n, d), fl(b, n, d));
        }

        Tensor padded(long[][] tg, int sMax, int n, long pad) {
            long[] p = new long[n * sMax];
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < sMax; i++) p[b * sMax + i] = i < tg[b].length ? tg[b][i] : pad;
            }
            return longs(p, n, sMax);
        }
    }
}
