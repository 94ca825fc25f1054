package org.losses4j.internal.simd.scalar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The branch-free scalar MarginRankingLoss kernel against its definition, element by element and bit for bit:
 * v = p < 0 ? 0 : p (NaN and -0 stay), the gradient gy = m y with m = scale where p >= 0 (so at p = 0 and p = -0 too),
 * else 0 (so 0 times an infinite or NaN target is NaN, as PyTorch's chain rule gives), with ga = -gy and gb = gy as the
 * Vector API kernel writes them; at any offsets and odd lengths.
 */
class ScalarMarginRankingKernelTest {
    private final ScalarBinaryLossKernels k = new ScalarBinaryLossKernels();

    private static int bits(float f) { return Float.floatToRawIntBits(f); }

    private void check(float[] a, int ao, float[] b, int bo, float[] y, int yo, float margin, int lo, int n) {
        float scale = 0.125f;
        float[] loss = new float[lo + n], ga = new float[lo + n], gb = new float[lo + n];
        double sum = k.marginRanking(a, ao, b, bo, y, yo, loss, ga, gb, lo, margin, scale, n);
        double want = 0;
        for (int i = 0; i < n; i++) {
            float yi = y[yo + i];
            float p = -yi * (a[ao + i] - b[bo + i]) + margin;
            float v = p < 0 ? 0 : p;
            float gy = (p >= 0 ? scale : 0f) * yi;
            want += v;
            assertEquals(bits(v), bits(loss[lo + i]), "loss at " + i + " p=" + p);
            assertEquals(bits(-gy), bits(ga[lo + i]), "ga at " + i + " p=" + p);
            assertEquals(bits(gy), bits(gb[lo + i]), "gb at " + i + " p=" + p);
        }
        if (Double.isNaN(want)) assertEquals(true, Double.isNaN(sum));
        else assertEquals(want, sum, 1e-9 * (1 + Math.abs(want)));
    }

    @Test
    void matchesTheDefinitionAtAnyOffset() {
        SplittableRandom r = new SplittableRandom(23);
        for (int n : new int[] {0, 1, 2, 7, 1021, 4099}) {
            float[] a = new float[n + 3], b = new float[n + 2], y = new float[n + 1];
            for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
            for (int i = 0; i < b.length; i++) b[i] = (float) r.nextGaussian();
            for (int i = 0; i < y.length; i++) y[i] = r.nextBoolean() ? 1f : -1f;
            check(a, 0, b, 0, y, 0, 0.1f, 0, n);
            check(a, 3, b, 2, y, 1, 0f, 5, n);
        }
    }

    @Test
    void zeroNegativeZeroNanAndInfinities() {
        // p = 0 exactly, p = -0, NaN inputs, infinite differences, a target that is not +-1
        // (a target of +-inf where p < 0: 0 times inf is NaN)
        float[] a = {1f, 0f, Float.NaN, Float.POSITIVE_INFINITY, 2f, 0f, 5f, 1f, -1f};
        float[] b = {1f, 0f, 0f, 0f, 1f, 0f, 5f, 0f, 0f};
        float[] y = {1f, 1f, 1f, 1f, 0.5f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        check(a, 0, b, 0, y, 0, 0f, 0, a.length);
        check(a, 0, b, 0, y, 0, -0f, 1, a.length);
        check(a, 0, b, 0, y, 0, 0.25f, 0, a.length);
    }
}
