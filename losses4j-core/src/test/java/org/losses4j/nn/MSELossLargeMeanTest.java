package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.losses4j.DType;
import org.losses4j.Tensor;
import org.junit.jupiter.api.Test;

/**
 * PyTorch's own large-mean case (common_nn: MSELoss on ones(5, 68, 64, 64) / 10): a float32 mean over 1,392,640
 * elements must not drift, as a naive float32 running sum would (it stalls near 2^24 ulps). Reference values
 * were printed once by /usr/bin/python3 (torch 1.13):
 * <pre>
 * x = torch.ones(5, 68, 64, 64) / 10
 * torch.nn.MSELoss()(x, torch.zeros_like(x)).item()   # 0.009999999776482582
 * torch.nn.L1Loss()(x, torch.zeros_like(x)).item()    # 0.10000000894069672
 * x.mean().item()                                     # 0.10000000894069672
 * </pre>
 * Asserted at torch.testing's float32 tolerance (rtol 1.3e-6, atol 1e-5), plus a relative check, since atol alone
 * would accept a value 0.1% off for the 0.01 MSE.
 */
class MSELossLargeMeanTest {
    private static final double RTOL = 1.3e-6, ATOL = 1e-5;

    private static Tensor tenths() { return Tensor.ones(5, 68, 64, 64).div(10); }

    private static void assertClose(double expected, Tensor actual) {
        assertEquals(DType.FLOAT32, actual.dtype());
        assertEquals(0, actual.dim());
        double a = actual.item();
        assertEquals(expected, a, ATOL + RTOL * Math.abs(expected));
        assertEquals(expected, a, 2 * RTOL * Math.abs(expected), "relative accuracy");
    }

    @Test
    void mseMeanMatchesTorch() {
        Tensor x = tenths();
        assertEquals(1_392_640, x.numel());
        assertClose(0.009999999776482582, new MSELoss().forward(x, Tensor.zeros(5, 68, 64, 64)));
    }

    @Test
    void l1MeanMatchesTorch() {
        Tensor x = tenths();
        assertClose(0.10000000894069672, new L1Loss().forward(x, Tensor.zeros(5, 68, 64, 64)));
    }

    @Test
    void float32MeanOfManyElementsIsAccurate() {
        assertClose(0.10000000894069672, tenths().mean());
        assertClose(0.10000000894069672 * 1_392_640, tenths().sum());
    }

    @Test
    void largeMeanGradientIsOneOverN() {
        Tensor x = tenths().requiresGrad_(true);
        new L1Loss().forward(x, Tensor.zeros(5, 68, 64, 64)).backward();
        float[] g = x.grad().toFloatArray();
        assertEquals(1.0 / 1_392_640, g[0], 1e-12);
        assertEquals(1.0 / 1_392_640, g[g.length - 1], 1e-12);
    }
}
