package org.losses4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.losses4j.Tensor;
import org.losses4j.nn.CrossEntropyLoss;

/** Bad rows (NULL, NaN, wrong length, target out of range) fail with a message naming the column, or are skipped and counted; bad calls fail at analysis. */
class BadRowsTest {
    static SparkSession spark;
    static final StructType SCHEMA = new StructType()
            .add("k", DataTypes.StringType, false)
            .add("logits", DataTypes.createArrayType(DataTypes.FloatType, true), true)
            .add("label", DataTypes.LongType, true);

    @BeforeAll
    static void start() { spark = SparkTestSupport.localSession("local[2]"); }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    private static List<Row> good() {
        List<Row> r = new ArrayList<>();
        for (int i = 0; i < 10; i++) r.add(RowFactory.create("x", Arrays.asList(0.1f * i, -0.2f, 0.3f + i), (long) (i % 3)));
        return r;
    }

    private static Dataset<Row> table(Row... bad) {
        List<Row> r = good();
        r.addAll(Arrays.asList(bad));
        return spark.createDataFrame(r, SCHEMA);
    }

    private static String failure(Dataset<Row> df, String options) {
        df.createOrReplaceTempView("bad");
        Exception e = assertThrows(Exception.class,
                () -> spark.sql("SELECT losses4j_loss('CrossEntropyLoss', \"" + options + "\", logits, label) FROM bad").collectAsList());
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) sb.append(t.getMessage()).append(" | ");
        return sb.toString();
    }

    @Test
    void aNullTargetNamesItsColumn() {
        String m = failure(table(RowFactory.create("x", Arrays.asList(1f, 2f, 3f), null)), "");
        assertTrue(m.contains("losses4j_loss(CrossEntropyLoss): column label (target) is NULL"), m);
    }

    @Test
    void aNaNNamesItsColumnAndValue() {
        String m = failure(table(RowFactory.create("x", Arrays.asList(1f, Float.NaN, 3f), 1L)), "");
        assertTrue(m.contains("column logits (input) holds a NaN; value: [1.0, NaN, 3.0]"), m);
    }

    @Test
    void aNullElementIsABadRow() {
        String m = failure(table(RowFactory.create("x", Arrays.asList(1f, null, 3f), 1L)), "");
        assertTrue(m.contains("column logits (input) holds a NULL element"), m);
    }

    @Test
    void arraysOfAnotherLengthCannotJoinTheBatch() {
        String m = failure(table(RowFactory.create("x", Arrays.asList(1f, 2f), 1L)), "");
        assertTrue(m.contains("arrays of different lengths"), m);
        assertTrue(m.contains("logits[3]") && m.contains("logits[2]"), m);
    }

    @Test
    void aTargetOutOfRangeNamesTheTargetColumnWithPyTorchsMessage() {
        String m = failure(table(RowFactory.create("x", Arrays.asList(1f, 2f, 3f), 7L)), "");
        assertTrue(m.contains("column label (target): Target 7 is out of bounds."), m);
        assertTrue(m.contains("value: 7"), m);
    }

    @Test
    void skippedRowsAreCountedAndLeftOut() {
        Dataset<Row> df = table(RowFactory.create("x", Arrays.asList(1f, 2f, 3f), null), RowFactory.create("x", Arrays.asList(1f, Float.NaN, 3f), 1L),
                RowFactory.create("x", Arrays.asList(1f, 2f, 3f), 7L), RowFactory.create("x", Arrays.asList(1f, 2f), 1L),
                RowFactory.create("x", null, 1L));
        df.createOrReplaceTempView("skip");
        Row r = spark.sql("SELECT losses4j_loss_detail('CrossEntropyLoss', \"on_bad_row='skip'\", logits, label) AS d FROM skip").first().getStruct(0);
        assertEquals(10L, r.getLong(1));
        assertEquals(5L, r.getLong(2));
        // the value of the good rows alone, computed by the core
        float[][] x = new float[10][];
        long[] y = new long[10];
        for (int i = 0; i < 10; i++) {
            x[i] = new float[] {0.1f * i, -0.2f, 0.3f + i};
            y[i] = i % 3;
        }
        float expected = (float) new CrossEntropyLoss().forward(Tensor.of(x), Tensor.of(y)).item();
        assertEquals(expected, r.getFloat(0), 2e-6f * Math.abs(expected));
        // the per-row functions give NULL for a bad row (the short row is a batch of its own there: not bad)
        List<Row> rows = spark.sql("SELECT losses4j_row_loss('CrossEntropyLoss', \"on_bad_row='skip'\", logits, label) FROM skip").collectAsList();
        long nulls = rows.stream().filter(q -> q.isNullAt(0)).count();
        assertEquals(4, nulls);
    }

    @Test
    void badCallsFailWhenTheQueryIsAnalysed() {
        table().createOrReplaceTempView("calls");
        String[][] cases = {
                {"losses4j_loss('NoSuchLoss', '', logits, label)", "unknown loss 'NoSuchLoss'"},
                {"losses4j_loss('CrossEntropyLoss', 'smoothing=0.1', logits, label)", "CrossEntropyLoss.__init__() got an unexpected keyword argument 'smoothing'"},
                {"losses4j_loss('CrossEntropyLoss', '', logits)", "CrossEntropyLoss takes 2 columns (input, target)"},
                {"losses4j_loss('CrossEntropyLoss', \"reduction='none'\", logits, label)", "reduction='none' has no group value"},
                {"losses4j_loss(k, '', logits, label)", "must be a literal string"},
                {"losses4j_loss('CrossEntropyLoss', 'label_smoothing=0.1,', k, label)", "has type string"},
                {"losses4j_loss('CrossEntropyLoss', \"on_bad_row='maybe'\", logits, label)", "on_bad_row must be 'error' or 'skip'"},
                {"losses4j_row_grad('CrossEntropyLoss', \"wrt='target'\", logits, label)", "not differentiable with respect to target"},
        };
        for (String[] c : cases) {
            Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT " + c[0] + " FROM calls").collectAsList(), c[0]);
            StringBuilder sb = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) sb.append(t.getMessage()).append(" | ");
            assertTrue(sb.toString().contains(c[1]), c[0] + ": " + sb);
        }
    }

    @Test
    void anEmptyGroupIsNaNForTheMeanAndZeroForTheSum() {
        Dataset<Row> empty = spark.createDataFrame(new ArrayList<>(), SCHEMA);
        Row mean = empty.agg(Losses4jSpark.loss("CrossEntropyLoss", "", empty.col("logits"), empty.col("label"))).first();
        assertTrue(Float.isNaN(mean.getFloat(0)), "PyTorch's mean of an empty batch is nan");
        Row sum = empty.agg(Losses4jSpark.loss("CrossEntropyLoss", "reduction='sum'", empty.col("logits"), empty.col("label"))).first();
        assertEquals(0f, sum.getFloat(0));
    }
}
