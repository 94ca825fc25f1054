package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.losses4j.internal.simd.VectorizationProvider;
import org.losses4j.testing.Golden;

/**
 * The PyTorch fixtures of CrossEntropyLoss, NLLLoss and KLDivLoss run again with the Vector API kernels in use
 * (core's LossGoldenTest runs them with the scalar ones): the fused float32 paths must pass them too.
 */
class SoftmaxFamilyGoldenPanamaTest {
    private static final Set<String> LOSSES = Set.of("CrossEntropyLoss", "NLLLoss", "KLDivLoss");

    @TestFactory
    Stream<DynamicTest> matchesTorchWithVectorKernels() throws Exception {
        assertEquals("panama", VectorizationProvider.get().name());
        List<DynamicTest> tests = new ArrayList<>();
        for (String f : List.of("classification.json", "regression.json")) {
            for (JsonElement c : Golden.load("/golden/losses/" + f).getAsJsonArray()) {
                JsonObject o = c.getAsJsonObject();
                String loss = o.get("loss").getAsString();
                if (LOSSES.stream().noneMatch(loss::startsWith)) continue;
                tests.add(DynamicTest.dynamicTest(o.get("name").getAsString(), () -> LossGoldenTest.runCase(o)));
            }
        }
        assertFalse(tests.isEmpty(), "no fixtures of the softmax family found");
        return tests.stream();
    }
}
