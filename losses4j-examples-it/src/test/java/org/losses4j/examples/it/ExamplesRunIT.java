package org.losses4j.examples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What examples/ printed when the invoker plugin built it against this build's jars (target/it/examples/build.log):
 * four runs, on the class path and on the module path, each with the scalar and with the Vector API kernels, and
 * each printing what PyTorch prints for the README's two examples (readme-examples-pytorch.txt, written by
 * tools/golden/gen_readme_examples.py with PyTorch 1.13).
 */
class ExamplesRunIT {
    static final Pattern EXEC = Pattern.compile("--- (?:exec|exec-maven-plugin):[^:\\s]+:exec \\(([^)]+)\\) @ ");
    static final Pattern NEXT_STEP = Pattern.compile("^\\[(?:INFO|WARNING|ERROR)\\] (?:--- |BUILD |-{20,})");

    /** The output of each exec-maven-plugin execution, by execution id, in the order they ran. */
    static Map<String, List<String>> runs() throws IOException {
        Path log = Path.of(System.getProperty("losses4j.examples.log"));
        assertTrue(Files.isRegularFile(log), log + " should exist: the invoker plugin runs examples/ before this test");
        Map<String, List<String>> runs = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = EXEC.matcher(line);
            if (m.find()) {
                current = new ArrayList<>();
                runs.put(m.group(1), current);
            } else if (NEXT_STEP.matcher(line).find()) {
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return runs;
    }

    static List<String> pytorch() throws IOException {
        try (InputStream in = ExamplesRunIT.class.getResourceAsStream("/readme-examples-pytorch.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return List.of(text.split("\n"));
        }
    }

    /** {@code expected} appears in {@code output} in order (other lines, such as the JVM's warnings on stderr, may come between). */
    static void assertPrintsInOrder(List<String> expected, List<String> output, String run) {
        int at = 0;
        for (String e : expected) {
            while (at < output.size() && !output.get(at).equals(e)) at++;
            if (at == output.size()) fail(run + ": expected the line\n" + e + "\nin order in:\n" + String.join("\n", output));
            at++;
        }
    }

    static String line(List<String> output, String prefix, String run) {
        List<String> found = output.stream().filter(l -> l.startsWith(prefix)).toList();
        assertEquals(1, found.size(), run + ": one line starting '" + prefix + "' in " + output);
        return found.get(0);
    }

    @Test
    void theFourRunsPrintPyTorchsNumbers() throws IOException {
        Map<String, List<String>> runs = runs();
        assertEquals(List.of("class-path-scalar", "class-path-vector-api", "module-path-scalar", "module-path-vector-api"),
                List.copyOf(runs.keySet()));
        List<String> pytorch = pytorch();
        assertEquals(10, pytorch.size(), pytorch.toString());
        for (Map.Entry<String, List<String>> run : runs.entrySet()) {
            String id = run.getKey();
            List<String> out = run.getValue();
            String kernels = id.endsWith("-vector-api") ? "panama" : "scalar";
            assertTrue(line(out, "kernels: ", id).startsWith("kernels: " + kernels + " ("), id + ": " + out);
            String running = id.startsWith("module-path") ? "running: module org.losses4j.examples" : "running: on the class path";
            assertEquals(running, line(out, "running: ", id));
            assertPrintsInOrder(pytorch, out, id);
        }
    }

    /** Without --add-modules, the class path run says why the scalar kernels run. */
    @Test
    void theScalarRunOnTheClassPathSaysWhy() throws IOException {
        String kernels = line(runs().get("class-path-scalar"), "kernels: ", "class-path-scalar");
        assertTrue(kernels.contains("jdk.incubator.vector"), kernels);
    }
}
