package org.losses4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code losses4j spark-bench}: the group aggregate against Spark MLlib's evaluator and hand-written SQL on one
 * table of R rows of C-class predictions (cached in memory first), at each master given, as rows per second (median
 * of the repeats). A benchmark, not a test.
 *
 * <ul>
 *   <li>cross entropy of float32 logits: {@code losses4j_loss('CrossEntropyLoss', '', logits, label)} against SQL's
 *       {@code avg(log(aggregate(logits, 0D, (s, x) -> s + exp(x))) - element_at(logits, label + 1))};</li>
 *   <li>log loss of probabilities: {@code losses4j_loss('NLLLoss', '', transform(p, x -> ln(x)), label)} against
 *       {@code MulticlassClassificationEvaluator(metricName="logLoss")} on the probabilities as an ML vector and against
 *       SQL's {@code avg(-ln(element_at(p, label + 1)))}; and NLLLoss on the log-probabilities cached beside the
 *       probabilities, which reads as many values per row as the evaluator does.</li>
 * </ul>
 *
 * <p>Usage: {@code spark-bench [--rows 1000000] [--classes 100] [--masters local[1],local[2]] [--repeat 3]}.
 */
public final class SparkBench {
    private SparkBench() {}

    /**
     * Runs the benchmark and prints one line per measurement.
     *
     * @param args {@code --rows N --classes C --masters M1,M2 --repeat K}
     */
    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) System.setProperty("log4j2.configurationFile", "org/losses4j/spark/log4j2-quiet.properties");
        long rows = 1_000_000;
        int classes = 100, repeat = 3;
        List<String> masters = List.of("local[1]", "local[2]");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rows": rows = Long.parseLong(args[i + 1]); break;
                case "--classes": classes = Integer.parseInt(args[i + 1]); break;
                case "--repeat": repeat = Integer.parseInt(args[i + 1]); break;
                case "--masters": masters = Arrays.asList(args[i + 1].split(",")); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "%d rows x %d classes, median of %d runs; Java %s, %d cores%n", rows, classes, repeat,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-9s %-46s %12s %10s  %s%n", "master", "what", "rows/s", "seconds", "value");
        for (String master : masters) run(master, rows, classes, repeat);
    }

    private static void run(String master, long rows, int classes, int repeat) {
        SparkSession spark = SparkSession.builder().master(master).appName("losses4j spark-bench").config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            Losses4jSpark.register(spark);
            int parts = spark.sparkContext().defaultParallelism() * 2;
            // deterministic pseudo-random logits (normal, sd 1.5), a label, the softmax probabilities (array and ML vector)
            final int c = classes;
            StructType schema = new StructType().add("logits", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                    .add("label", DataTypes.IntegerType, false).add("p", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
            Dataset<Row> df = spark.range(0, rows, 1, parts).mapPartitions((MapPartitionsFunction<Long, Row>) ids -> {
                List<Row> out = new ArrayList<>();
                while (ids.hasNext()) {
                    long id = ids.next();
                    SplittableRandom r = new SplittableRandom(id * 0x9E3779B97F4A7C15L);
                    float[] z = new float[c];
                    double[] p = new double[c];
                    double sum = 0;
                    for (int k = 0; k < c; k++) {
                        z[k] = (float) (1.5 * gaussian(r));
                        p[k] = Math.exp(z[k]);
                        sum += p[k];
                    }
                    for (int k = 0; k < c; k++) p[k] /= sum;
                    out.add(RowFactory.create(z, r.nextInt(c), p));
                }
                return out.iterator();
            }, Encoders.row(schema))
                    .withColumn("dlabel", functions.col("label").cast("double"))
                    .withColumn("probability", org.apache.spark.ml.functions.array_to_vector(functions.col("p")))
                    .withColumn("prediction", functions.col("dlabel"))
                    .withColumn("logp", functions.expr("transform(p, x -> ln(x))"))
                    .cache();
            df.count();
            df.createOrReplaceTempView("bench");
            measure(master, "losses4j CrossEntropyLoss (float32 logits)", rows, repeat,
                    () -> ((Number) spark.sql("SELECT losses4j_loss('CrossEntropyLoss', '', logits, label) FROM bench").first().get(0)).doubleValue());
            measure(master, "SQL cross entropy (logits)", rows, repeat,
                    () -> spark.sql("SELECT avg(ln(aggregate(logits, 0D, (s, x) -> s + exp(x))) - element_at(logits, label + 1)) FROM bench")
                            .first().getDouble(0));
            measure(master, "losses4j NLLLoss on ln(probabilities)", rows, repeat,
                    () -> ((Number) spark.sql("SELECT losses4j_loss('NLLLoss', '', transform(p, x -> ln(x)), label) FROM bench").first().get(0))
                            .doubleValue());
            measure(master, "losses4j NLLLoss (cached log-probabilities)", rows, repeat,
                    () -> ((Number) spark.sql("SELECT losses4j_loss('NLLLoss', '', logp, label) FROM bench").first().get(0)).doubleValue());
            MulticlassClassificationEvaluator mllib = new MulticlassClassificationEvaluator().setMetricName("logLoss").setLabelCol("dlabel")
                    .setProbabilityCol("probability").setPredictionCol("prediction");
            measure(master, "MLlib evaluator logLoss (probabilities)", rows, repeat, () -> mllib.evaluate(df));
            measure(master, "SQL log loss (probabilities)", rows, repeat,
                    () -> spark.sql("SELECT avg(-ln(element_at(p, label + 1))) FROM bench").first().getDouble(0));
            df.unpersist();
        } finally {
            spark.stop();
        }
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    private static void measure(String master, String what, long rows, int repeat, Supplier<Double> run) {
        run.get();   // warm up
        List<Double> secs = new ArrayList<>();
        double value = 0;
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            value = run.get();
            secs.add((System.nanoTime() - t0) / 1e9);
        }
        secs.sort(null);
        double median = secs.get(secs.size() / 2);
        System.out.printf(Locale.ROOT, "%-9s %-46s %12.0f %10.3f  %s%n", master, what, rows / median, median, PyRepr.of(value));
        System.out.flush();
    }
}
