package org.losses4j.nn;

import com.google.gson.JsonElement;
import org.losses4j.Reduction;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.io.Npy;
import org.losses4j.io.NpyArray;
import org.losses4j.testing.Golden;

/**
 * CTCLoss's PyTorch fixtures (golden/losses/ctc.json and the T=400 case, from core's test jar) with the Vector API
 * kernels in use: core's own run of them sees the scalar kernels only.
 */
class CtcGoldenWithPanamaTest {
    @TestFactory
    Stream<DynamicTest> ctcFixturesPassWithPanama() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement c : Golden.load("/golden/losses/ctc.json").getAsJsonArray()) {
            var o = c.getAsJsonObject();
            tests.add(DynamicTest.dynamicTest(o.get("name").getAsString(), () -> LossGoldenTest.runCase(o)));
        }
        return tests.stream();
    }

    private static Tensor npy(String name) throws Exception {
        try (InputStream in = CtcGoldenWithPanamaTest.class.getResourceAsStream("/golden/ctc_big/" + name)) {
            NpyArray a = Npy.read(in, name);
            return a.dtype() == org.losses4j.io.NpyDType.FLOAT32 ? Tensor.wrap(DType.FLOAT32, a.floats(), a.shape()) : Tensor.wrap(DType.INT64, a.longs(), a.shape());
        }
    }

    /** As CTCLossBigTest (T=400, N=32, C=80, S=100, float32), reading the fixtures from the test jar. */
    @Test
    void bigCaseMatchesTorchWithPanama() throws Exception {
        Tensor logProbs = npy("log_probs.npy").requiresGrad_(true);
        Tensor targets = npy("targets.npy"), inputLengths = npy("input_lengths.npy"), targetLengths = npy("target_lengths.npy");
        Tensor loss = new CTCLoss().forward(logProbs, targets, inputLengths, targetLengths);
        Golden.assertClose(npy("loss_mean.npy"), loss, "mean loss");
        loss.backward();
        Golden.assertClose(npy("grad_mean.npy"), logProbs.grad(), "gradient of the mean loss");
        Tensor none = new CTCLoss(Reduction.NONE).forward(logProbs.detach(), targets, inputLengths, targetLengths);
        Golden.assertClose(npy("loss_none.npy"), none, "per-sample losses");
    }
}
