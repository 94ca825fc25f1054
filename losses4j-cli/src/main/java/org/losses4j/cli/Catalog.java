package org.losses4j.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.nn.BCELoss;
import org.losses4j.nn.BCEWithLogitsLoss;
import org.losses4j.nn.CategoricalHingeLoss;
import org.losses4j.nn.CTCLoss;
import org.losses4j.nn.CosineEmbeddingLoss;
import org.losses4j.nn.CrossEntropyLoss;
import org.losses4j.nn.FocalLoss;
import org.losses4j.nn.GaussianNLLLoss;
import org.losses4j.nn.HingeEmbeddingLoss;
import org.losses4j.nn.InfoNCELoss;
import org.losses4j.nn.KLDivLoss;
import org.losses4j.nn.LossOptions;
import org.losses4j.nn.LossSpec;
import org.losses4j.nn.Losses;
import org.losses4j.nn.MAPELoss;
import org.losses4j.nn.MSLELoss;
import org.losses4j.nn.QuantileLoss;
import org.losses4j.nn.SigmoidFocalLoss;
import org.losses4j.nn.SquaredHingeLoss;
import org.losses4j.nn.MarginRankingLoss;
import org.losses4j.nn.MultiLabelMarginLoss;
import org.losses4j.nn.MultiLabelSoftMarginLoss;
import org.losses4j.nn.MultiMarginLoss;
import org.losses4j.nn.NLLLoss;
import org.losses4j.nn.PoissonNLLLoss;
import org.losses4j.nn.PolyLoss;
import org.losses4j.nn.SoftMarginLoss;
import org.losses4j.nn.TripletMarginLoss;
import org.losses4j.nn.TripletMarginWithDistanceLoss;
import org.losses4j.nn.DiceLoss;
import org.losses4j.nn.TverskyLoss;

/**
 * What only the CLI needs of each declared loss ({@link org.losses4j.nn.Losses#ALL}), keyed by its declaration:
 * random float64 inputs of a given shape (for {@code gradcheck}) and its per-element curve with its input domain
 * (for {@code plot}, which draws one panel per domain). Names, arguments, options with PyTorch's defaults, shapes
 * and differentiability come from the declaration itself. A test checks that every declared loss has exactly one
 * entry here.
 */
final class Catalog {
    private Catalog() {}

    /**
     * What a curve's x is: the title of its panel and the panel's x axis label. Curves of one domain share a panel;
     * a curve declared with an axis label alone gets a domain of its own, named by that label.
     */
    record Domain(String title, String axis) {
        static final Domain PROBABILITY = new Domain("Probability", "predicted probability p");
        static final Domain LOGIT = new Domain("Logit", "logit (score) x");
        static final Domain LOG_SPACE = new Domain("Log-probability", "log-probability or log-rate x");
        static final Domain MARGIN = new Domain("Margin", "margin x: score of the target minus the other's");
        static final Domain DISTANCE = new Domain("Distance", "x - y, or a distance x");
        static final Domain SIMILARITY = new Domain("Similarity", "cosine similarity of input1 and input2");
    }

    /**
     * A per-element curve: its input domain, a note for the legend (the other inputs held fixed, what x means when
     * the domain's label is not enough; may be empty), the x range to use when the user gives none, and the loss
     * inputs built from x with differentiable ops (so d loss / d x comes from autograd along the axis itself).
     */
    record Curve(Domain domain, String note, double defaultLo, double defaultHi, Function<Tensor, Map<String, Tensor>> inputs,
                 Map<String, Object> options) {
        /** A curve over an axis of its own: a panel titled by {@code axis}. */
        Curve(String axis, double defaultLo, double defaultHi, Function<Tensor, Map<String, Tensor>> inputs, Map<String, Object> options) {
            this(new Domain(axis, axis), "", defaultLo, defaultHi, inputs, options);
        }

        /** The x axis label. */
        String axis() { return domain.axis(); }
    }

    /** Draws gradcheck's float64 inputs, by argument name, for a first argument of the given shape. */
    interface Sampler {
        Map<String, Tensor> draw(Generator g, int[] shape);
    }

    /**
     * What {@code gradcheck --shape} gives: the shape of the loss's first argument, with its default and the ranks
     * the loss accepts there (the other arguments' shapes follow from it).
     */
    record Shapes(int[] defaults, int minDim, int maxDim) {}

