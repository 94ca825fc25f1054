package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.losses4j.nn.MarginTestSupport.assertFails;
import static org.losses4j.nn.MarginTestSupport.gradcheck;
import static org.losses4j.nn.MarginTestSupport.randn;

import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Tensor;

class CosineEmbeddingLossTest {
    static final Tensor IN1 = Tensor.of(new float[][] {{0.3f, 0.5f, 0.7f}, {0.3f, 0.5f, 0.7f}});
    static final Tensor IN2 = Tensor.of(new float[][] {{0.1f, 0.3f, 0.5f}, {0.1f, 0.3f, 0.5f}});

    @Test
    void tutorialExampleWithOneDimensionalTargetPrintsHalf() {
        assertEquals("tensor(0.5000)", new CosineEmbeddingLoss().forward(IN1, IN2, Tensor.of(1L, -1L)).toString());
    }

    /** The tutorial passes target [[1, -1]]; PyTorch 1.13 and 2.x both reject a 2-D target. */
    @Test
    void rejectsTheTutorialsTwoDimensionalTarget() {
        Tensor a = IN1.detach().contiguousCopy().requiresGrad_(true);
        assertFails(IllegalArgumentException.class, "0D or 1D target tensor expected, multi-target not supported",
                () -> new CosineEmbeddingLoss().forward(a, IN2, Tensor.of(new long[][] {{1, -1}})), a);
    }

    @Test
    void rejectsRankMismatchWithPyTorchsMessage() {
        assertFails(IllegalArgumentException.class, "1D target tensor expects 2D input tensors, but found inputs with sizes [4] and [4].",
                () -> new CosineEmbeddingLoss().forward(randn(1, 4), randn(2, 4), Tensor.of(1L, 1L, 1L)));
        assertFails(IllegalArgumentException.class, "0D target tensor expects 1D input tensors, but found inputs with sizes [3, 4] and [3, 4].",
                () -> new CosineEmbeddingLoss().forward(randn(1, 3, 4), randn(2, 3, 4), Tensor.scalar(1, DType.INT64)));
    }

    @Test
    void gradFnNamesAreThoseOfPyTorchsComposedOps() {
        Tensor a = randn(3, 2, 3).requiresGrad_(true);
        Tensor y = Tensor.of(1L, -1L);
        assertEquals("AddBackward0", new CosineEmbeddingLoss(Reduction.NONE).forward(a, IN2.to(DType.FLOAT64), y).gradFn().name());
        assertEquals("MeanBackward0", new CosineEmbeddingLoss(Reduction.MEAN).forward(a, IN2.to(DType.FLOAT64), y).gradFn().name());
        assertEquals("SumBackward0", new CosineEmbeddingLoss(Reduction.SUM).forward(a, IN2.to(DType.FLOAT64), y).gradFn().name());
    }

    @Test
    void backwardMatchesFiniteDifferencesForBothInputs() {
        Tensor y = Tensor.of(1L, -1L, -1L, 1L, -1L);
        for (double margin : new double[] {0.0, 0.2, -0.5}) {
            for (Reduction r : new Reduction[] {Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
                Tensor a = randn(31, 5, 4).requiresGrad_(true), b = randn(32, 5, 4).requiresGrad_(true);
                CosineEmbeddingLoss loss = new CosineEmbeddingLoss(margin, r);
                gradcheck("margin " + margin + " " + r, in -> loss.forward(in[0], in[1], y), a, b);
            }
        }
        Tensor a = randn(33, 6).requiresGrad_(true), b = randn(34, 6).requiresGrad_(true);
        gradcheck("unbatched y=-1", in -> new CosineEmbeddingLoss(-0.9, Reduction.NONE).forward(in[0], in[1], Tensor.scalar(-1, DType.INT64)), a, b);
        Tensor c = randn(35, 4, 3).requiresGrad_(true), d = randn(36, 1, 3).requiresGrad_(true);
        gradcheck("broadcast input2", in -> new CosineEmbeddingLoss(Reduction.SUM).forward(in[0], in[1], Tensor.of(1L, -1L, 1L, -1L)), c, d);
    }

    @Test
    void targetIsNotDifferentiated() {
        Tensor a = randn(37, 3, 4).requiresGrad_(true);
        Tensor t = Tensor.of(1.0, -1.0, 1.0).requiresGrad_(true);
        new CosineEmbeddingLoss().forward(a, randn(38, 3, 4), t).backward();
        assertNull(t.grad());
        assertEquals(12, a.grad().numel());
    }
}
