package org.losses4j.internal.simd.scalar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The chunked GaussianNLL kernel (float log through 0-based scratch) against its definition element by element:
 * the loss within the float log's ulp, the gradient d / w scale exactly, the definition's bits in a chunk that holds
 * a special variance (NaN, +inf, 0 with eps 0, huge), at any offsets.
 */
class ScalarGaussianKernelTest {
    private final ScalarPointwiseKernels k = new ScalarPointwiseKernels();

    private void check(float[] x, int xo, float[] y, int yo, float[] v, int vo, int oo, int go, int n, float eps) {
        float scale = 0.25f, constant = 0.9189385f;
        float[] out = new float[oo + n], g = new float[go + n];
        double sum = k.gaussian(x, xo, y, yo, v, vo, out, oo, g, go, scale, eps, constant, n);
        double want = 0;
        for (int i = 0; i < n; i++) {
            float w = Math.max(v[vo + i], eps), d = x[xo + i] - y[yo + i];
            float def = ScalarPointwiseKernels.gaussianTerm(d, w, constant);
            float got = out[oo + i];
            want += def;
            assertEquals(Float.floatToRawIntBits(d / w * scale), Float.floatToRawIntBits(g[go + i]), "gradient at " + i);
            // log w within 1 ulp, then the adds and the halving: a few ulps of the terms
            float logw = (float) Math.log(w);
            float tol = 0.5f * (2 * Math.ulp(logw) + Math.ulp(logw + d * d / w)) + 2 * Math.ulp(def);
            assertTrue(Math.abs(got - def) <= tol, "element " + i + ": " + got + " vs " + def + " (w=" + w + ", d=" + d + ")");
        }
        assertEquals(want, sum, 1e-6 * (1 + Math.abs(want)));
    }

    private static float[] variances(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(8);
            v[i] = kind == 0 ? 0f : kind == 1 ? (float) Math.pow(10, -r.nextInt(30)) * (float) r.nextDouble()
                    : kind == 2 ? (float) Math.pow(10, r.nextInt(20)) * (float) r.nextDouble() : (float) r.nextDouble() + 0.1f;
        }
        return v;
    }

    @Test
    void matchesTheDefinitionAtAnyOffset() {
        SplittableRandom r = new SplittableRandom(17);
        for (int n : new int[] {0, 1, 7, 511, 512, 513, 1021, 4099}) {
            float[] v = variances(r, n + 4), x = new float[n + 3], y = new float[n + 6];
            for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 3);
            for (int i = 0; i < y.length; i++) y[i] = (float) (r.nextGaussian() * 3);
            check(x, 0, y, 0, v, 0, 0, 0, n, 1e-6f);
            check(x, 3, y, 6, v, 4, 2, 1, n, 1e-6f);
            check(x, 1, y, 2, v, 3, 0, 5, n, 1e-3f);
        }
    }

    @Test
    void aChunkWithASpecialVarianceFollowsTheDefinitionsBits() {
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, 0x1p110f, Float.MAX_VALUE, 0f, Float.MIN_VALUE};
        SplittableRandom r = new SplittableRandom(9);
        for (float sp : specials) {
            int n = 1300;
            float[] v = variances(r, n), x = new float[n], y = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) r.nextGaussian();
                y[i] = (float) r.nextGaussian();
            }
            v[700] = sp;
            float eps = 0f; // so that a zero variance reaches the log: -inf, as PyTorch's log(0)
            float[] out = new float[n], g = new float[n];
            k.gaussian(x, 0, y, 0, v, 0, out, 0, g, 0, 1f, eps, 0f, n);
            boolean special = !(sp > 0f && sp <= 0x1p100f);
            for (int i = 512; i < 1024; i++) {
                float w = Math.max(v[i], eps), d = x[i] - y[i];
                float def = ScalarPointwiseKernels.gaussianTerm(d, w, 0f);
                if (special || i == 700) {
                    // the whole chunk by the definition when it holds a special; a MIN_VALUE variance is a normal chunk
                    if (special) assertEquals(Float.floatToRawIntBits(def), Float.floatToRawIntBits(out[i]), "v=" + sp + " element " + i);
                    else assertEquals(def, out[i], 2 * Math.ulp(def), "v=" + sp + " element " + i);
                }
            }
            if (Float.isNaN(sp)) assertTrue(Float.isNaN(out[700]));
            if (sp == Float.POSITIVE_INFINITY) assertEquals(Float.POSITIVE_INFINITY, out[700]);
            if (sp == 0f) assertTrue(Float.isNaN(out[700]) || out[700] == Float.POSITIVE_INFINITY, "log 0 + d^2 / 0: " + out[700]);
        }
    }
}
