package org.losses4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.nn.BCELoss;
import org.losses4j.nn.BCEWithLogitsLoss;
import org.losses4j.nn.CTCLoss;
import org.losses4j.nn.CosineEmbeddingLoss;
import org.losses4j.nn.CrossEntropyLoss;
import org.losses4j.nn.GaussianNLLLoss;
import org.losses4j.nn.HingeEmbeddingLoss;
import org.losses4j.nn.KLDivLoss;
import org.losses4j.nn.LossSpec;
import org.losses4j.nn.Losses;
import org.losses4j.nn.MarginRankingLoss;
import org.losses4j.nn.MultiLabelMarginLoss;
import org.losses4j.nn.MultiLabelSoftMarginLoss;
import org.losses4j.nn.MultiMarginLoss;
import org.losses4j.nn.NLLLoss;
import org.losses4j.nn.PoissonNLLLoss;
import org.losses4j.nn.SoftMarginLoss;
import org.losses4j.nn.TripletMarginLoss;
import org.losses4j.nn.TripletMarginWithDistanceLoss;
import org.losses4j.nn.DiceLoss;
import org.losses4j.nn.TverskyLoss;

/**
 * What only the CLI needs of each declared loss ({@link org.losses4j.nn.Losses#ALL}), keyed by its declaration:
 * sensible float64 inputs (for {@code gradcheck}) and its per-element curve (for {@code plot}). Names, arguments,
 * options with PyTorch's defaults, shapes and differentiability come from the declaration itself. A test checks
 * that every declared loss has exactly one entry here.
 */
final class Catalog {
    private Catalog() {}

    /**
     * A per-element curve: the x axis label, the x range to use when the user gives none, and the loss inputs
     * built from x with differentiable ops (so d loss / d x comes from autograd along the axis itself).
     */
    record Curve(String axis, double defaultLo, double defaultHi, Function<Tensor, Map<String, Tensor>> inputs, Map<String, Object> options) {}

    /**
     * The CLI's data for one loss: gradcheck's sample inputs by argument name, whether gradcheck goes through
     * log_softmax (CTCLoss, whose PyTorch gradient is the true derivative only there), and the plot curve (null when
     * the loss has no per-element curve).
     */
    record Entry(LossSpec spec, Function<Generator, Map<String, Tensor>> sample, boolean throughLogSoftmax, Curve curve) {
        String name() { return spec.name(); }
    }

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

    /**
     * The entry of a loss of (input, target) compared element by element, for any such loss without an entry of its
     * own: random 3 x 5 float64 operands for gradcheck, and the curve of the per-element loss over x - y.
     */
    static Entry elementwise(LossSpec spec) {
        return new Entry(spec, g -> m("input", randn(g, 3, 5), "target", randn(g, 3, 5)), false,
            new Curve("x - y", -10, 10, x -> m("input", x, "target", zerosLike(x.detach())), Map.of("reduction", "none")));
    }

