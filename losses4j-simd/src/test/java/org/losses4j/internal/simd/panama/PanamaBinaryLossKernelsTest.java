package org.losses4j.internal.simd.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.losses4j.internal.simd.BinaryLossKernels;
import org.losses4j.internal.simd.VectorizationProvider;

/** The Vector API binary-loss kernels against the scalar ones: sizes around the species length, special values. */
class PanamaBinaryLossKernelsTest {
    private static final BinaryLossKernels SIMD = VectorizationProvider.get().kernels(BinaryLossKernels.class);
    private static final BinaryLossKernels SCALAR = VectorizationProvider.scalar(BinaryLossKernels.class);
    private static final int L = PanamaSupport.F.length();
    private static final int[] SIZES = {0, 1, 7, L - 1, L, L + 1, 1021, 4099};
    /** Offsets into the arrays, so unaligned starts are covered too. */
    private static final int XO = 3, YO = 5, LO = 2;

    private interface Run {
        double run(BinaryLossKernels k, float[] loss, float[] g1, float[] g2);
    }

    @Test
    void panamaIsInUse() {
        assertInstanceOf(PanamaBinaryLossKernels.class, SIMD);
    }

    /** Element-wise: NaN where the other is NaN, equal infinities, else within a few float ulps (transcendentals differ). */
    private static void assertClose(String what, float expected, float actual, float rtol) {
        if (Float.isNaN(expected) || Float.isNaN(actual)) {
            if (Float.isNaN(expected) != Float.isNaN(actual)) fail(what + ": expected " + expected + " got " + actual);
            return;
        }
        if (Float.isInfinite(expected) || Float.isInfinite(actual)) {
            assertEquals(expected, actual, what);
            return;
        }
        float tol = rtol * Math.abs(expected) + rtol * 1e-2f; // transcendentals: a few ulps of the value, or of 1e-2
        if (!(Math.abs(expected - actual) <= tol)) fail(what + ": expected " + expected + " got " + actual);
    }

    private static void compare(String name, int n, float rtol, Run run) {
        float[] l1 = new float[n + LO], l2 = new float[n + LO], a1 = new float[n + LO], a2 = new float[n + LO];
        float[] b1 = new float[n + LO], b2 = new float[n + LO];
        double s1 = run.run(SCALAR, l1, a1, b1), s2 = run.run(SIMD, l2, a2, b2);
        double absSum = 0;
        for (int i = 0; i < n + LO; i++) {
            assertClose(name + " n=" + n + " loss[" + i + "]", l1[i], l2[i], rtol);
            assertClose(name + " n=" + n + " grad[" + i + "]", a1[i], a2[i], rtol);
            assertClose(name + " n=" + n + " grad2[" + i + "]", b1[i], b2[i], rtol);
            absSum += Math.abs(l1[i]);
        }
        if (Double.isNaN(s1) || Double.isInfinite(s1)) {
            assertEquals(s1, s2, name + " n=" + n + " sum");
        } else {
            assertEquals(s1, s2, 1e-6 * absSum * Math.max(1, Math.log(n + 1)) + 1e-6 * absSum + 1e-12, name + " n=" + n + " sum");
        }
        // the sum alone (no loss, no gradient arrays) is the same computation
        double s3 = run.run(SIMD, null, null, null);
        if (!Double.isNaN(s2)) assertEquals(s2, s3, 0.0, name + " n=" + n + " sum without outputs");
    }

    private static float[] fill(int n, int off, Random r, java.util.function.IntFunction<Float> f) {
        float[] a = new float[n + off];
        for (int i = 0; i < a.length; i++) a[i] = f.apply(i);
        return a;
    }

    private static void allKernels(int n, float[] x, float[] p, float[] y, float[] pm, float[] b, float scale) {
        // x: logits-like values; p: probabilities; y: 0/1 targets; pm: +-1 targets; b: second ranking input
        compare("bce", n, 2e-5f, (k, l, g, g2) -> k.bce(p, XO, y, YO, l, g, LO, scale, n));
        compare("bceWithLogits", n, 2e-5f, (k, l, g, g2) -> k.bceWithLogits(x, XO, y, YO, l, g, LO, scale, n));
        compare("softMargin", n, 2e-5f, (k, l, g, g2) -> k.softMargin(x, XO, pm, YO, l, g, LO, scale, n));
        compare("hingeEmbedding", n, 0f, (k, l, g, g2) -> k.hingeEmbedding(x, XO, pm, YO, 1f, l, g, LO, scale, n));
        compare("marginRanking", n, 0f, (k, l, g, g2) -> k.marginRanking(x, XO, b, YO, pm, XO, 0.1f, l, g, g2, LO, scale, n));
        compare("marginRankingOneGrad", n, 0f, (k, l, g, g2) -> k.marginRanking(x, XO, b, YO, pm, XO, 0.1f, l, null, g2, LO, scale, n));
    }

