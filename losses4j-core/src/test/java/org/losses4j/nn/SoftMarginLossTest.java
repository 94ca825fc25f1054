package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void stableForMarginsOf1e4_wherePyTorch113OverflowsToInf() {
        // PyTorch 1.13 evaluates log(1 + exp(-y x)) literally: x = -1e4, y = 1 gives inf and a NaN gradient.
        // We follow the mathematical value (softplus), finite in float32 and float64.
        Tensor x = Tensor.of(1e4f, -1e4f, -100f, 0f).requiresGrad_(true);
        Tensor y = Tensor.of(1f, 1f, 1f, 1f);
        Tensor l = SoftMarginLoss.softMarginLoss(x, y, Reduction.NONE);
        assertValues(new double[] {0, 1e4, 100, Math.log(2)}, l, 1e-6);
        l.sum().backward();
        assertValues(new double[] {0, -1, -1, -0.5}, x.grad(), 1e-6);
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
