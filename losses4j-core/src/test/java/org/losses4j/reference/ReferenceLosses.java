package org.losses4j.reference;

import java.util.List;
import java.util.Map;
import org.losses4j.Tensor;

/**
 * Deliberately simple reference implementations of all 21 torch.nn losses and of the losses from elsewhere (FocalLoss,
 * PolyLoss, DiceLoss, TverskyLoss, CategoricalHingeLoss, InfoNCELoss, SigmoidFocalLoss, LogCoshLoss, MSLELoss, MAPELoss,
 * SquaredHingeLoss, QuantileLoss, from their papers, torchvision, MONAI and Keras): plain loops in double over
 * contiguous copies of the arguments, written from PyTorch's definitions (torch/nn/functional.py, the ATen
 * kernels, and {@code loss_reference_fns} in torch/testing/_internal/common_nn.py), sharing no code with the
 * library. Speed and numerical stability beyond double are not goals: clarity is.
 *
 * <p>{@link #compute} takes the loss's PyTorch name, its keywords (as {@code LossOptions} would receive them)
 * and the tensors in {@code torch.nn.functional} argument order, and returns the output values flattened
 * (one value for 'mean' / 'sum' / 'batchmean').
 */
public final class ReferenceLosses {
    private ReferenceLosses() {}

    /** A contiguous double copy of a tensor plus its shape. */
    record A(double[] v, int[] shape) {
        static A of(Tensor t) { return t == null ? null : new A(t.contiguousCopy().toDoubleArray(), t.shape()); }

        int n() { return v.length; }

        int dim() { return shape.length; }
    }

