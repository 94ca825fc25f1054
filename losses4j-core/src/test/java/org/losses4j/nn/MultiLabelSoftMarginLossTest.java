package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.losses4j.nn.BinaryLossTesting.*;

import org.junit.jupiter.api.Test;
import org.losses4j.Tensor;

class MultiLabelSoftMarginLossTest {

    @Test
    void backwardMatchesFiniteDifferences_inputAndTarget_weightsAndShapes() {
        for (Reduction r : REDUCTIONS) {
            for (Tensor w : new Tensor[] {null, uniform64(7, 0.5, 2, 4)}) {
                for (int[] shape : new int[][] {{4}, {3, 4}, {2, 3, 4}}) {
                    Tensor x = normal64(1, shape).mul(2).detach().requiresGrad_(true);
                    Tensor y = uniform64(2, 0, 1, shape).requiresGrad_(true);
                    assertGradCheck("MLSM " + r + " " + shape.length + "d", in -> MultiLabelSoftMarginLoss.multilabelSoftMarginLoss(in[0], in[1], w, r),
                            x, y);
                }
            }
        }
    }

    @Test
    void unbatchedInputGivesZeroDimPerSampleLoss() {
        Tensor x = Tensor.of(0.0, 1.0, -2.0);
        Tensor y = Tensor.of(1.0, 0.0, 0.0);
        Tensor l = new MultiLabelSoftMarginLoss(Reduction.NONE).forward(x, y);
        assertArrayEquals(new int[0], l.shape());
        double e = (Math.log(2) + Math.log1p(Math.E) + Math.log1p(Math.exp(-2))) / 3;
        assertValues(new double[] {e}, l, 1e-12);
    }

    @Test
    void gradFnIsPyTorchsLastOpPerReduction() {
        Tensor x = Tensor.zeros(2, 3).requiresGrad_(true);
        Tensor y = Tensor.ones(2, 3);
        assertEquals("DivBackward0", new MultiLabelSoftMarginLoss(Reduction.NONE).forward(x, y).gradFn().name());
        assertEquals("MeanBackward0", new MultiLabelSoftMarginLoss(Reduction.MEAN).forward(x, y).gradFn().name());
        assertEquals("SumBackward0", new MultiLabelSoftMarginLoss(Reduction.SUM).forward(x, y).gradFn().name());
    }

    @Test
    void rejectsZeroDimInputAndBadReduction() {
        assertFails(IndexOutOfBoundsException.class, "Dimension specified as -1 but tensor has no dimensions",
                () -> new MultiLabelSoftMarginLoss().forward(Tensor.scalar(0.3), Tensor.scalar(1)));
        assertFails(IllegalArgumentException.class, "avg is not valid",
                () -> MultiLabelSoftMarginLoss.fromOptions(new LossOptions(java.util.Map.of("reduction", "avg"))));
        assertFails(IllegalArgumentException.class, "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 1",
                () -> new MultiLabelSoftMarginLoss(Tensor.ones(5)).forward(Tensor.zeros(3, 4), Tensor.zeros(3, 4)));
    }
}