    /** The losses whose arguments, sample inputs or curve are not the element-wise default's. */
    private static final List<Entry> SPECIFIC = List.of(
        new Entry(CrossEntropyLoss.SPEC,
            g -> m("input", randn(g, 3, 5), "target", Tensor.randint(g, 0, 5, 3)), false,
            new Curve("logit of the target class minus the other logit (2 classes)", -10, 10,
                x -> m("input", col(x).mul(Tensor.of(1f, 0f)).to(x.dtype()), "target", Tensor.zeros(DType.INT64, x.size(0))),
                Map.of("reduction", "none"))),
        new Entry(CTCLoss.SPEC,
            g -> m("log_probs", randn(g, 12, 2, 5), "targets", Tensor.randint(g, 1, 5, 2, 4), "input_lengths", Tensor.of(12L, 10L),
                "target_lengths", Tensor.of(4L, 3L)), true, null),
        new Entry(NLLLoss.SPEC,
            g -> m("input", randn(g, 3, 5).logSoftmax(1), "target", Tensor.randint(g, 0, 5, 3)), false,
            new Curve("log-probability of the target class", -10, 0, x -> m("input", col(x), "target", Tensor.zeros(DType.INT64, x.size(0))),
                Map.of("reduction", "none"))),
        new Entry(PoissonNLLLoss.SPEC,
            g -> m("input", randn(g, 3, 5), "target", rand(g, 3, 5).mul(5)), false,
            new Curve("input (log rate) with target 1", -3, 3, x -> m("input", x, "target", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry(GaussianNLLLoss.SPEC,
            g -> m("input", randn(g, 3, 5), "target", randn(g, 3, 5), "var", rand(g, 3, 5).add(0.1)), false,
            new Curve("x - y (var 1)", -10, 10, x -> m("input", x, "target", zerosLike(x), "var", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry(KLDivLoss.SPEC,
            g -> m("input", randn(g, 3, 5).logSoftmax(1), "target", randn(g, 3, 5).softmax(1)), false,
            new Curve("input (log q) with target p = 0.5", -5, 0, x -> m("input", x, "target", Tensor.fullLike(x, 0.5)), Map.of("reduction", "none"))),
        new Entry(BCELoss.SPEC,
            g -> m("input", rand(g, 3, 5).mul(0.8).add(0.1), "target", rand(g, 3, 5)), false,
            new Curve("predicted probability p (target 1)", 0.001, 0.999, x -> m("input", x, "target", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry(BCEWithLogitsLoss.SPEC,
            g -> m("input", randn(g, 3, 5), "target", rand(g, 3, 5)), false,
            new Curve("logit x (target 1)", -10, 10, x -> m("input", x, "target", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry(MarginRankingLoss.SPEC,
            g -> m("input1", randn(g, 6), "input2", randn(g, 6), "target", signs(g, 6)), false,
            new Curve("x1 - x2 (target 1)", -10, 10, x -> m("input1", x, "input2", zerosLike(x), "target", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry(HingeEmbeddingLoss.SPEC,
            g -> m("input", randn(g, 3, 5), "target", signs(g, 3, 5)), false,
            new Curve("x (target -1)", -10, 10, x -> m("input", x, "target", Tensor.fullLike(x, -1)), Map.of("reduction", "none"))),
        new Entry(MultiLabelMarginLoss.SPEC,
            g -> m("input", randn(g, 3, 5), "target", Tensor.of(new long[][] {{3, 0, -1, 1, 2}, {1, -1, 0, 0, 0}, {4, 2, 1, -1, 3}})), false,
            new Curve("x[target] - x[other] (2 classes)", -10, 10,
                x -> m("input", col(x).mul(Tensor.of(1f, 0f)).to(x.dtype()), "target",
                    Tensor.of(new long[] {0, -1}).unsqueeze(0).expand(x.size(0), 2).contiguous()), Map.of("reduction", "none"))),
        new Entry(SoftMarginLoss.SPEC,
            g -> m("input", randn(g, 3, 5), "target", signs(g, 3, 5)), false,
            new Curve("x (target 1)", -10, 10, x -> m("input", x, "target", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry(MultiLabelSoftMarginLoss.SPEC,
            g -> m("input", randn(g, 3, 5), "target", rand(g, 3, 5).gt(0.5).to(DType.FLOAT64)), false,
            new Curve("logit x (one class, target 1)", -10, 10, x -> m("input", col(x), "target", col(Tensor.onesLike(x))), Map.of("reduction", "none"))),
        new Entry(CosineEmbeddingLoss.SPEC,
            g -> m("input1", randn(g, 4, 6), "input2", randn(g, 4, 6), "target", signs(g, 4)), false,
            new Curve("cosine similarity of input1 and input2 (target 1)", -0.999, 0.999,
                x -> m("input1", col(Tensor.onesLike(x)).mul(Tensor.of(1f, 0f)).to(x.dtype()),
                    "input2", col(x).mul(Tensor.of(1f, 0f)).add(col(x.mul(x).rsub(1).sqrt()).mul(Tensor.of(0f, 1f))).to(x.dtype()),
                    "target", Tensor.onesLike(x.detach())), Map.of("reduction", "none"))),
        new Entry(MultiMarginLoss.SPEC,
            g -> m("input", randn(g, 3, 5), "target", Tensor.randint(g, 0, 5, 3)), false,
            new Curve("x[target] - x[other] (2 classes)", -10, 10,
                x -> m("input", col(x).mul(Tensor.of(1f, 0f)).to(x.dtype()), "target", Tensor.zeros(DType.INT64, x.size(0))),
                Map.of("reduction", "none"))),
        new Entry(TripletMarginLoss.SPEC,
            g -> m("anchor", randn(g, 4, 6), "positive", randn(g, 4, 6), "negative", randn(g, 4, 6)), false,
            new Curve("d(anchor, positive) - d(anchor, negative) (1-D embeddings)", -5, 5,
                x -> m("anchor", col(zerosLike(x)), "positive", col(x.relu()), "negative", col(x.neg().relu())), Map.of("reduction", "none"))),
        new Entry(TripletMarginWithDistanceLoss.SPEC,
            g -> m("anchor", randn(g, 4, 6), "positive", randn(g, 4, 6), "negative", randn(g, 4, 6)), false,
            new Curve("d(anchor, positive) - d(anchor, negative) (1-D embeddings)", -5, 5,
                x -> m("anchor", col(zerosLike(x)), "positive", col(x.relu()), "negative", col(x.neg().relu())), Map.of("reduction", "none"))),
        // MONAI's segmentation losses: probabilities (2, 3, 4, 4) against a one-hot target (class indices with to_onehot_y,
        // see sample()); the curve is one voxel's foreground probability p with target 1 (one sample per point)
        new Entry(DiceLoss.SPEC, g -> segmentation(g, false), false,
            new Curve("predicted probability p of a one-voxel foreground (target 1)", 0, 1,
                x -> m("input", col(col(x)), "target", Tensor.onesLike(col(col(x.detach())))), Map.of("reduction", "none"))),
        new Entry(TverskyLoss.SPEC, g -> segmentation(g, false), false,
            new Curve("predicted probability p of a one-voxel foreground (target 1)", 0, 1,
                x -> m("input", col(col(x)), "target", Tensor.onesLike(col(col(x.detach())))), Map.of("reduction", "none"))));

    /** A segmentation sample: probabilities (2, 3, 4, 4) in [0.1, 0.9], and a one-hot target, or class indices (2, 1, 4, 4). */
    private static Map<String, Tensor> segmentation(Generator g, boolean classIndices) {
        Tensor x = rand(g, 2, 3, 4, 4).mul(0.8).add(0.1);
        Tensor labels = Tensor.randint(g, 0, 3, 2, 1, 4, 4);
        if (classIndices) return m("input", x, "target", labels);
        Tensor oneHot = Tensor.arange(3).reshape(1, 3, 1, 1).eq(labels).to(DType.FLOAT64);
        return m("input", x, "target", oneHot);
    }

    /**
     * The sample inputs of a loss for the keywords given: the entry's, except where a keyword changes what an argument
     * holds (MONAI's to_onehot_y: class indices instead of a one-hot target).
     */
    static Map<String, Tensor> sample(Entry e, Map<String, Object> options, Generator g) {
        if ((e.spec() == DiceLoss.SPEC || e.spec() == TverskyLoss.SPEC) && truthy(options.get("to_onehot_y"))) return segmentation(g, true);
        return e.sample().apply(g);
    }

    private static boolean truthy(Object v) {
        return v instanceof Boolean ? (Boolean) v : v instanceof Number ? ((Number) v).doubleValue() != 0
                : v != null && (v.toString().equalsIgnoreCase("true") || v.toString().equals("1"));
    }

    /**
     * One entry per declared loss, in the registry's order: its own, or the element-wise default for a loss of
     * (input, target).
     */
    static final List<Entry> ENTRIES = entries();

    private static List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        for (LossSpec spec : Losses.ALL) {
            Entry own = null;
            for (Entry e : SPECIFIC) if (e.spec() == spec) own = e;
            if (own == null && !spec.argNames().equals(List.of("input", "target"))) {
                throw new IllegalStateException(spec.name() + " takes " + spec.argNames() + ": give it an entry of its own in Catalog");
            }
            all.add(own != null ? own : elementwise(spec));
        }
        return List.copyOf(all);
    }

    static Entry find(String name) {
        for (Entry e : ENTRIES) if (e.name().equals(name)) return e;
        throw new IllegalArgumentException("unknown loss '" + name + "' (run 'losses4j list' for the names)");
    }
}
