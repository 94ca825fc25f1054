package org.losses4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Shared by the Spark tests: one local session per test class, fixture tables as DataFrames, value comparisons. */
final class SparkTestSupport {
    private SparkTestSupport() {}

    /** A local session bound to the loopback address, with few shuffle partitions and no UI. */
    static SparkSession localSession(String master) {
        SparkSession s = SparkSession.builder().master(master).appName("losses4j-spark tests")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .getOrCreate();
        s.sparkContext().setLogLevel("ERROR");
        Losses4jSpark.register(s);
        return s;
    }

    /** The PyTorch fixture of the Spark functions (tools/golden/gen_spark.py). */
    static JsonObject fixture() {
        try (InputStream in = SparkTestSupport.class.getResourceAsStream("/golden/spark.json")) {
            if (in == null) throw new IllegalStateException("golden/spark.json is missing: run tools/golden/gen_spark.py");
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Spark type of a fixture column: float or double (or bigint for int columns) nested rank deep. */
    static DataType columnType(JsonObject col, boolean f32) {
        DataType t = col.get("kind").getAsString().equals("int") ? DataTypes.LongType : f32 ? DataTypes.FloatType : DataTypes.DoubleType;
        for (int i = 0; i < col.get("rank").getAsInt(); i++) t = DataTypes.createArrayType(t, true);
        return t;
    }

    /** A fixture table as a DataFrame: id, g (the group), then the argument columns, of the table's dtype. */
    static Dataset<Row> frame(SparkSession spark, JsonObject table) {
        boolean f32 = table.get("dtype").getAsString().equals("float32");
        JsonObject cols = table.getAsJsonObject("columns");
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("id", DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField("g", DataTypes.StringType, false));
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : cols.entrySet()) {
            names.add(e.getKey());
            fields.add(DataTypes.createStructField(e.getKey(), columnType(e.getValue().getAsJsonObject(), f32), true));
        }
        StructType schema = new StructType(fields.toArray(new StructField[0]));
        List<Row> rows = new ArrayList<>();
        JsonArray rs = table.getAsJsonArray("rows");
        for (int i = 0; i < rs.size(); i++) {
            JsonObject r = rs.get(i).getAsJsonObject();
            Object[] v = new Object[names.size() + 2];
            v[0] = i;
            v[1] = r.get("g").getAsString();
            for (int c = 0; c < names.size(); c++) {
                JsonObject col = cols.getAsJsonObject(names.get(c));
                v[c + 2] = value(r.get(names.get(c)), col.get("kind").getAsString().equals("int"), f32);
            }
            rows.add(RowFactory.create(v));
        }
        return spark.createDataFrame(rows, schema);
    }

    private static Object value(JsonElement e, boolean integer, boolean f32) {
        if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            List<Object> r = new ArrayList<>(a.size());
            for (JsonElement x : a) r.add(value(x, integer, f32));
            return r;
        }
        if (integer) return e.getAsLong();
        return f32 ? (Object) e.getAsFloat() : (Object) e.getAsDouble();
    }

    /** A cell of a result (number or nested arrays) flattened to doubles. */
    static List<Double> flatten(Object v) {
        List<Double> r = new ArrayList<>();
        flatten(v, r);
        return r;
    }

    private static void flatten(Object v, List<Double> r) {
        if (v == null) {
            r.add(null);
        } else if (v instanceof Number) {
            r.add(((Number) v).doubleValue());
        } else if (v instanceof scala.collection.Seq) {
            scala.collection.Iterator<?> it = ((scala.collection.Seq<?>) v).iterator();
            while (it.hasNext()) flatten(it.next(), r);
        } else if (v instanceof List) {
            for (Object o : (List<?>) v) flatten(o, r);
        } else {
            fail("unexpected cell " + v.getClass());
        }
    }

    /** A fixture value (number or nested lists) flattened. */
    static List<Double> flatten(JsonElement e) {
        List<Double> r = new ArrayList<>();
        flattenJson(e, r);
        return r;
    }

    private static void flattenJson(JsonElement e, List<Double> r) {
        if (e.isJsonArray()) for (JsonElement x : e.getAsJsonArray()) flattenJson(x, r);
        else r.add(number(e));
    }

    /** A fixture number, with Python's json spellings of the non-finite values. */
    static double number(JsonElement e) {
        String s = e.getAsString();
        if (s.equals("NaN")) return Double.NaN;
        if (s.equals("Infinity")) return Double.POSITIVE_INFINITY;
        if (s.equals("-Infinity")) return Double.NEGATIVE_INFINITY;
        return e.getAsDouble();
    }

    /** Asserts PyTorch's value and ours agree: float32 within 2e-5 relative (+1e-6), float64 within 1e-11 (+1e-13). */
    static void assertClose(double expected, double actual, boolean f32, String what) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            assertEquals(expected, actual, what);
            return;
        }
        double tol = f32 ? 2e-5 * Math.abs(expected) + 1e-6 : 1e-11 * Math.abs(expected) + 1e-13;
        if (!(Math.abs(expected - actual) <= tol)) fail(what + ": expected " + expected + " (PyTorch), got " + actual + " (tolerance " + tol + ")");
    }
}
