package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.losses4j.nn.BinaryLossTesting.*;

import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;

class MarginRankingLossTest {

    @Test
    void backwardMatchesFiniteDifferences_input1Input2AndTarget() {
        for (Reduction r : REDUCTIONS) {
            for (double margin : new double[] {0.0, 0.5, -0.2}) {
                Tensor a = normal64(1, 3, 4).requiresGrad_(true);
                Tensor b = normal64(2, 3, 4).requiresGrad_(true);
                Tensor y = normal64(3, 3, 4).requiresGrad_(true);
                assertGradCheck("Ranking " + r + " margin " + margin,
                        in -> MarginRankingLoss.marginRankingLoss(in[0], in[1], in[2], margin, r), a, b, y);
            }
            Tensor a = normal64(4, 3, 1).requiresGrad_(true);
            Tensor b = normal64(5, 1, 4).requiresGrad_(true);
            Tensor y = signs64(6, 1, 4).requiresGrad_(true);
            assertGradCheck("Ranking broadcast " + r, in -> MarginRankingLoss.marginRankingLoss(in[0], in[1], in[2], 0.1, r), a, b, y);
        }
    }

    @Test
    void matchesTorch_tutorialExampleWithSeededGenerator() {
        // torch.manual_seed(2); input1 = randn(3); input2 = randn(3); target = randn(3).sign()
        // print(nn.MarginRankingLoss()(input1, input2, target)) -> tensor(0.5273, grad_fn=<MeanBackward0>)
        Generator gen = new Generator(2);
        Tensor input1 = Tensor.randn(gen, DType.FLOAT32, 3).requiresGrad_(true);
        Tensor input2 = Tensor.randn(gen, DType.FLOAT32, 3).requiresGrad_(true);
        Tensor target = Tensor.randn(gen, DType.FLOAT32, 3).sign();
        Tensor output = new MarginRankingLoss().forward(input1, input2, target);
        output.backward();
        assertEquals("tensor(0.5273, grad_fn=<MeanBackward0>)", output.toString());
        assertValues(new double[] {0, -1.0 / 3, 1.0 / 3}, input1.grad(), 1e-6);
        assertValues(new double[] {0, 1.0 / 3, -1.0 / 3}, input2.grad(), 1e-6);
    }

    @Test
    void gradientPassesAtExactlyZero_asPyTorchsClampMin() {
        Tensor a = Tensor.of(1.0, 2.0).requiresGrad_(true);
        Tensor b = Tensor.of(1.0, 1.0).requiresGrad_(true);
        Tensor y = Tensor.of(1.0, 1.0).requiresGrad_(true);
        new MarginRankingLoss(Reduction.SUM).forward(a, b, y).backward();
        assertValues(new double[] {-1, 0}, a.grad(), 0);
        assertValues(new double[] {1, 0}, b.grad(), 0);
        assertValues(new double[] {0, 0}, y.grad(), 0);
    }

    @Test
    void broadcastsAndPromotes() {
        Tensor out = new MarginRankingLoss(Reduction.NONE).forward(Tensor.zeros(3, 1), Tensor.zeros(DType.FLOAT64, 1, 4), Tensor.of(new long[][] {{1}}));
        assertArrayEquals(new int[] {3, 4}, out.shape());
        assertEquals(DType.FLOAT64, out.dtype());
        assertEquals("ClampMinBackward0", new MarginRankingLoss(Reduction.NONE)
                .forward(Tensor.zeros(2).requiresGrad_(true), Tensor.zeros(2), Tensor.ones(2)).gradFn().name());
    }

    @Test
    void rejectsDifferentNumbersOfDimensions() {
        Tensor a = Tensor.zeros(3, 4).requiresGrad_(true);
        assertFails(IllegalArgumentException.class, "margin_ranking_loss : All input tensors should have same dimension but got sizes: "
                        + "input1: torch.Size([3, 4]), input2: torch.Size([4]), target: torch.Size([3, 4])",
                () -> new MarginRankingLoss().forward(a, Tensor.zeros(4), Tensor.ones(3, 4)), a);
        assertFails(IllegalArgumentException.class, "The size of tensor a (2) must match the size of tensor b (4) at non-singleton dimension 1",
                () -> new MarginRankingLoss().forward(Tensor.zeros(3, 2), Tensor.zeros(1, 4), Tensor.ones(3, 4)));
    }
}
