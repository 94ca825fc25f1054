package org.losses4j.spark;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.losses4j.Tensor;
import org.losses4j.io.NpyTensors;
import org.losses4j.nn.LossSpec;
import org.losses4j.nn.Losses;

/**
 * {@code losses4j table}: a loss over a table (Parquet, JSON lines or CSV), per group, on Spark.
 *
 * <pre>
 * losses4j table LOSS [--OPTION VALUE]... --ARG COLUMN... [--group-by COLUMN]... [--partitions N]
 *                [--master URL] [--format parquet|json|csv] [--json] [--out PATH] PATH
 * </pre>
 *
 * <p>OPTION and ARG names are {@code eval}'s: PyTorch's keywords ({@code --label_smoothing 0.1}, {@code --weight
 * w.npy} or {@code --weight [1,2,0.5]}, {@code --on_bad_row skip}) and the loss's functional argument names, each
 * given the column that holds it ({@code --input logits --target label}). It prints the groups in the order of their
 * keys with their row count and loss; {@code --json} prints one line per group, {@code {"group": {...}, "rows": N,
 * "loss": X}}, X in its shortest round-trip form. {@code --out} writes Parquet: the group columns, each row's loss
 * ({@code loss}, reduction 'none') and the gradient of that loss with respect to each differentiable column
 * ({@code grad_<ARG>}). Exit status: 0 success, 2 bad input (one {@code error:} line), 1 internal failure.
 */
public final class TableCommand {
    private TableCommand() {}

    static final String USAGE = String.join("\n",
            "Usage: losses4j table LOSS [--OPTION VALUE]... --ARG COLUMN... [--group-by COLUMN]... [--partitions N]",
            "                      [--master URL] [--format parquet|json|csv] [--json] [--out PATH] PATH",
            "A loss over a table on Spark (local[*] unless --master): per group, PyTorch's value for the group's rows",
            "stacked into one batch, exactly the same bits whatever the partitioning.",
            "  LOSS              PyTorch class name, e.g. CrossEntropyLoss (see 'losses4j list')",
            "  --OPTION VALUE    PyTorch keywords: --reduction sum, --label_smoothing 0.1, --weight w.npy or --weight [1,2,0.5];",
            "                    --on_bad_row skip skips (and counts) rows with NULLs, NaNs, wrong lengths or bad targets",
            "  --ARG COLUMN      the column of each tensor argument: --input logits --target label; CTC's --log_probs lp",
            "                    --targets labels [--input_lengths frames --target_lengths n]",
            "  --group-by COLUMN group by this column (repeatable); without it, one group: the whole table",
            "  --partitions N    repartition the input into N partitions first (the result does not change)",
            "  --master URL      Spark master, e.g. spark://host:7077 (default local[*])",
            "  --format F        parquet, json (JSON lines) or csv (header, arrays as [..] strings); default: PATH's extension",
            "  --json            one JSON line per group: {\"group\": {...}, \"rows\": N, \"loss\": X}",
            "  --out PATH        write Parquet: group columns, each row's loss, grad_<ARG> for each differentiable column",
            "Exit status: 0 success, 2 bad input (one 'error:' line on stderr), 1 internal failure.");

