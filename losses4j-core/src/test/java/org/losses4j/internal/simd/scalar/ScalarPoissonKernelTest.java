package org.losses4j.internal.simd.scalar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scalar PoissonNLL kernel (log_input): its exp is within half an ulp (plus 1e-4 ulp) of the exact exponential
 * over a sweep of floats, and the chunked kernel gives the per-element formula's bits at any offsets and sizes.
 */
class ScalarPoissonKernelTest {
    private static final ScalarPointwiseKernels K = new ScalarPointwiseKernels();

    private static void checkExp(float x) {
        double exact = Math.exp(x);
        float got = ScalarPointwiseKernels.expAccurate(x);
        float rounded = (float) exact;
        if (Float.isInfinite(rounded) || rounded == 0f) {
            assertEquals(rounded, got, "exp(" + x + ")");
            return;
        }
        double ulp = Math.ulp(rounded);
        if (!(Math.abs(got - exact) <= 0.5001 * ulp)) fail("exp(" + x + ") = " + got + ", exact " + exact);
    }

    @Test
    void expWithinHalfAnUlpOverASweep() {
        // every 409th float of either sign from 0 to +inf (about 5 million each), then every float near 0 and the edges
        for (int b = 0; b >= 0 && b <= 0x7f800000; b += 409) {
            float v = Float.intBitsToFloat(b);
            checkExp(v);
            checkExp(-v);
        }
        for (int b = Float.floatToRawIntBits(1f) - 300_000; b <= Float.floatToRawIntBits(1f) + 300_000; b++) {
            checkExp(Float.intBitsToFloat(b));
            checkExp(-Float.intBitsToFloat(b));
        }
        for (float v : new float[] {88.72283f, Math.nextUp(88.72283f), 89f, -87.33654f, -87.4f, -103f, -103.97f, -104f, -150f, -151f,
            3e38f, -3e38f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, 1e-7f, -1e-7f, 0f, -0f}) {
            checkExp(v);
        }
        assertEquals(Float.POSITIVE_INFINITY, ScalarPointwiseKernels.expAccurate(Float.POSITIVE_INFINITY));
        assertEquals(0f, ScalarPointwiseKernels.expAccurate(Float.NEGATIVE_INFINITY));
        assertEquals(Float.NaN, ScalarPointwiseKernels.expAccurate(Float.NaN));
    }

    @Test
    void kernelGivesTheFormulaBitsAtAnyOffset() {
        Random r = new Random(5);
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 89f, -104f, 0f, -0f, 1e-40f, 88.7f, -3e38f};
        for (int n : new int[] {0, 1, 7, 511, 512, 513, 1500, 4099}) {
            for (int[] off : new int[][] {{0, 0, 0, 0}, {3, 5, 2, 7}}) {
                int xo = off[0], yo = off[1], oo = off[2], go = off[3];
                float[] x = new float[n + xo], y = new float[n + yo];
                for (int i = 0; i < n; i++) {
                    x[xo + i] = r.nextInt(10) == 0 ? special[r.nextInt(special.length)] : (float) (r.nextGaussian() * 3);
                    y[yo + i] = r.nextInt(10) == 0 ? special[r.nextInt(special.length)] : (float) (r.nextDouble() * 5);
                }
                float[] out = new float[n + oo], g = new float[n + go];
                float scale = 1f / 7;
                double sum = K.poissonLogInput(x, xo, y, yo, out, oo, g, go, scale, n);
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int i = 0; i < n; i++) {
                    float xv = x[xo + i], yv = y[yo + i], e = ScalarPointwiseKernels.expAccurate(xv);
                    float l = e - yv * xv, gv = scale * e - scale * yv;
                    assertEquals(Float.floatToIntBits(l), Float.floatToIntBits(out[oo + i]), "loss n=" + n + " x=" + xv + " y=" + yv);
                    assertEquals(Float.floatToIntBits(gv), Float.floatToIntBits(g[go + i]), "grad n=" + n + " x=" + xv + " y=" + yv);
                    if (i < n - n % 4) { // element i into accumulator i % 4, the last n % 4 into the first
                        switch (i & 3) {
                            case 0 -> s0 += l;
                            case 1 -> s1 += l;
                            case 2 -> s2 += l;
                            default -> s3 += l;
                        }
                    } else {
                        s0 += l;
                    }
                }
                assertEquals(Double.doubleToLongBits((s0 + s1) + (s2 + s3)), Double.doubleToLongBits(sum), "sum n=" + n);
                double s4 = K.poissonLogInput(x, xo, y, yo, null, 0, null, 0, scale, n);
                assertEquals(Double.doubleToLongBits(sum), Double.doubleToLongBits(s4), "sum without outputs n=" + n);
            }
        }
    }
}
