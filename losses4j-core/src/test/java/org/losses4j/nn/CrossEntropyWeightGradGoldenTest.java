package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.testing.Golden;

/**
 * The gradient of CrossEntropyLoss's class weight with probability targets, against PyTorch: the fixture cases with
 * an {@code option_grads.weight} entry (tools/golden/gen_losses_classification_kinks.py), float32 and float64, every
 * reduction, with and without label smoothing. LossGoldenTest runs the same cases without a gradient for the weight.
 */
class CrossEntropyWeightGradGoldenTest {

    @TestFactory
    Stream<DynamicTest> weightGradientMatchesTorch() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (var f : LossGoldenTest.fixtureFiles()) {
            for (JsonElement e : Golden.load("/golden/losses/" + f.getFileName()).getAsJsonArray()) {
                JsonObject c = e.getAsJsonObject();
                if (!c.has("option_grads")) continue;
                tests.add(DynamicTest.dynamicTest(c.get("name").getAsString(), () -> runCase(c)));
            }
        }
        assertFalse(tests.isEmpty(), "no cases with option_grads");
        return tests.stream();
    }

    static void runCase(JsonObject c) {
        String name = c.get("name").getAsString();
        JsonObject o = c.getAsJsonObject("options");
        JsonObject a = c.getAsJsonObject("args");
        Tensor w = Golden.tensor(o.get("weight")).requiresGrad_(true);
        Tensor x = Golden.tensor(a.get("input")).requiresGrad_(true);
        Tensor t = Golden.tensor(a.get("target")).requiresGrad_(true);
        Reduction r = Reduction.of(o.get("reduction").getAsString());
        double ls = o.has("label_smoothing") ? o.get("label_smoothing").getAsDouble() : 0.0;
        Tensor out = CrossEntropyLoss.crossEntropy(x, t, w, NLLLoss.DEFAULT_IGNORE_INDEX, r, ls);
        Golden.assertClose(Golden.tensor(c.get("out")), out, name + " out");
        out.backward(Golden.tensor(c.get("grad_out")));
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("option_grads").get("weight")), w.grad(), name + " grad weight");
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("grads").get("input")), x.grad(), name + " grad input");
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("grads").get("target")), t.grad(), name + " grad target");
    }
}
