package org.losses4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.losses4j.nn.LossSpec;
import org.losses4j.nn.Losses;

/**
 * Every fixture table of {@code tools/golden/gen_spark.py} through Spark: float32 tables written to Parquet and read
 * back, float64 tables through JSON; each options case through SQL (grouped) and the Column API (ungrouped), against
 * PyTorch's value for the stacked batch; the first case's per-row losses and gradients; and the same table in 1, 3
 * and 17 partitions, shuffled, giving identical bits.
 */
class SparkGoldenTest {
    static SparkSession spark;
    static JsonObject fixture;
    @TempDir static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkTestSupport.localSession("local[2]");
        fixture = SparkTestSupport.fixture();
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    /** Every torch.nn loss has a table (the generator computes the expected values with torch.nn itself). */
    @Test
    void theFixtureCoversEveryTorchNnLoss() {
        Set<String> seen = new HashSet<>();
        for (JsonElement t : fixture.getAsJsonArray("tables")) seen.add(t.getAsJsonObject().get("loss").getAsString());
        Set<String> all = new HashSet<>();
        for (LossSpec s : Losses.ALL) if (s.source().equals(LossSpec.TORCH_NN)) all.add(s.name());
        assertTrue(all.size() >= 21, "torch.nn losses: " + all);
        all.removeAll(seen);
        assertTrue(all.isEmpty(), "torch.nn losses without a Spark fixture table: " + all);
    }

    @TestFactory
    Stream<DynamicTest> tables() {
        List<DynamicTest> r = new ArrayList<>();
        for (JsonElement t : fixture.getAsJsonArray("tables")) {
            JsonObject table = t.getAsJsonObject();
            r.add(DynamicTest.dynamicTest(table.get("name").getAsString(), () -> check(table)));
        }
        return r.stream();
    }

    private static Dataset<Row> stored(JsonObject table) {
        String name = table.get("name").getAsString();
        Dataset<Row> df = SparkTestSupport.frame(spark, table);
        boolean f32 = table.get("dtype").getAsString().equals("float32");
        String path = dir.resolve(name + (f32 ? ".parquet" : ".json")).toString();
        if (!Files.exists(Path.of(path))) {
            if (f32) df.write().parquet(path);
            else df.write().json(path);
        }
        return f32 ? spark.read().parquet(path) : spark.read().json(path);
    }

    private static void check(JsonObject table) {
        String name = table.get("name").getAsString();
        String loss = table.get("loss").getAsString();
        boolean f32 = table.get("dtype").getAsString().equals("float32");
        Dataset<Row> df = stored(table);
        String view = "t_" + name;
        df.createOrReplaceTempView(view);
        List<String> args = new ArrayList<>();
        for (JsonElement a : table.getAsJsonArray("args")) args.add(a.getAsString());
        Column[] cols = args.stream().map(functions::col).toArray(Column[]::new);
        JsonArray cases = table.getAsJsonArray("cases");
        // SQL: every options case as a column, every group and the whole table (the rollup's NULL group), one query
        List<String> sel = new ArrayList<>();
        Column[] byColumnApi = new Column[cases.size()];
        for (int ci = 0; ci < cases.size(); ci++) {
            String opts = cases.get(ci).getAsJsonObject().get("options").getAsString();
            sel.add("losses4j_loss('" + loss + "', \"" + opts + "\", " + String.join(", ", args) + ") AS c" + ci);
            byColumnApi[ci] = Losses4jSpark.loss(loss, opts, cols).as("c" + ci);
        }
        List<Row> rows = spark.sql("SELECT g, " + String.join(", ", sel) + " FROM " + view + " GROUP BY ROLLUP(g)").collectAsList();
        compare(rows, cases, f32, name + " (SQL)");
        JsonObject first = cases.get(0).getAsJsonObject();
        rowValues(df, table, first, loss, first.get("options").getAsString(), args, f32, name + " [" + first.get("options").getAsString() + "]");
        // the Column API on the rows shuffled into 1, 3 and 17 partitions: PyTorch's values, and the same bits each time
        Map<String, Long> bits1 = null;
        for (int parts : new int[] {1, 3, 17}) {
            Dataset<Row> shuffled = df.orderBy(functions.rand(parts)).repartition(parts);
            List<Row> r = shuffled.rollup("g").agg(byColumnApi[0], java.util.Arrays.copyOfRange(byColumnApi, 1, byColumnApi.length)).collectAsList();
            compare(r, cases, f32, name + " (Column API, " + parts + " partitions)");
            Map<String, Long> bits = new HashMap<>();
            for (Row row : r) {
                for (int ci = 0; ci < cases.size(); ci++) {
                    bits.put((row.isNullAt(0) ? "*" : row.getString(0)) + "/" + ci, Double.doubleToRawLongBits(((Number) row.get(ci + 1)).doubleValue()));
                }
            }
            if (bits1 == null) bits1 = bits;
            else assertEquals(bits1, bits, name + ": " + parts + " partitions");
        }
        assertFalse(bits1.isEmpty());
    }

    /** Compares a rollup's rows (group, one loss per case; the NULL group is the whole table) with PyTorch's values. */
    private static void compare(List<Row> rows, JsonArray cases, boolean f32, String what) {
        for (int ci = 0; ci < cases.size(); ci++) {
            JsonObject c = cases.get(ci).getAsJsonObject();
            JsonObject groups = c.getAsJsonObject("groups");
            assertEquals(groups.size() + 1, rows.size(), what + ": groups");
            for (Row row : rows) {
                Object v = row.get(ci + 1);
                assertEquals(f32 ? Float.class : Double.class, v.getClass(), what + ": the aggregate's type");
                String g = row.isNullAt(0) ? null : row.getString(0);
                double expected = SparkTestSupport.number(g == null ? c.get("all") : groups.get(g));
                SparkTestSupport.assertClose(expected, ((Number) v).doubleValue(), f32,
                        what + " [" + c.get("options").getAsString() + "] group " + (g == null ? "(all rows)" : g));
            }
        }
    }

    private static void rowValues(Dataset<Row> df, JsonObject table, JsonObject c, String loss, String opts, List<String> args, boolean f32, String what) {
        Column[] cols = args.stream().map(functions::col).toArray(Column[]::new);
        List<Row> rows = df.select(functions.col("id"), Losses4jSpark.rowLoss(loss, opts, cols).as("l"), Losses4jSpark.rowGrad(loss, opts, cols).as("d"))
                .orderBy("id").collectAsList();
        JsonArray el = c.getAsJsonArray("row_loss");
        JsonArray eg = c.getAsJsonArray("row_grad");
        assertEquals(el.size(), rows.size(), what + ": rows");
        for (int i = 0; i < rows.size(); i++) {
            List<Double> l = SparkTestSupport.flatten(rows.get(i).get(1));
            List<Double> le = SparkTestSupport.flatten(el.get(i));
            assertEquals(le.size(), l.size(), what + " row " + i + " loss size");
            for (int j = 0; j < l.size(); j++) SparkTestSupport.assertClose(le.get(j), l.get(j), f32, what + " row " + i + " loss[" + j + "]");
            List<Double> g = SparkTestSupport.flatten(rows.get(i).get(2));
            List<Double> ge = SparkTestSupport.flatten(eg.get(i));
            assertEquals(ge.size(), g.size(), what + " row " + i + " grad size");
            for (int j = 0; j < g.size(); j++) SparkTestSupport.assertClose(ge.get(j), g.get(j), f32, what + " row " + i + " grad[" + j + "]");
        }
    }
}
