package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.losses4j.Reduction;
import org.losses4j.Tensor;

/**
 * 'batchmean' is KLDivLoss's alone: the other point-wise losses reject it with PyTorch's message, through the
 * constructor and through the functional form alike (F.mse_loss(..., reduction='batchmean') fails in PyTorch too).
 */
class RegressionReductionTest {
    static final Tensor X = Tensor.of(new float[] {1f, 2f, 3f}), Y = Tensor.of(new float[] {0f, 2f, 5f});

    static void rejects(String message, org.junit.jupiter.api.function.Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    @Test
    void functionalFormsRejectBatchmean() {
        String m = "batchmean is not a valid value for reduction";
        rejects(m, () -> MSELoss.mseLoss(X, Y, Reduction.BATCHMEAN));
        rejects(m, () -> MSELoss.mseLoss(X.to(org.losses4j.DType.FLOAT64), Y, Reduction.BATCHMEAN));
        rejects(m, () -> L1Loss.l1Loss(X, Y, Reduction.BATCHMEAN));
        rejects(m, () -> SmoothL1Loss.smoothL1Loss(X, Y, Reduction.BATCHMEAN, 1.0));
        rejects(m, () -> HuberLoss.huberLoss(X, Y, Reduction.BATCHMEAN, 1.0));
        rejects("batchmean is not valid", () -> PoissonNLLLoss.poissonNllLoss(X, Y, true, false, 1e-8, Reduction.BATCHMEAN));
        rejects("batchmean is not valid", () -> GaussianNLLLoss.gaussianNllLoss(X, Y, Tensor.ones(3), false, 1e-6, Reduction.BATCHMEAN));
        rejects(m, () -> new MSELoss(Reduction.BATCHMEAN));
        rejects("avg is not valid", () -> PoissonNLLLoss.fromOptions(new LossOptions(java.util.Map.of("reduction", "avg"))));
        rejects("avg is not valid", () -> GaussianNLLLoss.fromOptions(new LossOptions(java.util.Map.of("reduction", "avg"))));
    }
}
