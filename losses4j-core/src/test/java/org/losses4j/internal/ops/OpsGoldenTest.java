package org.losses4j.internal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.losses4j.Tensor;
import org.losses4j.testing.Golden;

/** Every op's values and gradients against PyTorch 1.13 fixtures (tools/golden/gen_ops.py). */
class OpsGoldenTest {

    @TestFactory
    Stream<DynamicTest> matchesTorch() {
        var cases = Golden.loadShared("/golden/ops.json").getAsJsonArray();
        assertTrue(cases.size() >= 300, "expected the full fixture set, got " + cases.size());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement c : cases) {
            JsonObject o = c.getAsJsonObject();
            tests.add(DynamicTest.dynamicTest(o.get("name").getAsString(), () -> runCase(o)));
        }
        return tests.stream();
    }

    static void runCase(JsonObject c) {
        String name = c.get("name").getAsString();
        List<Tensor> args = new ArrayList<>();
        for (JsonElement a : c.getAsJsonArray("args")) {
            Tensor t = Golden.tensor(a);
            if (t.dtype().isFloatingPoint()) t.requiresGrad_(true);
            args.add(t);
        }
        List<Tensor> before = new ArrayList<>();
        for (Tensor t : args) before.add(t.detach().contiguousCopy());
        JsonObject kw = c.has("kwargs") ? c.getAsJsonObject("kwargs") : new JsonObject();
        Tensor[] outs = OpCall.call(c.get("op").getAsString(), args, kw);
        JsonElement expOut = c.get("out");
        if (expOut.isJsonArray()) {
            for (int i = 0; i < outs.length; i++) Golden.assertClose(Golden.tensor(expOut.getAsJsonArray().get(i)), outs[i], name + " out[" + i + "]");
        } else {
            assertEquals(1, outs.length, name);
            Golden.assertClose(Golden.tensor(expOut), outs[0], name + " out");
        }
        for (int i = 0; i < args.size(); i++) Golden.assertClose(before.get(i), args.get(i).detach(), name + " input " + i + " unchanged");
        JsonElement go = c.get("grad_out");
        if (go == null || go.isJsonNull()) return;
        outs[0].backward(Golden.tensor(go));
        var grads = c.getAsJsonArray("grads");
        for (int i = 0; i < args.size(); i++) {
            JsonElement g = grads.get(i);
            if (g.isJsonNull()) continue;
            Golden.assertClose(Golden.tensor(g), args.get(i).grad(), name + " grad[" + i + "]");
        }
    }
}
