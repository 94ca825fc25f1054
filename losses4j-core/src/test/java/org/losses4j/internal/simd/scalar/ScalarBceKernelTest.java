package org.losses4j.internal.simd.scalar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.losses4j.internal.simd.BinaryLossKernels;

/**
 * The chunked scalar BCE kernel: the same bits as the per-element formula with ScalarFloatLog at any offsets and
 * sizes around the chunk, and the loss within a few float ulps of the double reference (Math.log, Math.log1p).
 */
class ScalarBceKernelTest {
    private static final ScalarBinaryLossKernels K = new ScalarBinaryLossKernels();
    private static final float[] SPECIAL = {0f, -0f, 1f, Float.MIN_VALUE, 1e-40f, Float.MIN_NORMAL, 1e-30f, 1e-7f, 1e-3f, 0.5f,
        Math.nextDown(0.5f), 0.999f, 1 - 1e-7f, Math.nextDown(1f), Float.NaN};

    private static float formula(float x, float y) {
        return (y - 1) * Math.max(ScalarFloatLog.log1mx(x), -100f) - y * Math.max(ScalarFloatLog.log(x), -100f);
    }

    private static double reference(float x, float y) {
        return (y - 1.0) * Math.max(Math.log1p(-(double) x), -100) - y * Math.max(Math.log(x), -100);
    }

    @Test
    void sameBitsAsTheFormulaAtAnyOffsetAndCloseToDouble() {
        Random r = new Random(11);
        for (int n : new int[] {0, 1, 7, 511, 512, 513, 1500, 4099}) {
            for (int[] off : new int[][] {{0, 0, 0}, {3, 5, 2}}) {
                int xo = off[0], yo = off[1], lo = off[2];
                float[] x = new float[n + xo], y = new float[n + yo];
                for (int i = 0; i < n; i++) {
                    x[xo + i] = r.nextInt(8) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : (float) r.nextDouble();
                    y[yo + i] = r.nextInt(10) == 0 ? new float[] {0.5f, 0.25f, Float.NaN}[r.nextInt(3)] : r.nextInt(2);
                }
                float[] loss = new float[n + lo], grad = new float[n + lo];
                float scale = 1f / 3;
                double sum = K.bce(x, xo, y, yo, loss, grad, lo, scale, n);
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int i = 0; i < n; i++) {
                    float xi = x[xo + i], yi = y[yo + i];
                    float v = formula(xi, yi);
                    assertEquals(Float.floatToIntBits(v), Float.floatToIntBits(loss[lo + i]), "loss n=" + n + " x=" + xi + " y=" + yi);
                    float g = scale * (xi - yi) / Math.max((1 - xi) * xi, BinaryLossKernels.BCE_EPSILON);
                    assertEquals(Float.floatToIntBits(g), Float.floatToIntBits(grad[lo + i]), "grad n=" + n + " x=" + xi);
                    double ref = reference(xi, yi);
                    if (Double.isNaN(ref) != Float.isNaN(v)) fail("NaN mismatch at x=" + xi + " y=" + yi);
                    if (!Double.isNaN(ref) && !(Math.abs(v - ref) <= 4 * Math.ulp((float) ref) + 1e-30)) {
                        fail("loss(" + xi + ", " + yi + ") = " + v + ", reference " + ref);
                    }
                    if (i < n - n % 4) { // element i into accumulator i % 4, the last n % 4 into the first
                        switch (i & 3) {
                            case 0 -> s0 += v;
                            case 1 -> s1 += v;
                            case 2 -> s2 += v;
                            default -> s3 += v;
                        }
                    } else {
                        s0 += v;
                    }
                }
                double expected = (s0 + s1) + (s2 + s3);
                assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(sum), "sum n=" + n);
                // without outputs: the same sum
                assertEquals(Double.doubleToLongBits(sum), Double.doubleToLongBits(K.bce(x, xo, y, yo, null, null, lo, scale, n)));
            }
        }
    }
}