    public static double[] compute(String loss, Map<String, ?> opt, Tensor... args) {
        A[] a = new A[args.length];
        for (int i = 0; i < args.length; i++) a[i] = A.of(args[i]);
        String red = str(opt, "reduction", "mean");
        switch (loss) {
            case "L1Loss": return reduce(elementwise(a, (x, y) -> Math.abs(x - y)), red);
            case "MSELoss": return reduce(elementwise(a, (x, y) -> (x - y) * (x - y)), red);
            case "HuberLoss": {
                double delta = num(opt, "delta", 1.0);
                return reduce(elementwise(a, (x, y) -> {
                    double d = Math.abs(x - y);
                    return d < delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
                }), red);
            }
            case "SmoothL1Loss": {
                double beta = num(opt, "beta", 1.0);
                return reduce(elementwise(a, (x, y) -> {
                    double d = Math.abs(x - y);
                    if (beta == 0) return d;
                    return d < beta ? 0.5 * d * d / beta : d - 0.5 * beta;
                }), red);
            }
            case "SoftMarginLoss": {
                // PyTorch computes log(1 + exp(-y x)) literally: exp overflows to inf in the input's dtype (float32 past ~88.7)
                boolean f32 = args[0].dtype() == org.losses4j.DType.FLOAT32;
                return reduce(elementwise(a, (x, y) -> {
                    double e = Math.exp(-y * x);
                    if (f32 && e > Float.MAX_VALUE) e = Double.POSITIVE_INFINITY;
                    return Math.log(1 + e);
                }), red);
            }
            case "HingeEmbeddingLoss": {
                double margin = num(opt, "margin", 1.0);
                return reduce(elementwise(a, (x, y) -> (y == 1 ? x : 0) + (y == -1 ? Math.max(0, margin - x) : 0)
                        + (y != 1 && y != -1 ? x + Math.max(0, margin - x) : 0)), red);
            }
            case "BCELoss": return reduce(bce(a[0], a[1], A.of((Tensor) opt.get("weight"))), red);
            case "BCEWithLogitsLoss": return reduce(bceLogits(a[0], a[1], A.of((Tensor) opt.get("weight")), A.of((Tensor) opt.get("pos_weight"))), red);
            case "KLDivLoss": {
                boolean logTarget = bool(opt, "log_target", false);
                double[] l = elementwise(a, (x, y) -> logTarget ? Math.exp(y) * (y - x) : (y == 0 ? 0 : y * (Math.log(y) - x)));
                if (red.equals("batchmean")) return new double[] {sum(l) / (a[0].dim() == 0 ? 1 : a[0].shape[0])};
                return reduce(l, red);
            }
            case "PoissonNLLLoss": {
                boolean logInput = bool(opt, "log_input", true), full = bool(opt, "full", false);
                double eps = num(opt, "eps", 1e-8);
                // PyTorch forms input + eps of an int64 input in its default dtype, float32, whatever the target's dtype
                boolean longInput = args[0].dtype() == org.losses4j.DType.INT64;
                return reduce(elementwise(a, (x, y) -> {
                    double l = logInput ? Math.exp(x) - y * x : x - y * Math.log(longInput ? (float) (x + (float) eps) : x + eps);
                    if (full && y > 1) l += y * Math.log(y) - y + 0.5 * Math.log(2 * Math.PI * y);
                    return l;
                }), red);
            }
            case "GaussianNLLLoss": return reduce(gaussian(a[0], a[1], a[2], bool(opt, "full", false), num(opt, "eps", 1e-6)), red);
            case "MarginRankingLoss": {
                double margin = num(opt, "margin", 0.0);
                double[] l = new double[a[0].n()];
                for (int i = 0; i < l.length; i++) l[i] = Math.max(0, -a[2].v[i] * (a[0].v[i] - a[1].v[i]) + margin);
                return reduce(l, red);
            }
            case "CrossEntropyLoss": return crossEntropy(a[0], args[1], A.of((Tensor) opt.get("weight")), (long) num(opt, "ignore_index", -100),
                    num(opt, "label_smoothing", 0.0), red);
            case "NLLLoss": return nll(a[0], args[1].contiguousCopy().toLongArray(), A.of((Tensor) opt.get("weight")), (long) num(opt, "ignore_index", -100), red);
            case "MultiLabelMarginLoss": return reduce(multiLabelMargin(a[0], args[1].contiguousCopy().toLongArray()), red);
            case "MultiLabelSoftMarginLoss": return reduce(multiLabelSoftMargin(a[0], a[1], A.of((Tensor) opt.get("weight"))), red);
            case "MultiMarginLoss": return reduce(multiMargin(a[0], args[1].contiguousCopy().toLongArray(), (int) num(opt, "p", 1), num(opt, "margin", 1.0),
                    A.of((Tensor) opt.get("weight"))), red);
            case "CosineEmbeddingLoss": return reduce(cosineEmbedding(a[0], a[1], a[2], num(opt, "margin", 0.0)), red);
            case "TripletMarginLoss": {
                double p = num(opt, "p", 2.0), eps = num(opt, "eps", 1e-6);
                return reduce(triplet(a, (u, v) -> pairwise(u, v, p, eps), num(opt, "margin", 1.0), bool(opt, "swap", false)), red);
            }
            case "TripletMarginWithDistanceLoss": {
                String df = str(opt, "distance_function", "pairwise");
                Dist d = df.equals("cosine") ? ReferenceLosses::cosineDistance : (u, v) -> pairwise(u, v, 2.0, 1e-6);
                return reduce(triplet(a, d, num(opt, "margin", 1.0), bool(opt, "swap", false)), red);
            }
            case "CTCLoss": return ctc(args, (int) num(opt, "blank", 0), red, bool(opt, "zero_infinity", false));
            case "DiceLoss": case "TverskyLoss": return overlap(loss.equals("TverskyLoss"), opt, args[0], args[1], red);
            case "InfoNCELoss": return reduce(infoNce(a[0], a[1], num(opt, "temperature", 0.07), bool(opt, "symmetric", false)), red);
            case "FocalLoss": return focal(a[0], args[1].contiguousCopy().toLongArray(), A.of((Tensor) opt.get("weight")), num(opt, "gamma", 2.0),
                    (long) num(opt, "ignore_index", -100), red);
            case "PolyLoss": return poly(a[0], args[1].contiguousCopy().toLongArray(), num(opt, "epsilon", 1.0), (long) num(opt, "ignore_index", -100),
                    num(opt, "label_smoothing", 0.0), red);
            case "CategoricalHingeLoss": return reduce(categoricalHinge(a[0], a[1]), red);
            case "LogCoshLoss": case "MSLELoss": case "MAPELoss": case "SquaredHingeLoss": case "SigmoidFocalLoss": case "QuantileLoss":
                return external(loss, opt, a);
            default: throw new IllegalArgumentException("no reference for " + loss);
        }
    }

