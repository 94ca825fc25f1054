package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.losses4j.internal.simd.VectorizationProvider;
import org.losses4j.testing.Golden;

/**
 * Every PyTorch fixture of CrossEntropyLoss, NLLLoss, MultiMarginLoss, MultiLabelMarginLoss, FocalLoss and PolyLoss (the files of
 * {@link #FILES}), run again with the Vector API kernels in use (core's LossGoldenTest runs them with the scalar
 * ones): the fused float32 paths must pass them too, and so must the weight gradients of
 * {@link CrossEntropyWeightGradGoldenTest}.
 */
class ClassificationGoldenPanamaTest {
    /** The fixture files holding cases of these losses (read from core's test jar, so listed by name). */
    private static final List<String> FILES = List.of("classification.json", "margin.json", "extreme.json", "classification_kinks.json",
            "nonfinite_classification.json", "classification_extra.json");

    private static final Set<String> LOSSES = Set.of("CrossEntropyLoss", "NLLLoss", "MultiMarginLoss", "MultiLabelMarginLoss", "FocalLoss", "PolyLoss");

    @TestFactory
    Stream<DynamicNode> matchesTorchWithVectorKernels() throws Exception {
        assertEquals("panama", VectorizationProvider.get().name());
        List<DynamicNode> files = new ArrayList<>();
        for (String f : FILES) {
            List<DynamicTest> tests = new ArrayList<>();
            for (JsonElement c : Golden.load("/golden/losses/" + f).getAsJsonArray()) {
                JsonObject o = c.getAsJsonObject();
                if (!LOSSES.contains(o.get("loss").getAsString())) continue;
                String name = o.get("name").getAsString();
                tests.add(DynamicTest.dynamicTest(name, () -> LossGoldenTest.runCase(o)));
                if (o.has("option_grads")) {
                    tests.add(DynamicTest.dynamicTest(name + " weight grad", () -> CrossEntropyWeightGradGoldenTest.runCase(o)));
                }
            }
            if (!tests.isEmpty()) files.add(DynamicContainer.dynamicContainer(f, tests.stream()));
        }
        assertFalse(files.isEmpty(), "no fixtures of the classification family found");
        return files.stream();
    }
}
