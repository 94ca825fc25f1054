package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.losses4j.internal.simd.VectorizationProvider;
import org.losses4j.testing.Golden;

/**
 * The PyTorch fixtures of the binary-classification losses (binary.json, nonfinite_binary.json and their cases in
 * extreme.json) run again with the Vector API kernels in use (core's LossGoldenTest runs them with the scalar ones).
 */
class PanamaBinaryGoldenTest {
    private static final Set<String> LOSSES = Set.of("BCELoss", "BCEWithLogitsLoss", "SoftMarginLoss", "MultiLabelSoftMarginLoss",
            "HingeEmbeddingLoss", "MarginRankingLoss");

    @TestFactory
    Stream<DynamicNode> matchesTorchWithVectorKernels() {
        assertEquals("panama", VectorizationProvider.get().name());
        List<DynamicNode> tests = new ArrayList<>();
        for (String file : new String[] {"binary.json", "nonfinite_binary.json", "extreme.json"}) {
            for (JsonElement c : Golden.load("/golden/losses/" + file).getAsJsonArray()) {
                JsonObject o = c.getAsJsonObject();
                if (!LOSSES.contains(o.get("loss").getAsString())) continue;
                tests.add(DynamicTest.dynamicTest(file + ": " + o.get("name").getAsString(), () -> LossGoldenTest.runCase(o)));
            }
        }
        return tests.stream();
    }
}