    /**
     * The magnitude of the two terms that a loss subtracts, per output element and reduced as the output, for the
     * losses whose value is a difference of two computed terms that PyTorch itself rounds to the input's dtype before
     * subtracting them: the triplet losses, {@code max(d(a, p) - d(a, n) + margin, 0)}, give {@code d(a, p) +
     * d(a, n)}. Null for every other loss. In float32 such a difference is only as exact as its operands: PyTorch
     * 1.13's own float32 result differs from this double reference by up to a few float32 ulps of the distances
     * (e.g. 4.6e-5 for distances near 300), more than a bound on the result alone allows. {@link Compare} applies its
     * rtol to these operands as well.
     */
    public static double[] subtractedTerms(String loss, Map<String, ?> opt, Tensor... args) {
        A[] a = new A[args.length];
        for (int i = 0; i < args.length; i++) a[i] = A.of(args[i]);
        String red = str(opt, "reduction", "mean");
        Dist d;
        switch (loss) {
            case "TripletMarginLoss": {
                double p = num(opt, "p", 2.0), eps = num(opt, "eps", 1e-6);
                d = (u, v) -> pairwise(u, v, p, eps);
                break;
            }
            case "TripletMarginWithDistanceLoss":
                d = str(opt, "distance_function", "pairwise").equals("cosine") ? ReferenceLosses::cosineDistance : (u, v) -> pairwise(u, v, 2.0, 1e-6);
                break;
            default: return null;
        }
        boolean swap = bool(opt, "swap", false);
        double[][] an = rows(a[0]), po = rows(a[1]), ne = rows(a[2]);
        double[] t = new double[an.length];
        for (int b = 0; b < an.length; b++) {
            double dan = d.d(an[b], ne[b]);
            if (swap) dan = Math.min(dan, d.d(po[b], ne[b]));
            t[b] = Math.abs(d.d(an[b], po[b])) + Math.abs(dan);
        }
        return reduce(t, red);
    }


    // ---- losses beyond torch.nn ---------------------------------------------------------------------------------

    /** The value of operand a at flat index i of an output of shape out, a broadcast to it (right-aligned). */
    static double at(A a, int[] out, int i) {
        int off = 0, stride = 1;
        for (int d = out.length - 1, ad = a.dim() - 1; ad >= 0; d--, ad--) {
            int idx = i % out[d];
            i /= out[d];
            if (a.shape[ad] != 1) off += idx * stride;
            stride *= a.shape[ad];
        }
        return a.v[off];
    }

    /** Element-wise over input and target broadcast together (the losses from Keras broadcast as PyTorch's ops do). */
    static double[] broadcastElementwise(A x, A y, F2 f) {
        int[] out = org.losses4j.Shape.broadcast(x.shape, y.shape);
        int n = 1;
        for (int d : out) n *= d;
        double[] l = new double[n];
        for (int i = 0; i < n; i++) l[i] = f.f(at(x, out, i), at(y, out, i));
        return l;
    }

    /**
     * The losses from torchvision, Keras and the pinball loss, from their definitions: log cosh (as Keras
     * computes it on PyTorch: d + softplus(-2 d) - log 2, softplus linear above 20), MSLE and MAPE with Keras's 1e-7 floor, Keras's squared hinge with its 0/1 label
     * conversion, RetinaNet's focal loss (p, the BCE term and p_t from their formulas), the pinball loss per (row,
     * quantile).
     */
    static double[] external(String loss, Map<String, ?> opt, A[] a) {
        double eps = 1e-7;
        switch (loss) {
            case "LogCoshLoss": return reduce(broadcastElementwise(a[0], a[1], (x, y) -> {
                // Keras's d + softplus(-2 d) - log 2 with torch's softplus (linear above 20), so for d < -10 the
                // exact log cosh's log1p(exp(2 d)) term (< 2.1e-9) is dropped as there
                double d = x - y, z = -2 * d;
                return d + (z > 20 ? z : Math.log1p(Math.exp(z))) - Math.log(2);
            }), str(opt, "reduction", "mean"));
            case "MSLELoss": return reduce(broadcastElementwise(a[0], a[1], (x, y) -> {
                double d = Math.log(Math.max(x, eps) + 1) - Math.log(Math.max(y, eps) + 1);
                return d * d;
            }), str(opt, "reduction", "mean"));
            case "MAPELoss": return reduce(broadcastElementwise(a[0], a[1], (x, y) -> 100 * Math.abs(y - x) / Math.max(Math.abs(y), eps)),
                    str(opt, "reduction", "mean"));
            case "SquaredHingeLoss": {
                boolean binary = true;
                for (double v : a[1].v) binary &= v == 0 || v == 1;
                boolean convert = binary;
                return reduce(broadcastElementwise(a[0], a[1], (x, y) -> {
                    double t = convert ? 2 * y - 1 : y;
                    double h = Math.max(1 - t * x, 0);
                    return h * h;
                }), str(opt, "reduction", "mean"));
            }
            case "SigmoidFocalLoss": {
                double alpha = num(opt, "alpha", 0.25), gamma = num(opt, "gamma", 2.0);
                return reduce(elementwise(a, (x, y) -> {
                    double p = 1 / (1 + Math.exp(-x));
                    double ce = Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
                    double pt = p * y + (1 - p) * (1 - y);
                    double l = ce * Math.pow(1 - pt, gamma);
                    return alpha >= 0 ? (alpha * y + (1 - alpha) * (1 - y)) * l : l;
                }), str(opt, "reduction", "none"));
            }
            case "QuantileLoss": {
                Object qo = opt.get("quantiles");
                List<?> qs = qo == null ? List.of(0.5) : (List<?>) qo;
                int nq = qs.size(), rows = a[1].n();
                double[] l = new double[rows * nq];
                for (int n = 0; n < rows; n++) {
                    for (int j = 0; j < nq; j++) {
                        double q = ((Number) qs.get(j)).doubleValue(), e = a[1].v[n] - a[0].v[n * nq + j];
                        l[n * nq + j] = e >= 0 ? q * e : (q - 1) * e;
                    }
                }
                return reduce(l, str(opt, "reduction", "mean"));
            }
            default: throw new IllegalArgumentException(loss);
        }
    }

