package org.losses4j.reference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.losses4j.DType;
import org.losses4j.Tensor;

/**
 * Turns a valid {@link LossCase} into a bad (or edge) one. Each mutation says what must happen:
 * {@link Expect#FAIL} (IllegalArgumentException / IndexOutOfBoundsException whose message contains one of the
 * keywords), {@link Expect#REFERENCE} (a valid edge input: the output must equal the reference), or
 * {@link Expect#CLEAN} (PyTorch's behaviour varies by version: either a clean exception, never a crash, or a result,
 * which must then be PyTorch's type promotion of the call: the floating arguments' dtype and the reference's values).
 */
public final class Mutations {
    private Mutations() {}

    public enum Expect { FAIL, REFERENCE, CLEAN }

    public record Mutated(String kind, LossCase c, Expect expect, List<String> keywords) {}

    static final Set<String> ELEMENTWISE = Set.of("L1Loss", "MSELoss", "HuberLoss", "SmoothL1Loss", "SoftMarginLoss", "HingeEmbeddingLoss", "BCELoss",
            "BCEWithLogitsLoss", "KLDivLoss", "PoissonNLLLoss", "GaussianNLLLoss", "MarginRankingLoss", "MultiLabelSoftMarginLoss",
            "LogCoshLoss", "MSLELoss", "MAPELoss", "SquaredHingeLoss");
    static final Set<String> INDEX_TARGET = Set.of("CrossEntropyLoss", "NLLLoss", "MultiMarginLoss", "MultiLabelMarginLoss", "CTCLoss",
            "FocalLoss", "PolyLoss");
    static final Set<String> CLASS_WEIGHT = Set.of("CrossEntropyLoss", "NLLLoss", "MultiMarginLoss", "MultiLabelSoftMarginLoss", "FocalLoss");
    /** The losses of the (N, C, d1..dk) class-index layout, whose checks are nll_loss's. */
    static final Set<String> NLL_LAYOUT = Set.of("CrossEntropyLoss", "NLLLoss", "FocalLoss", "PolyLoss");

    static final List<String> SHAPE_WORDS = List.of("size", "match", "batch", "shape", "same", "dim", "expected", "target", "input");
    static final List<String> TARGET_WORDS = List.of("target", "bound", "range");
    static final List<String> WEIGHT_WORDS = List.of("weight", "size");
    static final List<String> DTYPE_WORDS = List.of("long", "float", "double", "bool", "dtype", "type", "int64", "shape", "size", "implemented", "integral", "support");
    static final List<String> LENGTH_WORDS = List.of("length", "targets", "size");
    static final List<String> NULL_WORDS = List.of("null", "none", "tensor");

    static final String[] KINDS = {"batch-mismatch", "target-out-of-range", "negative-target", "ignore-index-edge", "weight-length",
            "float-index-target", "int-input", "bool-input", "int-float-target", "ctc-lengths", "null-argument", "wrong-rank",
            "segmentation-label", "segmentation-activations", "quantile-out-of-range"};

    /** Tries kinds at random until one applies to this case (null if none does). */
    public static Mutated any(LossCase c, Random r) {
        for (int i = 0; i < 40; i++) {
            Mutated m = apply(KINDS[r.nextInt(KINDS.length)], c, r);
            if (m != null) return m;
        }
        return null;
    }

    static Tensor[] args(LossCase c) { return c.copies(); }

    static boolean isIndex(Tensor t) { return t != null && t.dtype() == DType.INT64; }

    static int classes(LossCase c) {
        Tensor x = c.args[0];
        switch (c.loss) {
            case "CrossEntropyLoss": case "NLLLoss": case "FocalLoss": case "PolyLoss": return x.dim() == 1 ? x.size(0) : x.size(1);
            case "CTCLoss": return x.size(-1);
            default: return x.dim() == 0 ? 1 : x.size(-1);
        }
    }

