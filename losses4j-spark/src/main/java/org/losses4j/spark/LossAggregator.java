package org.losses4j.spark;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The group aggregate of one loss call, a typed Spark {@link Aggregator}: each row's cells go into the group's
 * {@link LossState}, which runs them through the loss in batches and sums the per-row values exactly; the result is
 * PyTorch's reduction of the group's rows stacked into one batch, the same bits however the rows are partitioned or
 * ordered. The input arrives in Spark's internal form when {@link InternalEncoders} can pass it through (no boxing of
 * array elements), else as a plain {@link Row}.
 *
 * <p>Output: the loss (float for float32 computations, double for float64), or with {@code detail} a struct
 * {@code (loss, rows, skipped)}.
 */
final class LossAggregator extends Aggregator<Row, LossState, Object> {
    private static final long serialVersionUID = 1L;

    private final LossCall call;
    private final boolean detail;

    LossAggregator(LossCall call, boolean detail) {
        this.call = call;
        this.detail = detail;
    }

    /** The struct type of the detailed result. */
    static StructType detailType(LossCall call) {
        return new StructType(new StructField[] {
                DataTypes.createStructField("loss", call.aggregateType(), false),
                DataTypes.createStructField("rows", DataTypes.LongType, false),
                DataTypes.createStructField("skipped", DataTypes.LongType, false)});
    }

    /** The encoder of the input rows: one field per argument column, of the column's own type. */
    Encoder<Row> inputEncoder() {
        StructField[] fields = new StructField[call.args.length];
        for (int i = 0; i < fields.length; i++) fields[i] = DataTypes.createStructField("_" + (i + 1), call.args[i].type, true);
        return InternalEncoders.rowOf(new StructType(fields));
    }

    @Override
    public LossState zero() { return new LossState(call); }

    @Override
    public LossState reduce(LossState b, Row a) {
        int k = call.args.length;
        Object[] cells = new Object[k];
        for (int i = 0; i < k; i++) cells[i] = a.get(i);
        b.attach(call).add(cells);
        return b;
    }

    @Override
    public LossState merge(LossState b1, LossState b2) {
        b1.attach(call).merge(b2.attach(call));
        return b1;
    }

    @Override
    public Object finish(LossState reduction) {
        LossState.Value v = reduction.attach(call).finish();
        Object loss = call.aggregateType() == DataTypes.FloatType ? (Object) (float) v.loss : (Object) v.loss;
        return detail ? RowFactory.create(loss, v.rows, v.skipped) : loss;
    }

    @Override
    public Encoder<LossState> bufferEncoder() { return Encoders.javaSerialization(LossState.class); }

    @Override
    @SuppressWarnings("unchecked")
    public Encoder<Object> outputEncoder() {
        if (detail) return (Encoder<Object>) (Encoder<?>) Encoders.row(detailType(call));
        return (Encoder<Object>) (Encoder<?>) (call.aggregateType() == DataTypes.FloatType ? Encoders.FLOAT() : Encoders.DOUBLE());
    }
}
