package org.losses4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.losses4j.Losses4j;
import org.losses4j.nn.CrossEntropyLoss;
import org.losses4j.nn.LossSpec;
import org.losses4j.nn.MSELoss;
import org.losses4j.bench.BenchResult;
import org.losses4j.bench.BenchRunner;
import org.losses4j.bench.Workload;
import org.losses4j.bench.Workloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: times the benchmark workloads (one step = clear the gradients, forward, backward) and prints a table, or
 * one JSON line per workload with {@code --json}; {@code --sweep} times CrossEntropyLoss and MSELoss over sizes and
 * plots ns/element.
 *
 * <p>{@code --scalar}: the kernel provider is chosen once per JVM (from {@code -Dlosses4j.simd}), so this command
 * starts a child JVM on the same class path with the same JVM options plus {@code -Dlosses4j.simd=false} and
 * {@code --add-modules jdk.incubator.vector} (so only the property makes it scalar), passes the other options on and
 * copies its output. A JVM already started with {@code -Dlosses4j.simd=false} runs in place.
 *
 * <p>One JVM per workload (as JMH forks): when more than one workload is selected, each runs in a fresh child JVM
 * with the same JVM options ({@code --in-process} runs them all here). In one JVM the compiled code of the shared
 * kernels and loops carries the profiles of the workloads before it: measured in one JVM after 17 others,
 * multilabel_soft_margin_4096x100 took 4.3-5.7 ms per step for seconds before it settled at 0.6-0.9 ms (in about
 * half of the runs), and an in-place zero_grad of 16 MB took 1.2 ms instead of 0.2 ms until Tensor.fill_ stopped
 * depending on Arrays.fill's profile. A fresh JVM per workload measures each workload as a program that runs it.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times the benchmark workloads and prints, for each, the median, 10th and 90th percentile milliseconds per step "
                + "(a step zeroes the gradients, then runs forward and backward), the bytes allocated per step and the kernel provider.",
                "",
                "A step may allocate at most 1.25 times its gradients' bytes plus 64 KiB; the table marks a workload over that budget. "
                        + "Each workload runs in a JVM of its own when several are selected. --scalar runs the command again in a child "
                        + "JVM with -Dlosses4j.simd=false, because the kernel provider is chosen once per JVM.",
                "",
                "--sweep times CrossEntropyLoss and MSELoss from 2^10 to 2^24 elements at 1 and N threads and plots nanoseconds per "
                        + "element on log axes."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:Success.", "1:An internal failure.", "2:Bad input."})
