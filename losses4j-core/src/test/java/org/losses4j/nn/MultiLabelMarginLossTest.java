package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.losses4j.nn.MarginTestSupport.assertFails;
import static org.losses4j.nn.MarginTestSupport.gradcheck;
import static org.losses4j.nn.MarginTestSupport.randn;

import org.junit.jupiter.api.Test;
import org.losses4j.Tensor;

class MultiLabelMarginLossTest {

    /** The tutorial's unbatched case: labels 3 and 0 (the -1 ends the list, the trailing 1 is ignored). */
    @Test
    void tutorialExamplePrintsPoint45() {
        Tensor x = Tensor.of(0.9f, 0.2f, 0.4f, 0.8f);
        Tensor out = new MultiLabelMarginLoss().forward(x, Tensor.of(3L, 0L, -1L, 1L));
        assertEquals("tensor(0.4500)", out.toString());
    }

    /** PyTorch computes 1 - (x[y_j] - x[i]); the tutorial's formula slip (1 - x[y_j] - x[i]) would give another value. */
    @Test
    void usesPyTorchsHingeNotTheTutorialsSlip() {
        Tensor x = Tensor.of(new double[][] {{0.1, 0.2, 0.4, 0.8}});
        Tensor out = new MultiLabelMarginLoss().forward(x, Tensor.of(new long[][] {{3, 0, -1, 1}}));
        // ((1-(0.1-0.2)) + (1-(0.1-0.4)) + (1-(0.8-0.2)) + (1-(0.8-0.4))) / 4 = 0.85
        assertEquals(0.85, out.item(), 1e-12);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Tensor y = Tensor.of(new long[][] {{3, 0, -1, 1, 2}, {-1, 0, 0, 0, 0}, {4, 4, 1, -1, 3}, {0, 1, 2, 3, 4}});
        for (Reduction r : new Reduction[] {Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
            Tensor x = randn(21, 4, 5).mul(0.4).detach().requiresGrad_(true);
            gradcheck("batched " + r, in -> new MultiLabelMarginLoss(r).forward(in[0], y), x);
            Tensor xu = randn(22, 5).mul(0.4).detach().requiresGrad_(true);
            gradcheck("unbatched " + r, in -> new MultiLabelMarginLoss(r).forward(in[0], Tensor.of(2L, 4L, -1L, 0L, 0L)), xu);
        }
    }

    @Test
    void unbatchedGivesScalarEvenForNone() {
        assertArrayEquals(new int[0], new MultiLabelMarginLoss(Reduction.NONE).forward(randn(1, 4), Tensor.of(1L, -1L, 0L, 0L)).shape());
        assertArrayEquals(new int[] {2}, new MultiLabelMarginLoss(Reduction.NONE).forward(randn(1, 2, 4),
                Tensor.of(new long[][] {{1, -1, 0, 0}, {2, 3, -1, 0}})).shape());
    }

    @Test
    void rejectsOutOfRangeTargetsEvenAfterPadding() {
        Tensor x = randn(2, 4).requiresGrad_(true);
        assertFails(IndexOutOfBoundsException.class, "argument #2 'target' is out of range",
                () -> new MultiLabelMarginLoss().forward(x, Tensor.of(1L, -1L, 9L, 0L)), x);
        assertFails(IndexOutOfBoundsException.class, "argument #2 'target' is out of range",
                () -> new MultiLabelMarginLoss().forward(x, Tensor.of(1L, -2L, 0L, 0L)), x);
    }

    @Test
    void rejectsInconsistentTargetSize() {
        Tensor x = randn(3, 3, 4).requiresGrad_(true);
        assertFails(IllegalArgumentException.class, "inconsistent target size: [3, 3] for input of size: [3, 4]",
                () -> new MultiLabelMarginLoss().forward(x, Tensor.zeros(org.losses4j.DType.INT64, 3, 3)), x);
        assertFails(IllegalArgumentException.class, "Expected non-empty vector or matrix with optional 0-dim batch size, but got: [2, 3, 4]",
                () -> new MultiLabelMarginLoss().forward(randn(4, 2, 3, 4), Tensor.zeros(org.losses4j.DType.INT64, 2, 3, 4)));
    }
}
