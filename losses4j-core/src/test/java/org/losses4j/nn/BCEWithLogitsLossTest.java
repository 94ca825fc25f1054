package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.losses4j.Reduction;
import static org.losses4j.nn.BinaryLossTesting.*;

import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Tensor;

class BCEWithLogitsLossTest {

    @Test
    void backwardMatchesFiniteDifferences_inputAndTarget_withWeightAndPosWeight() {
        Tensor[] weights = {null, uniform64(5, 0.5, 2, 3, 1)};
        Tensor[] posWeights = {null, uniform64(6, 0.5, 3, 4)};
        for (Reduction r : REDUCTIONS) {
            for (Tensor w : weights) {
                for (Tensor p : posWeights) {
                    Tensor x = normal64(1, 3, 4).mul(3).detach().requiresGrad_(true);
                    Tensor y = uniform64(2, 0, 1, 3, 4).requiresGrad_(true);
                    assertGradCheck("BCEWithLogits " + r + " w=" + (w != null) + " pw=" + (p != null),
                            in -> BCEWithLogitsLoss.binaryCrossEntropyWithLogits(in[0], in[1], w, r, p), x, y);
                }
            }
        }
    }

    @Test
    void stableForHugeLogits_torchsOwnCase() {
        // PyTorch's test: logits [0, -120] with pos_weight stay finite; and far beyond
        Tensor x = Tensor.of(0f, -120f, 120f, 1e4f, -1e4f).requiresGrad_(true);
        Tensor y = Tensor.of(1f, 1f, 0f, 0f, 1f).requiresGrad_(true);
        Tensor l = BCEWithLogitsLoss.builder().posWeight(Tensor.of(new float[] {2f})).reduction(Reduction.NONE).build().forward(x, y);
        assertValues(new double[] {2 * Math.log(2), 240, 120, 1e4, 2e4}, l, 1e-6);
        l.sum().backward();
        assertValues(new double[] {-1, -2, 1, 1, -2}, x.grad(), 1e-6);
        assertValues(new double[] {Math.log(2), 240, -120, -1e4, 2e4}, y.grad(), 1e-6);
    }

    @Test
    void resultHasTheTargetsDtype() {
        Tensor out = new BCEWithLogitsLoss().forward(Tensor.of(0.5f, -1f), Tensor.of(1.0, 0.0));
        assertEquals(DType.FLOAT64, out.dtype());
        Tensor out2 = new BCEWithLogitsLoss().forward(Tensor.of(0.5, -1.0), Tensor.of(1f, 0f));
        assertEquals(DType.FLOAT32, out2.dtype());
    }

    @Test
    void gradFnName() {
        Tensor x = Tensor.of(new float[] {0.5f}).requiresGrad_(true);
        assertEquals("BinaryCrossEntropyWithLogitsBackward0", new BCEWithLogitsLoss().forward(x, Tensor.of(new float[] {1f})).gradFn().name());
    }

    @Test
    void rejectsTargetSizeAndBadWeights() {
        Tensor x = Tensor.zeros(3, 4).requiresGrad_(true);
        assertFails(IllegalArgumentException.class, "Target size (torch.Size([4])) must be the same as input size (torch.Size([3, 4]))",
                () -> new BCEWithLogitsLoss().forward(x, Tensor.zeros(4)), x);
        assertFails(IllegalArgumentException.class, "The size of tensor a (5) must match the size of tensor b (4) at non-singleton dimension 1",
                () -> BCEWithLogitsLoss.builder().posWeight(Tensor.ones(5)).build().forward(x, Tensor.zeros(3, 4)), x);
        assertFails(IllegalArgumentException.class, "output with shape [3, 4] doesn't match the broadcast shape [2, 3, 4]",
                () -> BCEWithLogitsLoss.builder().weight(Tensor.ones(2, 3, 4)).build().forward(x, Tensor.zeros(3, 4)), x);
        assertFails(IllegalArgumentException.class, "result type Float can't be cast to the desired output type Long",
                () -> new BCEWithLogitsLoss().forward(Tensor.zeros(2), Tensor.of(0L, 1L)));
    }
}