    /**
     * The CLI's data for one loss: gradcheck's sampler and its shapes (null shapes: a sample of one fixed shape),
     * whether gradcheck goes through log_softmax (CTCLoss, whose PyTorch gradient is the true derivative only
     * there), and the plot curve (null when the loss has no per-element curve).
     */
    record Entry(LossSpec spec, Shapes shapes, Sampler sampler, boolean throughLogSoftmax, Curve curve) {
        /** An entry whose gradcheck sample has one fixed shape. */
        Entry(LossSpec spec, Function<Generator, Map<String, Tensor>> sample, boolean throughLogSoftmax, Curve curve) {
            this(spec, null, (g, shape) -> sample.apply(g), throughLogSoftmax, curve);
        }

        String name() { return spec.name(); }

        /** Gradcheck's sample at the default shape. */
        Function<Generator, Map<String, Tensor>> sample() { return g -> sampler.draw(g, shapes == null ? null : shapes.defaults()); }

        /**
         * Gradcheck's sample for a first argument of this shape (null: the default). A shape the loss cannot take
         * there is bad input, as is any shape but the sample's own for an entry of one fixed shape.
         */
        Map<String, Tensor> sample(Generator g, int[] shape) {
            if (shape == null) return sample().apply(g);
            String first = spec.args().get(0).name();
            if (shapes == null) {
                Map<String, Tensor> fixed = sample().apply(g);
                int[] own = fixed.get(first).shape();
                if (!Arrays.equals(own, shape)) {
                    throw new Main.BadInput(name() + "'s gradcheck sample has the fixed shape " + str(own) + ": --shape " + str(shape)
                            + " is not available for it");
                }
                return fixed;
            }
            if (shape.length < shapes.minDim() || shape.length > shapes.maxDim()) {
                throw new Main.BadInput("--shape " + str(shape) + " does not fit " + name() + "'s " + first + ": "
                        + spec.args().get(0).accepts());
            }
            return sampler.draw(g, shape);
        }
    }

    /** A shape as PyTorch prints a size: (3, 5), (7,), (). */
    static String str(int[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) b.append(i == 0 ? "" : ", ").append(shape[i]);
        return b.append(')').toString();
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

    /** The shape without dimension {@code d}. */
    private static int[] without(int[] s, int d) {
        int[] r = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) if (i != d) r[j++] = s[i];
        return r;
    }

    /** The class dimension of a (C), (N, C) or (N, C, d1, ...) input. */
    private static int classDim(int[] s) { return s.length == 1 ? 0 : 1; }

    /** Class indices for a (C), (N, C) or (N, C, d1, ...) input: (), (N) or (N, d1, ...), in [0, C). */
    private static Tensor classTargets(Generator g, int[] s) { return Tensor.randint(g, 0, s[classDim(s)], without(s, classDim(s))); }

    private static final int ANY_RANK = 8;

    /**
     * The entry of a loss of (input, target) compared element by element, for any such loss without an entry of its
     * own: random float64 operands of one shape (3 x 5 by default) for gradcheck, and the curve of the per-element
     * loss over x - y.
     */
    static Entry elementwise(LossSpec spec) {
        return new Entry(spec, new Shapes(new int[] {3, 5}, 0, ANY_RANK), (g, s) -> m("input", randn(g, s), "target", randn(g, s)), false,
            new Curve(Domain.DISTANCE, "", -10, 10, x -> m("input", x, "target", zerosLike(x.detach())), Map.of("reduction", "none")));
    }

