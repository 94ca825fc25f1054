package org.losses4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.losses4j.Tensor;
import org.losses4j.io.NpyTensors;
import org.losses4j.testing.Golden;

/**
 * Every PyTorch loss fixture (losses4j-core/src/test/resources/golden/losses) through {@code losses4j eval}'s
 * contract: arguments and tensor options as .npy files, keywords as PyTorch spells them, the value and the
 * gradients read back from the files eval writes; error cases exit 2 with one {@code error:} line.
 */
class EvalFixturesTest {
    static final Path FIXTURES = Path.of("..", "losses4j-core", "src", "test", "resources", "golden", "losses");

    @TempDir Path tmp;

    @TestFactory
    Stream<DynamicNode> everyFixtureThroughEval() throws Exception {
        List<DynamicNode> files = new ArrayList<>();
        List<Path> paths;
        try (Stream<Path> s = Files.list(FIXTURES)) {
            paths = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path f : paths) {
            var cases = Golden.load("/golden/losses/" + f.getFileName()).getAsJsonArray();
            List<DynamicNode> tests = new ArrayList<>();
            for (JsonElement c : cases) {
                JsonObject o = c.getAsJsonObject();
                tests.add(DynamicTest.dynamicTest(o.get("name").getAsString(), () -> runCase(o)));
            }
            files.add(DynamicContainer.dynamicContainer(f.getFileName().toString(), tests.stream()));
        }
        assertFalse(files.isEmpty());
        return files.stream();
    }

    static String optionValue(JsonElement v) {
        if (v.isJsonNull()) return "None";
        if (v.isJsonArray()) {
            // a list keyword (quantiles) as the command line takes it: 0.1,0.5,0.9
            List<String> items = new ArrayList<>();
            for (JsonElement e : v.getAsJsonArray()) items.add(e.getAsString());
            return String.join(",", items);
        }
        JsonElement p = v;
        if (p.getAsJsonPrimitive().isBoolean()) return p.getAsBoolean() ? "true" : "false";
        return p.getAsString();
    }

    /** The eval command line for a fixture case, writing its .npy files under {@code dir} and outputs to dir/out. */
    static List<String> evalArgs(JsonObject c, Path dir) throws java.io.IOException {
        Files.createDirectories(dir);
        List<String> argv = new ArrayList<>(List.of("eval", c.get("loss").getAsString()));
        if (c.has("options")) {
            for (var e : c.getAsJsonObject("options").entrySet()) {
                argv.add("--" + e.getKey());
                if (e.getValue().isJsonObject()) {
                    Path p = dir.resolve("opt_" + e.getKey() + ".npy");
                    NpyTensors.write(p, Golden.tensor(e.getValue()));
                    argv.add(p.toString());
                } else {
                    argv.add(optionValue(e.getValue()));
                }
            }
        }
        for (var e : c.getAsJsonObject("args").entrySet()) {
            if (e.getValue().isJsonNull()) continue;
            Path p = dir.resolve("arg_" + e.getKey() + ".npy");
            NpyTensors.write(p, Golden.tensor(e.getValue()));
            argv.add("--" + e.getKey());
            argv.add(p.toString());
        }
        JsonElement go = c.get("grad_out");
        if (go != null && !go.isJsonNull()) {
            Path p = dir.resolve("grad_out.npy");
            NpyTensors.write(p, Golden.tensor(go));
            argv.add("--grad-output");
            argv.add(p.toString());
        }
        argv.add("--out");
        argv.add(dir.resolve("out").toString());
        return argv;
    }

    /** Compares eval's loss.npy and grad_<ARG>.npy in {@code out} with the fixture. */
    static void checkOutputs(JsonObject c, Path out) throws java.io.IOException {
        String name = c.get("name").getAsString();
        double scale = c.has("tol_scale") ? c.get("tol_scale").getAsDouble() : 1.0;
        Tensor loss = NpyTensors.read(out.resolve("loss.npy"));
        Golden.assertClose(Golden.tensor(c.get("out")), loss, name + " loss.npy", scale);
        JsonElement go = c.get("grad_out");
        if (go == null || go.isJsonNull() || !c.has("grads")) return;
        JsonObject grads = c.getAsJsonObject("grads");
        for (var e : grads.entrySet()) {
            if (e.getValue().isJsonNull()) continue;
            Path g = out.resolve("grad_" + e.getKey() + ".npy");
            assertTrue(Files.exists(g), name + ": eval wrote no " + g.getFileName());
            Golden.assertClose(Golden.tensor(e.getValue()), NpyTensors.read(g), name + " " + g.getFileName(), scale);
        }
    }

    void runCase(JsonObject c) throws Exception {
        String name = c.get("name").getAsString();
        Path dir = tmp.resolve(name);
        List<String> argv = evalArgs(c, dir);
        StringWriter so = new StringWriter(), se = new StringWriter();
        int rc = Main.run(argv.toArray(String[]::new), new PrintWriter(so), new PrintWriter(se));
        if (c.has("error") && !c.get("error").isJsonNull()) {
            assertEquals(2, rc, name + ": exit status; stderr: " + se);
            String err = se.toString();
            assertTrue(err.startsWith("error: ") && err.strip().lines().count() == 1, name + ": one error line, got: " + err);
            String msg = c.getAsJsonObject("error").get("message").getAsString();
            assertTrue(err.contains(msg.replace("\n", " ")), name + ": '" + err.strip() + "' should contain '" + msg + "'");
            return;
        }
        assertEquals(0, rc, name + ": exit status; stderr: " + se);
        checkOutputs(c, dir.resolve("out"));
    }
}
