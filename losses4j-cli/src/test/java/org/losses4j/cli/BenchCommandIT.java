package org.losses4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench} through the shaded jar: the JSON line's contract, --scalar's child JVM, --only, the sweep's plot. No timing asserted. */
class BenchCommandIT {
    record Run(int rc, String out, String err) {}

    static final Pattern LINE = Pattern.compile(
            "\\{\"name\": \"cross_entropy_64x10\", \"threads\": 1, \"median_ms\": [0-9.e+-]+, \"alloc_bytes_per_step\": [0-9]+, \"provider\": \"(panama|scalar)\".*\\}");

    @TempDir Path tmp;

    static Run run(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("losses4j.jar", "target/losses4j.jar"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the command should finish");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void jsonLineHasTheContractKeysInOrder() throws Exception {
        Run r = run("bench", "--only", "cross_entropy_64x10", "--threads", "1", "--seconds", "0.05", "--json");
        assertEquals(0, r.rc, r.err);
        String line = r.out.strip();
        var m = LINE.matcher(line);
        assertTrue(m.matches(), line);
        assertEquals("panama", m.group(1), "the jar runs with the Vector API module: " + line);
    }

    @Test
    void scalarRunsInAChildJvmWithScalarKernels() throws Exception {
        Run r = run("bench", "--only", "cross_entropy_64x10", "--threads", "1", "--seconds", "0.05", "--json", "--scalar");
        assertEquals(0, r.rc, r.err);
        var m = LINE.matcher(r.out.strip());
        assertTrue(m.matches(), r.out);
        assertEquals("scalar", m.group(1));
    }

    @Test
    void severalWorkloadsRunOneChildJvmEachAndInProcessOnRequest() throws Exception {
        // "ctc" selects ctc_T50_N16_C20_S30 and ctc_T400_N32_C80_S100: one child JVM per workload, JSON copied in order
        Run r = run("bench", "--only", "ctc", "--threads", "1", "--seconds", "0.05", "--json");
        assertEquals(0, r.rc, r.err);
        String[] lines = r.out.strip().split("\\R");
        assertEquals(2, lines.length, r.out);
        Pattern any = Pattern.compile("\\{\"name\": \"ctc_[A-Z0-9_]+\", \"threads\": 1, \"median_ms\": [0-9.e+-]+, \"alloc_bytes_per_step\": [0-9]+, \"provider\": \"panama\".*\\}");
        for (String l : lines) assertTrue(any.matcher(l).matches(), l);
        assertTrue(lines[0].contains("\"name\": \"ctc_T50_N16_C20_S30\"") && lines[1].contains("\"name\": \"ctc_T400_N32_C80_S100\""), r.out);
        // the table from the children's JSON
        Run t = run("bench", "--only", "ctc", "--threads", "1", "--seconds", "0.05");
        assertEquals(0, t.rc, t.err);
        assertTrue(t.out.contains("ctc_T50_N16_C20_S30") && t.out.contains("ctc_T400_N32_C80_S100") && t.out.contains("yes"), t.out);
        Run in = run("bench", "--only", "ctc", "--threads", "1", "--seconds", "0.05", "--json", "--in-process");
        assertEquals(0, in.rc, in.err);
        assertEquals(2, in.out.strip().split("\\R").length, in.out);
    }

    @Test
    void tableAndUnknownWorkload() throws Exception {
        Run t = run("bench", "--only", "cross_entropy_64x10", "--threads", "1", "--seconds", "0.05");
        assertEquals(0, t.rc, t.err);
        assertTrue(t.out.contains("median ms") && t.out.contains("cross_entropy_64x10"), t.out);
        Run bad = run("bench", "--only", "no_such_workload", "--seconds", "0.05");
        assertEquals(2, bad.rc);
        String err = bad.err.replace("WARNING: Using incubator modules: jdk.incubator.vector", "").strip(); // the JVM's own notice
        assertTrue(err.startsWith("error: no workload matches"), bad.err);
    }

    @Test
    void sweepWritesAPlot() throws Exception {
        Path png = tmp.resolve("sweep.png");
        Run r = run("bench", "--sweep", "--threads", "2", "--seconds", "0.02", "--sweep-step", "7", "--out", png.toString());
        assertEquals(0, r.rc, r.err);
        assertTrue(Files.size(png) > 1000, "plot written");
        assertTrue(r.out.contains("CrossEntropyLoss") && r.out.contains("MSELoss"), r.out);
    }
}
