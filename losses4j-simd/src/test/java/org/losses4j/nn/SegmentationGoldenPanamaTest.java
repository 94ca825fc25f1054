package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.losses4j.internal.simd.VectorizationProvider;
import org.losses4j.testing.Golden;

/**
 * The PyTorch fixtures of DiceLoss and TverskyLoss (MONAI's definitions) run again with the Vector API kernels in use
 * (core's LossGoldenTest runs them with the scalar ones): the float32 path's softmax, dot products and sums come from
 * {@code PanamaSoftmaxKernels} here.
 */
class SegmentationGoldenPanamaTest {

    @TestFactory
    Stream<DynamicTest> matchesTorchWithVectorKernels() throws Exception {
        assertEquals("panama", VectorizationProvider.get().name());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement c : Golden.load("/golden/losses/segmentation.json").getAsJsonArray()) {
            JsonObject o = c.getAsJsonObject();
            tests.add(DynamicTest.dynamicTest(o.get("name").getAsString(), () -> LossGoldenTest.runCase(o)));
        }
        assertTrue(tests.size() > 300, "segmentation fixtures: " + tests.size());
        return tests.stream();
    }
}
