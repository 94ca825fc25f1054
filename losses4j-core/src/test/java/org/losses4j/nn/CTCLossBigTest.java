package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.losses4j.Reduction;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.io.Npy;
import org.losses4j.io.NpyArray;
import org.losses4j.testing.Golden;

/**
 * T=400, N=32, C=80, S=100 in float32 against PyTorch 1.13 (golden/ctc_big/*.npy from tools/golden/gen_losses_ctc.py):
 * the mean loss and its full gradient, and the per-sample losses, at torch.testing's float32 tolerance.
 * (With 'sum' or 'none' PyTorch's own float32 gradient is ~1e-3 away from its float64 one at this length, so
 * those gradients are not a float32-tolerance reference; ours, computed in double, tracks the float64 one.)
 */
class CTCLossBigTest {

    private static NpyArray npy(String name) throws Exception {
        return Npy.read(Path.of(CTCLossBigTest.class.getResource("/golden/ctc_big/" + name).toURI()));
    }

    private static Tensor tensor(NpyArray a) {
        switch (a.dtype()) {
            case FLOAT32: return Tensor.wrap(DType.FLOAT32, a.floats(), a.shape());
            case INT64: return Tensor.wrap(DType.INT64, a.longs(), a.shape());
            default: throw new IllegalStateException("unexpected dtype " + a.dtype());
        }
    }

    @Test
    void matchesTorch_T400_N32_C80_S100_float32() throws Exception {
        Tensor logProbs = tensor(npy("log_probs.npy")).requiresGrad_(true);
        assertArrayEquals(new int[] {400, 32, 80}, logProbs.shape());
        Tensor targets = tensor(npy("targets.npy"));
        Tensor inputLengths = tensor(npy("input_lengths.npy"));
        Tensor targetLengths = tensor(npy("target_lengths.npy"));

        Tensor loss = new CTCLoss().forward(logProbs, targets, inputLengths, targetLengths);
        Golden.assertClose(tensor(npy("loss_mean.npy")), loss, "mean loss");
        loss.backward();
        Golden.assertClose(tensor(npy("grad_mean.npy")), logProbs.grad(), "gradient of the mean loss");

        Tensor none = new CTCLoss(Reduction.NONE).forward(logProbs.detach(), targets, inputLengths, targetLengths);
        Golden.assertClose(tensor(npy("loss_none.npy")), none, "per-sample losses");
    }
}