    /** CTC inputs for log_probs (T, N, C) or (T, C): targets without a label repeated in a row, so each fits its input length. */
    private static Map<String, Tensor> ctc(Generator g, int[] s) {
        boolean batched = s.length == 3;
        int t = s[0], n = batched ? s[1] : 1, c = s[s.length - 1];
        if (c < 2) throw new Main.BadInput("CTCLoss needs at least 2 classes (the blank and one label), --shape gives C = " + c);
        int len = c == 2 ? 1 : Math.max(1, Math.min(4, t / 2));
        Tensor logProbs = randn(g, s);
        long[] targets = Tensor.randint(g, 1, c, n * len).toLongArray();
        for (int i = 0; i < n; i++) {
            for (int j = 1; j < len; j++) {
                int k = i * len + j;
                if (targets[k] == targets[k - 1]) targets[k] = targets[k] % (c - 1) + 1;
            }
        }
        long[] inputLengths = new long[n], targetLengths = new long[n];
        for (int i = 0; i < n; i++) {
            targetLengths[i] = Math.max(1, len - i % 2);
            inputLengths[i] = i % 2 == 0 ? t : Math.max(targetLengths[i], t - 2);
        }
        if (!batched) {
            return m("log_probs", logProbs, "targets", Tensor.wrap(DType.INT64, targets, len), "input_lengths",
                Tensor.wrap(DType.INT64, new long[] {inputLengths[0]}), "target_lengths", Tensor.wrap(DType.INT64, new long[] {targetLengths[0]}));
        }
        return m("log_probs", logProbs, "targets", Tensor.wrap(DType.INT64, targets, n, len), "input_lengths", Tensor.wrap(DType.INT64, inputLengths, n),
            "target_lengths", Tensor.wrap(DType.INT64, targetLengths, n));
    }

    /** Multi-label targets for a (C) or (N, C) input: per row a random number of distinct classes, then -1 (then 0s). */
    private static Tensor multiLabelTargets(Generator g, int[] s) {
        int c = s[s.length - 1], rows = s.length == 1 ? 1 : s[0];
        double[] keys = rand(g, rows, c).toDoubleArray(), counts = rand(g, rows).toDoubleArray();
        long[] t = new long[rows * c];
        for (int r = 0; r < rows; r++) {
            Integer[] order = new Integer[c];
            for (int j = 0; j < c; j++) order[j] = j;
            final int row = r;
            Arrays.sort(order, (a, b) -> Double.compare(keys[row * c + a], keys[row * c + b]));
            int k = Math.min(c, (int) (counts[r] * (c + 1)));
            for (int j = 0; j < c; j++) t[r * c + j] = j < k ? order[j] : j == k ? -1 : 0;
        }
        return Tensor.wrap(DType.INT64, t, s);
    }

