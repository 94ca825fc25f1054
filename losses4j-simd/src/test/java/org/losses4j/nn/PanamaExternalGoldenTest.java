package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.losses4j.internal.simd.VectorizationProvider;
import org.losses4j.testing.Golden;

/**
 * The fixtures of the losses from outside torch.nn (sigmoid_focal.json, keras.json, quantile.json) run again with the
 * Vector API kernels in use (core's LossGoldenTest runs them with the scalar ones): LogCoshLoss and SigmoidFocalLoss
 * have Vector API kernels of their own.
 */
class PanamaExternalGoldenTest {

    @TestFactory
    Stream<DynamicNode> matchesTorchWithVectorKernels() {
        assertEquals("panama", VectorizationProvider.get().name());
        List<DynamicNode> tests = new ArrayList<>();
        for (String file : new String[] {"sigmoid_focal.json", "keras.json", "quantile.json"}) {
            for (JsonElement c : Golden.load("/golden/losses/" + file).getAsJsonArray()) {
                JsonObject o = c.getAsJsonObject();
                tests.add(DynamicTest.dynamicTest(file + ": " + o.get("name").getAsString(), () -> LossGoldenTest.runCase(o)));
            }
        }
        return tests.stream();
    }
}
