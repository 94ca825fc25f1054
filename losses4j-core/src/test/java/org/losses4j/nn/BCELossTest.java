package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.losses4j.nn.BinaryLossTesting.*;

import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;

class BCELossTest {

    @Test
    void backwardMatchesFiniteDifferences_inputAndTarget_everyReductionWithAndWithoutWeight() {
        for (Reduction r : REDUCTIONS) {
            for (Tensor w : new Tensor[] {null, uniform64(3, 0.5, 2, 4)}) {
                Tensor x = uniform64(1, 0.05, 0.95, 3, 4).requiresGrad_(true);
                Tensor y = uniform64(2, 0, 1, 3, 4).requiresGrad_(true);
                assertGradCheck("BCE " + r + " weight=" + (w != null), in -> BCELoss.binaryCrossEntropy(in[0], in[1], w, r), x, y);
            }
        }
    }

    @Test
    void matchesTorch_tutorialExampleWithSeededGenerator() {
        // torch.manual_seed(0); input = torch.randn(3, requires_grad=True); target = torch.empty(3).random_(2)
        // print(nn.BCELoss()(nn.Sigmoid()(input), target)) -> tensor(1.1102, grad_fn=<BinaryCrossEntropyBackward0>)
        Generator gen = new Generator(0);
        Tensor input = Tensor.randn(gen, DType.FLOAT32, 3).requiresGrad_(true);
        Tensor target = Tensor.empty(3).random_(0, 2, gen);
        Tensor output = new BCELoss().forward(input.sigmoid(), target);
        output.backward();
        assertEquals("tensor(1.1102, grad_fn=<BinaryCrossEntropyBackward0>)", output.toString());
        assertValues(new double[] {-0.0588, -0.1909, -0.2994}, input.grad(), 1e-3);
    }

    @Test
    void exactZeroAndOneProbabilitiesGiveFiniteLossClampedAt100() {
        Tensor x = Tensor.of(0.0, 1.0, 0.0, 1.0).requiresGrad_(true);
        Tensor y = Tensor.of(0.0, 1.0, 1.0, 0.0).requiresGrad_(true);
        Tensor l = BCELoss.binaryCrossEntropy(x, y, null, Reduction.NONE);
        assertValues(new double[] {0, 0, 100, 100}, l, 1e-12);
        l.sum().backward();
        // dL/dx = (x - y) / max((1 - x) x, 1e-12): 0 where x == y, -+1e12 where they differ
        assertValues(new double[] {0, 0, -1e12, 1e12}, x.grad(), 1e-7);
        // dL/dy = log(1 - x) - log(x), unclamped as in PyTorch
        assertValues(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY},
                y.grad(), 0);
    }

    @Test
    void weightBroadcastsToTheInput() {
        Tensor x = Tensor.of(new double[][] {{0.2, 0.7}, {0.4, 0.9}});
        Tensor y = Tensor.of(new double[][] {{0, 1}, {1, 1}});
        Tensor w = Tensor.of(2.0, 0.5);
        Tensor l = new BCELoss(w, Reduction.NONE).forward(x, y);
        double[] e = {-2 * Math.log(0.8), -0.5 * Math.log(0.7), -2 * Math.log(0.4), -0.5 * Math.log(0.9)};
        assertValues(e, l, 1e-12);
    }

    @Test
    void rejectsProbabilitiesOutsideZeroOne() {
        Tensor x = Tensor.of(0.2f, 1.5f).requiresGrad_(true);
        assertFails(IllegalArgumentException.class, "all elements of input should be between 0 and 1",
                () -> new BCELoss().forward(x, Tensor.of(0f, 1f)), x);
        Tensor nan = Tensor.of(new float[] {Float.NaN}).requiresGrad_(true);
        assertFails(IllegalArgumentException.class, "all elements of input should be between 0 and 1",
                () -> new BCELoss().forward(nan, Tensor.of(new float[] {1f})), nan);
    }

    @Test
    void rejectsTargetSizeDifferentFromInputSize() {
        Tensor x = Tensor.full(0.5, 3, 4).requiresGrad_(true);
        assertFails(IllegalArgumentException.class,
                "Using a target size (torch.Size([3, 3])) that is different to the input size (torch.Size([3, 4])) is deprecated. "
                        + "Please ensure they have the same size.",
                () -> new BCELoss().forward(x, Tensor.full(0.5, 3, 3)), x);
    }

    @Test
    void rejectsMixedDtypesAndWeightsThatEnlargeTheInput() {
        assertFails(IllegalArgumentException.class, "Found dtype Double but expected Float",
                () -> new BCELoss().forward(Tensor.of(new float[] {0.5f}), Tensor.of(new double[] {0.5})));
        assertFails(IllegalArgumentException.class, "output with shape [3] doesn't match the broadcast shape [3, 3]",
                () -> new BCELoss(Tensor.ones(3, 1), Reduction.MEAN).forward(Tensor.full(0.5, 3), Tensor.full(0.5, 3)));
        assertFails(IllegalArgumentException.class, "batchmean is not a valid value for reduction", () -> new BCELoss(Reduction.BATCHMEAN));
    }

    @Test
    void legacyKeywordsMapToReduction() {
        LossOptions o = new LossOptions(java.util.Map.of("size_average", false));
        assertEquals(Reduction.SUM, BCELoss.fromOptions(o).reduction());
        assertTrue(Losses.exists("BCELoss"));
    }
}
