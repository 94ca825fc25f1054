package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.losses4j.nn.BinaryLossTesting.*;

import org.junit.jupiter.api.Test;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradMode;

class SoftMarginLossTest {

    @Test
    void backwardMatchesFiniteDifferences_everyReductionAndBroadcastTarget() {
        for (Reduction r : REDUCTIONS) {
            for (Tensor y : new Tensor[] {signs64(2, 3, 4), signs64(3, 4), normal64(4, 3, 1)}) {
                Tensor x = normal64(1, 3, 4).mul(2).detach().requiresGrad_(true);
                assertGradCheck("SoftMargin " + r, in -> SoftMarginLoss.softMarginLoss(in[0], y, r), x);
            }
        }
    }

    @Test
    void matchesTorch_tutorialExample() {
        Tensor inputs = Tensor.of(new float[][] {{0.3f, 0.7f}, {0.5f, 0.5f}});
        Tensor target = Tensor.of(new float[][] {{-1, 1}, {1, -1}});
        assertEquals("tensor(0.6764)", new SoftMarginLoss().forward(inputs, target).toString());
    }

    @Test
    void overflowsLikePyTorchPastTheFloat32ExpLimit() {
        // PyTorch evaluates log(1 + exp(-y x)) literally at the input's precision: x = -1e4, y = 1 gives inf and a
        // NaN gradient (exp overflows float32 past -y x ~ 88.7). We return what PyTorch returns.
        Tensor x = Tensor.of(1e4f, -1e4f, -80f, 0f).requiresGrad_(true);
        Tensor y = Tensor.of(1f, 1f, 1f, 1f);
        Tensor l = SoftMarginLoss.softMarginLoss(x, y, Reduction.NONE);
        double[] v = l.toDoubleArray();
        assertEquals(0, v[0]);
        assertEquals(Double.POSITIVE_INFINITY, v[1]);
        assertEquals(80, v[2], 1e-4);
        assertEquals(Math.log(2), v[3], 1e-6);
        l.sum().backward();
        double[] g = x.grad().toDoubleArray();
        assertEquals(0, g[0], 1e-30);
        assertTrue(Double.isNaN(g[1]));
        assertEquals(-1, g[2], 1e-6);
        assertEquals(-0.5, g[3], 1e-6);
    }

    @Test
    void acceptsIntegerTargets() {
        Tensor l = new SoftMarginLoss(Reduction.SUM).forward(Tensor.of(0.0, 2.0), Tensor.of(1L, -1L));
        assertValues(new double[] {Math.log(2) + Math.log1p(Math.exp(2))}, l, 1e-12);
    }

    @Test
    void rejectsTargetThatRequiresGrad_asPyTorch_butNotUnderNoGrad() {
        Tensor x = Tensor.of(new float[] {0.5f}).requiresGrad_(true);
        Tensor y = Tensor.of(new float[] {1f}).requiresGrad_(true);
        assertFails(IllegalArgumentException.class,
                "The function 'soft_margin_loss' is not differentiable with respect to argument 'target'. This input cannot have requires_grad True.",
                () -> new SoftMarginLoss().forward(x, y), x, y);
        try (var s = GradMode.noGrad()) {
            assertFalse(new SoftMarginLoss().forward(x, y).requiresGrad());
        }
    }

    @Test
    void rejectsTargetThatEnlargesTheInput() {
        assertFails(IllegalArgumentException.class, "output with shape [4] doesn't match the broadcast shape [3, 4]",
                () -> new SoftMarginLoss().forward(Tensor.zeros(4), Tensor.ones(3, 4)));
    }
}
