package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.losses4j.Tensor;
import org.losses4j.Warnings;
import org.losses4j.testing.Golden;

/**
 * Every loss fixture under golden/losses/*.json (written by tools/golden/gen_losses_*.py from PyTorch):
 * builds the loss by PyTorch class name and keywords, checks the value, the gradients after backward with
 * the fixture's grad_out, that inputs are untouched, and for error cases the exception type and message.
 */
class LossGoldenTest {

    static List<Path> fixtureFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(LossGoldenTest.class.getResource("/golden/losses").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicNode> matchesTorch() throws Exception {
        List<DynamicNode> files = new ArrayList<>();
        for (Path f : fixtureFiles()) {
            var cases = Golden.loadShared("/golden/losses/" + f.getFileName()).getAsJsonArray();
            List<DynamicNode> tests = new ArrayList<>();
            for (JsonElement c : cases) {
                JsonObject o = c.getAsJsonObject();
                tests.add(DynamicTest.dynamicTest(o.get("name").getAsString(), () -> runCase(o)));
            }
            files.add(DynamicContainer.dynamicContainer(f.getFileName().toString(), tests.stream()));
        }
        assertFalse(files.isEmpty(), "no loss fixtures found");
        return files.stream();
    }

    /** Option values: numbers, booleans, strings, null, or tensor specs. */
    static LossOptions options(JsonObject o) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (o != null) {
            for (var e : o.entrySet()) {
                JsonElement v = e.getValue();
                Object val;
                if (v.isJsonNull()) val = null;
                else if (v.isJsonObject()) val = Golden.tensor(v);
                else if (v.isJsonArray()) {
                    // a list keyword (QuantileLoss's quantiles): Python's list of floats
                    List<Double> list = new ArrayList<>();
                    for (JsonElement e2 : v.getAsJsonArray()) list.add(e2.getAsDouble());
                    val = list;
                }
                else if (v.getAsJsonPrimitive().isBoolean()) val = v.getAsBoolean();
                else if (v.getAsJsonPrimitive().isNumber()) {
                    String s = v.getAsString();
                    val = s.matches("-?\\d+") ? (Object) Long.parseLong(s) : (Object) v.getAsDouble();
                } else val = v.getAsString();
                m.put(e.getKey(), val);
            }
        }
        return new LossOptions(m);
    }

    /**
     * One case, inside a warnings recorder showing every warning: a fixture that lists PyTorch's {@code warnings} (the
     * texts Python recorded while building the loss and calling it) must raise exactly those, in order.
     */
    static void runCase(JsonObject c) {
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            Warnings.simpleFilter(Warnings.Action.ALWAYS);
            boolean computed = runCaseBody(c);
            if (computed && c.has("warnings")) {
                List<String> expected = new ArrayList<>();
                for (JsonElement w : c.getAsJsonArray("warnings")) expected.add(w.getAsString());
                org.junit.jupiter.api.Assertions.assertEquals(expected, rec.messages(), c.get("name").getAsString() + ": warnings");
            }
        }
    }

    /** Runs a case; false for an error case (which raised its error). */
    static boolean runCaseBody(JsonObject c) {
        String name = c.get("name").getAsString();
        JsonObject argsJ = c.getAsJsonObject("args");
        List<String> req = new ArrayList<>();
        if (c.has("requires_grad")) for (JsonElement e : c.getAsJsonArray("requires_grad")) req.add(e.getAsString());
        JsonObject err = c.has("error") && !c.get("error").isJsonNull() ? c.getAsJsonObject("error") : null;
        Loss loss;
        try {
            loss = Losses.create(c.get("loss").getAsString(), options(c.getAsJsonObject("options")));
        } catch (RuntimeException e) {
            if (err != null) { expectError(name, err, e); return false; }
            throw e;
        }
        Map<String, Tensor> args = new LinkedHashMap<>();
        for (var e : argsJ.entrySet()) {
            Tensor t = e.getValue().isJsonNull() ? null : Golden.tensor(e.getValue());
            if (t != null && req.contains(e.getKey())) t.requiresGrad_(true);
            args.put(e.getKey(), t);
        }
        Map<String, Tensor> before = new LinkedHashMap<>();
        args.forEach((k, v) -> { if (v != null) before.put(k, v.detach().contiguousCopy()); });
        Tensor[] ordered = new Tensor[loss.argNames().size()];
        for (int i = 0; i < ordered.length; i++) ordered[i] = args.get(loss.argNames().get(i));
        for (String k : args.keySet()) {
            assertTrue(loss.argNames().contains(k), name + ": fixture argument '" + k + "' is not one of " + loss.argNames());
        }
        Tensor out;
        try {
            out = loss.apply(ordered);
        } catch (RuntimeException e) {
            if (err != null) {
                expectError(name, err, e);
                before.forEach((k, v) -> Golden.assertClose(v, args.get(k).detach(), name + " " + k + " unchanged after error"));
                for (Tensor t : args.values()) if (t != null) assertTrue(t.grad() == null, name + ": no gradient after a failed call");
                return false;
            }
            throw e;
        }
        if (err != null) throw new AssertionError(name + ": expected " + err + " but the loss returned " + out);
        double scale = c.has("tol_scale") ? c.get("tol_scale").getAsDouble() : 1.0;
        Golden.assertClose(Golden.tensor(c.get("out")), out, name + " out", scale);
        before.forEach((k, v) -> Golden.assertClose(v, args.get(k).detach(), name + " " + k + " unchanged"));
        if (c.has("grad_fn") && !c.get("grad_fn").isJsonNull() && out.gradFn() != null) {
            org.junit.jupiter.api.Assertions.assertEquals(c.get("grad_fn").getAsString(), out.gradFn().name(), name + " grad_fn");
        }
        JsonElement go = c.get("grad_out");
        if (go == null || go.isJsonNull() || req.isEmpty()) return true;
        out.backward(Golden.tensor(go));
        JsonObject grads = c.getAsJsonObject("grads");
        for (String k : req) {
            JsonElement g = grads.get(k);
            if (g == null || g.isJsonNull()) {
                Tensor got = args.get(k).grad();
                if (got != null) {
                    for (double v : got.toDoubleArray()) assertTrue(v == 0, name + ": PyTorch gives no gradient for " + k + " but ours is non-zero");
                }
                continue;
            }
            Golden.assertClose(Golden.tensor(g), args.get(k).grad(), name + " grad " + k, scale);
        }
        return true;
    }

    static void expectError(String name, JsonObject err, RuntimeException e) {
        String type = err.get("type").getAsString();
        String msg = err.get("message").getAsString();
        boolean typeOk = type.equals(e.getClass().getSimpleName())
                || (type.equals("IllegalArgumentException") && e instanceof IllegalArgumentException)
                || (type.equals("IndexOutOfBoundsException") && e instanceof IndexOutOfBoundsException);
        if (!typeOk) {
            AssertionError a = new AssertionError(name + ": expected " + type + " but got " + e.getClass().getName() + ": " + e.getMessage());
            a.initCause(e);
            throw a;
        }
        if (e.getMessage() == null || !e.getMessage().contains(msg)) {
            throw new AssertionError(name + ": message '" + e.getMessage() + "' does not contain '" + msg + "'");
        }
    }
}