    @Test
    void matchesScalarOnEverySize() {
        Random r = new Random(42);
        for (int n : SIZES) {
            float[] x = fill(n, 8, r, i -> (float) (r.nextGaussian() * 4));
            float[] p = fill(n, 8, r, i -> (float) (r.nextDouble() * 0.998 + 1e-3));
            float[] y = fill(n, 8, r, i -> (float) r.nextInt(2));
            float[] pm = fill(n, 8, r, i -> (float) (r.nextInt(2) * 2 - 1));
            float[] b = fill(n, 8, r, i -> (float) r.nextGaussian());
            for (float scale : new float[] {1f, 1f / 3}) allKernels(n, x, p, y, pm, b, scale);
        }
    }

    @Test
    void matchesScalarOnSpecialValues() {
        float[] xs = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e30f, -1e30f, 100f, -100f, 88f, -88f, 0f, -0f,
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-20f, 20f, -20f, 1f, -1f, 0.1f};
        float[] ps = {0f, 1f, Float.MIN_VALUE, 1e-30f, 1e-7f, 0.5f, Math.nextDown(1f), 1 - 1e-7f, Float.NaN, 1e-3f, 0.999f};
        float[] ys = {0f, 1f, 0.5f, Float.NaN, 2f, -1f};
        float[] pms = {1f, -1f, 1f, -1f, 0f, 2f, Float.NaN, -1f};
        int n = 4099;
        Random r = new Random(7);
        float[] x = fill(n, 8, r, i -> xs[r.nextInt(xs.length)]);
        float[] p = fill(n, 8, r, i -> ps[r.nextInt(ps.length)]);
        float[] y = fill(n, 8, r, i -> ys[r.nextInt(ys.length)]);
        float[] pm = fill(n, 8, r, i -> pms[r.nextInt(pms.length)]);
        float[] b = fill(n, 8, r, i -> xs[r.nextInt(xs.length)]);
        for (int m : new int[] {L + 1, 1021, n}) allKernels(m, x, p, y, pm, b, 1f / 7);
    }

    @Test
    void softMarginOverflowsAsFloat32() {
        // -y x = 89 overflows float32's exp: the loss is inf and the gradient NaN in both implementations (as PyTorch)
        float[] x = new float[4 * L], y = new float[4 * L];
        java.util.Arrays.fill(x, -89f);
        java.util.Arrays.fill(y, 1f);
        float[] l = new float[x.length], g = new float[x.length];
        double s = SIMD.softMargin(x, 0, y, 0, l, g, 0, 1f, x.length);
        assertEquals(Double.POSITIVE_INFINITY, s);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.POSITIVE_INFINITY, l[i]);
            assertTrue(Float.isNaN(g[i]));
        }
    }

    @Test
    void firstOutsideUnitFindsTheFirstBadValue() {
        for (int n : SIZES) {
            float[] x = new float[n + 4];
            java.util.Arrays.fill(x, 0.5f);
            assertEquals(-1, SIMD.firstOutsideUnit(x, 4, n));
            for (float bad : new float[] {Float.NaN, -0.001f, 1.001f, Float.POSITIVE_INFINITY}) {
                for (int at : new int[] {0, n / 2, n - 1}) {
                    if (n == 0) continue;
                    float[] c = x.clone();
                    c[4 + at] = bad;
                    assertEquals(at, SIMD.firstOutsideUnit(c, 4, n), "n=" + n + " bad=" + bad);
                    assertEquals(at, SCALAR.firstOutsideUnit(c, 4, n), "n=" + n + " bad=" + bad);
                }
            }
        }
    }

    @Test
    void scaleAndMultiplyMatchScalar() {
        Random r = new Random(3);
        for (int n : SIZES) {
            float[] v = fill(n, 3, r, i -> (float) r.nextGaussian()), g = fill(n, 5, r, i -> (float) r.nextGaussian());
            float[] a = v.clone(), b = v.clone();
            SIMD.scale(a, 3, 0.37f, n);
            SCALAR.scale(b, 3, 0.37f, n);
            org.junit.jupiter.api.Assertions.assertArrayEquals(b, a);
            SIMD.multiply(a, 3, g, 5, n);
            SCALAR.multiply(b, 3, g, 5, n);
            org.junit.jupiter.api.Assertions.assertArrayEquals(b, a);
        }
    }
}
