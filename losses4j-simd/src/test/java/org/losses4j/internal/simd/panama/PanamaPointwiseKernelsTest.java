package org.losses4j.internal.simd.panama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.losses4j.internal.simd.PointwiseKernels;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * The Vector API point-wise kernels against the scalar ones (docs/ARCHITECTURE.md, convention 7): sizes 0, 1, 7, species-1,
 * species, species+1, 1021, 4099, with offsets, every output combination (sum only, gradient, per-element loss),
 * and NaN / +-Inf / huge values. Per-element values within a few float ulps (SVML's exp/log against Math's);
 * sums within a tolerance that grows with the size.
 */
class PanamaPointwiseKernelsTest {
    private static final PointwiseKernels SIMD = VectorizationProvider.get().kernels(PointwiseKernels.class);
    private static final PointwiseKernels SCALAR = VectorizationProvider.scalar(PointwiseKernels.class);
    private static final int S = PanamaSupport.F.length();

    @Test
    void panamaKernelsAreInUse() { assertInstanceOf(PanamaPointwiseKernels.class, SIMD); }

    /** One loss through a kernel object. */
    interface Call {
        double run(PointwiseKernels k, float[] x, int xo, float[] y, int yo, float[] v, int vo, float[] out, int oo, float[] g, int go,
                   float scale, int n);
    }

    static Stream<Arguments> losses() {
        return Stream.of(
                Arguments.of("mse", (Call) (k, x, xo, y, yo, v, vo, out, oo, g, go, s, n) -> k.mse(x, xo, y, yo, out, oo, g, go, s, n)),
                Arguments.of("l1", (Call) (k, x, xo, y, yo, v, vo, out, oo, g, go, s, n) -> k.l1(x, xo, y, yo, out, oo, g, go, s, n)),
                Arguments.of("smoothL1", (Call) (k, x, xo, y, yo, v, vo, out, oo, g, go, s, n) -> k.smoothL1(x, xo, y, yo, out, oo, g, go, s, 0.7f, n)),
                Arguments.of("huber", (Call) (k, x, xo, y, yo, v, vo, out, oo, g, go, s, n) -> k.huber(x, xo, y, yo, out, oo, g, go, s, 1.3f, n)),
                Arguments.of("poisson", (Call) (k, x, xo, y, yo, v, vo, out, oo, g, go, s, n) -> k.poissonLogInput(x, xo, y, yo, out, oo, g, go, s, n)),
                Arguments.of("gaussian", (Call) (k, x, xo, y, yo, v, vo, out, oo, g, go, s, n) -> k.gaussian(x, xo, y, yo, v, vo, out, oo, g, go, s,
                        1e-6f, 0.9189385f, n)));
    }

    static int[] sizes() { return new int[] {0, 1, 7, S - 1, S, S + 1, 1021, 4099}; }

