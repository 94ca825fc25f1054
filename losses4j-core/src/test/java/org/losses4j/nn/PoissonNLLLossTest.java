package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.losses4j.nn.RegressionTestSupport.gradcheck;
import static org.losses4j.nn.RegressionTestSupport.leaf;
import static org.losses4j.nn.RegressionTestSupport.rand;
import static org.losses4j.nn.RegressionTestSupport.randn;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.losses4j.Tensor;

class PoissonNLLLossTest {

    @Test
    void backwardMatchesFiniteDifferencesForInputAndTarget() {
        for (boolean logInput : new boolean[] {true, false}) {
            for (boolean full : new boolean[] {false, true}) {
                for (Reduction r : new Reduction[] {Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
                    PoissonNLLLoss loss = PoissonNLLLoss.builder().logInput(logInput).full(full).reduction(r).build();
                    Tensor x = logInput ? randn(31, 4, 3) : rand(31, 4, 3).add(0.2);
                    // targets in (0.2, 4.2): both sides of the Stirling mask at 1, away from the kink
                    Tensor y = rand(32, 4, 3).mul(4.0).add(0.2);
                    gradcheck("Poisson log_input=" + logInput + " full=" + full + " " + r, a -> loss.forward(a[0], a[1]), leaf(x), leaf(y));
                }
            }
        }
        PoissonNLLLoss b = PoissonNLLLoss.builder().full(true).build();
        gradcheck("Poisson broadcast", a -> b.forward(a[0], a[1]), leaf(randn(33, 3, 1)), leaf(rand(34, 4).mul(3.0).add(1.2)));
    }

    @Test
    void stirlingTermOnlyAboveOne() {
        Tensor x = Tensor.of(0.3, 0.3, 0.3), y = Tensor.of(0.5, 1.0, 3.0);
        double[] plain = new PoissonNLLLoss(Reduction.NONE).forward(x, y).toDoubleArray();
        double[] full = PoissonNLLLoss.builder().full(true).reduction(Reduction.NONE).build().forward(x, y).toDoubleArray();
        assertEquals(plain[0], full[0], 0);
        assertEquals(plain[1], full[1], 0);
        assertEquals(plain[2] + 3 * Math.log(3) - 3 + 0.5 * Math.log(2 * Math.PI * 3), full[2], 1e-14);
    }

    @Test
    void epsOnlyWithoutLogInput() {
        Tensor x = Tensor.of(0.0, 2.0), y = Tensor.of(1.0, 1.0);
        PoissonNLLLoss rate = PoissonNLLLoss.builder().logInput(false).eps(0.5).reduction(Reduction.NONE).build();
        assertEquals(0 - Math.log(0.5), rate.forward(x, y).toDoubleArray()[0], 1e-15);
        PoissonNLLLoss log = PoissonNLLLoss.builder().eps(0.5).reduction(Reduction.NONE).build();
        assertEquals(Math.exp(2.0) - 2.0, log.forward(x, y).toDoubleArray()[1], 1e-14);
    }

    /** PyTorch composes the loss from ops: masked_fill zeroes the upstream, so target <= 0 still gives 0 * log 0 = NaN. */
    @Test
    void fullTargetGradientIsNanAtZeroTargetAsInTorch() {
        Tensor x = leaf(Tensor.of(0.5, 0.5, 0.5)), y = leaf(Tensor.of(0.0, 0.5, 2.0));
        PoissonNLLLoss.builder().full(true).reduction(Reduction.SUM).build().forward(x, y).backward();
        double[] gy = y.grad().toDoubleArray();
        assertTrue(Double.isNaN(gy[0]));
        assertEquals(-0.5, gy[1], 1e-15);
        assertEquals(-0.5 + Math.log(2) + 0.25, gy[2], 1e-14);
        for (double g : x.grad().toDoubleArray()) assertFalse(Double.isNaN(g));
    }

    @Test
    void gradFnNamesAreTorchs() {
        Tensor x = leaf(randn(35, 3)), y = rand(36, 3);
        assertEquals("MeanBackward0", new PoissonNLLLoss().forward(x, y).gradFn().name());
        assertEquals("SumBackward0", new PoissonNLLLoss(Reduction.SUM).forward(x, y).gradFn().name());
        assertEquals("SubBackward0", new PoissonNLLLoss(Reduction.NONE).forward(x, y).gradFn().name());
        assertEquals("AddBackward0", PoissonNLLLoss.builder().full(true).reduction(Reduction.NONE).build().forward(x, y).gradFn().name());
    }

    @Test
    void rejectsInvalidReductionWithTorchsMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.create("PoissonNLLLoss", new LossOptions(Map.of("reduction", "avg"))));
        assertEquals("avg is not valid", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PoissonNLLLoss(Reduction.BATCHMEAN));
        assertEquals("batchmean is not valid", e.getMessage());
    }

    @Test
    void builderDefaultsAreTorchs() {
        PoissonNLLLoss l = new PoissonNLLLoss();
        assertTrue(l.logInput());
        assertFalse(l.full());
        assertEquals(1e-8, l.eps(), 0);
        assertEquals(Reduction.MEAN, l.reduction());
    }
}
