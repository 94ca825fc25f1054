package org.losses4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.losses4j.nn.LossSpec;
import org.losses4j.nn.Losses;

/**
 * Any losses4j loss as an MLlib {@link Evaluator}: the loss (with its options) over the whole dataset, PyTorch's value
 * for all rows stacked into one batch. Smaller is better ({@link #isLargerBetter()} is false), so it fits
 * {@code CrossValidator} and {@code TrainValidationSplit} as is.
 *
 * <p>Each of the loss's tensor arguments is read from a column ({@link #setColumn}); the defaults suit an MLlib
 * classifier's output: {@code input} from {@code rawPrediction} (a multinomial logistic regression's margins are
 * logits) and {@code target} from {@code label}. ML vector columns are read as arrays (float64); a double label is a
 * class index where the loss wants one.
 *
 * <pre>{@code
 * LossEvaluator eval = new LossEvaluator().setLoss("CrossEntropyLoss").setOptions("label_smoothing=0.1");
 * CrossValidator cv = new CrossValidator().setEstimator(lr).setEvaluator(eval).setEstimatorParamMaps(grid);
 * }</pre>
 */
public final class LossEvaluator extends Evaluator {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> loss;
    private final Param<String> options;
    private final StringArrayParam columns;

    /** An evaluator of CrossEntropyLoss on (rawPrediction, label), with a random uid. */
    public LossEvaluator() { this(Identifiable$.MODULE$.randomUID("lossEval")); }

    /**
     * An evaluator with this uid (MLlib copies evaluators through this constructor).
     *
     * @param uid the evaluator's unique id
     */
    public LossEvaluator(String uid) {
        this.uid = uid;
        this.loss = new Param<>(this, "loss", "the loss's PyTorch class name, e.g. CrossEntropyLoss");
        this.options = new Param<>(this, "options", "the loss's keywords as PyTorch names them, e.g. \"label_smoothing=0.1, ignore_index=0\"");
        this.columns = new StringArrayParam(this, "columns", "the column of each tensor argument, as \"argument=column\"");
        setDefault(loss, "CrossEntropyLoss");
        setDefault(options, "");
        setDefault(columns, new String[] {"input=rawPrediction", "target=label"});
    }

    /** @return this evaluator's unique id */
    @Override
    public String uid() { return uid; }

    /** @return the loss's class name parameter */
    public Param<String> loss() { return loss; }

    /** @return the options parameter */
    public Param<String> options() { return options; }

    /** @return the argument-to-column parameter ({@code "input=rawPrediction"}, ...) */
    public StringArrayParam columns() { return columns; }

    /**
     * Sets the loss.
     *
     * @param value PyTorch's class name, e.g. {@code KLDivLoss}
     * @return this
     * @throws IllegalArgumentException for an unknown loss
     */
    public LossEvaluator setLoss(String value) {
        Losses.spec(value);
        set(loss, value);
        return this;
    }

    /**
     * Sets the loss's keywords.
     *
     * @param value e.g. {@code "reduction='sum', weight=[1, 2]"}
     * @return this
     */
    public LossEvaluator setOptions(String value) {
        set(options, value);
        return this;
    }

    /**
     * Reads one of the loss's tensor arguments from a column.
     *
     * @param argument the argument's {@code torch.nn.functional} name, e.g. {@code input}, {@code target}, {@code log_probs}
     * @param column   the column
     * @return this
     */
    public LossEvaluator setColumn(String argument, String column) {
        Map<String, String> m = mapping();
        m.put(argument, column);
        List<String> r = new ArrayList<>();
        for (Map.Entry<String, String> e : m.entrySet()) r.add(e.getKey() + "=" + e.getValue());
        set(columns, r.toArray(new String[0]));
        return this;
    }

    private Map<String, String> mapping() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : $(columns)) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("columns: expected argument=column, got '" + s + "'");
            m.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return m;
    }

    /**
     * The loss over the dataset.
     *
     * @param dataset rows with the argument columns
     * @return the loss, as a double
     * @throws IllegalArgumentException when an argument has no column or the loss refuses the data
     */
    @Override
    public double evaluate(Dataset<?> dataset) {
        LossSpec spec = Losses.spec($(loss));
        Map<String, String> m = mapping();
        List<Column> cols = new ArrayList<>();
        List<String> names = spec.argNames();
        for (String arg : names) {
            String c = m.get(arg);
            if (c == null) {
                if (cols.size() >= 2) break;   // trailing optional arguments (CTC's lengths)
                throw new IllegalArgumentException("LossEvaluator: " + spec.name() + " needs a column for its argument '" + arg
                        + "' (setColumn(\"" + arg + "\", column)); arguments: " + names);
            }
            DataType t = dataset.schema().apply(c).dataType();
            Column col = dataset.col(c);
            if (t instanceof VectorUDT) col = org.apache.spark.ml.functions.vector_to_array(col, "float64").as(c);
            cols.add(col);
        }
        for (String arg : m.keySet()) {
            if (!names.contains(arg)) throw new IllegalArgumentException("LossEvaluator: " + spec.name() + " has no argument '" + arg + "' (arguments: " + names + ")");
        }
        Losses4jSpark.register(dataset.sparkSession());
        Row r = dataset.select(Losses4jSpark.loss(spec.name(), $(options), cols.toArray(new Column[0]))).head();
        Object v = r.get(0);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    /** Smaller losses are better: false. */
    @Override
    public boolean isLargerBetter() { return false; }

    /**
     * A copy with the same uid and parameters, and {@code extra}'s on top (as MLlib copies evaluators).
     *
     * @param extra parameters to set on the copy
     * @return the copy
     */
    @Override
    public LossEvaluator copy(ParamMap extra) { return (LossEvaluator) defaultCopy(extra); }

    /** @return the uid, loss, options and columns */
    @Override
    public String toString() {
        return "LossEvaluator: uid=" + uid + ", loss=" + $(loss) + ", options=\"" + $(options) + "\", columns=" + Arrays.toString($(columns));
    }
}
