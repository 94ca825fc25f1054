package org.losses4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table command: output formats, Parquet, JSON and CSV input, --partitions, --out, usage errors. */
class TableCommandTest {
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

    static JsonObject table(String name) {
        for (JsonElement t : fixture.getAsJsonArray("tables")) if (t.getAsJsonObject().get("name").getAsString().equals(name)) return t.getAsJsonObject();
        throw new AssertionError(name);
    }

    /** Runs the command; returns {status, stdout, stderr}. */
    static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int rc = TableCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), spark);
        return new String[] {Integer.toString(rc), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    private static String parquet(String name) {
        Path p = dir.resolve(name + ".parquet");
        if (!Files.exists(p)) SparkTestSupport.frame(spark, table(name)).write().parquet(p.toString());
        return p.toString();
    }

    @Test
    void jsonLinesGiveEveryGroupInKeyOrderWithShortestDigits() {
        JsonObject t = table("ce_f32");
        JsonObject c = t.getAsJsonArray("cases").get(2).getAsJsonObject();   // label_smoothing=0.1
        String[] r = run("CrossEntropyLoss", "--label_smoothing", "0.1", "--input", "logits", "--target", "label", "--group-by", "g", "--json", parquet("ce_f32"));
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].strip().split("\n");
        assertEquals(3, lines.length, r[1]);
        List<String> keys = new ArrayList<>();
        for (String line : lines) {
            assertTrue(line.matches("\\{\"group\": \\{\"g\": \"[abc]\"}, \"rows\": \\d+, \"loss\": [-0-9.e+]+}"), line);
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            String g = o.getAsJsonObject("group").get("g").getAsString();
            keys.add(g);
            String loss = line.substring(line.indexOf("\"loss\": ") + 8, line.length() - 1);
            float v = Float.parseFloat(loss);
            assertEquals(PyRepr.of(v), loss, "the shortest float32 form");
            SparkTestSupport.assertClose(SparkTestSupport.number(c.getAsJsonObject("groups").get(g)), v, true, g);
        }
        assertEquals(List.of("a", "b", "c"), keys);
        // the same bits in 3 and 17 partitions
        assertEquals(r[1], run("CrossEntropyLoss", "--label_smoothing", "0.1", "--input", "logits", "--target", "label", "--group-by", "g", "--json",
                "--partitions", "3", parquet("ce_f32"))[1]);
        assertEquals(r[1], run("CrossEntropyLoss", "--label_smoothing=0.1", "--input=logits", "--target=label", "--group-by=g", "--json",
                "--partitions=17", parquet("ce_f32"))[1]);
    }

    @Test
    void withoutGroupByTheWholeTableIsOneGroup() {
        JsonObject c = table("kldiv_float32").getAsJsonArray("cases").get(0).getAsJsonObject();
        String[] r = run("KLDivLoss", "--reduction", "batchmean", "--input", "q", "--target", "p", "--json", parquet("kldiv_float32"));
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("{\"group\": {}, \"rows\": 24, \"loss\": "), r[1]);
        JsonObject o = JsonParser.parseString(r[1].strip()).getAsJsonObject();
        SparkTestSupport.assertClose(SparkTestSupport.number(c.get("all")), o.get("loss").getAsDouble(), true, "all");
    }

    @Test
    void theTableListsGroupsRowsAndLosses() {
        String[] r = run("MSELoss", "--input", "x", "--target", "y", "--group-by", "g", parquet("mse_float32"));
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].split("\n");
        assertTrue(lines[0].matches("g\\s+rows\\s+loss"), lines[0]);
        assertTrue(lines[1].matches("a\\s+\\d+\\s+[0-9.e+-]+"), lines[1]);
        assertEquals(4, lines.length);
    }

    @Test
    void csvCellsHoldArraysAsJsonLists() throws Exception {
        JsonObject t = table("mse_float64");
        Path csv = dir.resolve("mse.csv");
        List<String> lines = new ArrayList<>();
        lines.add("g,x,y");
        for (JsonElement e : t.getAsJsonArray("rows")) {
            JsonObject o = e.getAsJsonObject();
            lines.add(o.get("g").getAsString() + ",\"" + o.get("x") + "\",\"" + o.get("y") + "\"");
        }
        Files.write(csv, lines);
        String[] r = run("MSELoss", "--input", "x", "--target", "y", "--group-by", "g", "--json", csv.toString());
        assertEquals("0", r[0], r[2]);
        JsonObject c = t.getAsJsonArray("cases").get(0).getAsJsonObject();
        for (String line : r[1].strip().split("\n")) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            String g = o.getAsJsonObject("group").get("g").getAsString();
            SparkTestSupport.assertClose(SparkTestSupport.number(c.getAsJsonObject("groups").get(g)), o.get("loss").getAsDouble(), false, g);
        }
    }

    @Test
    void jsonInputAndCtcArguments() {
        JsonObject t = table("ctc_lengths_float64");
        Path p = dir.resolve("ctc.json");
        SparkTestSupport.frame(spark, t).write().json(p.toString());
        String[] r = run("CTCLoss", "--log_probs", "lp", "--targets", "labels", "--input_lengths", "frames", "--target_lengths", "n", "--json", p.toString());
        assertEquals("0", r[0], r[2]);
        JsonObject o = JsonParser.parseString(r[1].strip()).getAsJsonObject();
        SparkTestSupport.assertClose(SparkTestSupport.number(t.getAsJsonArray("cases").get(0).getAsJsonObject().get("all")), o.get("loss").getAsDouble(),
                false, "ctc");
    }

    @Test
    void outWritesPerRowLossesAndGradients() {
        String out = dir.resolve("rows.parquet").toString();
        String[] r = run("CrossEntropyLoss", "--input", "logits", "--target", "label", "--group-by", "g", "--out", out, parquet("ce_f32"));
        assertEquals("0", r[0], r[2]);
        Dataset<Row> back = spark.read().parquet(out);
        assertEquals(Arrays.asList("g", "loss", "grad_input"), Arrays.asList(back.columns()));
        assertEquals(24, back.count());
        // each row's gradient of CrossEntropyLoss sums to zero over the classes
        for (Row row : back.select(functions.col("grad_input")).collectAsList()) {
            double s = 0;
            for (Double v : SparkTestSupport.flatten(row.get(0))) s += v;
            assertEquals(0, s, 1e-6);
        }
        String[] again = run("CrossEntropyLoss", "--input", "logits", "--target", "label", "--out", out, parquet("ce_f32"));
        assertEquals("2", again[0]);
        assertTrue(again[2].contains("already exists"), again[2]);
    }

    @Test
    void usageErrorsExitWithTwoAndOneLine() throws Exception {
        String p = parquet("ce_f32");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        String[][] cases = {
                {"unknown loss 'Cross'", "Cross", "--input", "logits", "--target", "label", p},
                {"CrossEntropyLoss needs --target COLUMN", "CrossEntropyLoss", "--input", "logits", p},
                {"no PATH", "CrossEntropyLoss", "--input", "logits", "--target", "label"},
                {"no column 'nope'", "CrossEntropyLoss", "--input", "nope", "--target", "label", p},
                {"--format expects parquet, json or csv", "CrossEntropyLoss", "--input", "logits", "--target", "label", "--format", "xls", p},
                {"--partitions expects a positive integer", "CrossEntropyLoss", "--input", "logits", "--target", "label", "--partitions", "0", p},
                {"got an unexpected keyword argument 'smoothing'", "CrossEntropyLoss", "--smoothing", "0.1", "--input", "logits", "--target", "label", p},
                {"no such file or directory", "CrossEntropyLoss", "--input", "logits", "--target", "label", dir.resolve("none.parquet").toString()},
                {"cannot tell the format", "CrossEntropyLoss", "--input", "logits", "--target", "label", empty.toString()},
        };
        for (String[] c : cases) {
            String[] r = run(Arrays.copyOfRange(c, 1, c.length));
            assertEquals("2", r[0], String.join(" ", c) + ": " + r[2]);
            assertTrue(r[2].startsWith("error: ") && r[2].contains(c[0]), r[2]);
            assertEquals(1, r[2].strip().split("\n").length, r[2]);
        }
    }
}
