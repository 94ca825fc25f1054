package org.losses4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.CreateStruct;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.classic.UserDefinedFunctionUtils;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import org.apache.spark.sql.expressions.UserDefinedAggregator;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * Every losses4j loss as Spark SQL functions. {@link #register(SparkSession)} adds, to the session:
 *
 * <table>
 *   <caption>The functions</caption>
 *   <tr><th>function</th><th>kind</th><th>value</th></tr>
 *   <tr><td>{@code losses4j_loss(loss, options, column...)}</td><td>aggregate</td><td>the group's loss: PyTorch's value
 *       for the group's rows stacked into one batch, with the loss's reduction (default 'mean'); float for float
 *       columns, double for double columns</td></tr>
 *   <tr><td>{@code losses4j_loss_detail(loss, options, column...)}</td><td>aggregate</td><td>a struct
 *       {@code (loss, rows, skipped)}: also the rows counted and the bad rows skipped</td></tr>
 *   <tr><td>{@code losses4j_row_loss(loss, options, column...)}</td><td>per row</td><td>the row's loss with reduction
 *       'none' (a number, or an array for element-wise losses of array columns)</td></tr>
 *   <tr><td>{@code losses4j_row_grad(loss, options, column...)}</td><td>per row</td><td>the gradient of the row's loss
 *       with respect to its input column (or the one named by {@code wrt}), shaped like that column</td></tr>
 * </table>
 *
 * <p>{@code loss} is the PyTorch class name ({@code 'CrossEntropyLoss'}); {@code options} a string of PyTorch's
 * keywords ({@code 'label_smoothing=0.1, weight=[1, 2, 0.5], ignore_index=2'}, or {@code ''}), plus
 * {@code on_bad_row='skip'} and {@code wrt='input2'} (see {@code Options}); the columns are the loss's tensor
 * arguments in {@code torch.nn.functional} order, one row holding one sample without the batch dimension: a number
 * for an (N) argument, an array for (N, C), nested arrays for (N, C, d...) and for CTC's (T, C) log-probabilities
 * (whose lengths, and the targets', may differ between rows; {@code input_lengths} and {@code target_lengths} may be
 * left out). Both names must be literals.
 *
 * <pre>{@code
 * Losses4jSpark.register(spark);
 * spark.sql("SELECT day, losses4j_loss('CrossEntropyLoss', 'label_smoothing=0.1', logits, label) AS loss "
 *         + "FROM predictions GROUP BY day");
 * df.groupBy("day").agg(Losses4jSpark.loss("CrossEntropyLoss", "label_smoothing=0.1", col("logits"), col("label")));
 * }</pre>
 *
 * <p>From PySpark: {@code spark._jvm.org.losses4j.spark.Losses4jSpark.register(spark._jsparkSession)}, then SQL.
 */
public final class Losses4jSpark {
    private Losses4jSpark() {}

    /** The aggregate: the group's loss. */
    public static final String LOSS = "losses4j_loss";
    /** The aggregate with the rows counted and skipped: a struct (loss, rows, skipped). */
    public static final String LOSS_DETAIL = "losses4j_loss_detail";
    /** The per-row loss (reduction 'none'). */
    public static final String ROW_LOSS = "losses4j_row_loss";
    /** The per-row gradient with respect to the input column. */
    public static final String ROW_GRAD = "losses4j_row_grad";

    /**
     * Registers the four functions in the session (temporary functions: they last as long as the session).
     *
     * @param spark a classic (not Spark Connect) session
     * @throws IllegalArgumentException for a Spark Connect session, which cannot run JVM functions
     */
    public static void register(SparkSession spark) {
        if (!(spark instanceof org.apache.spark.sql.classic.SparkSession)) {
            throw new IllegalArgumentException("losses4j's functions need a classic SparkSession (not Spark Connect), got " + spark.getClass().getName());
        }
        org.apache.spark.sql.catalyst.analysis.FunctionRegistry registry = ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().functionRegistry();
        registry.createOrReplaceTempFunction(LOSS, builder(LOSS, LossCall.Mode.AGGREGATE, false), "scala_udf");
        registry.createOrReplaceTempFunction(LOSS_DETAIL, builder(LOSS_DETAIL, LossCall.Mode.AGGREGATE, true), "scala_udf");
        registry.createOrReplaceTempFunction(ROW_LOSS, builder(ROW_LOSS, LossCall.Mode.ROW_LOSS, false), "scala_udf");
        registry.createOrReplaceTempFunction(ROW_GRAD, builder(ROW_GRAD, LossCall.Mode.ROW_GRAD, false), "scala_udf");
    }

    /**
     * {@code losses4j_loss(loss, options, columns...)} as a Column (after {@link #register}).
     *
     * @param lossName PyTorch's class name, e.g. {@code CrossEntropyLoss}
     * @param options  PyTorch keywords, e.g. {@code "reduction='sum', ignore_index=0"}; "" for the defaults
     * @param columns  the loss's tensor arguments, in functional order
     * @return the aggregate column
     */
    public static Column loss(String lossName, String options, Column... columns) { return call(LOSS, lossName, options, columns); }

    /**
     * {@code losses4j_loss_detail(...)}: a struct (loss, rows, skipped).
     *
     * @param lossName PyTorch's class name
     * @param options  PyTorch keywords
     * @param columns  the loss's tensor arguments
     * @return the aggregate column
     */
    public static Column lossDetail(String lossName, String options, Column... columns) { return call(LOSS_DETAIL, lossName, options, columns); }

    /**
     * {@code losses4j_row_loss(...)}: each row's loss, reduction 'none'.
     *
     * @param lossName PyTorch's class name
     * @param options  PyTorch keywords
     * @param columns  the loss's tensor arguments
     * @return the per-row column
     */
    public static Column rowLoss(String lossName, String options, Column... columns) { return call(ROW_LOSS, lossName, options, columns); }

    /**
     * {@code losses4j_row_grad(...)}: the gradient of each row's loss with respect to its input column.
     *
     * @param lossName PyTorch's class name
     * @param options  PyTorch keywords (and {@code wrt='target'} for another argument)
     * @param columns  the loss's tensor arguments
     * @return the per-row column
     */
    public static Column rowGrad(String lossName, String options, Column... columns) { return call(ROW_GRAD, lossName, options, columns); }

    private static Column call(String fn, String lossName, String options, Column... columns) {
        Column[] all = new Column[columns.length + 2];
        all[0] = functions.lit(lossName);
        all[1] = functions.lit(options == null ? "" : options);
        System.arraycopy(columns, 0, all, 2, columns.length);
        return functions.call_function(fn, all);
    }

    private static AbstractFunction1<Seq<Expression>, Expression> builder(String fn, LossCall.Mode mode, boolean detail) {
        return new AbstractFunction1<Seq<Expression>, Expression>() {
            @Override
            public Expression apply(Seq<Expression> children) { return build(fn, mode, detail, CollectionConverters.asJava(children)); }
        };
    }

    /** Builds the expression of one call from its (resolved) argument expressions. */
    static Expression build(String fn, LossCall.Mode mode, boolean detail, List<Expression> children) {
        if (children.size() < 3) {
            throw new IllegalArgumentException(fn + "(loss, options, column, ...) takes the loss's class name, its options and its columns; got "
                    + children.size() + " argument(s)");
        }
        String lossName = literal(fn, children.get(0), "the loss's class name");
        String options = literal(fn, children.get(1), "the options");
        List<Expression> args = children.subList(2, children.size());
        DataType[] types = new DataType[args.size()];
        String[] columns = new String[args.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = args.get(i).dataType();
            Expression a = args.get(i);
            columns[i] = a instanceof org.apache.spark.sql.catalyst.expressions.NamedExpression
                    ? ((org.apache.spark.sql.catalyst.expressions.NamedExpression) a).name() : a.sql().replace("`", "");
        }
        LossCall call = LossCall.resolve(fn, lossName == null ? "" : lossName, options, types, columns, mode);
        Seq<Expression> argSeq = CollectionConverters.asScala(new ArrayList<>(args)).toSeq();
        if (mode == LossCall.Mode.AGGREGATE) {
            LossAggregator agg = new LossAggregator(call, detail);
            UserDefinedFunction u = functions.udaf(agg, agg.inputEncoder());
            return org.apache.spark.sql.execution.aggregate.ScalaAggregator$.MODULE$.apply((UserDefinedAggregator<?, ?, ?>) u.withName(fn), argSeq);
        }
        boolean grad = mode == LossCall.Mode.ROW_GRAD;
        UserDefinedFunction u = functions.udf(new RowFunction(call, grad), grad ? call.gradType() : call.rowLossType()).withName(fn);
        List<Expression> one = new ArrayList<>();
        one.add(CreateStruct.apply(argSeq));
        return UserDefinedFunctionUtils.toScalaUDF((SparkUserDefinedFunction) u, CollectionConverters.asScala(one).toSeq());
    }

    private static String literal(String fn, Expression e, String what) {
        if (!e.foldable()) throw new IllegalArgumentException(fn + ": " + what + " must be a literal string, got " + e.sql());
        Object v = e.eval(null);
        if (v == null) return null;
        if (!(v instanceof UTF8String)) throw new IllegalArgumentException(fn + ": " + what + " must be a string, got " + e.sql());
        return v.toString();
    }
}