    /** A copy of t with dim 0 resized to n, values cycled from t (or 0 when t is empty). */
    static Tensor resizeDim0(Tensor t, int n) {
        int[] s = t.shape();
        int old = s[0];
        s[0] = n;
        int inner = 1;
        for (int d = 1; d < s.length; d++) inner *= s[d];
        int total = n * inner;
        if (t.dtype() == DType.INT64) {
            long[] src = t.contiguousCopy().toLongArray(), dst = new long[total];
            for (int i = 0; i < total; i++) dst[i] = src.length == 0 ? 0 : src[i % src.length];
            return Tensor.wrap(DType.INT64, dst, s);
        }
        double[] src = t.contiguousCopy().toDoubleArray(), dst = new double[total];
        for (int i = 0; i < total; i++) dst[i] = src.length == 0 ? 0.5 : src[i % src.length];
        Tensor d = Tensor.wrap(DType.FLOAT64, dst, s);
        return t.dtype() == DType.FLOAT64 ? d : d.to(t.dtype());
    }

    static Tensor setLong(Tensor t, int i, long v) {
        long[] a = t.contiguousCopy().toLongArray();
        a[i] = v;
        return Tensor.wrap(DType.INT64, a, t.shape());
    }

    static Tensor asFloat(Tensor t, DType dt) {
        long[] a = t.contiguousCopy().toLongArray();
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return Tensor.wrap(DType.FLOAT64, d, t.shape()).to(dt);
    }

    static Tensor asLong(Tensor t) {
        double[] d = t.contiguousCopy().toDoubleArray();
        long[] a = new long[d.length];
        for (int i = 0; i < d.length; i++) a[i] = Double.isFinite(d[i]) ? Math.round(d[i]) : 0;
        return Tensor.wrap(DType.INT64, a, t.shape());
    }

    static Mutated m(String kind, LossCase c, Tensor[] a, Expect e, List<String> words) { return new Mutated(kind, c.withArgs(a), e, words); }