    static float[] random(Random r, int n, boolean positive) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = positive ? (float) (r.nextDouble() * 3 + 0.01) : (float) (r.nextGaussian() * 2);
        return a;
    }

    /** Within a few ulps of the scalar value, NaN where it is NaN, the same infinity. */
    static void assertCloseFloat(float expected, float actual, String what) {
        if (Float.isNaN(expected) || Float.isInfinite(expected)) {
            assertEquals(expected, actual, what);
            return;
        }
        double tol = 4 * Math.ulp(Math.max(Math.abs(expected), Float.MIN_NORMAL)) + 1e-30;
        assertEquals(expected, actual, tol, what);
    }

    static void compare(String name, Call c, float[] x, float[] y, float[] v, int off, int n, float scale) {
        for (int mode = 0; mode < 4; mode++) {
            boolean wantOut = (mode & 1) != 0, wantG = (mode & 2) != 0;
            float[] o1 = wantOut ? new float[n + 3] : null, o2 = wantOut ? new float[n + 3] : null;
            float[] g1 = wantG ? new float[n + 5] : null, g2 = wantG ? new float[n + 5] : null;
            double s1 = c.run(SCALAR, x, off, y, off, v, off, o1, 3, g1, 5, scale, n);
            double s2 = c.run(SIMD, x, off, y, off, v, off, o2, 3, g2, 5, scale, n);
            String what = name + " n=" + n + " mode=" + mode;
            if (Double.isNaN(s1) || Double.isInfinite(s1)) {
                assertEquals(s1, s2, what);
            } else {
                double abs = 0;
                for (int i = 0; i < n; i++) abs += Math.abs(o1 != null ? o1[3 + i] : 0) + 1;
                assertEquals(s1, s2, 1e-6 * (Math.abs(s1) + abs) + 4e-7 * Math.sqrt(n + 1) * (Math.abs(s1) + 1), what + " sum");
            }
            for (int i = 0; i < n; i++) {
                if (wantOut && name.equals("gaussian") && Float.isFinite(o1[3 + i])) {
                    // 0.5 (log w + d^2 / w) + c: the kernels use different float logs (the Vector API's and
                    // ScalarFloatLog), each within 1 ulp, and the sum can cancel: 2 ulps of 0.5 |log w| on top
                    float w = Math.max(v[off + i], 1e-6f);
                    double tol = 4 * Math.ulp(Math.max(Math.abs(o1[3 + i]), Float.MIN_NORMAL)) + 2 * Math.ulp(0.5f * (float) Math.abs(Math.log(w)));
                    assertEquals(o1[3 + i], o2[3 + i], tol, what + " loss[" + i + "]");
                } else if (wantOut) assertCloseFloat(o1[3 + i], o2[3 + i], what + " loss[" + i + "]");
                if (wantG) assertCloseFloat(g1[5 + i], g2[5 + i], what + " grad[" + i + "]");
            }
            if (wantOut) assertEquals(0f, o2[0] + o2[1] + o2[2], "nothing written before the offset");
            if (wantG) assertEquals(0f, g2[0] + g2[4], "nothing written before the offset");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void matchesScalarOnEverySize(String name, Call c) {
        Random r = new Random(42);
        for (int n : sizes()) {
            for (int off : new int[] {0, 3}) {
                float[] x = random(r, n + off, false), y = random(r, n + off, name.equals("poisson")), v = random(r, n + off, true);
                compare(name, c, x, y, v, off, n, 1f);
                compare(name, c, x, y, v, off, n, 1f / (n + 1));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void matchesScalarOnSpecialValues(String name, Call c) {
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3e38f, -3e38f, 1e30f, -1e30f, 0f, -0f, 1e-40f, 88f, 89f,
                -104f, 1f, -1f, 0.7f, -0.7f, 1.3f, -1.3f, 1e-7f};
        int n = specials.length * specials.length;
        float[] x = new float[n], y = new float[n], v = new float[n];
        for (int i = 0; i < specials.length; i++) {
            for (int j = 0; j < specials.length; j++) {
                x[i * specials.length + j] = specials[i];
                y[i * specials.length + j] = specials[j];
                v[i * specials.length + j] = Math.abs(specials[(i + j) % specials.length]);
            }
        }
        compare(name, c, x, y, v, 0, n, 1f);
        compare(name, c, x, y, v, 0, n, 0.25f);
    }

    @Test
    void helpersMatchScalar() {
        Random r = new Random(7);
        for (int n : sizes()) {
            float[] a = random(r, n + 2, false), b = random(r, n + 2, false);
            float[] a1 = a.clone(), a2 = a.clone();
            SCALAR.scale(a1, 2, 0.3f, n);
            SIMD.scale(a2, 2, 0.3f, n);
            assertArrayEquals(a1, a2);
            SCALAR.multiply(a1, 2, b, 1, n);
            SIMD.multiply(a2, 2, b, 1, n);
            assertArrayEquals(a1, a2);
            float[] d1 = new float[n + 1], d2 = new float[n + 1];
            SCALAR.negate(a1, 2, d1, 1, n);
            SIMD.negate(a2, 2, d2, 1, n);
            assertArrayEquals(d1, d2);
            float[] p = random(r, n, true);
            assertEquals(false, SIMD.anyNegative(p, 0, n));
            for (int at : IntStream.of(0, n / 2, n - 1).filter(i -> i >= 0 && i < n).toArray()) {
                float[] q = p.clone();
                q[at] = -0.5f;
                assertTrue(SIMD.anyNegative(q, 0, n), "negative at " + at + " of " + n);
                assertEquals(at > 0, SIMD.anyNegative(q, 1, n - 1), "offset skips index 0");
            }
            float[] nan = p.clone();
            if (n > 0) nan[n - 1] = Float.NaN;
            assertEquals(false, SIMD.anyNegative(nan, 0, n), "NaN is not negative");
        }
    }
}