    // ---- options --------------------------------------------------------------------------------------------

    static double num(Map<String, ?> o, String k, double def) {
        Object v = o.get(k);
        return v == null ? def : ((Number) v).doubleValue();
    }

    static boolean bool(Map<String, ?> o, String k, boolean def) {
        Object v = o.get(k);
        return v == null ? def : (Boolean) v;
    }

    static String str(Map<String, ?> o, String k, String def) {
        Object v = o.get(k);
        return v == null ? def : v.toString();
    }

    // ---- shared pieces ----------------------------------------------------------------------------------------

    interface F2 { double f(double x, double y); }

    interface Dist { double d(double[] u, double[] v); }

    /** Element-wise over two same-shape arguments (the property generators never rely on broadcasting here). */

    // ---- segmentation (MONAI's DiceLoss and TverskyLoss, monai/losses/dice.py and tversky.py, MONAI 1.4) ----------

    /**
     * Dice or Tversky from the definition: p = x, sigmoid(x) or softmax over dim 1 (C > 1 only); g = the target, or the
     * one-hot form of class indices (C > 1 only); channel 0 dropped from both when include_background is false (C > 1
     * only); per group (n, c), (c) with batch, or all for a 2-d input without batch, the sums and the formula. 'none'
     * gives the values in group order.
     */
    static double[] overlap(boolean tversky, Map<String, ?> opt, Tensor input, Tensor target, String red) {
        A x = A.of(input);
        int n = x.shape[0], c = x.shape[1], inner = 1;
        for (int d = 2; d < x.dim(); d++) inner *= x.shape[d];
        double[] p = x.v.clone();
        if (bool(opt, "sigmoid", false)) for (int i = 0; i < p.length; i++) p[i] = 1 / (1 + Math.exp(-p[i]));
        if (bool(opt, "softmax", false) && c > 1) {
            for (int b = 0; b < n; b++) {
                for (int j = 0; j < inner; j++) {
                    double m = Double.NEGATIVE_INFINITY, z = 0;
                    for (int k = 0; k < c; k++) m = Math.max(m, x.v[(b * c + k) * inner + j]);
                    for (int k = 0; k < c; k++) z += Math.exp(x.v[(b * c + k) * inner + j] - m);
                    for (int k = 0; k < c; k++) {
                        int e = (b * c + k) * inner + j;
                        p[e] = Double.isFinite(m) ? Math.exp(x.v[e] - m) / z : Double.NaN;
                    }
                }
            }
        }
        double[] g = new double[p.length];
        if (bool(opt, "to_onehot_y", false) && c > 1) {
            long[] lab = target.contiguousCopy().toLongArray();
            for (int b = 0; b < n; b++) for (int k = 0; k < c; k++) for (int j = 0; j < inner; j++) g[(b * c + k) * inner + j] = lab[b * inner + j] == k ? 1 : 0;
        } else {
            g = target.contiguousCopy().to(org.losses4j.DType.FLOAT64).toDoubleArray();
        }
        int k0 = !bool(opt, "include_background", true) && c > 1 ? 1 : 0, kept = c - k0;
        boolean batch = bool(opt, "batch", false), all = !batch && x.dim() == 2;
        int groups = batch ? kept : all ? 1 : n * kept;
        double[][] s = new double[groups][3];
        for (int b = 0; b < n; b++) {
            for (int k = k0; k < c; k++) {
                double[] t = s[batch ? k - k0 : all ? 0 : b * kept + k - k0];
                for (int j = 0; j < inner; j++) {
                    int e = (b * c + k) * inner + j;
                    double pe = p[e], ge = g[e];
                    if (tversky) {
                        t[0] += pe * ge;
                        t[1] += pe * (1 - ge);
                        t[2] += (1 - pe) * ge;
                    } else if (bool(opt, "squared_pred", false)) {
                        t[0] += pe * ge;
                        t[1] += ge * ge;
                        t[2] += pe * pe;
                    } else {
                        t[0] += pe * ge;
                        t[1] += ge;
                        t[2] += pe;
                    }
                }
            }
        }
        double nr = num(opt, "smooth_nr", 1e-5), dr = num(opt, "smooth_dr", 1e-5);
        double[] f = new double[groups];
        for (int i = 0; i < groups; i++) {
            double[] t = s[i];
            if (tversky) {
                f[i] = 1 - (t[0] + nr) / (t[0] + num(opt, "alpha", 0.5) * t[1] + num(opt, "beta", 0.5) * t[2] + dr);
            } else {
                double den = bool(opt, "jaccard", false) ? 2 * (t[1] + t[2] - t[0]) : t[1] + t[2];
                f[i] = 1 - (2 * t[0] + nr) / (den + dr);
            }
        }
        return reduce(f, red);
    }
    static double[] elementwise(A[] a, F2 f) {
        double[] l = new double[a[0].n()];
        for (int i = 0; i < l.length; i++) l[i] = f.f(a[0].v[i], a[1].v[i]);
        return l;
    }