    /** The losses whose arguments, sample inputs or curve are not the element-wise default's. */
    private static final List<Entry> SPECIFIC = List.of(
        new Entry(CrossEntropyLoss.SPEC, new Shapes(new int[] {3, 5}, 1, ANY_RANK),
            (g, s) -> m("input", randn(g, s), "target", classTargets(g, s)), false,
            new Curve(Domain.LOGIT, "2 classes, other logit 0", -10, 10,
                x -> m("input", col(x).mul(Tensor.of(1f, 0f)).to(x.dtype()), "target", Tensor.zeros(DType.INT64, x.size(0))),
                Map.of("reduction", "none"))),
        new Entry(CTCLoss.SPEC, new Shapes(new int[] {12, 2, 5}, 2, 3), Catalog::ctc, true, null),
        new Entry(NLLLoss.SPEC, new Shapes(new int[] {3, 5}, 1, ANY_RANK),
            (g, s) -> m("input", randn(g, s).logSoftmax(classDim(s)), "target", classTargets(g, s)), false,
            new Curve(Domain.LOG_SPACE, "x = log p of the target", -10, 0,
                x -> m("input", col(x), "target", Tensor.zeros(DType.INT64, x.size(0))), Map.of("reduction", "none"))),
        new Entry(PoissonNLLLoss.SPEC, new Shapes(new int[] {3, 5}, 0, ANY_RANK),
            (g, s) -> m("input", randn(g, s), "target", rand(g, s).mul(5)), false,
            new Curve(Domain.LOG_SPACE, "x = log rate, target 1", -3, 3, x -> m("input", x, "target", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry(GaussianNLLLoss.SPEC, new Shapes(new int[] {3, 5}, 0, ANY_RANK),
            (g, s) -> m("input", randn(g, s), "target", randn(g, s), "var", rand(g, s).add(0.1)), false,
            new Curve(Domain.DISTANCE, "var 1", -10, 10, x -> m("input", x, "target", zerosLike(x), "var", Tensor.onesLike(x)),
                Map.of("reduction", "none"))),
        new Entry(KLDivLoss.SPEC, new Shapes(new int[] {3, 5}, 1, ANY_RANK),
            (g, s) -> m("input", randn(g, s).logSoftmax(s.length - 1), "target", randn(g, s).softmax(s.length - 1)), false,
            new Curve(Domain.LOG_SPACE, "x = log q, target p = 0.5", -5, 0, x -> m("input", x, "target", Tensor.fullLike(x, 0.5)),
                Map.of("reduction", "none"))),
        new Entry(BCELoss.SPEC, new Shapes(new int[] {3, 5}, 0, ANY_RANK),
            (g, s) -> m("input", rand(g, s).mul(0.8).add(0.1), "target", rand(g, s)), false,
            new Curve(Domain.PROBABILITY, "target 1", 0.001, 0.999, x -> m("input", x, "target", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry(BCEWithLogitsLoss.SPEC, new Shapes(new int[] {3, 5}, 0, ANY_RANK),
            (g, s) -> m("input", randn(g, s), "target", rand(g, s)), false,
            new Curve(Domain.LOGIT, "target 1", -10, 10, x -> m("input", x, "target", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry(MarginRankingLoss.SPEC, new Shapes(new int[] {6}, 0, 1),
            (g, s) -> m("input1", randn(g, s), "input2", randn(g, s), "target", signs(g, s)), false,
            new Curve(Domain.MARGIN, "x = x1 - x2, target 1", -10, 10,
                x -> m("input1", x, "input2", zerosLike(x), "target", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry(HingeEmbeddingLoss.SPEC, new Shapes(new int[] {3, 5}, 0, ANY_RANK),
            (g, s) -> m("input", randn(g, s), "target", signs(g, s)), false,
            new Curve(Domain.DISTANCE, "x is a distance, target -1", -10, 10, x -> m("input", x, "target", Tensor.fullLike(x, -1)),
                Map.of("reduction", "none"))),
        new Entry(MultiLabelMarginLoss.SPEC, new Shapes(new int[] {3, 5}, 1, 2),
            (g, s) -> m("input", randn(g, s), "target", multiLabelTargets(g, s)), false,
            new Curve(Domain.MARGIN, "2 classes", -10, 10,
                x -> m("input", col(x).mul(Tensor.of(1f, 0f)).to(x.dtype()), "target",
                    Tensor.of(new long[] {0, -1}).unsqueeze(0).expand(x.size(0), 2).contiguous()), Map.of("reduction", "none"))),
        new Entry(SoftMarginLoss.SPEC, new Shapes(new int[] {3, 5}, 0, ANY_RANK),
            (g, s) -> m("input", randn(g, s), "target", signs(g, s)), false,
            new Curve(Domain.LOGIT, "target 1", -10, 10, x -> m("input", x, "target", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry(MultiLabelSoftMarginLoss.SPEC, new Shapes(new int[] {3, 5}, 1, 2),
            (g, s) -> m("input", randn(g, s), "target", rand(g, s).gt(0.5).to(DType.FLOAT64)), false,
            new Curve(Domain.LOGIT, "1 class, target 1", -10, 10, x -> m("input", col(x), "target", col(Tensor.onesLike(x))),
                Map.of("reduction", "none"))),
        new Entry(CosineEmbeddingLoss.SPEC, new Shapes(new int[] {4, 6}, 1, 2),
            (g, s) -> m("input1", randn(g, s), "input2", randn(g, s), "target", signs(g, without(s, s.length - 1))), false,
            new Curve(Domain.SIMILARITY, "target 1", -0.999, 0.999,
                x -> m("input1", col(Tensor.onesLike(x)).mul(Tensor.of(1f, 0f)).to(x.dtype()),
                    "input2", col(x).mul(Tensor.of(1f, 0f)).add(col(x.mul(x).rsub(1).sqrt()).mul(Tensor.of(0f, 1f))).to(x.dtype()),
                    "target", Tensor.onesLike(x.detach())), Map.of("reduction", "none"))),
        new Entry(MultiMarginLoss.SPEC, new Shapes(new int[] {3, 5}, 1, 2),
            (g, s) -> m("input", randn(g, s), "target", Tensor.randint(g, 0, s[s.length - 1], without(s, s.length - 1))), false,
            new Curve(Domain.MARGIN, "2 classes", -10, 10,
                x -> m("input", col(x).mul(Tensor.of(1f, 0f)).to(x.dtype()), "target", Tensor.zeros(DType.INT64, x.size(0))),
                Map.of("reduction", "none"))),
        new Entry(TripletMarginLoss.SPEC, new Shapes(new int[] {4, 6}, 1, 2),
            (g, s) -> m("anchor", randn(g, s), "positive", randn(g, s), "negative", randn(g, s)), false,
            new Curve(Domain.DISTANCE, "x = d(a, p) - d(a, n)", -5, 5,
                x -> m("anchor", col(zerosLike(x)), "positive", col(x.relu()), "negative", col(x.neg().relu())), Map.of("reduction", "none"))),
        new Entry(TripletMarginWithDistanceLoss.SPEC, new Shapes(new int[] {4, 6}, 1, 2),
            (g, s) -> m("anchor", randn(g, s), "positive", randn(g, s), "negative", randn(g, s)), false,
            new Curve(Domain.DISTANCE, "x = d(a, p) - d(a, n)", -5, 5,
                x -> m("anchor", col(zerosLike(x)), "positive", col(x.relu()), "negative", col(x.neg().relu())), Map.of("reduction", "none"))),
        // beyond torch.nn
        // MONAI's segmentation losses: probabilities (N, C, d1, ...) against a one-hot target (class indices with
        // to_onehot_y: see sample()); the curve is one voxel's foreground probability p, target 1 (a sample per point)
        new Entry(DiceLoss.SPEC, new Shapes(new int[] {2, 3, 4, 4}, 2, ANY_RANK), (g, s) -> segmentation(g, s, false), false,
            new Curve(Domain.PROBABILITY, "one voxel, target 1", 0, 1,
                x -> m("input", col(col(x)), "target", Tensor.onesLike(col(col(x.detach())))), Map.of("reduction", "none"))),
        new Entry(TverskyLoss.SPEC, new Shapes(new int[] {2, 3, 4, 4}, 2, ANY_RANK), (g, s) -> segmentation(g, s, false), false,
            new Curve(Domain.PROBABILITY, "one voxel, target 1", 0, 1,
                x -> m("input", col(col(x)), "target", Tensor.onesLike(col(col(x.detach())))), Map.of("reduction", "none"))),
        // InfoNCELoss: each row's loss depends on every row of the batch (the others are its negatives), so there is
        // no per-element curve; plot says so, as for CTCLoss. Inputs (N, D) only.
        new Entry(InfoNCELoss.SPEC, new Shapes(new int[] {4, 6}, 2, 2),
            (g, s) -> m("input1", randn(g, s), "input2", randn(g, s)), false, null),
        new Entry(FocalLoss.SPEC,
            g -> m("input", randn(g, 3, 5), "target", Tensor.randint(g, 0, 5, 3)), false,
            new Curve("logit of the target class minus the other logit (2 classes)", -10, 10,
                x -> m("input", col(x).mul(Tensor.of(1f, 0f)).to(x.dtype()), "target", Tensor.zeros(DType.INT64, x.size(0))),
                Map.of("reduction", "none"))),
        new Entry(PolyLoss.SPEC,
            g -> m("input", randn(g, 3, 5), "target", Tensor.randint(g, 0, 5, 3)), false,
            new Curve("logit of the target class minus the other logit (2 classes)", -10, 10,
                x -> m("input", col(x).mul(Tensor.of(1f, 0f)).to(x.dtype()), "target", Tensor.zeros(DType.INT64, x.size(0))),
                Map.of("reduction", "none"))),
        new Entry(CategoricalHingeLoss.SPEC,
            g -> m("input", randn(g, 3, 5), "target", Tensor.of(new double[][] {{0, 1, 0, 0, 0}, {0, 0, 0, 0, 1}, {1, 0, 0, 0, 0}})), false,
            new Curve("score of the true class minus the other score (2 classes)", -5, 5,
                x -> m("input", col(x).mul(Tensor.of(1f, 0f)).to(x.dtype()),
                    "target", Tensor.of(new double[] {1, 0}).unsqueeze(0).expand(x.size(0), 2).contiguous()), Map.of("reduction", "none"))),
        // SigmoidFocalLoss, Keras's MSLE, MAPE and squared hinge, the pinball loss (LogCoshLoss takes the element-wise default)
        new Entry(SigmoidFocalLoss.SPEC, new Shapes(new int[] {3, 5}, 0, ANY_RANK),
            (g, s) -> m("input", randn(g, s), "target", rand(g, s).gt(0.5).to(DType.FLOAT64)), false,
            new Curve(Domain.LOGIT, "target 1", -10, 10, x -> m("input", x, "target", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry(MSLELoss.SPEC, new Shapes(new int[] {3, 5}, 0, ANY_RANK),
            (g, s) -> m("input", rand(g, s).mul(5).add(0.1), "target", rand(g, s).mul(5).add(0.1)), false,
            new Curve("prediction x (target 1)", -1, 10, x -> m("input", x, "target", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry(MAPELoss.SPEC, new Shapes(new int[] {3, 5}, 0, ANY_RANK),
            (g, s) -> m("input", randn(g, s), "target", rand(g, s).add(0.5)), false,
            new Curve("prediction x (target 1); the loss in percent", -2, 4, x -> m("input", x, "target", Tensor.onesLike(x)),
                Map.of("reduction", "none"))),
        new Entry(SquaredHingeLoss.SPEC, new Shapes(new int[] {3, 5}, 0, ANY_RANK),
            (g, s) -> m("input", randn(g, s), "target", signs(g, s)), false,
            new Curve(Domain.LOGIT, "label 1", -3, 3, x -> m("input", x, "target", Tensor.onesLike(x)), Map.of("reduction", "none"))),
        new Entry(QuantileLoss.SPEC, new Shapes(new int[] {6}, 1, 2),
            (g, s) -> m("input", randn(g, s), "target", randn(g, s[0])), false,
            new Curve(Domain.DISTANCE, "quantile 0.9", -5, 5, x -> m("input", x, "target", zerosLike(x)),
                Map.of("reduction", "none", "quantiles", List.of(0.9)))));

    /**
     * A segmentation sample for an input of shape (N, C, d1, ...): probabilities in [0.1, 0.9], and class indices
     * (N, 1, d1, ...) or their one-hot form (N, C, d1, ...).
     */
    private static Map<String, Tensor> segmentation(Generator g, int[] s, boolean classIndices) {
        Tensor x = rand(g, s).mul(0.8).add(0.1);
        int[] ls = s.clone();
        ls[1] = 1;
        Tensor labels = Tensor.randint(g, 0, Math.max(1, s[1]), ls);
        if (classIndices) return m("input", x, "target", labels);
        int[] cs = new int[s.length];
        Arrays.fill(cs, 1);
        cs[1] = s[1];
        return m("input", x, "target", Tensor.arange(s[1]).reshape(cs).eq(labels).to(DType.FLOAT64));
    }

    /**
     * Gradcheck's sample for the keywords given: the entry's, except where a keyword changes what an argument holds
     * (MONAI's to_onehot_y: class indices instead of a one-hot target, when there is more than one channel).
     */
    static Map<String, Tensor> sample(Entry e, Map<String, Object> options, Generator g, int[] shape) {
        if (e.spec() == QuantileLoss.SPEC && shape == null && options.get("quantiles") != null) {
            // QuantileLoss: one input column per quantile given (6 x Q; (6,) for one)
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("quantiles", options.get("quantiles"));
            int n = new LossOptions(q).getDoubleList("quantiles", new double[] {0.5}).length;
            return e.sample(g, n == 1 ? null : new int[] {6, n});
        }
        boolean segmentation = e.spec() == DiceLoss.SPEC || e.spec() == TverskyLoss.SPEC;
        if (!segmentation || !truthy(options.get("to_onehot_y"))) return e.sample(g, shape);
        int[] s = shape == null ? e.shapes().defaults() : shape;
        if (s.length < e.shapes().minDim() || s.length > e.shapes().maxDim()) {
            throw new Main.BadInput("--shape " + str(s) + " does not fit " + e.name() + "'s input: " + e.spec().args().get(0).accepts());
        }
        return segmentation(g, s, s[1] > 1);
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

    /** The entry of a declared loss; an unknown name is bad input, with the closest names offered. */
    static Entry find(String name) {
        for (Entry e : ENTRIES) if (e.name().equals(name)) return e;
        throw Names.unknownLoss(name);
    }
}
