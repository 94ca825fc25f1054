package org.losses4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.nn.Loss;
import org.losses4j.nn.LossOptions;
import org.losses4j.nn.LossSpec;
import org.losses4j.nn.Losses;

/**
 * One use of a loss over columns, resolved when the query is analysed: the loss's declaration (found in
 * {@link Losses#ALL} by class name), its keywords, each argument's column and kind, the dtype of the computation
 * (the first floating column's: float computes in float32, double in float64), how rows are stacked into a batch and
 * how a group's rows reduce to PyTorch's value for the stacked batch. Everything a task needs; serializable.
 *
 * <p>How a group reduces, for every loss, from the per-row losses of reduction {@code 'none'} (each summed exactly,
 * {@link ExactSum}, and divided once at the end):
 * <ul>
 *   <li>{@code 'sum'}: the sum of every per-row value;</li>
 *   <li>{@code 'mean'}: that sum over the number of per-row values (the element mean), except
 *       <ul><li>losses with {@code ignore_index} and class-index targets (CrossEntropyLoss, NLLLoss): over the sum of
 *       the targets' class weights, 0 for an ignored target ({@code weight[y]}, 1 without a weight);</li>
 *       <li>CTCLoss: the mean over rows of loss / max(target_length, 1);</li></ul></li>
 *   <li>{@code 'batchmean'} (KLDivLoss): the sum over the number of rows.</li>
 * </ul>
 */