final class BenchCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--threads", paramLabel = "N", description = "Threads to run on (Losses4j.setNumThreads); the default is the number of processors, ${DEFAULT-VALUE}.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--only", paramLabel = "SUBSTRING", description = "Only the workloads whose name contains this; an exact name selects just that workload.")
    String only;

    @Option(names = "--seconds", paramLabel = "S", description = "Seconds of measurement per workload after the warm-up; the default is ${DEFAULT-VALUE}.")
    double seconds = 1.0;

    @Option(names = "--scalar", description = "Forces the scalar kernels, in a child JVM started with -Dlosses4j.simd=false.")
    boolean scalar;

    @Option(names = "--json", description = "Prints one JSON object per workload and line, with the keys name, threads, median_ms, alloc_bytes_per_step, provider and more.")
    boolean json;

    @Option(names = "--in-process", description = "Runs every selected workload in this JVM, instead of one child JVM per workload.")
    boolean inProcess;

    @Option(names = "--sweep", description = "Times CrossEntropyLoss (rows of 1000 classes) and MSELoss over 2^10 to 2^24 elements at 1 and N threads, and plots nanoseconds per element.")
    boolean sweep;

    @Option(names = "--out", paramLabel = "FILE.png", description = "Where --sweep writes its plot, a .png or .svg file; the default is ${DEFAULT-VALUE}.")
    Path plotFile = Path.of("bench-sweep.png");

    @Option(names = "--sweep-step", paramLabel = "K", description = "--sweep takes every K-th power of two; the default is ${DEFAULT-VALUE}, and 1 takes all 15 sizes.")
    int sweepStep = 2;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (threads < 1) throw new Main.BadInput("--threads must be at least 1, got " + threads);
        if (!(seconds > 0)) throw new Main.BadInput("--seconds must be positive, got " + seconds);
        if (sweepStep < 1) throw new Main.BadInput("--sweep-step must be at least 1, got " + sweepStep);
        if (sweep) {
            String name = plotFile.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".png") && !name.endsWith(".svg")) throw new Main.BadInput("--out must end in .png or .svg, got " + plotFile);
            Main.requireWritableFile("--out", plotFile);
        }
        if (scalar && !scalarForced()) return relaunchScalar(out);
        if (scalar && !"scalar".equals(Losses4j.provider())) {
            throw new IllegalStateException("--scalar asked for scalar kernels but the provider is " + Losses4j.provider());
        }
        return sweep ? sweep(out) : workloads(out);
    }

    // ------------------------------------------------------------------ the workloads

    private int workloads(PrintWriter out) throws IOException, InterruptedException {
        List<Workload> ws = Workloads.select(only);
        if (ws.isEmpty()) throw new Main.BadInput("no workload matches --only " + only + "; known: " + String.join(", ", Workloads.names()));
        if (!json) {
            out.printf(Locale.ROOT, "losses4j bench: provider %s (%s), %d thread(s), %.3g s per workload, Java %s%n", Losses4j.provider(),
                    Losses4j.providerReason(), threads, seconds, System.getProperty("java.version"));
            out.printf(Locale.ROOT, "%-32s %7s %11s %11s %11s %14s %14s %5s%n", "workload", "threads", "median ms", "p10 ms", "p90 ms",
                    "alloc B/step", "budget B", "ok");
            out.flush();
        }
        int over = 0;
        boolean fork = !inProcess && ws.size() > 1;
        for (Workload w : ws) {
            if (fork) {
                String line = forkOne(w.name());
                if (json) {
                    out.println(line);
                } else {
                    long alloc = jsonLong(line, "alloc_bytes_per_step"), budget = jsonLong(line, "alloc_budget");
                    boolean ok = alloc <= budget;
                    if (!ok) over++;
                    out.printf(Locale.ROOT, "%-32s %7d %11.4f %11.4f %11.4f %14d %14d %5s%n", w.name(), threads, jsonDouble(line, "median_ms"),
                            jsonDouble(line, "p10_ms"), jsonDouble(line, "p90_ms"), alloc, budget, ok ? "yes" : "OVER");
                }
                out.flush();
                continue;
            }
            BenchResult r = BenchRunner.run(w, threads, seconds);
            if (json) {
                out.println(r.toJson());
            } else {
                boolean ok = r.allocBytesPerStep() <= r.allocBudget();
                if (!ok) over++;
                out.printf(Locale.ROOT, "%-32s %7d %11.4f %11.4f %11.4f %14d %14d %5s%n", r.name(), r.threads(), r.medianMs(), r.p10Ms(),
                        r.p90Ms(), r.allocBytesPerStep(), r.allocBudget(), ok ? "yes" : "OVER");
            }
            out.flush();
        }
        if (!json && over > 0) out.printf(Locale.ROOT, "%d workload(s) allocate more than their budget%n", over);
        out.flush();
        return 0;
    }

    // ------------------------------------------------------------------ the sweep

    static final int CE_CLASSES = 1000;

    private int sweep(PrintWriter out) throws IOException {
        List<Integer> threadCounts = threads == 1 ? List.of(1) : List.of(1, threads);
        Map<String, double[][]> series = new LinkedHashMap<>();
        out.printf(Locale.ROOT, "losses4j bench --sweep: provider %s, %.3g s per point%n", Losses4j.provider(), seconds);
        out.printf(Locale.ROOT, "%-16s %7s %12s %11s %11s %14s%n", "loss", "threads", "elements", "median ms", "ns/elem", "alloc B/step");
        out.flush();
        for (LossSpec loss : List.of(CrossEntropyLoss.SPEC, MSELoss.SPEC)) {
            for (int t : threadCounts) {
                List<double[]> pts = new ArrayList<>();
                for (int k = 10; k <= 24; k += sweepStep) {
                    Workload w = sweepWorkload(loss, k);
                    BenchResult r = BenchRunner.run(w, t, seconds);
                    pts.add(new double[] {r.elements(), r.nsPerElement()});
                    out.printf(Locale.ROOT, "%-16s %7d %12d %11.4f %11.4f %14d%n", loss.name(), t, r.elements(), r.medianMs(), r.nsPerElement(),
                            r.allocBytesPerStep());
                    out.flush();
                }
                double[][] xy = new double[2][pts.size()];
                for (int i = 0; i < pts.size(); i++) {
                    xy[0][i] = pts.get(i)[0];
                    xy[1][i] = pts.get(i)[1];
                }
                series.put(loss.name() + ", " + t + (t == 1 ? " thread" : " threads"), xy);
            }
        }
        Charts.line(series, "elements (log scale)", "ns per element (log scale)",
                "losses4j step time per element (" + Losses4j.provider() + ")", 900, 600, true, true, plotFile);
        out.println("plot: " + plotFile);
        out.flush();
        return 0;
    }

    /** CrossEntropyLoss: round(2^k / 1000) rows (at least 1) x 1000 classes; MSELoss: 2^k elements. */
    static Workload sweepWorkload(LossSpec loss, int log2) {
        int n = 1 << log2;
        if (loss == MSELoss.SPEC) return Workloads.mse(n);
        int rows = Math.max(1, Math.round(n / (float) CE_CLASSES));
        return Workloads.crossEntropy(rows, CE_CLASSES);
    }

    // ------------------------------------------------------------------ one JVM per workload

    /** Runs one workload (exact name) in a child JVM with this JVM's options; returns its JSON line. */
    private String forkOne(String name) throws IOException, InterruptedException {
        List<String> cmd = javaCommand(null);
        cmd.add("bench");
        cmd.addAll(List.of("--threads", Integer.toString(threads), "--only", name, "--seconds", Double.toString(seconds), "--json",
                "--in-process"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        String found = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("{") && line.contains("\"name\": \"" + name + "\"")) found = line;
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || found == null) throw new IllegalStateException("the child JVM for workload " + name + " failed (exit code " + rc + ")");
        return found;
    }

    private static String jsonField(String json, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\": ([^,}]+)").matcher(json);
        if (!m.find()) throw new IllegalStateException("no " + key + " in " + json);
        return m.group(1).trim();
    }

    private static double jsonDouble(String json, String key) {
        String v = jsonField(json, key);
        return v.equals("null") ? Double.NaN : Double.parseDouble(v);
    }

    private static long jsonLong(String json, String key) { return Long.parseLong(jsonField(json, key)); }

    /** java, this JVM's options (without -Dlosses4j.simd when simd is given, and without a debugger agent), the class path, Main. */
    private static List<String> javaCommand(String simd) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        boolean hasVector = false;
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (simd != null && a.startsWith("-Dlosses4j.simd=") || a.startsWith("-agentlib:jdwp")) continue;
            if (a.contains("jdk.incubator.vector")) hasVector = true;
            cmd.add(a);
        }
        if (!hasVector) {
            cmd.add("--add-modules");
            cmd.add("jdk.incubator.vector");
        }
        if (simd != null) cmd.add("-Dlosses4j.simd=" + simd);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        return cmd;
    }

    // ------------------------------------------------------------------ --scalar

    private static boolean scalarForced() {
        return "false".equalsIgnoreCase(System.getProperty("losses4j.simd", "true").trim());
    }

    /** The same command in a child JVM with -Dlosses4j.simd=false; its stdout is copied, its stderr inherited. */
    private int relaunchScalar(PrintWriter out) throws IOException, InterruptedException {
        List<String> cmd = javaCommand("false");
        cmd.add("bench");
        cmd.addAll(forwardedArgs());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.println(line);
                out.flush();
            }
        }
        return p.waitFor();
    }

    /** This command's options for the child, without --scalar. */
    private List<String> forwardedArgs() {
        List<String> a = new ArrayList<>();
        a.add("--threads");
        a.add(Integer.toString(threads));
        if (only != null) {
            a.add("--only");
            a.add(only);
        }
        a.add("--seconds");
        a.add(Double.toString(seconds));
        if (json) a.add("--json");
        if (inProcess) a.add("--in-process");
        if (sweep) {
            a.add("--sweep");
            a.add("--out");
            a.add(plotFile.toAbsolutePath().toString());
            a.add("--sweep-step");
            a.add(Integer.toString(sweepStep));
        }
        return a;
    }
}
