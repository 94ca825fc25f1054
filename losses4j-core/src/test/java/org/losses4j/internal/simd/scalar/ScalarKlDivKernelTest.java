package org.losses4j.internal.simd.scalar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The chunked KL divergence kernel (float log through 0-based scratch) against its definition element by element:
 * t log t within the float log's ulp, exactly +0 where t = 0, the definition's bits in chunks with special targets,
 * the gradient c t exactly, at any offsets.
 */
class ScalarKlDivKernelTest {
    private final ScalarSoftmaxKernels k = new ScalarSoftmaxKernels();

    private static float[] targets(SplittableRandom r, int n) {
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(10);
            t[i] = kind == 0 ? 0f : kind == 1 ? (float) Math.pow(10, -r.nextInt(40)) * (float) r.nextDouble() : (float) r.nextDouble();
        }
        return t;
    }

    private void check(float[] x, int xo, float[] t, int to, int oo, int go, int n, boolean exactDefinition) {
        float c = 0.37f;
        float[] out = new float[oo + n], g = new float[go + n];
        double sum = k.klDiv(x, xo, t, to, out, oo, g, go, c, n);
        double want = 0;
        for (int i = 0; i < n; i++) {
            float ti = t[to + i], xi = x[xo + i];
            float def = ScalarSoftmaxKernels.klTerm(ti, xi);
            float got = out[oo + i];
            want += def;
            assertEquals(Float.floatToRawIntBits(c * ti), Float.floatToRawIntBits(g[go + i]), "gradient at " + i);
            if (exactDefinition || Float.isNaN(def) || Float.isInfinite(def)) {
                assertEquals(Float.floatToRawIntBits(def), Float.floatToRawIntBits(got), "element " + i + " t=" + ti + " x=" + xi);
            } else if (ti == 0) {
                assertEquals(Float.floatToRawIntBits(0f - 0f * xi), Float.floatToRawIntBits(got), "t = 0 at " + i);
            } else {
                // t log t within 2 ulps of itself, then the subtraction
                float tlogt = ti * (float) Math.log(ti);
                float tol = 2 * Math.ulp(tlogt) + Math.ulp(def);
                assertTrue(Math.abs(got - def) <= tol, "element " + i + ": " + got + " vs " + def + " (t=" + ti + ", x=" + xi + ")");
            }
        }
        assertEquals(want, sum, 1e-6 * (1 + Math.abs(want)));
    }

    @Test
    void matchesTheDefinitionAtAnyOffset() {
        SplittableRandom r = new SplittableRandom(11);
        for (int n : new int[] {0, 1, 7, 511, 512, 513, 1021, 4099}) {
            float[] t = targets(r, n + 5);
            float[] x = new float[n + 3];
            for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 3);
            check(x, 0, t, 0, 0, 0, n, false);
            check(x, 3, t, 5, 2, 1, n, false);
        }
    }

    @Test
    void specialTargetsGiveTheDefinitionsBits() {
        float[] specials = {-1f, -0f, Float.NaN, Float.POSITIVE_INFINITY, 0x1p110f, Float.MAX_VALUE, Float.MIN_VALUE, 0f, 1f};
        SplittableRandom r = new SplittableRandom(5);
        int n = 1300;
        float[] t = targets(r, n), x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        for (int i = 0; i < specials.length; i++) t[600 + i * 3] = specials[i];
        x[5] = Float.POSITIVE_INFINITY;
        x[7] = Float.NaN;
        // the chunk holding the specials follows the definition exactly; the others within the float log's ulps
        float c = 1f;
        float[] out = new float[n], g = new float[n];
        k.klDiv(x, 0, t, 0, out, 0, g, 0, c, n);
        for (int i = 512; i < 1024; i++) {
            assertEquals(Float.floatToRawIntBits(ScalarSoftmaxKernels.klTerm(t[i], x[i])), Float.floatToRawIntBits(out[i]), "element " + i);
        }
        assertTrue(Float.isNaN(out[600]), "negative target: NaN, as xlogy");
        assertTrue(Float.isNaN(out[7]) && Float.isNaN(ScalarSoftmaxKernels.klTerm(t[7], x[7])));
        assertEquals(Float.floatToRawIntBits(ScalarSoftmaxKernels.klTerm(t[5], x[5])), Float.floatToRawIntBits(out[5]));
    }
}
