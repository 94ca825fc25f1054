package org.losses4j.internal.simd.scalar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scalar SmoothL1 and Huber kernels against their element definition, bit for bit, through both of their loops:
 * the one-index loop (x, y and the written arrays at one offset, which C2 vectorises) and the general loop (any
 * offsets), for every output combination (sum only, gradient, per-element loss, both), sizes around the unroll by
 * four, and d = x - y exactly at +-beta / +-delta, just inside and outside, NaN, +-inf and -0. Elements outside the
 * written range stay untouched. Bits compared with NaN canonical (x86 gives NaNs of either sign by operand order). The definition's linear pieces are also held to PyTorch's formula within 2 ulps.
 */
class ScalarSmoothL1HuberKernelTest {
    private static final ScalarPointwiseKernels K = new ScalarPointwiseKernels();
    private static final float SENTINEL = 12345.5f;

    /** The kernels' element definition: c = min(|d|, beta), l = 0.5 c^2 / beta + (|d| - c). */
    static float smoothL1Loss(float d, float beta) {
        float z = Math.abs(d), c = Math.min(z, beta);
        return 0.5f * c * c / beta + (z - c);
    }

    /** g = clamp(d scale / beta, -scale, scale), NaN stays NaN. */
    static float smoothL1Grad(float d, float scale, float beta) {
        return Math.max(-scale, Math.min(scale, d * (scale / beta)));
    }

    /** c = min(|d|, delta), l = 0.5 c^2 + delta (|d| - c). */
    static float huberLoss(float d, float delta) {
        float z = Math.abs(d), c = Math.min(z, delta);
        return 0.5f * c * c + delta * (z - c);
    }

    /** g = clamp(d scale, -delta scale, delta scale). */
    static float huberGrad(float d, float scale, float delta) {
        float sd = scale * delta;
        return Math.max(-sd, Math.min(sd, d * scale));
    }

    interface Kernel {
        double run(float[] x, int xo, float[] y, int yo, float[] out, int oo, float[] g, int go, float scale, float p, int n);
    }

    interface Element {
        float at(float d, float scale, float p);
    }

    /** Pairs (x, y) whose difference is a special: at and around +-p, NaN, +-inf, -0 and 0, huge. */
    static void fill(Random r, float[] x, int xo, float[] y, int yo, int n, float p) {
        float[][] pairs = {
            {p, 0f}, {-p, 0f}, {0f, p}, {0f, -p}, {Math.nextUp(p), 0f}, {Math.nextDown(p), 0f}, {-Math.nextUp(p), 0f},
            {-Math.nextDown(p), 0f}, {Float.NaN, 1f}, {1f, Float.NaN}, {Float.POSITIVE_INFINITY, 1f}, {Float.NEGATIVE_INFINITY, 1f},
            {1f, Float.POSITIVE_INFINITY}, {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY}, {-0f, 0f}, {0f, 0f}, {0f, -0f},
            {3e38f, -3e38f}, {1e-40f, 0f}, {2.5f * p, p}};
        for (int i = 0; i < n; i++) {
            if (r.nextInt(3) == 0) {
                float[] q = pairs[r.nextInt(pairs.length)];
                x[xo + i] = q[0];
                y[yo + i] = q[1];
            } else {
                x[xo + i] = (float) (r.nextGaussian() * 2 * p);
                y[yo + i] = (float) (r.nextGaussian() * p);
            }
        }
    }

