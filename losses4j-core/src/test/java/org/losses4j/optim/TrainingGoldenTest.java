package org.losses4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.nn.CrossEntropyLoss;
import org.losses4j.nn.Linear;
import org.losses4j.nn.ReLU;
import org.losses4j.nn.Sequential;
import org.losses4j.testing.Golden;

/**
 * The README's training loop (a 4-16-3 MLP on 64 random points, CrossEntropyLoss, 101 steps) with five optimizers:
 * the loss at every step is PyTorch's at float32 tolerance (tools/golden/gen_train.py).
 */
class TrainingGoldenTest {

    static List<Double> train(String optimizer, JsonObject options) {
        Tensor.manualSeed(0);
        var model = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
        Tensor x = Tensor.randn(64, 4);
        Tensor y = Tensor.randint(0, 3, 64);
        var lossFn = new CrossEntropyLoss();
        Optimizer opt = OptimGoldenTest.make(optimizer, options, model.parameters());
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < 101; step++) {
            opt.zeroGrad();
            Tensor loss = lossFn.forward(model.forward(x), y);
            losses.add(loss.item());
            loss.backward();
            opt.step();
        }
        return losses;
    }

    @Test
    void everyStepsLossIsPyTorchs() {
        int runs = 0;
        for (JsonElement e : Golden.load("/golden/train/training.json").getAsJsonArray()) {
            JsonObject r = e.getAsJsonObject();
            String name = r.get("optimizer").getAsString();
            List<Double> got = train(name, r.getAsJsonObject("options"));
            var expected = r.getAsJsonArray("losses");
            assertEquals(101, expected.size());
            double[] tol = Golden.tolerance(DType.FLOAT32);
            double worst = 0;
            for (int i = 0; i < expected.size(); i++) {
                double exp = expected.get(i).getAsDouble(), act = got.get(i);
                worst = Math.max(worst, Math.abs(exp - act));
                assertTrue(Math.abs(exp - act) <= tol[1] + tol[0] * Math.abs(exp), name + " step " + i + ": PyTorch " + exp + ", here " + act);
            }
            assertTrue(got.get(100) < got.get(0) - 0.2, name + " learns");
            runs++;
        }
        assertEquals(5, runs);
    }
}