    static Mutated apply(String kind, LossCase c, Random r) {
        Tensor[] a = args(c);
        String loss = c.loss;
        int cls = classes(c);
        switch (kind) {
            case "batch-mismatch": {
                if (loss.equals("CTCLoss")) return null;
                int j = 1 + r.nextInt(a.length - 1);
                if (a[j] == null || a[j].dim() == 0) return null;
                int n = a[j].size(0);
                // these broadcast (PyTorch's pairwise_distance and element-wise ops): a size-1 dim is valid
                boolean broadcasts = ELEMENTWISE.contains(loss) || loss.startsWith("Triplet") || loss.equals("CosineEmbeddingLoss");
                if (broadcasts && n < 2) return null;
                // an unbatched classification target has no batch dim; an unbatched (C) input's dim 0 is the class dim
                if (a[0].dim() == 1 && !ELEMENTWISE.contains(loss) && !loss.startsWith("Triplet") && !loss.equals("CosineEmbeddingLoss")) return null;
                if (loss.equals("GaussianNLLLoss") && j == 2 && a[2].dim() < a[0].dim()) return null;
                a[j] = resizeDim0(a[j], n + 1);
                return m(kind, c, a, Expect.FAIL, SHAPE_WORDS);
            }
            case "target-out-of-range": case "negative-target": {
                if (!INDEX_TARGET.contains(loss) || !isIndex(a[1]) || a[1].numel() == 0) return null;
                boolean neg = kind.equals("negative-target");
                long ignore = ((Number) c.options.getOrDefault("ignore_index", -100L)).longValue();
                long v = neg ? (r.nextBoolean() ? -2 : Long.MIN_VALUE + 1) : (r.nextBoolean() ? cls + r.nextInt(3) : (1L << 40));
                if (v == ignore) return null;
                int pos;
                if (loss.equals("MultiLabelMarginLoss")) {
                    if (neg) return null;   // a negative entry ends the label list: valid
                    pos = 0;
                } else if (loss.equals("CTCLoss")) {
                    long[] tl = a[3].toLongArray();
                    int b = -1;
                    for (int i = 0; i < tl.length; i++) if (tl[i] > 0) { b = i; break; }
                    if (b < 0) return null;
                    if (a[1].dim() == 2) pos = b * a[1].size(1);
                    else { pos = 0; for (int i = 0; i < b; i++) pos += (int) tl[i]; }
                } else pos = r.nextInt(a[1].numel());
                a[1] = setLong(a[1], pos, v);
                // CTC: PyTorch 1.13 checks neither negative labels nor labels >= C on the CPU (it reads out of bounds);
                // losses4j must fail cleanly there too
                return m(kind, c, a, Expect.FAIL, TARGET_WORDS);
            }
            case "ignore-index-edge": {
                if (!NLL_LAYOUT.contains(loss) || !isIndex(a[1])) return null;
                long[] choices = {cls, Long.MAX_VALUE, Long.MIN_VALUE, -1, 0, cls - 1};
                long ig = choices[r.nextInt(choices.length)];
                long[] t = a[1].toLongArray();
                for (int i = 0; i < t.length; i++) if (r.nextInt(3) == 0) t[i] = ig; else if (t[i] == ig || t[i] < 0 || t[i] >= cls) t[i] = r.nextInt(cls);
                a[1] = Tensor.wrap(DType.INT64, t, a[1].shape());
                Mutated mu = m(kind, c.withOption("ignore_index", ig), a, Expect.REFERENCE, List.of());
                return mu;
            }
            case "weight-length": {
                Map<String, Object> o = new LinkedHashMap<>(c.options);
                if (CLASS_WEIGHT.contains(loss)) {
                    int len = loss.equals("MultiLabelSoftMarginLoss") ? (cls >= 2 ? cls + 1 : -1) : (r.nextBoolean() ? cls + 1 : cls - 1);
                    if (len < 0) return null;
                    o.put("weight", filled(len, 0.7, a[0].dtype()));
                } else if (loss.equals("BCELoss") || loss.equals("BCEWithLogitsLoss")) {
                    if (a[0].dim() == 0 || a[0].size(-1) < 2) return null;
                    String key = loss.equals("BCEWithLogitsLoss") && r.nextBoolean() ? "pos_weight" : "weight";
                    o.put(key, filled(a[0].size(-1) + 1, 0.7, a[0].dtype()));
                } else return null;
                return new Mutated(kind, c.withOptions(o), Expect.FAIL, WEIGHT_WORDS);
            }
            case "float-index-target": {
                if (!INDEX_TARGET.contains(loss) || !isIndex(a[1])) return null;
                a[1] = asFloat(a[1], r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64);
                // CrossEntropyLoss reads a floating target as class probabilities: valid only with the input's shape
                if (loss.equals("CrossEntropyLoss") && java.util.Arrays.equals(a[1].shape(), a[0].shape())) return null;
                // PyTorch 1.13 casts floating CTC targets on the CPU and accepts them
                return m(kind, c, a, loss.equals("CTCLoss") ? Expect.CLEAN : Expect.FAIL, DTYPE_WORDS);
            }
            case "int-input": case "bool-input": {
                if (kind.equals("bool-input")) {
                    double[] d = a[0].contiguousCopy().toDoubleArray();
                    boolean[] b = new boolean[d.length];
                    for (int i = 0; i < d.length; i++) b[i] = d[i] > 0;
                    a[0] = Tensor.wrap(DType.BOOL, b, a[0].shape());
                } else a[0] = asLong(a[0]);
                return m(kind, c, a, Expect.CLEAN, DTYPE_WORDS);
            }
            case "int-float-target": {
                int j = a.length - 1;
                if (loss.equals("CTCLoss")) return null;
                if (a[j] == null || !a[j].dtype().isFloatingPoint()) return null;
                a[j] = asLong(a[j]);
                return m(kind, c, a, Expect.CLEAN, DTYPE_WORDS);
            }
            case "ctc-lengths": {
                if (!loss.equals("CTCLoss")) return null;
                long[] il = a[2].toLongArray(), tl = a[3].toLongArray();
                int b = r.nextInt(il.length), tMax = a[0].size(0);
                switch (r.nextInt(7)) {
                    case 0: il[b] = -1; break;
                    case 1: il[b] = tMax + 1 + r.nextInt(3); break;
                    case 2: tl[b] = -1; break;
                    case 3: {
                        if (a[1].dim() == 2) tl[b] = a[1].size(1) + 1;
                        else tl[b] += 1;   // the concatenated targets no longer add up
                        break;
                    }
                    case 4: a[2] = resizeDim0(a[2], il.length + 1); return m(kind, c, a, Expect.FAIL, List.of("length", "size", "batch"));
                    case 5: a[3] = asFloat(a[3], DType.FLOAT32); return m(kind, c, a, Expect.FAIL, List.of("length", "long", "int", "type"));
                    default: il[b] = Integer.MAX_VALUE + 7L; break;
                }
                a[2] = Tensor.wrap(DType.INT64, il, a[2].shape());
                a[3] = Tensor.wrap(DType.INT64, tl, a[3].shape());
                return m(kind, c, a, Expect.FAIL, LENGTH_WORDS);
            }
            case "null-argument": {
                int j = r.nextInt(a.length);
                a[j] = null;
                return m(kind, c, a, Expect.FAIL, NULL_WORDS);
            }
            case "wrong-rank": {
                switch (loss) {
                    case "CrossEntropyLoss": case "NLLLoss": case "FocalLoss": case "PolyLoss": {
                        if (!isIndex(a[1])) return null;
                        // (N, 1): one dim too many for the input; for 1-D input a (1,) target is still valid in PyTorch
                        // (it reads target[0]), so add two dims there
                        a[1] = a[0].dim() == 1 ? a[1].unsqueeze(-1).unsqueeze(-1).contiguousCopy() : a[1].unsqueeze(-1).contiguousCopy();
                        return m(kind, c, a, Expect.FAIL, SHAPE_WORDS);
                    }
                    case "MultiMarginLoss": case "MultiLabelMarginLoss": case "CosineEmbeddingLoss": case "TripletMarginLoss":
                    case "TripletMarginWithDistanceLoss": case "InfoNCELoss": {
                        a[0] = a[0].unsqueeze(0).expand(withFirst(a[0].shape(), 2)).contiguousCopy();
                        return m(kind, c, a, Expect.FAIL, SHAPE_WORDS);
                    }
                    case "CTCLoss": {
                        // two leading dims: a (T, 1, C) view of unbatched input would be valid batched input, so add two
                        a[0] = r.nextBoolean() ? a[0].unsqueeze(0).unsqueeze(0).contiguousCopy() : a[0].flatten().contiguousCopy();
                        return m(kind, c, a, Expect.FAIL, List.of("dim", "size", "shape", "expected", "log_probs", "length"));
                    }
                    default: return null;
                }
            }
            case "segmentation-label": {
                // MONAI's one_hot: a class index outside [0, C) (scatter_'s index check)
                if (!(loss.equals("DiceLoss") || loss.equals("TverskyLoss")) || !isIndex(a[1]) || a[1].numel() == 0) return null;
                int ch = a[0].size(1);
                long v = r.nextBoolean() ? ch + r.nextInt(3) : -1 - r.nextInt(3);
                a[1] = setLong(a[1], r.nextInt(a[1].numel()), v);
                return m(kind, c, a, Expect.FAIL, TARGET_WORDS);
            }
            case "segmentation-activations": {
                // MONAI's DiceLoss / TverskyLoss reject sigmoid and softmax together, at construction
                if (!(loss.equals("DiceLoss") || loss.equals("TverskyLoss"))) return null;
                Map<String, Object> o = new LinkedHashMap<>(c.options);
                o.put("sigmoid", true);
                o.put("softmax", true);
                return new Mutated(kind, c.withOptions(o), Expect.FAIL, List.of("incompatible"));
            }
            case "quantile-out-of-range": {
                // QuantileLoss rejects a quantile outside (0, 1) (the pinball loss is not a loss there), at construction
                if (!loss.equals("QuantileLoss")) return null;
                List<Double> qs = new ArrayList<>();
                Object given = c.options.get("quantiles");
                if (given != null) for (Object q : (List<?>) given) qs.add(((Number) q).doubleValue());
                else qs.add(0.5);
                double[] bad = {0.0, 1.0, 1.5, -0.25, Double.NaN, Double.POSITIVE_INFINITY};
                qs.set(r.nextInt(qs.size()), bad[r.nextInt(bad.length)]);
                return new Mutated(kind, c.withOption("quantiles", qs), Expect.FAIL, List.of("quantiles"));
            }
            default: throw new IllegalArgumentException(kind);
        }
    }

    static int[] withFirst(int[] s, int first) {
        int[] r = new int[s.length + 1];
        r[0] = first;
        System.arraycopy(s, 0, r, 1, s.length);
        return r;
    }

    static Tensor filled(int n, double v, DType dt) { return Tensor.full(dt.isFloatingPoint() ? dt : DType.FLOAT32, v, n); }

    static List<String> kinds() { return new ArrayList<>(List.of(KINDS)); }
}
