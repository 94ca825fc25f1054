package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.losses4j.nn.RegressionTestSupport.gradcheck;
import static org.losses4j.nn.RegressionTestSupport.leaf;
import static org.losses4j.nn.RegressionTestSupport.randn;

import org.junit.jupiter.api.Test;
import org.losses4j.Tensor;

class SmoothL1LossTest {

    @Test
    void backwardMatchesFiniteDifferences() {
        for (double beta : new double[] {0.5, 1.0, 2.0}) {
            for (Reduction r : new Reduction[] {Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
                SmoothL1Loss loss = new SmoothL1Loss(r, beta);
                gradcheck("SmoothL1 beta " + beta + " " + r, a -> loss.forward(a[0].mul(2.0), a[1]), leaf(randn(11, 3, 4)), leaf(randn(12, 3, 4)));
                gradcheck("SmoothL1 broadcast " + r, a -> loss.forward(a[0], a[1]), leaf(randn(13, 2, 1)), leaf(randn(14, 3)));
            }
        }
    }

    @Test
    void valuesOnBothSidesOfBeta() {
        Tensor out = new SmoothL1Loss(Reduction.NONE, 0.5).forward(Tensor.of(0.25, 0.5, -3.0), Tensor.of(0.0, 0.0, 0.0));
        assertArrayEquals(new double[] {0.0625, 0.25, 2.75}, out.toDoubleArray(), 1e-15);
    }

    /** PyTorch 2.x sends beta == 0 to l1_loss (1.13's smooth-L1 kernel gave +1 at a tie): we follow 2.x. */
    @Test
    void betaZeroIsExactlyL1IncludingGradientAtTies() {
        Tensor x = leaf(Tensor.of(1.0, 2.0, -3.0, 0.5)), y = leaf(Tensor.of(1.0, 0.0, -3.5, 0.5));
        Tensor out = new SmoothL1Loss(Reduction.SUM, 0.0).forward(x, y);
        assertEquals("SumBackward0", out.gradFn().name());
        assertEquals(2.5, out.item(), 0);
        out.backward();
        assertArrayEquals(new double[] {0, 1, 1, 0}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {-0.0, -1, -1, -0.0}, y.grad().toDoubleArray()); // as PyTorch, -0 at ties
    }

    @Test
    void negativeBetaFailsOnForwardWithTorchsMessage() {
        SmoothL1Loss loss = new SmoothL1Loss(Reduction.MEAN, -1.0); // PyTorch constructs it too
        Tensor x = leaf(randn(1, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loss.forward(x, randn(2, 3)));
        assertEquals("smooth_l1_loss does not support negative values for beta.", e.getMessage());
        assertNull(x.grad());
    }

    @Test
    void gradFnName() {
        assertEquals("SmoothL1LossBackward0", new SmoothL1Loss().forward(leaf(randn(1, 3)), randn(2, 3)).gradFn().name());
        assertEquals("SmoothL1LossBackward0", new SmoothL1Loss(Reduction.NONE).forward(leaf(randn(1, 3)), randn(2, 3)).gradFn().name());
    }
}
