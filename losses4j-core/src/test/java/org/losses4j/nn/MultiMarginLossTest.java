package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.losses4j.nn.MarginTestSupport.assertFails;
import static org.losses4j.nn.MarginTestSupport.gradcheck;
import static org.losses4j.nn.MarginTestSupport.randn;

import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Tensor;

class MultiMarginLossTest {

    @Test
    void tutorialExamplePrintsSixTenths() {
        Tensor x = Tensor.of(new float[][] {{0.3f, 0.7f}, {0.5f, 0.5f}});
        Tensor out = new MultiMarginLoss().forward(x, Tensor.of(0L, 1L));
        assertEquals("tensor(0.6000)", out.toString());
    }

    @Test
    void gradFnNameIsMultiMarginLossBackward0() {
        Tensor x = randn(1, 3, 4).requiresGrad_(true);
        for (Reduction r : new Reduction[] {Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
            assertEquals("MultiMarginLossBackward0", new MultiMarginLoss(r).forward(x, Tensor.of(0L, 3L, 1L)).gradFn().name());
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Tensor y = Tensor.of(2L, 0L, 3L, 1L, 3L);
        Tensor w = Tensor.of(0.5, 2.0, 1.0, 0.25);
        for (int p = 1; p <= 2; p++) {
            for (Reduction r : new Reduction[] {Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
                for (Tensor weight : new Tensor[] {null, w}) {
                    Tensor x = randn(7 + p, 5, 4).mul(0.5).detach().requiresGrad_(true);
                    MultiMarginLoss loss = new MultiMarginLoss(p, 0.8, weight, r);
                    gradcheck("p=" + p + " " + r + " weight=" + (weight != null), in -> loss.forward(in[0], y), x);
                }
            }
        }
        Tensor x1 = randn(3, 6).requiresGrad_(true);
        gradcheck("unbatched 0-d target", in -> new MultiMarginLoss(Reduction.NONE).p(2).forward(in[0], Tensor.scalar(4, DType.INT64)), x1);
    }

    @Test
    void unbatchedOutputShapeFollowsTargetRank() {
        Tensor x = randn(4, 5);
        assertArrayEquals(new int[0], new MultiMarginLoss(Reduction.NONE).forward(x, Tensor.scalar(1, DType.INT64)).shape());
        assertArrayEquals(new int[] {1}, new MultiMarginLoss(Reduction.NONE).forward(x, Tensor.of(new long[] {1})).shape());
    }

    @Test
    void rejectsTargetOutOfRange() {
        Tensor x = randn(5, 3, 4).requiresGrad_(true);
        assertFails(IndexOutOfBoundsException.class, "target out of range", () -> new MultiMarginLoss().forward(x, Tensor.of(0L, 4L, 1L)), x);
        assertFails(IndexOutOfBoundsException.class, "target out of range", () -> new MultiMarginLoss().forward(x, Tensor.of(0L, -1L, 1L)), x);
    }

    @Test
    void rejectsBadShapesAndOptions() {
        Tensor x = randn(6, 3, 4).requiresGrad_(true);
        assertFails(IllegalArgumentException.class, "inconsistent target size, expected 3 but got [2]",
                () -> new MultiMarginLoss().forward(x, Tensor.of(0L, 1L)), x);
        assertFails(IllegalArgumentException.class, "only p == 1 and p == 2 supported", () -> new MultiMarginLoss(3, 1, null, Reduction.MEAN));
        assertFails(IllegalArgumentException.class, "expected scalar type Long but found Float" + ClassificationSupport.LONG_TARGET_HINT,
                () -> new MultiMarginLoss().forward(x, Tensor.of(0f, 1f, 2f)), x);
    }

    /** PyTorch 2.x checks the weight length; 1.13 read past a short weight, so this has no 1.13 fixture. */
    @Test
    void rejectsWeightOfWrongLengthAsPyTorch2() {
        Tensor x = randn(6, 5, 4).requiresGrad_(true);
        assertFails(IllegalArgumentException.class, "inconsistent weight size, expected 4 but got [3]",
                () -> new MultiMarginLoss().weight(Tensor.of(1.0, 1.0, 1.0)).forward(x, Tensor.of(0L, 1L, 2L, 3L, 0L)), x);
    }

    @Test
    void weightThatRequiresGradIsRejectedAsInPyTorch() {
        Tensor x = randn(8, 2, 3).requiresGrad_(true);
        Tensor w = Tensor.of(1.0, 2.0, 3.0).requiresGrad_(true);
        assertFails(IllegalArgumentException.class, "The function 'multi_margin_loss' is not differentiable with respect to argument 'weight'."
                + " This input cannot have requires_grad True.", () -> MultiMarginLoss.multiMarginLoss(x, Tensor.of(0L, 2L), 1, 1, w, Reduction.MEAN), x);
    }
}