    static double sum(double[] l) {
        double s = 0;
        for (double x : l) s += x;
        return s;
    }

    static double[] reduce(double[] l, String red) {
        switch (red) {
            case "none": return l;
            case "sum": return new double[] {sum(l)};
            case "mean": return new double[] {sum(l) / l.length};
            default: throw new IllegalArgumentException(red);
        }
    }

    /** The value of a (right-aligned) broadcast operand at flat index i of an output of shape out. */
    static double bcast(A w, int[] out, int i) {
        if (w == null) return 1;
        int off = 0, stride = 1;
        for (int d = out.length - 1, wd = w.dim() - 1; d >= 0; d--, wd--) {
            int idx = i % out[d];
            i /= out[d];
            if (wd >= 0) {
                if (w.shape[wd] != 1) off += idx * stride;
                stride *= w.shape[wd];
            }
        }
        return w.v[off];
    }

    /** N, C, inner for a (C), (N, C) or (N, C, d1, ...) input. */
    static int[] nci(int[] shape) {
        if (shape.length == 1) return new int[] {1, shape[0], 1};
        int inner = 1;
        for (int d = 2; d < shape.length; d++) inner *= shape[d];
        return new int[] {shape[0], shape[1], inner};
    }

    // ---- binary -----------------------------------------------------------------------------------------------

    static double[] bce(A x, A y, A w) {
        double[] l = new double[x.n()];
        for (int i = 0; i < l.length; i++) {
            double lx = Math.max(Math.log(x.v[i]), -100), l1x = Math.max(Math.log(1 - x.v[i]), -100);
            l[i] = -bcast(w, x.shape, i) * (y.v[i] * lx + (1 - y.v[i]) * l1x);
        }
        return l;
    }