    /** Runs the command; exits with its status. */
    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "org/losses4j/spark/log4j2-quiet.properties");
        }
        System.exit(run(args, System.out, System.err, null));
    }

    /** A user error: printed as one {@code error:} line, exit status 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) { super(message); }
    }

    /** The parsed command line. */
    static final class Request {
        String loss;
        final Map<String, Object> options = new LinkedHashMap<>();
        final Map<String, String> argColumns = new LinkedHashMap<>();
        final List<String> groupBy = new ArrayList<>();
        Integer partitions;
        String master = "local[*]";
        String format;
        boolean json;
        String out;
        String path;
    }

    /**
     * Runs the command with the given streams.
     *
     * @param args  the command line after {@code table}
     * @param out   where results go
     * @param err   where errors go
     * @param spark a session to use (tests), or null to start one from {@code --master}
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err, SparkSession spark) {
        Request q;
        try {
            if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
                (args.length == 0 ? err : out).println(USAGE);
                return args.length == 0 ? 2 : 0;
            }
            q = parse(args);
        } catch (UsageException | IllegalArgumentException e) {
            err.println("error: " + oneLine(e.getMessage()));
            return 2;
        } catch (IOException e) {
            err.println("error: " + oneLine(e.getMessage()));
            return 2;
        }
        boolean own = spark == null;
        try {
            if (own) spark = start(q.master);
            execute(q, spark, out);
            return 0;
        } catch (Throwable e) {
            Throwable bad = badInput(e);
            if (bad != null) {
                err.println("error: " + oneLine(bad.getMessage()));
                return 2;
            }
            err.println("error: internal: " + oneLine(e.getClass().getSimpleName() + ": " + e.getMessage()));
            return 1;
        } finally {
            if (own && spark != null) spark.stop();
        }
    }

    static String oneLine(String s) { return s == null ? "" : s.replace("\r", " ").replace("\n", " ").trim(); }

    /** The user error in a failure's cause chain (a bad row inside a Spark job, a missing column, ...), or null. */
    static Throwable badInput(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof BadRowException) return t;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UsageException || t instanceof IllegalArgumentException || t instanceof IndexOutOfBoundsException
                    || t instanceof org.apache.spark.sql.AnalysisException) {
                return t;
            }
        }
        return null;
    }

    static Request parse(String[] args) throws IOException {
        Request q = new Request();
        q.loss = args[0];
        LossSpec spec = Losses.find(q.loss);
        if (spec == null) throw new UsageException("unknown loss '" + q.loss + "' (known: " + String.join(", ", Losses.NAMES) + ")");
        List<String> argNames = spec.argNames();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                if (q.path != null) throw new UsageException("one PATH expected, got '" + q.path + "' and '" + a + "'");
                q.path = a;
                continue;
            }
            String key = a.substring(2), value = null;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            if (key.equals("json")) {
                if (value != null) throw new UsageException("--json takes no value");
                q.json = true;
                continue;
            }
            if (key.isEmpty()) throw new UsageException("unexpected argument '" + a + "'");
            if (value == null) {
                if (i + 1 >= args.length) throw new UsageException("option --" + key + " needs a value");
                value = args[++i];
            }
            switch (key) {
                case "group-by": q.groupBy.add(value); break;
                case "partitions":
                    try {
                        q.partitions = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new UsageException("--partitions expects a positive integer, got '" + value + "'");
                    }
                    if (q.partitions < 1) throw new UsageException("--partitions expects a positive integer, got '" + value + "'");
                    break;
                case "master": q.master = value; break;
                case "format":
                    q.format = value.toLowerCase(Locale.ROOT);
                    if (!List.of("parquet", "json", "csv").contains(q.format)) throw new UsageException("--format expects parquet, json or csv, got '" + value + "'");
                    break;
                case "out": q.out = value; break;
                default:
                    if (q.argColumns.containsKey(key) || q.options.containsKey(key)) throw new UsageException("--" + key + " given twice");
                    if (argNames.contains(key)) q.argColumns.put(key, value);
                    else q.options.put(key, optionValue(key, value));
            }
        }
        if (q.path == null) throw new UsageException("no PATH: the table to read (a file or a directory)");
        int last = -1;
        for (int i = 0; i < argNames.size(); i++) if (q.argColumns.containsKey(argNames.get(i))) last = i;
        boolean ctc = spec.arg("log_probs") != null && spec.arg("input_lengths") != null;
        for (int i = 0; i < argNames.size(); i++) {
            LossSpec.Arg arg = spec.args().get(i);
            boolean needed = ctc ? i < 2 : arg.required();
            if (!q.argColumns.containsKey(arg.name()) && (needed || i < last)) {
                throw new UsageException(q.loss + " needs --" + arg.name() + " COLUMN (arguments: --" + String.join(" --", argNames) + ")");
            }
        }
        if (q.format == null) q.format = formatOf(q.path);
        return q;
    }

    /** A keyword's value as eval reads it: a .npy path is a tensor, [..] a tensor, else Python's reading. */
    private static Object optionValue(String key, String value) throws IOException {
        if (value.endsWith(".npy")) {
            Tensor t = NpyTensors.read(Path.of(value));
            return new Options.TensorValue(t.toDoubleArray(), t.shape());
        }
        return Options.value(value, key);
    }

    /** The format told by a path's extension, or by the extension of the data files in a directory. */
    static String formatOf(String path) {
        String f = extensionFormat(path);
        if (f != null) return f;
        File dir = new File(path);
        if (dir.isDirectory()) {
            File[] files = dir.listFiles();
            if (files != null) {
                for (File x : files) {
                    if (x.getName().startsWith(".") || x.getName().startsWith("_")) continue;
                    String g = extensionFormat(x.getName());
                    if (g != null) return g;
                }
            }
        } else if (!dir.exists()) {
            throw new UsageException(path + ": no such file or directory");
        }
        throw new UsageException("cannot tell the format of " + path + " from its extension: give --format parquet, json or csv");
    }

    private static String extensionFormat(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith("/")) n = n.substring(0, n.length() - 1);
        if (n.endsWith(".parquet") || n.endsWith(".parq")) return "parquet";
        if (n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".ndjson")) return "json";
        if (n.endsWith(".csv")) return "csv";
        return null;
    }

    /** A local or cluster session for the command, with the console progress bar on a terminal. */
    static SparkSession start(String master) {
        return SparkSession.builder().appName("losses4j table").master(master)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", System.console() != null ? "true" : "false")
                .config("spark.sql.shuffle.partitions", "8")
                // one losses4j kernel thread per task on the executors: Spark already runs a task per core
                .config("spark.executor.extraJavaOptions", "-Dlosses4j.threads=1")
                .getOrCreate();
    }

    /** The options as the SQL functions' string. */
    static String optionsText(Map<String, Object> options) {
        List<String> r = new ArrayList<>();
        for (Map.Entry<String, Object> e : options.entrySet()) r.add(e.getKey() + "=" + text(e.getValue()));
        return String.join(", ", r);
    }

    private static String text(Object v) {
        if (v == null) return "None";
        if (v instanceof Boolean) return (Boolean) v ? "True" : "False";
        if (v instanceof String) return "'" + v + "'";
        if (v instanceof Double) return PyRepr.of((Double) v).replace("Infinity", "inf").replace("NaN", "nan");
        if (v instanceof Options.TensorValue) {
            Options.TensorValue t = (Options.TensorValue) v;
            StringBuilder sb = new StringBuilder();
            nest(sb, t.data, t.shape, 0, 0);
            return sb.toString();
        }
        return v.toString();
    }

    private static int nest(StringBuilder sb, double[] data, int[] shape, int lvl, int off) {
        if (shape.length == 0) {
            sb.append(PyRepr.of(data[off]));
            return off + 1;
        }
        sb.append('[');
        for (int i = 0; i < shape[lvl]; i++) {
            if (i > 0) sb.append(", ");
            if (lvl == shape.length - 1) sb.append(PyRepr.of(data[off++]).replace("Infinity", "inf").replace("NaN", "nan"));
            else off = nest(sb, data, shape, lvl + 1, off);
        }
        sb.append(']');
        return off;
    }

    static void execute(Request q, SparkSession spark, PrintStream out) {
        Losses4jSpark.register(spark);
        Dataset<Row> df = read(spark, q);
        LossSpec spec = Losses.spec(q.loss);
        List<Column> argCols = new ArrayList<>();
        List<String> argOrder = new ArrayList<>();
        for (String a : spec.argNames()) {
            String c = q.argColumns.get(a);
            if (c == null) continue;
            if (!List.of(df.columns()).contains(c)) {
                throw new UsageException("no column '" + c + "' (for --" + a + ") in " + q.path + " (columns: " + String.join(", ", df.columns()) + ")");
            }
            argCols.add(df.col(c));
            argOrder.add(a);
        }
        for (String g : q.groupBy) {
            if (!List.of(df.columns()).contains(g)) {
                throw new UsageException("no column '" + g + "' (for --group-by) in " + q.path + " (columns: " + String.join(", ", df.columns()) + ")");
            }
        }
        if (q.partitions != null) df = df.repartition(q.partitions);
        String opts = optionsText(q.options);
        Column[] args = argCols.toArray(new Column[0]);
        Column detail = Losses4jSpark.lossDetail(q.loss, opts, args).as("r");
        Column[] groups = q.groupBy.stream().map(df::col).toArray(Column[]::new);
        Dataset<Row> agg = groups.length == 0 ? df.agg(detail) : df.groupBy(groups).agg(detail);
        List<Column> sel = new ArrayList<>();
        for (String g : q.groupBy) sel.add(functions.col(g));
        sel.add(functions.col("r.rows"));
        sel.add(functions.col("r.loss"));
        sel.add(functions.col("r.skipped"));
        agg = agg.select(sel.toArray(new Column[0]));
        if (groups.length > 0) agg = agg.orderBy(q.groupBy.stream().map(functions::col).toArray(Column[]::new));
        List<Row> rows = agg.collectAsList();
        boolean skip = "skip".equals(String.valueOf(q.options.get(Options.ON_BAD_ROW)).toLowerCase(Locale.ROOT));
        if (q.json) printJson(rows, q.groupBy, skip, out);
        else printTable(rows, q.groupBy, skip, out);
        if (q.out != null) writeOut(q, df, spec, argOrder, args, opts);
        out.flush();
    }

    private static Dataset<Row> read(SparkSession spark, Request q) {
        if (!new File(q.path).exists() && !q.path.contains("://")) throw new UsageException(q.path + ": no such file or directory");
        switch (q.format) {
            case "parquet": return spark.read().parquet(q.path);
            case "json": return spark.read().json(q.path);
            default:
                Dataset<Row> df = spark.read().option("header", "true").option("inferSchema", "true").csv(q.path);
                // arrays in CSV cells are written as JSON lists: read the argument columns that hold them as arrays
                for (String c : q.argColumns.values()) {
                    if (!List.of(df.columns()).contains(c)) continue;
                    StructField f = df.schema().apply(c);
                    if (!(f.dataType() instanceof StringType)) continue;
                    Row first = df.select(c).where(functions.col(c).isNotNull()).limit(1).first();
                    DataType t = arrayTypeOf(first.getString(0));
                    if (t == null) throw new UsageException("column " + c + " holds text, not numbers or [..] lists: " + first.getString(0));
                    df = df.withColumn(c, functions.from_json(functions.col(c), t));
                }
                return df;
        }
    }

    /** The array type of a JSON list as text: its nesting depth, integers as bigint, anything else as double. */
    static DataType arrayTypeOf(String s) {
        String t = s.trim();
        int open = 0;
        for (char c : t.toCharArray()) {
            if (c == '[') open++;
            else if (!Character.isWhitespace(c)) break;
        }
        if (open == 0) return null;
        String lower = t.toLowerCase(Locale.ROOT);
        boolean floating = lower.contains(".") || lower.contains("e") || lower.contains("nan") || lower.contains("inf");
        DataType e = floating ? DataTypes.DoubleType : DataTypes.LongType;
        for (int i = 0; i < open; i++) e = new ArrayType(e, true);
        return e;
    }

    private static void printJson(List<Row> rows, List<String> groupBy, boolean skip, PrintStream out) {
        int g = groupBy.size();
        for (Row r : rows) {
            StringBuilder sb = new StringBuilder("{\"group\": {");
            for (int i = 0; i < g; i++) {
                if (i > 0) sb.append(", ");
                sb.append(jsonString(groupBy.get(i))).append(": ").append(jsonValue(r.get(i)));
            }
            sb.append("}, \"rows\": ").append(r.getLong(g)).append(", \"loss\": ").append(number(r.get(g + 1)));
            if (skip) sb.append(", \"skipped\": ").append(r.getLong(g + 2));
            out.println(sb.append('}'));
        }
    }

    private static void printTable(List<Row> rows, List<String> groupBy, boolean skip, PrintStream out) {
        int g = groupBy.size();
        List<String> header = new ArrayList<>(groupBy);
        header.add("rows");
        header.add("loss");
        if (skip) header.add("skipped");
        List<String[]> cells = new ArrayList<>();
        cells.add(header.toArray(new String[0]));
        for (Row r : rows) {
            String[] c = new String[header.size()];
            for (int i = 0; i < g; i++) c[i] = r.isNullAt(i) ? "NULL" : r.get(i) instanceof Double || r.get(i) instanceof Float ? number(r.get(i)) : r.get(i).toString();
            c[g] = Long.toString(r.getLong(g));
            c[g + 1] = number(r.get(g + 1));
            if (skip) c[g + 2] = Long.toString(r.getLong(g + 2));
            cells.add(c);
        }
        int[] w = new int[header.size()];
        for (String[] c : cells) for (int i = 0; i < c.length; i++) w[i] = Math.max(w[i], c[i].length());
        for (String[] c : cells) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < c.length; i++) {
                if (i > 0) sb.append("  ");
                boolean right = i >= g && c != cells.get(0);
                String pad = " ".repeat(w[i] - c[i].length());
                sb.append(right ? pad + c[i] : i == c.length - 1 ? c[i] : c[i] + pad);
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    /** A loss or float in its shortest round-trip form (float32 values as float32). */
    static String number(Object v) {
        if (v == null) return "null";
        if (v instanceof Float) return PyRepr.of((float) (Float) v);
        if (v instanceof Double) return PyRepr.of((double) (Double) v);
        return v.toString();
    }

    private static String jsonValue(Object v) {
        if (v == null) return "null";
        if (v instanceof Boolean) return v.toString();
        if (v instanceof Float || v instanceof Double) return number(v);
        if (v instanceof Number) return v.toString();
        return jsonString(v.toString());
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** --out: the group columns, each row's loss and the gradients of it, as Parquet. */
    private static void writeOut(Request q, Dataset<Row> df, LossSpec spec, List<String> argOrder, Column[] args, String opts) {
        if (new File(q.out).getAbsoluteFile().equals(new File(q.path).getAbsoluteFile())) {
            throw new UsageException("--out " + q.out + " is the input table");
        }
        if (Files.exists(Path.of(q.out))) throw new UsageException("--out " + q.out + " already exists");
        List<Column> sel = new ArrayList<>();
        for (String g : q.groupBy) sel.add(df.col(g));
        sel.add(Losses4jSpark.rowLoss(q.loss, opts, args).as("loss"));
        for (int i = 0; i < argOrder.size(); i++) {
            LossSpec.Arg a = spec.arg(argOrder.get(i));
            DataType t = df.schema().apply(q.argColumns.get(a.name())).dataType();
            if (!a.differentiable() || !floatingLeaf(t)) continue;
            String o = opts.isEmpty() ? "wrt='" + a.name() + "'" : opts + ", wrt='" + a.name() + "'";
            sel.add(Losses4jSpark.rowGrad(q.loss, o, args).as("grad_" + a.name()));
        }
        df.select(sel.toArray(new Column[0])).write().parquet(q.out);
    }

    private static boolean floatingLeaf(DataType t) {
        Values.Leaf l = Values.Leaf.of(ArgKind.leafType(t));
        return l != null && l.floating();
    }
}
