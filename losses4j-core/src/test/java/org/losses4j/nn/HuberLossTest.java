package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.losses4j.nn.RegressionTestSupport.gradcheck;
import static org.losses4j.nn.RegressionTestSupport.leaf;
import static org.losses4j.nn.RegressionTestSupport.randn;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.losses4j.Tensor;

class HuberLossTest {

    @Test
    void backwardMatchesFiniteDifferences() {
        for (double delta : new double[] {0.5, 1.0, 2.5}) {
            for (Reduction r : new Reduction[] {Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
                HuberLoss loss = new HuberLoss(r, delta);
                gradcheck("Huber delta " + delta + " " + r, a -> loss.forward(a[0].mul(2.0), a[1]), leaf(randn(21, 3, 4)), leaf(randn(22, 3, 4)));
                gradcheck("Huber broadcast " + r, a -> loss.forward(a[0], a[1]), leaf(randn(23, 4)), leaf(randn(24, 2, 1)));
            }
        }
    }

    @Test
    void equalsDeltaTimesSmoothL1WithBetaDelta() {
        Tensor x = randn(25, 4, 5).mul(3.0), y = randn(26, 4, 5);
        double[] huber = new HuberLoss(Reduction.NONE, 1.7).forward(x, y).toDoubleArray();
        double[] smooth = new SmoothL1Loss(Reduction.NONE, 1.7).forward(x, y).toDoubleArray();
        for (int i = 0; i < smooth.length; i++) smooth[i] *= 1.7;
        assertArrayEquals(smooth, huber, 1e-12);
    }

    @Test
    void rejectsNonPositiveDeltaOnForward() {
        for (double delta : new double[] {0.0, -2.0}) {
            HuberLoss loss = new HuberLoss(Reduction.MEAN, delta);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loss.forward(randn(1, 3), randn(2, 3)));
            assertEquals("huber_loss does not support non-positive values for delta.", e.getMessage());
        }
    }

    @Test
    void hasNoLegacyKeywords() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.create("HuberLoss", new LossOptions(Map.of("size_average", true))));
        assertEquals("HuberLoss.__init__() got an unexpected keyword argument 'size_average'", e.getMessage());
    }

    @Test
    void gradFnName() {
        assertEquals("HuberLossBackward0", new HuberLoss().forward(leaf(randn(1, 3)), randn(2, 3)).gradFn().name());
    }
}