final class LossCall implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What the SQL function computes. */
    enum Mode { AGGREGATE, ROW_LOSS, ROW_GRAD }

    /** How a group's per-row values reduce (see the class comment). */
    enum Rule { NONE, SUM, ELEMENT_MEAN, CLASS_WEIGHTED_MEAN, CTC_MEAN, BATCHMEAN }

    /** How rows stack into tensors: one more leading dimension, or CTC's time-major padded layout. */
    enum Layout { DENSE, CTC }

    final String function;
    final String lossName;
    final Options options;
    final ArgKind[] args;
    final DType dtype;
    final Layout layout;
    final Reduction reduction;
    final Rule rule;
    final boolean skipBadRows;
    /** The index of the argument of the per-row gradient, or -1 when no argument is differentiable. */
    final int wrt;
    /** The rank of one row's slice of the 'none' output. */
    final int outRank;
    /** For CLASS_WEIGHTED_MEAN: the index of the target argument, the class weights (or null) and ignore_index. */
    final int targetArg;
    final double[] classWeights;
    final long ignoreIndex;

    private transient LossSpec spec;
    private transient Loss none;

    private LossCall(String function, String lossName, Options options, ArgKind[] args, DType dtype, Layout layout, Reduction reduction,
                     Rule rule, boolean skip, int wrt, int outRank, int targetArg, double[] classWeights, long ignoreIndex) {
        this.function = function;
        this.lossName = lossName;
        this.options = options;
        this.args = args;
        this.dtype = dtype;
        this.layout = layout;
        this.reduction = reduction;
        this.rule = rule;
        this.skipBadRows = skip;
        this.wrt = wrt;
        this.outRank = outRank;
        this.targetArg = targetArg;
        this.classWeights = classWeights;
        this.ignoreIndex = ignoreIndex;
    }

    /**
     * Resolves a call from what the query gives: the loss's class name, its options, and each argument column's type
     * and name (in the loss's functional argument order; trailing optional arguments, and CTC's lengths, may be left
     * out).
     *
     * @throws IllegalArgumentException for an unknown loss, a bad keyword or value, the wrong number of columns, a
     *                                  column whose type cannot hold the argument
     */
    static LossCall resolve(String function, String lossName, String optionsText, DataType[] types, String[] columns, Mode mode) {
        LossSpec spec = Losses.find(lossName);
        if (spec == null) {
            throw new IllegalArgumentException(function + ": unknown loss '" + lossName + "' (known: " + String.join(", ", Losses.NAMES) + ")");
        }
        Options options = Options.parse(optionsText);
        boolean skip = options.skipBadRows();
        List<LossSpec.Arg> declared = spec.args();
        boolean ctc = spec.arg("log_probs") != null && spec.arg("targets") != null && spec.arg("input_lengths") != null
                && spec.arg("target_lengths") != null;
        int required = 0;
        for (LossSpec.Arg a : declared) if (a.required()) required++;
        if (ctc) required = 2;   // the lengths default to the arrays' lengths
        if (types.length < required || types.length > declared.size()) {
            throw new IllegalArgumentException(function + ": " + lossName + " takes " + (required == declared.size() ? "" : required + " to ")
                    + declared.size() + " columns (" + String.join(", ", spec.argNames()) + ") after the loss name and options, got " + types.length);
        }
        // the computation's dtype: the first floating column's
        DType dtype = null;
        for (DataType t : types) {
            Values.Leaf l = Values.Leaf.of(ArgKind.leafType(t));
            if (l == Values.Leaf.FLOAT || l == Values.Leaf.DOUBLE) {
                dtype = l == Values.Leaf.FLOAT ? DType.FLOAT32 : DType.FLOAT64;
                break;
            }
        }
        if (dtype == null) dtype = DType.FLOAT64;
        ArgKind[] args = new ArgKind[types.length];
        int rank0 = ArgKind.rankOf(types[0]);
        for (int i = 0; i < types.length; i++) {
            LossSpec.Arg a = declared.get(i);
            DataType t = types[i];
            Values.Leaf leaf = Values.Leaf.of(ArgKind.leafType(t));
            if (leaf == null) {
                throw new IllegalArgumentException(function + ": column " + columns[i] + " (" + a.name() + " of " + lossName + ") has type "
                        + t.simpleString() + "; expected numbers or (nested) arrays of numbers");
            }
            int rank = ArgKind.rankOf(t);
            String acc = a.accepts();
            boolean int64 = acc.contains("int64");
            DType dt;
            if (!leaf.floating()) dt = int64 ? DType.INT64 : dtype;
            else dt = int64 && (!a.differentiable() || rank < rank0) ? DType.INT64 : dtype;
            boolean ragged = false;
            if (ctc) {
                int want = a.name().equals("log_probs") ? 2 : a.name().equals("targets") ? 1 : 0;
                if (rank != want) {
                    throw new IllegalArgumentException(function + ": column " + columns[i] + " (" + a.name() + " of CTCLoss) must hold "
                            + (want == 2 ? "a (T, C) array of arrays per row" : want == 1 ? "an array of class indices per row" : "one number per row")
                            + ", got " + t.simpleString());
                }
                ragged = want > 0;
            } else if (i > 0 && dt != DType.INT64 && rank != rank0 && mustMatchRank(acc)) {
                throw new IllegalArgumentException(function + ": column " + columns[i] + " (" + a.name() + ") holds " + rankWords(rank)
                        + " per row but " + columns[0] + " (" + declared.get(0).name() + ") holds " + rankWords(rank0)
                        + "; the stacked batch would broadcast across rows");
            }
            args[i] = new ArgKind(a.name(), columns[i], t, rank, leaf, dt, ragged);
        }
        // validate the keywords as the loss's constructor does (unknown keywords, bad values)
        Map<String, Object> keywords = options.lossKeywords();
        Losses.create(lossName, lossOptions(keywords, dtype));
        Reduction reduction = lossOptions(keywords, dtype).reduction();
        int targetArg = -1;
        double[] classWeights = null;
        long ignoreIndex = 0;
        Rule rule;
        switch (reduction) {
            case NONE: rule = Rule.NONE; break;
            case SUM: rule = Rule.SUM; break;
            case BATCHMEAN: rule = Rule.BATCHMEAN; break;
            default:
                rule = Rule.ELEMENT_MEAN;
                if (ctc) {
                    rule = Rule.CTC_MEAN;
                } else if (spec.option("ignore_index") != null) {
                    for (int i = 0; i < args.length; i++) if (args[i].name.equals("target") && args[i].dtype == DType.INT64) targetArg = i;
                    if (targetArg >= 0) {
                        rule = Rule.CLASS_WEIGHTED_MEAN;
                        Object w = keywords.get("weight");
                        if (w instanceof Options.TensorValue) classWeights = ((Options.TensorValue) w).toTensor(dtype).toDoubleArray();
                        ignoreIndex = lossOptions(keywords, dtype).getLong("ignore_index", -100);
                    }
                }
        }
        if (mode == Mode.AGGREGATE && rule == Rule.NONE) {
            throw new IllegalArgumentException(function + ": reduction='none' has no group value; use the per-row function for the per-row losses");
        }
        int wrt = -1;
        String w = options.wrt();
        for (int i = 0; i < args.length; i++) {
            boolean ok = declared.get(i).differentiable() && args[i].dtype != DType.INT64;
            if (w == null ? ok : args[i].name.equals(w)) {
                if (!ok) throw new IllegalArgumentException(function + ": " + lossName + " is not differentiable with respect to " + w);
                wrt = i;
                break;
            }
        }
        if (mode == Mode.ROW_GRAD && wrt < 0) {
            throw new IllegalArgumentException(function + ": " + (w == null ? lossName + " has no differentiable floating column"
                    : "wrt='" + w + "' is none of the columns given (" + String.join(", ", spec.argNames().subList(0, args.length)) + ")"));
        }
        int outRank = 0;
        LossCall call = new LossCall(function, lossName, options, args, dtype, ctc ? Layout.CTC : Layout.DENSE, reduction, rule, skip, wrt, 0,
                targetArg, classWeights, ignoreIndex);
        if (!ctc) outRank = call.probeOutRank(rank0);   // CTC's 'none' output is (N)
        return new LossCall(function, lossName, options, args, dtype, ctc ? Layout.CTC : Layout.DENSE, reduction, rule, skip, wrt, outRank,
                targetArg, classWeights, ignoreIndex);
    }

    private static boolean mustMatchRank(String accepts) {
        if (accepts.contains("one dim fewer")) return false;
        return accepts.contains("broadcast") || accepts.contains("(*)") || accepts.contains("same shape") || accepts.startsWith("like ");
    }

    private static String rankWords(int rank) {
        return rank == 0 ? "a number" : rank == 1 ? "an array" : "a " + rank + "-level nested array";
    }

    /** The keywords as {@link LossOptions}, tensors in the computation's dtype. */
    static LossOptions lossOptions(Map<String, Object> keywords, DType dtype) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : keywords.entrySet()) {
            Object v = e.getValue();
            m.put(e.getKey(), v instanceof Options.TensorValue ? ((Options.TensorValue) v).toTensor(dtype) : v);
        }
        return new LossOptions(m);
    }

    /** The loss's declaration. */
    LossSpec spec() {
        if (spec == null) spec = Losses.spec(lossName);
        return spec;
    }

    /** The loss with the given keywords and reduction 'none' (the per-row values every function starts from). */
    Loss noneLoss() {
        if (none == null) {
            Map<String, Object> k = new LinkedHashMap<>(options.lossKeywords());
            k.remove("size_average");
            k.remove("reduce");
            k.put("reduction", "none");
            none = Losses.create(lossName, lossOptions(k, dtype));
        }
        return none;
    }

    /**
     * The rank of one row's slice of the 'none' output, found by running the loss on two rows of ones (zeros for
     * integer arguments) of two elements per dimension; a loss that refuses them falls back to its declaration's words.
     */
    private int probeOutRank(int rank0) {
        try {
            Tensor[] t = new Tensor[spec().args().size()];
            for (int i = 0; i < args.length; i++) {
                int[] shape = new int[args[i].rank + 1];
                java.util.Arrays.fill(shape, 2);
                t[i] = args[i].dtype == DType.INT64 ? Tensor.zeros(DType.INT64, shape) : Tensor.ones(args[i].dtype, shape);
            }
            return noneLoss().apply(t).dim() - 1;
        } catch (RuntimeException e) {
            String out = spec().output();
            if (out.contains("target's shape") && targetIndex() >= 0) return args[targetIndex()].rank;
            return out.contains("input's shape") || out.contains("broadcast") ? rank0 : 0;
        }
    }

    private int targetIndex() {
        for (int i = 0; i < args.length; i++) if (args[i].name.equals("target")) return i;
        return -1;
    }

    /** The Spark type of the per-row loss: float for float32, double for float64, in arrays for a non-scalar slice. */
    DataType rowLossType() { return ArgKind.sparkType(dtype, outRank); }

    /** The Spark type of the group's loss. */
    DataType aggregateType() { return dtype == DType.FLOAT32 ? DataTypes.FloatType : DataTypes.DoubleType; }

    /** The Spark type of the per-row gradient: the {@link #wrt} column's nesting, in the computation's dtype. */
    DataType gradType() { return ArgKind.sparkType(dtype, args[wrt].rank); }

    /** {@code function(Loss)}, the prefix of every message. */
    String where() { return function + "(" + lossName + ")"; }

    /** The argument columns, for messages: {@code input=logits, target=label}. */
    String columns() {
        List<String> r = new ArrayList<>();
        for (ArgKind a : args) r.add(a.toString());
        return String.join(", ", r);
    }
}
