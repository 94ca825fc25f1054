package org.losses4j.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.losses4j.internal.simd.scalar.ScalarPointwiseKernels;

/**
 * Each point-wise loss has one float form (ScalarPointwiseKernels' element functions: the scalar loops and the Vector
 * API tails) and one double form (RegressionKernels / MseKernel: float64 and the general path). This pins them
 * together: for float operands, the float form equals the double form rounded to float bit for bit for MSE and L1,
 * and within 2 ulps for SmoothL1 and Huber (whose float form is branch-free: min/max instead of PyTorch's branches);
 * NaN, infinities and the edges d = +-beta / +-delta agree exactly.
 */
class RegressionFormsTest {

    static float[] diffs(Random r, float p) {
        float[] d = new float[20000];
        float[] special = {0f, -0f, p, -p, Math.nextUp(p), Math.nextDown(p), -Math.nextUp(p), Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, 3e38f, -3e38f, 1e-40f, -1e-40f};
        for (int i = 0; i < d.length; i++) d[i] = i < special.length ? special[i] : (float) (r.nextGaussian() * 3 * p);
        return d;
    }

    static void assertWithin(double exact, float got, int ulps, String what) {
        float want = (float) exact;
        if (Float.isNaN(want) || Float.isInfinite(want)) {
            assertEquals(want, got, what);
            return;
        }
        assertTrue(Math.abs(want - got) <= ulps * Math.ulp(want), what + ": float form " + got + ", double form " + want);
    }

    @Test
    void mseAndL1FloatFormsAreTheDoubleFormsRounded() {
        Random r = new Random(1);
        float scale = 1f / 1024;
        for (float d : diffs(r, 1f)) {
            double[] x = {d}, y = {0}, u = {scale}, out = new double[1], gx = new double[1];
            MseKernel.mse(x, y, out);
            MseKernel.mseBackward(x, y, u, gx, null);
            assertWithin(out[0], ScalarPointwiseKernels.mseLoss(d), 0, "mse loss d=" + d);
            assertWithin(gx[0], ScalarPointwiseKernels.mseGrad(d, 2 * scale), 0, "mse grad d=" + d);
            RegressionKernels.l1(x, y, out);
            RegressionKernels.l1Backward(x, y, u, gx, null);
            assertWithin(out[0], ScalarPointwiseKernels.l1Loss(d), 0, "l1 loss d=" + d);
            assertWithin(gx[0], ScalarPointwiseKernels.l1Grad(d, scale), 0, "l1 grad d=" + d);
        }
    }

    @Test
    void smoothL1AndHuberFloatFormsAreWithinTwoUlpsOfTheDoubleForms() {
        Random r = new Random(2);
        float scale = 0.375f;
        for (float p : new float[] {1f, 0.5f, 0.7f, 1.3f, 3e-3f, 20f}) {
            for (float d : diffs(r, p)) {
                assertWithin(RegressionKernels.smoothL1(d, p), ScalarPointwiseKernels.smoothL1Loss(d, p), 2, "smoothL1 loss d=" + d + " beta=" + p);
                assertWithin(RegressionKernels.smoothL1Grad(d, scale, p), ScalarPointwiseKernels.smoothL1Grad(d, scale, scale / p), 2,
                        "smoothL1 grad d=" + d + " beta=" + p);
                assertWithin(RegressionKernels.huber(d, p), ScalarPointwiseKernels.huberLoss(d, p), 2, "huber loss d=" + d + " delta=" + p);
                assertWithin(RegressionKernels.huberGrad(d, scale, p), ScalarPointwiseKernels.huberGrad(d, scale, scale * p), 2,
                        "huber grad d=" + d + " delta=" + p);
            }
        }
    }
}