    static double softplus(double z) { return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))); }

    static double[] bceLogits(A x, A y, A w, A pw) {
        double[] l = new double[x.n()];
        for (int i = 0; i < l.length; i++) {
            double logSig = -softplus(-x.v[i]), log1mSig = -softplus(x.v[i]);
            double p = pw == null ? 1 : bcast(pw, x.shape, i);
            l[i] = -bcast(w, x.shape, i) * (p * y.v[i] * logSig + (1 - y.v[i]) * log1mSig);
        }
        return l;
    }

    // ---- regression ----------------------------------------------------------------------------------------

    static double[] gaussian(A x, A y, A var, boolean full, double eps) {
        double[] l = new double[x.n()];
        int last = x.dim() == 0 ? 1 : x.shape[x.dim() - 1];
        for (int i = 0; i < l.length; i++) {
            double v = var.n() == x.n() ? var.v[i] : var.v[i / last];
            v = Math.max(v, eps);
            double d = x.v[i] - y.v[i];
            l[i] = 0.5 * (Math.log(v) + d * d / v) + (full ? 0.5 * Math.log(2 * Math.PI) : 0);
        }
        return l;
    }

    // ---- classification ------------------------------------------------------------------------------------

    static double[] nll(A x, long[] t, A w, long ignore, String red) {
        int[] s = nci(x.shape);
        int n = s[0], c = s[1], inner = s[2];
        double[] l = new double[n * inner];
        double num = 0, den = 0;
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < inner; k++) {
                long y = t[b * inner + k];
                if (y == ignore) continue;
                double wy = w == null ? 1 : w.v[(int) y];
                l[b * inner + k] = -wy * x.v[(b * c + (int) y) * inner + k];
                num += l[b * inner + k];
                den += wy;
            }
        }
        if (red.equals("none")) return l;
        if (red.equals("sum")) return new double[] {num};
        return new double[] {num / den};
    }

    static double[] logSoftmax(A x) {
        int[] s = nci(x.shape);
        int n = s[0], c = s[1], inner = s[2];
        double[] lp = new double[x.n()];
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < inner; k++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < c; j++) m = Math.max(m, x.v[(b * c + j) * inner + k]);
                double z = 0;
                for (int j = 0; j < c; j++) z += Math.exp(x.v[(b * c + j) * inner + k] - m);
                for (int j = 0; j < c; j++) lp[(b * c + j) * inner + k] = x.v[(b * c + j) * inner + k] - m - Math.log(z);
            }
        }
        return lp;
    }

    static double[] crossEntropy(A x, Tensor target, A w, long ignore, double eps, String red) {
        int[] s = nci(x.shape);
        int n = s[0], c = s[1], inner = s[2];
        double[] lp = logSoftmax(x);
        double[] l = new double[n * inner];
        if (target.dtype().isFloatingPoint()) {
            double[] t = target.contiguousCopy().toDoubleArray();
            for (int b = 0; b < n; b++) {
                for (int k = 0; k < inner; k++) {
                    for (int j = 0; j < c; j++) {
                        int i = (b * c + j) * inner + k;
                        double tj = (1 - eps) * t[i] + eps / c;
                        l[b * inner + k] -= (w == null ? 1 : w.v[j]) * tj * lp[i];
                    }
                }
            }
            return reduce(l, red);
        }
        long[] t = target.contiguousCopy().toLongArray();
        double nllSum = 0, smoothSum = 0, den = 0;
        int counted = 0;
        double[] nllE = new double[n * inner], smoothE = new double[n * inner];
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < inner; k++) {
                long y = t[b * inner + k];
                if (y == ignore) continue;
                double wy = w == null ? 1 : w.v[(int) y];
                nllE[b * inner + k] = -wy * lp[(b * c + (int) y) * inner + k];
                double sm = 0;
                for (int j = 0; j < c; j++) sm -= (w == null ? 1 : w.v[j]) * lp[(b * c + j) * inner + k];
                smoothE[b * inner + k] = sm;
                nllSum += nllE[b * inner + k];
                smoothSum += sm;
                den += wy;
                counted++;
            }
        }
        if (red.equals("none")) {
            for (int i = 0; i < l.length; i++) l[i] = (1 - eps) * nllE[i] + eps / c * smoothE[i];
            return l;
        }
        if (red.equals("sum")) return new double[] {(1 - eps) * nllSum + eps / c * smoothSum};
        double smoothMean = smoothSum / (w == null ? counted : den);
        return new double[] {(1 - eps) * (nllSum / den) + eps / c * smoothMean};
    }

    // ---- class-index and one-hot losses from elsewhere -----------------------------------------------------------

    /** Focal loss (Lin et al.): -w_y (1 - p_y)^gamma log p_y per counted element; 'mean' over their total weight. */
    static double[] focal(A x, long[] t, A w, double gamma, long ignore, String red) {
        int[] s = nci(x.shape);
        int n = s[0], c = s[1], inner = s[2];
        double[] lp = logSoftmax(x);
        double[] l = new double[n * inner];
        double den = 0;
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < inner; k++) {
                long y = t[b * inner + k];
                if (y == ignore) continue;
                double wy = w == null ? 1 : w.v[(int) y], logp = lp[(b * c + (int) y) * inner + k];
                l[b * inner + k] = -wy * Math.pow(1 - Math.exp(logp), gamma) * logp;
                den += wy;
            }
        }
        if (red.equals("mean")) return new double[] {sum(l) / den};
        return reduce(l, red);
    }

    /**
     * Poly-1 (Leng et al.): CE with smoothing e plus epsilon (1 - sum_j q_j p_j), q the smoothed one-hot, per counted
     * element; 'mean' over their number.
     */
    static double[] poly(A x, long[] t, double epsilon, long ignore, double ls, String red) {
        int[] s = nci(x.shape);
        int n = s[0], c = s[1], inner = s[2];
        double e = ls > 0 ? ls : 0;
        double[] lp = logSoftmax(x);
        double[] l = new double[n * inner];
        int counted = 0;
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < inner; k++) {
                long y = t[b * inner + k];
                if (y == ignore) continue;
                double ce = 0, pt = 0;
                for (int j = 0; j < c; j++) {
                    double q = (j == y ? 1 - e : 0) + e / c, logp = lp[(b * c + j) * inner + k];
                    ce -= q * logp;
                    pt += q * Math.exp(logp);
                }
                l[b * inner + k] = ce + epsilon * (1 - pt);
                counted++;
            }
        }
        if (red.equals("mean")) return new double[] {sum(l) / counted};
        return reduce(l, red);
    }

    /** Keras's categorical_hinge: max(max_c (1 - y_c) x_c - sum_c y_c x_c + 1, 0) per row of the last dimension. */
    static double[] categoricalHinge(A x, A y) {
        int c = x.dim() == 0 ? 1 : x.shape[x.dim() - 1];
        double[] l = new double[x.n() / c];
        for (int b = 0; b < l.length; b++) {
            double neg = Double.NEGATIVE_INFINITY, pos = 0;
            for (int j = 0; j < c; j++) {
                double xj = x.v[b * c + j], yj = y.v[b * c + j];
                neg = Math.max(neg, (1 - yj) * xj);
                pos += yj * xj;
            }
            l[b] = Math.max(neg - pos + 1, 0);
        }
        return l;
    }

    // ---- margins ---------------------------------------------------------------------------------------------

    static double[] multiLabelMargin(A x, long[] t) {
        int c = x.shape[x.dim() - 1], n = x.dim() == 1 ? 1 : x.shape[0];
        double[] l = new double[n];
        for (int b = 0; b < n; b++) {
            boolean[] isTarget = new boolean[c];
            int len = 0;
            while (len < c && t[b * c + len] >= 0) isTarget[(int) t[b * c + len++]] = true;
            for (int j = 0; j < len; j++) {
                double xy = x.v[b * c + (int) t[b * c + j]];
                for (int i = 0; i < c; i++) if (!isTarget[i]) l[b] += Math.max(0, 1 - (xy - x.v[b * c + i]));
            }
            l[b] /= c;
        }
        return l;
    }

    static double[] multiLabelSoftMargin(A x, A y, A w) {
        int c = x.shape[x.dim() - 1], n = x.n() / c;
        double[] l = new double[n];
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < c; j++) {
                double xv = x.v[b * c + j], yv = y.v[b * c + j];
                l[b] += (w == null ? 1 : w.v[j]) * -(yv * -softplus(-xv) + (1 - yv) * -softplus(xv));
            }
            l[b] /= c;
        }
        return l;
    }

    static double[] multiMargin(A x, long[] t, int p, double margin, A w) {
        int c = x.shape[x.dim() - 1], n = x.dim() == 1 ? 1 : x.shape[0];
        double[] l = new double[n];
        for (int b = 0; b < n; b++) {
            int y = (int) t[b];
            for (int i = 0; i < c; i++) {
                if (i == y) continue;
                double z = margin - x.v[b * c + y] + x.v[b * c + i];
                if (z > 0) l[b] += (w == null ? 1 : w.v[y]) * Math.pow(z, p);
            }
            l[b] /= c;
        }
        return l;
    }

    static double[][] rows(A a) {
        int d = a.dim() == 0 ? 1 : a.shape[a.dim() - 1], n = d == 0 ? (a.dim() == 2 ? a.shape[0] : 1) : a.n() / d;
        double[][] r = new double[n][d];
        for (int b = 0; b < n; b++) System.arraycopy(a.v, b * d, r[b], 0, d);
        return r;
    }

    // ---- beyond torch.nn --------------------------------------------------------------------------------------

    /**
     * InfoNCE per row by its definition: u = x1 / max(||x1_i||, 1e-12), v likewise, s_ij = u_i . v_j / T,
     * l_i = log sum_j exp(s_ij) - s_ii; symmetric: the average with the column's log sum_i exp(s_ij) - s_jj.
     */
    static double[] infoNce(A x1, A x2, double t, boolean symmetric) {
        double[][] u = rows(x1), v = rows(x2);
        int n = x1.shape[0];
        for (double[][] m : new double[][][] {u, v}) {
            for (double[] row : m) {
                double ss = 0;
                for (double x : row) ss += x * x;
                double den = Math.max(Math.sqrt(ss), 1e-12);
                for (int k = 0; k < row.length; k++) row[k] /= den;
            }
        }
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int k = 0; k < u[i].length; k++) dot += u[i][k] * v[j][k];
                s[i][j] = dot / t;
            }
        }
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            double[] col = new double[n];
            for (int k = 0; k < n; k++) col[k] = s[k][i];
            l[i] = logSumExp(s[i]) - s[i][i];
            if (symmetric) l[i] = (l[i] + logSumExp(col) - s[i][i]) / 2;
        }
        return l;
    }

    static double logSumExp(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) m = Math.max(m, v);
        double s = 0;
        for (double v : x) s += Math.exp(v - m);
        return m + Math.log(s);
    }

    static double[] cosineEmbedding(A x1, A x2, A y, double margin) {
        double[][] u = rows(x1), v = rows(x2);
        double[] l = new double[u.length];
        for (int b = 0; b < u.length; b++) {
            double dot = 0, m1 = 1e-12, m2 = 1e-12;
            for (int j = 0; j < u[b].length; j++) {
                dot += u[b][j] * v[b][j];
                m1 += u[b][j] * u[b][j];
                m2 += v[b][j] * v[b][j];
            }
            double cos = dot / Math.sqrt(m1 * m2);
            l[b] = y.v[b] == 1 ? 1 - cos : (y.v[b] == -1 ? Math.max(0, cos - margin) : 0);
        }
        return l;
    }

    /** torch.pairwise_distance: ||u - v + eps||_p. */
    static double pairwise(double[] u, double[] v, double p, double eps) {
        double s = 0;
        if (Double.isInfinite(p)) {
            for (int j = 0; j < u.length; j++) s = Math.max(s, Math.abs(u[j] - v[j] + eps));
            return s;
        }
        for (int j = 0; j < u.length; j++) s += Math.pow(Math.abs(u[j] - v[j] + eps), p);
        return Math.pow(s, 1 / p);
    }

    /** 1 - cosine_similarity(u, v) with eps 1e-8. */
    static double cosineDistance(double[] u, double[] v) {
        double dot = 0, a = 0, b = 0;
        for (int j = 0; j < u.length; j++) {
            dot += u[j] * v[j];
            a += u[j] * u[j];
            b += v[j] * v[j];
        }
        return 1 - dot / Math.sqrt(Math.max(a * b, 1e-16));
    }

    static double[] triplet(A[] a, Dist d, double margin, boolean swap) {
        double[][] an = rows(a[0]), po = rows(a[1]), ne = rows(a[2]);
        double[] l = new double[an.length];
        for (int b = 0; b < an.length; b++) {
            double dap = d.d(an[b], po[b]), dan = d.d(an[b], ne[b]);
            if (swap) dan = Math.min(dan, d.d(po[b], ne[b]));
            l[b] = Math.max(dap - dan + margin, 0);
        }
        return l;
    }

    // ---- CTC -------------------------------------------------------------------------------------------------

    static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) return b;
        if (b == Double.NEGATIVE_INFINITY) return a;
        double m = Math.max(a, b);
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }

    /** -log p(target | log_probs) by the forward (alpha) recursion over the blank-extended target. */
    public static double ctcNll(double[][] lp, long[] target, int blank) {
        int tMax = lp.length, len = target.length, s = 2 * len + 1;
        int[] ext = new int[s];
        for (int i = 0; i < s; i++) ext[i] = i % 2 == 0 ? blank : (int) target[i / 2];
        if (tMax == 0) return len == 0 ? 0 : Double.POSITIVE_INFINITY;
        double[] alpha = new double[s];
        java.util.Arrays.fill(alpha, Double.NEGATIVE_INFINITY);
        alpha[0] = lp[0][blank];
        if (s > 1) alpha[1] = lp[0][ext[1]];
        for (int t = 1; t < tMax; t++) {
            double[] next = new double[s];
            for (int i = 0; i < s; i++) {
                double acc = alpha[i];
                if (i >= 1) acc = logAdd(acc, alpha[i - 1]);
                if (i >= 2 && ext[i] != blank && ext[i] != ext[i - 2]) acc = logAdd(acc, alpha[i - 2]);
                next[i] = acc + lp[t][ext[i]];
            }
            alpha = next;
        }
        double ll = alpha[s - 1];
        if (s > 1) ll = logAdd(ll, alpha[s - 2]);
        return -ll;
    }

    static double[] ctc(Tensor[] args, int blank, String red, boolean zeroInf) {
        A lp = A.of(args[0]);
        long[] targets = args[1].contiguousCopy().toLongArray();
        long[] il = args[2].contiguousCopy().toLongArray(), tl = args[3].contiguousCopy().toLongArray();
        boolean batched = lp.dim() == 3;
        int tMax = lp.shape[0], n = batched ? lp.shape[1] : 1, c = lp.shape[lp.dim() - 1];
        boolean concatenated = batched && args[1].dim() == 1;
        int sMax = args[1].dim() == 0 ? 0 : args[1].shape()[args[1].dim() - 1];
        double[] per = new double[n];
        int cursor = 0;
        for (int b = 0; b < n; b++) {
            double[][] seq = new double[(int) il[b]][c];
            for (int t = 0; t < il[b]; t++) for (int j = 0; j < c; j++) seq[t][j] = lp.v[(t * n + b) * c + j];
            long[] tgt = new long[(int) tl[b]];
            for (int i = 0; i < tgt.length; i++) tgt[i] = concatenated ? targets[cursor + i] : targets[b * sMax + i];
            cursor += tgt.length;
            double v = ctcNll(seq, tgt, blank);
            if (zeroInf && v == Double.POSITIVE_INFINITY) v = 0;
            per[b] = v;
        }
        if (red.equals("none")) return per;
        if (red.equals("sum")) return new double[] {sum(per)};
        double m = 0;
        for (int b = 0; b < n; b++) m += per[b] / Math.max(tl[b], 1);
        return new double[] {m / n};
    }
}
