package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.losses4j.nn.RegressionTestSupport.gradcheck;
import static org.losses4j.nn.RegressionTestSupport.leaf;
import static org.losses4j.nn.RegressionTestSupport.rand;
import static org.losses4j.nn.RegressionTestSupport.randn;

import org.junit.jupiter.api.Test;
import org.losses4j.Tensor;

class KLDivLossTest {

    /** The tutorial's example (3.5.7): probabilities passed as input, default reduction. */
    @Test
    void tutorialExamplePrintsTorchsValue() {
        Tensor inputs = Tensor.of(new float[][] {{0.5f, 0.3f, 0.2f}, {0.2f, 0.3f, 0.5f}});
        Tensor target = Tensor.of(new float[][] {{0.9f, 0.05f, 0.05f}, {0.1f, 0.7f, 0.2f}});
        assertEquals("tensor(-0.3335)", new KLDivLoss().forward(inputs, target).toString());
    }

    @Test
    void backwardMatchesFiniteDifferencesForInputAndTarget() {
        for (boolean logTarget : new boolean[] {false, true}) {
            for (Reduction r : Reduction.values()) {
                KLDivLoss loss = KLDivLoss.builder().reduction(r).logTarget(logTarget).build();
                Tensor t = logTarget ? randn(62, 3, 4) : rand(62, 3, 4).add(0.05);
                gradcheck("KLDiv log_target=" + logTarget + " " + r, a -> loss.forward(a[0], a[1]), leaf(randn(61, 3, 4)), leaf(t));
                gradcheck("KLDiv 0-d " + r, a -> loss.forward(a[0], a[1]), leaf(Tensor.scalar(-0.7, org.losses4j.DType.FLOAT64)),
                        leaf(Tensor.scalar(0.4, org.losses4j.DType.FLOAT64)));
            }
        }
    }

    @Test
    void batchmeanDividesBySizeZeroAndZeroDimBySumAlone() {
        Tensor x = randn(63, 4, 3), t = rand(64, 4, 3);
        double sum = new KLDivLoss(Reduction.SUM).forward(x, t).item();
        assertEquals(sum / 4, new KLDivLoss(Reduction.BATCHMEAN).forward(x, t).item(), 1e-15);
        assertEquals(sum / 12, new KLDivLoss(Reduction.MEAN).forward(x, t).item(), 1e-15);
        Tensor x0 = leaf(Tensor.scalar(-0.7, org.losses4j.DType.FLOAT64)), t0 = Tensor.scalar(0.4, org.losses4j.DType.FLOAT64);
        Tensor bm = new KLDivLoss(Reduction.BATCHMEAN).forward(x0, t0);
        assertEquals(0.4 * (Math.log(0.4) + 0.7), bm.item(), 1e-15);
        assertEquals("SumBackward0", bm.gradFn().name());
        assertEquals("DivBackward0", new KLDivLoss(Reduction.BATCHMEAN).forward(leaf(randn(65, 2, 2)), t.narrow(0, 0, 2).narrow(1, 0, 2)).gradFn().name());
    }

    /** 0 log 0 = 0 (xlogy); PyTorch's target gradient there is 0/0 = NaN, and so is ours. */
    @Test
    void zeroTargetContributesZero() {
        Tensor x = leaf(Tensor.of(-1.0, -2.0)), t = leaf(Tensor.of(0.0, 1.0));
        Tensor out = new KLDivLoss(Reduction.NONE).forward(x, t);
        assertEquals(0.0, out.toDoubleArray()[0], 0);
        assertEquals(2.0, out.toDoubleArray()[1], 0);
        out.sum().backward();
        assertEquals(0.0, x.grad().toDoubleArray()[0], 0);
        assertTrue(Double.isNaN(t.grad().toDoubleArray()[0]));
        assertEquals(0 + 1 + 2.0, t.grad().toDoubleArray()[1], 1e-15);
    }

    @Test
    void rejectsIntegralInputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KLDivLoss().forward(randn(66, 3), Tensor.of(1L, 0L, 2L)));
        assertEquals("kl_div: Integral inputs not supported.", e.getMessage());
    }

    @Test
    void gradFnNamesAreTorchs() {
        Tensor x = leaf(randn(67, 2, 3)), t = rand(68, 2, 3);
        assertEquals("MeanBackward0", new KLDivLoss().forward(x, t).gradFn().name());
        assertEquals("SumBackward0", new KLDivLoss(Reduction.SUM).forward(x, t).gradFn().name());
        assertEquals("SubBackward0", new KLDivLoss(Reduction.NONE).forward(x, t).gradFn().name());
        assertEquals("MulBackward0", KLDivLoss.builder().reduction(Reduction.NONE).logTarget(true).build().forward(x, t).gradFn().name());
    }
}
