package org.losses4j.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;

/**
 * What the CLI knows about each loss beyond the library's registry: its options with PyTorch's defaults,
 * the shapes it accepts (for {@code list}), sensible float64 inputs (for {@code gradcheck}), and its
 * per-element curve (for {@code plot}).
 */
final class Catalog {
    private Catalog() {}

    /**
     * A per-element curve: the x axis label, the x range to use when the user gives none, and the loss inputs
     * built from x with differentiable ops (so d loss / d x comes from autograd along the axis itself).
     */
    record Curve(String axis, double defaultLo, double defaultHi, Function<Tensor, Map<String, Tensor>> inputs, Map<String, Object> options) {}

    record Entry(String name, String options, String shapes, Function<Generator, Map<String, Tensor>> sample,
                 boolean throughLogSoftmax, Curve curve) {}

    private static Tensor randn(Generator g, int... s) { return Tensor.randn(g, DType.FLOAT64, s); }

    private static Tensor rand(Generator g, int... s) { return Tensor.rand(g, DType.FLOAT64, s); }

    private static Tensor signs(Generator g, int... s) { return randn(g, s).sign(); }

    private static Map<String, Tensor> m(Object... kv) {
        Map<String, Tensor> r = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) r.put((String) kv[i], (Tensor) kv[i + 1]);
        return r;
    }

    private static Tensor zerosLike(Tensor x) { return Tensor.zerosLike(x.detach()); }

    private static Tensor col(Tensor x) { return x.unsqueeze(1); }

    private static final String RED = "reduction='mean' ('none' | 'mean' | 'sum'), size_average=None, reduce=None (legacy)";

    static final List<Entry> ENTRIES = List.of(
        new Entry("L1Loss", RED, "input (*), target (*) broadcastable; output scalar or (*)",
            g -> m("input", randn(g, 3, 5), "target", randn(g, 3, 5)), false,
            new Curve("x - y", -10, 10, x -> m("input", x, "target", zerosLike(x.detach())), Map.of("reduction", "none"))),
        new Entry("MSELoss", RED, "input (*), target (*) broadcastable; output scalar or (*)",
            g -> m("input", randn(g, 3, 5), "target", randn(g, 3, 5)), false,
            new Curve("x - y", -10, 10, x -> m("input", x, "target", zerosLike(x.detach())), Map.of("reduction", "none"))),
        new Entry("CrossEntropyLoss", "weight=None (C), ignore_index=-100, label_smoothing=0.0, " + RED,
            "input (C), (N, C) or (N, C, d1, ..., dK); target class indices () / (N) / (N, d1, ..., dK) int64, or probabilities shaped like input",
            g -> m("input", randn(g, 3, 5), "target", Tensor.randint(g, 0, 5, 3)), false,
            new Curve("logit of the target class minus the other logit (2 classes)", -10, 10,
                x -> m("input", col(x).mul(Tensor.of(1f, 0f)).to(x.dtype()), "target", Tensor.zeros(DType.INT64, x.size(0))),
                Map.of("reduction", "none"))),
        new Entry("CTCLoss", "blank=0, reduction='mean', zero_infinity=False",
            "log_probs (T, N, C) or (T, C); targets (N, S) padded or (sum(target_lengths)) int64; input_lengths (N) or (); target_lengths (N) or ()",
            g -> m("log_probs", randn(g, 12, 2, 5), "targets", Tensor.randint(g, 1, 5, 2, 4), "input_lengths", Tensor.of(12L, 10L),
                "target_lengths", Tensor.of(4L, 3L)), true, null),
        new Entry("NLLLoss", "weight=None (C), ignore_index=-100, " + RED,
            "input (C), (N, C) or (N, C, d1, ..., dK) log-probabilities; target () / (N) / (N, d1, ..., dK) int64 class indices",
            g -> m("input", randn(g, 3, 5).logSoftmax(1), "target", Tensor.randint(g, 0, 5, 3)), false,
            new Curve("log-probability of the target class", -10, 0, x -> m("input", col(x), "target", Tensor.zeros(DType.INT64, x.size(0))),
                Map.of("reduction", "none"))),
        new Entry("PoissonNLLLoss", "log_input=True, full=False, eps=1e-08, " + RED, "input (*), target (*) same shape",
            g -> m("input", randn(g, 3, 5), "target", rand(g, 3, 5).mul(5)), false,
            new Curve("input (log rate) with target 1", -3, 3, x -> m("input", x, "target", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry("GaussianNLLLoss", "full=False, eps=1e-06, reduction='mean'",
            "input (N, *) or (*); target like input; var like input, or with last dim 1, or one dim fewer; all var >= 0",
            g -> m("input", randn(g, 3, 5), "target", randn(g, 3, 5), "var", rand(g, 3, 5).add(0.1)), false,
            new Curve("x - y (var 1)", -10, 10, x -> m("input", x, "target", zerosLike(x), "var", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry("KLDivLoss", "reduction='mean' ('none' | 'mean' | 'batchmean' | 'sum'), log_target=False, size_average=None, reduce=None",
            "input (*) log-probabilities; target (*) probabilities (log-probabilities with log_target=True)",
            g -> m("input", randn(g, 3, 5).logSoftmax(1), "target", randn(g, 3, 5).softmax(1)), false,
            new Curve("input (log q) with target p = 0.5", -5, 0, x -> m("input", x, "target", Tensor.fullLike(x, 0.5)), Map.of("reduction", "none"))),
        new Entry("BCELoss", "weight=None (broadcast to input), " + RED, "input (*) probabilities in [0, 1]; target (*) same shape",
            g -> m("input", rand(g, 3, 5).mul(0.8).add(0.1), "target", rand(g, 3, 5)), false,
            new Curve("predicted probability p (target 1)", 0.001, 0.999, x -> m("input", x, "target", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry("BCEWithLogitsLoss", "weight=None, pos_weight=None (C, broadcast over the last dim), " + RED, "input (*) logits; target (*) same shape",
            g -> m("input", randn(g, 3, 5), "target", rand(g, 3, 5)), false,
            new Curve("logit x (target 1)", -10, 10, x -> m("input", x, "target", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry("MarginRankingLoss", "margin=0.0, " + RED, "input1 (N) or (), input2 like input1, target like input1 with values 1 or -1",
            g -> m("input1", randn(g, 6), "input2", randn(g, 6), "target", signs(g, 6)), false,
            new Curve("x1 - x2 (target 1)", -10, 10, x -> m("input1", x, "input2", zerosLike(x), "target", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry("HingeEmbeddingLoss", "margin=1.0, " + RED, "input (*), target (*) with values 1 or -1",
            g -> m("input", randn(g, 3, 5), "target", signs(g, 3, 5)), false,
            new Curve("x (target -1)", -10, 10, x -> m("input", x, "target", Tensor.fullLike(x, -1)), Map.of("reduction", "none"))),
        new Entry("MultiLabelMarginLoss", RED, "input (C) or (N, C); target int64 like input: class indices, padded with -1",
            g -> m("input", randn(g, 3, 5), "target", Tensor.of(new long[][] {{3, 0, -1, 1, 2}, {1, -1, 0, 0, 0}, {4, 2, 1, -1, 3}})), false,
            new Curve("x[target] - x[other] (2 classes)", -10, 10,
                x -> m("input", col(x).mul(Tensor.of(1f, 0f)).to(x.dtype()), "target",
                    Tensor.of(new long[] {0, -1}).unsqueeze(0).expand(x.size(0), 2).contiguous()), Map.of("reduction", "none"))),
        new Entry("HuberLoss", "delta=1.0, reduction='mean'", "input (*), target (*) broadcastable",
            g -> m("input", randn(g, 3, 5), "target", randn(g, 3, 5)), false,
            new Curve("x - y", -10, 10, x -> m("input", x, "target", zerosLike(x.detach())), Map.of("reduction", "none"))),
        new Entry("SmoothL1Loss", "beta=1.0, " + RED, "input (*), target (*) broadcastable",
            g -> m("input", randn(g, 3, 5), "target", randn(g, 3, 5)), false,
            new Curve("x - y", -10, 10, x -> m("input", x, "target", zerosLike(x.detach())), Map.of("reduction", "none"))),
        new Entry("SoftMarginLoss", RED, "input (*), target (*) with values 1 or -1",
            g -> m("input", randn(g, 3, 5), "target", signs(g, 3, 5)), false,
            new Curve("x (target 1)", -10, 10, x -> m("input", x, "target", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry("MultiLabelSoftMarginLoss", "weight=None (C), " + RED, "input (C) or (N, C); target like input with values 0 or 1",
            g -> m("input", randn(g, 3, 5), "target", rand(g, 3, 5).gt(0.5).to(DType.FLOAT64)), false,
            new Curve("logit x (one class, target 1)", -10, 10, x -> m("input", col(x), "target", col(Tensor.onesLike(x))), Map.of("reduction", "none"))),
        new Entry("CosineEmbeddingLoss", "margin=0.0, " + RED, "input1 (N, D) or (D); input2 like input1; target (N) or () with values 1 or -1",
            g -> m("input1", randn(g, 4, 6), "input2", randn(g, 4, 6), "target", signs(g, 4)), false,
            new Curve("cosine similarity of input1 and input2 (target 1)", -0.999, 0.999,
                x -> m("input1", col(Tensor.onesLike(x)).mul(Tensor.of(1f, 0f)).to(x.dtype()),
                    "input2", col(x).mul(Tensor.of(1f, 0f)).add(col(x.mul(x).rsub(1).sqrt()).mul(Tensor.of(0f, 1f))).to(x.dtype()),
                    "target", Tensor.onesLike(x.detach())), Map.of("reduction", "none"))),
        new Entry("MultiMarginLoss", "p=1 (1 or 2), margin=1.0, weight=None (C), " + RED, "input (C) or (N, C); target () or (N) int64 class indices",
            g -> m("input", randn(g, 3, 5), "target", Tensor.randint(g, 0, 5, 3)), false,
            new Curve("x[target] - x[other] (2 classes)", -10, 10,
                x -> m("input", col(x).mul(Tensor.of(1f, 0f)).to(x.dtype()), "target", Tensor.zeros(DType.INT64, x.size(0))),
                Map.of("reduction", "none"))),
        new Entry("TripletMarginLoss", "margin=1.0, p=2.0, eps=1e-06, swap=False, " + RED, "anchor (N, D) or (D); positive, negative like anchor",
            g -> m("anchor", randn(g, 4, 6), "positive", randn(g, 4, 6), "negative", randn(g, 4, 6)), false,
            new Curve("d(anchor, positive) - d(anchor, negative) (1-D embeddings)", -5, 5,
                x -> m("anchor", col(zerosLike(x)), "positive", col(x.relu()), "negative", col(x.neg().relu())), Map.of("reduction", "none"))),
        new Entry("TripletMarginWithDistanceLoss", "distance_function=None ('pairwise' | 'cosine'), margin=1.0, swap=False, reduction='mean'",
            "anchor (N, D) or (D); positive, negative like anchor",
            g -> m("anchor", randn(g, 4, 6), "positive", randn(g, 4, 6), "negative", randn(g, 4, 6)), false,
            new Curve("d(anchor, positive) - d(anchor, negative) (1-D embeddings)", -5, 5,
                x -> m("anchor", col(zerosLike(x)), "positive", col(x.relu()), "negative", col(x.neg().relu())), Map.of("reduction", "none"))));

    /**
     * Floating arguments PyTorch does not differentiate (it refuses requires_grad on them or builds no graph
     * through them); eval leaves them without a gradient and writes no grad file for them.
     */
    static final Map<String, java.util.Set<String>> NOT_DIFFERENTIABLE = Map.of(
            "SoftMarginLoss", java.util.Set.of("target"),
            "HingeEmbeddingLoss", java.util.Set.of("target"),
            "CosineEmbeddingLoss", java.util.Set.of("target"));

    static boolean differentiable(String loss, String arg) {
        return !NOT_DIFFERENTIABLE.getOrDefault(loss, java.util.Set.of()).contains(arg);
    }

    static Entry find(String name) {
        for (Entry e : ENTRIES) if (e.name.equals(name)) return e;
        throw new IllegalArgumentException("unknown loss '" + name + "' (run 'losses4j list' for the names)");
    }
}