    static void check(String name, Kernel k, Element loss, Element grad, float p) {
        Random r = new Random(name.hashCode());
        int[][] offsets = {{0, 0, 0, 0}, {5, 5, 5, 5}, {3, 5, 2, 7}, {2, 2, 2, 4}, {2, 2, 6, 2}, {1, 4, 1, 1}, {4, 1, 4, 4}};
        for (int n : new int[] {0, 1, 3, 4, 5, 7, 64, 1021}) {
            for (int[] off : offsets) {
                int xo = off[0], yo = off[1], oo = off[2], go = off[3];
                float[] x = new float[n + xo + 2], y = new float[n + yo + 2];
                fill(r, x, xo, y, yo, n, p);
                float scale = 1f / 3;
                for (int mode = 0; mode < 4; mode++) {
                    boolean wantOut = (mode & 1) != 0, wantG = (mode & 2) != 0;
                    float[] out = wantOut ? filled(n + oo + 3) : null, g = wantG ? filled(n + go + 3) : null;
                    double sum = k.run(x, xo, y, yo, out, oo, g, go, scale, p, n);
                    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                    String what = name + " n=" + n + " offsets=" + java.util.Arrays.toString(off) + " mode=" + mode;
                    for (int i = 0; i < n; i++) {
                        float d = x[xo + i] - y[yo + i];
                        float l = loss.at(d, scale, p);
                        if (out != null) assertEquals(Float.floatToIntBits(l), Float.floatToIntBits(out[oo + i]), what + " loss d=" + d);
                        if (g != null) {
                            float gv = grad.at(d, scale, p);
                            assertEquals(Float.floatToIntBits(gv), Float.floatToIntBits(g[go + i]), what + " grad d=" + d);
                        }
                        if (i < n - n % 4) {
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
                    assertEquals(Double.doubleToLongBits((s0 + s1) + (s2 + s3)), Double.doubleToLongBits(sum), what + " sum");
                    untouchedOutside(out, oo, n, what + " out");
                    untouchedOutside(g, go, n, what + " grad");
                }
            }
        }
    }

    static float[] filled(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, SENTINEL);
        return a;
    }

    static void untouchedOutside(float[] a, int off, int n, String what) {
        if (a == null) return;
        for (int i = 0; i < a.length; i++) if (i < off || i >= off + n) assertEquals(SENTINEL, a[i], what + " wrote outside at " + i);
    }

    /** The kernels' element functions are this definition, bit for bit. */
    @Test
    void theElementFunctionsAreTheDefinition() {
        Random r = new Random(11);
        for (float p : new float[] {1f, 0.7f, 1.3f, 3e-3f}) {
            float scale = 0.375f;
            for (int i = 0; i < 5000; i++) {
                float d = i < 7 ? new float[] {p, -p, 0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}[i]
                        : (float) (r.nextGaussian() * 3 * p);
                assertEquals(Float.floatToIntBits(smoothL1Loss(d, p)), Float.floatToIntBits(ScalarPointwiseKernels.smoothL1Loss(d, p)), "d=" + d);
                assertEquals(Float.floatToIntBits(smoothL1Grad(d, scale, p)),
                        Float.floatToIntBits(ScalarPointwiseKernels.smoothL1Grad(d, scale, scale / p)), "d=" + d);
                assertEquals(Float.floatToIntBits(huberLoss(d, p)), Float.floatToIntBits(ScalarPointwiseKernels.huberLoss(d, p)), "d=" + d);
                assertEquals(Float.floatToIntBits(huberGrad(d, scale, p)),
                        Float.floatToIntBits(ScalarPointwiseKernels.huberGrad(d, scale, scale * p)), "d=" + d);
            }
        }
    }

    @Test
    void smoothL1GivesTheElementDefinitionsBitsInBothLoops() {
        for (float beta : new float[] {1f, 0.7f, 0.5f, 3e-3f}) {
            check("smoothL1 beta=" + beta, K::smoothL1, (d, s, b) -> smoothL1Loss(d, b), ScalarSmoothL1HuberKernelTest::smoothL1Grad, beta);
        }
    }

    @Test
    void huberGivesTheElementDefinitionsBitsInBothLoops() {
        for (float delta : new float[] {1f, 1.3f, 0.5f, 20f}) {
            check("huber delta=" + delta, K::huber, (d, s, p) -> huberLoss(d, p), ScalarSmoothL1HuberKernelTest::huberGrad, delta);
        }
    }

    /** PyTorch's piecewise definition, in float: within 2 ulps of the kernels' branch-free one, equal at the specials. */
    @Test
    void theElementDefinitionIsPyTorchsFormulaWithinTwoUlps() {
        Random r = new Random(3);
        for (float p : new float[] {1f, 0.7f, 1.3f, 3e-3f, 20f}) {
            float scale = 0.25f;
            for (int i = 0; i < 20000; i++) {
                float d = i < 8 ? new float[] {p, -p, Math.nextUp(p), Math.nextDown(p), -Math.nextUp(p), -Math.nextDown(p), 0f, -0f}[i]
                        : (float) (r.nextGaussian() * 3 * p);
                float z = Math.abs(d);
                float smooth = z < p ? 0.5f * d * d / p : z - 0.5f * p;
                float huber = z < p ? 0.5f * d * d : p * (z - 0.5f * p);
                float gs = d <= -p ? -scale : d >= p ? scale : d * scale / p;
                float gh = d <= -p ? -p * scale : d >= p ? p * scale : d * scale;
                assertUlps(smooth, smoothL1Loss(d, p), 2, "smoothL1 loss d=" + d + " beta=" + p);
                assertUlps(huber, huberLoss(d, p), 2, "huber loss d=" + d + " delta=" + p);
                assertUlps(gs, smoothL1Grad(d, scale, p), 2, "smoothL1 grad d=" + d + " beta=" + p);
                assertUlps(gh, huberGrad(d, scale, p), 2, "huber grad d=" + d + " delta=" + p);
            }
            for (float d : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                float expectL = Float.isNaN(d) ? Float.NaN : Float.POSITIVE_INFINITY;
                assertEquals(expectL, smoothL1Loss(d, p));
                assertEquals(expectL, huberLoss(d, p));
                float expectG = Float.isNaN(d) ? Float.NaN : Math.signum(d) * scale;
                assertEquals(expectG, smoothL1Grad(d, scale, p));
                assertEquals(Float.isNaN(d) ? Float.NaN : Math.signum(d) * scale * p, huberGrad(d, scale, p));
            }
        }
    }

    static void assertUlps(float expected, float actual, int ulps, String what) {
        assertTrue(Math.abs(expected - actual) <= ulps * Math.ulp(expected), what + ": " + actual + " vs " + expected);
    }
}
