package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.losses4j.nn.BinaryLossTesting.*;

import org.junit.jupiter.api.Test;
import org.losses4j.Tensor;

class HingeEmbeddingLossTest {

    @Test
    void backwardMatchesFiniteDifferences_marginsReductionsBroadcast() {
        for (Reduction r : REDUCTIONS) {
            for (double margin : new double[] {1.0, 0.3, 2.5}) {
                Tensor x = normal64(1, 3, 4).requiresGrad_(true);
                Tensor y = signs64(2, 3, 4);
                assertGradCheck("Hinge " + r + " margin " + margin, in -> HingeEmbeddingLoss.hingeEmbeddingLoss(in[0], y, margin, r), x);
                Tensor xb = normal64(3, 4).requiresGrad_(true); // broadcast against a (3, 4) target: gradient sums back
                assertGradCheck("Hinge bcast " + r, in -> HingeEmbeddingLoss.hingeEmbeddingLoss(in[0], y, margin, r), xb);
            }
        }
    }

    @Test
    void matchesTorch_tutorialExampleWithIntegerTarget() {
        Tensor inputs = Tensor.of(new float[][] {{1f, 0.8f, 0.5f}});
        Tensor target = Tensor.of(new long[][] {{1, 1, -1}});
        assertEquals("tensor(0.7667)", new HingeEmbeddingLoss().forward(inputs, target).toString());
    }

    @Test
    void targetsOtherThanPlusMinusOneUsePyTorchsFormula() {
        // [y != 1] max(0, margin - x) + [y != -1] x
        Tensor x = Tensor.of(0.5, 0.5, 0.5, 2.0, 2.0);
        Tensor y = Tensor.of(0.0, 2.0, -1.0, 1.0, 0.0);
        assertValues(new double[] {1.0, 1.0, 0.5, 2.0, 2.0}, new HingeEmbeddingLoss(Reduction.NONE).forward(x, y), 1e-12);
    }

    @Test
    void targetIsNotDifferentiable() {
        Tensor x = Tensor.of(0.5, 2.0).requiresGrad_(true);
        Tensor y = Tensor.of(1.0, -1.0).requiresGrad_(true);
        new HingeEmbeddingLoss(Reduction.SUM).forward(x, y).backward();
        assertNull(y.grad());
        assertValues(new double[] {1, 0}, x.grad(), 0);
        // only the target requires grad: PyTorch records no graph at all
        assertFalse(new HingeEmbeddingLoss().forward(Tensor.of(new double[] {0.5}), y.detach().requiresGrad_(true)).requiresGrad());
    }

    @Test
    void gradFnIsPyTorchsLastOpPerReduction() {
        Tensor x = Tensor.zeros(3).requiresGrad_(true);
        Tensor y = Tensor.ones(3);
        assertEquals("AddBackward0", new HingeEmbeddingLoss(Reduction.NONE).forward(x, y).gradFn().name());
        assertEquals("MeanBackward0", new HingeEmbeddingLoss(Reduction.MEAN).forward(x, y).gradFn().name());
        assertEquals("SumBackward0", new HingeEmbeddingLoss(Reduction.SUM).forward(x, y).gradFn().name());
    }

    @Test
    void rejectsShapesThatDoNotBroadcast() {
        Tensor x = Tensor.zeros(3, 4).requiresGrad_(true);
        assertFails(IllegalArgumentException.class, "The size of tensor a (5) must match the size of tensor b (4) at non-singleton dimension 1",
                () -> new HingeEmbeddingLoss().forward(x, Tensor.ones(5)), x);
    }
}
