package org.losses4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real distributed run: a Spark standalone master and two workers on 127.0.0.1, each in its own JVM started as the
 * distribution's scripts start them ({@code org.apache.spark.deploy.master.Master},
 * {@code org.apache.spark.deploy.worker.Worker}, with a SPARK_HOME whose {@code jars/} holds the class path), run the
 * aggregates of several fixture tables on executors in two more JVMs, and get the same bits as local mode.
 */
class StandaloneClusterIT {
    @TempDir static Path dir;
    static final List<Process> processes = new ArrayList<>();

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    static Process launch(String name, List<String> mainAndArgs, Path sparkHome) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(System.getProperty("losses4j.spark.opens", "").trim().split("\\s+")));
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_LOCAL_HOSTNAME", "localhost");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    static String log(String name) throws IOException {
        Path p = dir.resolve(name + ".log");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    static void await(String name, String text, int times, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            String l = log(name);
            int n = 0;
            for (int i = l.indexOf(text); i >= 0; i = l.indexOf(text, i + 1)) n++;
            if (n >= times) return;
            Thread.sleep(250);
        }
        throw new AssertionError(name + " did not log '" + text + "' " + times + " time(s) within " + seconds + " s:\n" + log(name));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (Process p : processes) assertTrue(!p.isAlive(), "a Spark JVM is still running");
    }

    /** Every group's loss of some fixture tables, by table, options and group, shuffled into 3 and 17 partitions. */
    static Map<String, Long> results(SparkSession spark, JsonObject fixture) {
        Losses4jSpark.register(spark);
        Map<String, Long> r = new LinkedHashMap<>();
        for (JsonElement e : fixture.getAsJsonArray("tables")) {
            JsonObject t = e.getAsJsonObject();
            String name = t.get("name").getAsString();
            if (!List.of("ce_f32", "ctc_float32", "kldiv_float64", "triplet_float32", "nll_f32").contains(name)) continue;
            Dataset<Row> df = SparkTestSupport.frame(spark, t);
            List<Column> cols = new ArrayList<>();
            for (JsonElement a : t.getAsJsonArray("args")) cols.add(functions.col(a.getAsString()));
            for (JsonElement c : t.getAsJsonArray("cases")) {
                String opts = c.getAsJsonObject().get("options").getAsString();
                for (int parts : new int[] {3, 17}) {
                    Dataset<Row> d = df.orderBy(functions.rand(parts)).repartition(parts);
                    for (Row row : d.groupBy("g").agg(Losses4jSpark.loss(t.get("loss").getAsString(), opts, cols.toArray(new Column[0])))
                            .collectAsList()) {
                        r.put(name + " [" + opts + "] " + row.getString(0) + " /" + parts, Double.doubleToRawLongBits(((Number) row.get(1)).doubleValue()));
                    }
                }
            }
        }
        return r;
    }

    @Test
    void aStandaloneClusterOfTwoWorkersGivesTheBitsOfLocalMode() throws Exception {
        // Spark 4.1 supports Java 17 and 21; on Java 25 its standalone executors exit with status 1 at start-up (local
        // mode, which the other tests use, runs), so the cluster is only started on the Java versions Spark supports
        Assumptions.assumeTrue(Runtime.version().feature() <= 21,
                "Spark 4.1's standalone executors do not start on Java " + Runtime.version().feature());
        // a SPARK_HOME laid out as the distribution's: jars/ with every jar of the class path
        Path home = Files.createDirectories(dir.resolve("spark-home"));
        Path jars = Files.createDirectories(home.resolve("jars"));
        List<String> dirs = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File f = new File(entry);
            if (f.isFile() && entry.endsWith(".jar")) {
                Path link = jars.resolve(f.getName());
                if (!Files.exists(link)) Files.createSymbolicLink(link, f.toPath().toAbsolutePath());
            } else if (f.isDirectory()) {
                dirs.add(f.getAbsolutePath());
            }
        }
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        launch("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port",
                Integer.toString(freePort())), home);
        await("master", "Starting Spark master at", 1, 120);
        for (int w = 1; w <= 2; w++) {
            Path work = Files.createDirectories(dir.resolve("work" + w));
            launch("worker" + w, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1", "--memory", "700m",
                    "--webui-port", Integer.toString(freePort()), "--work-dir", work.toString(), master), home);
        }
        await("master", "Registering worker", 2, 120);
        JsonObject fixture = SparkTestSupport.fixture();
        Map<String, Long> cluster;
        SparkSession spark = SparkSession.builder().master(master).appName("losses4j-spark cluster test")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.executor.memory", "512m")
                .config("spark.cores.max", "2")
                .config("spark.executor.extraClassPath", String.join(File.pathSeparator, dirs))
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        try {
            spark.sparkContext().setLogLevel("ERROR");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (spark.sparkContext().statusTracker().getExecutorInfos().length < 3 && System.nanoTime() < end) Thread.sleep(250);
            assertEquals(3, spark.sparkContext().statusTracker().getExecutorInfos().length, "the driver and two executors:\n" + log("worker1"));
            cluster = results(spark, fixture);
        } finally {
            spark.stop();
        }
        SparkSession local = SparkTestSupport.localSession("local[2]");
        Map<String, Long> inLocal;
        try {
            inLocal = results(local, fixture);
        } finally {
            local.stop();
        }
        assertTrue(cluster.size() > 30, "results: " + cluster.size());
        assertEquals(inLocal, cluster);
    }
}
