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

    /**
     * How far the Vector API kernel may be from the scalar one, per output element: {@code ulps} units in the last
     * place of the scalar value, plus {@code scaleUlps} ulps of the gradient scale (a gradient that cancels terms of that
     * size), plus {@code ABS}. Measured over 3 x 10^7 random elements (Gaussian logits of sd 4 and 20, uniform and
     * log-uniform probabilities down to 1e-40, 0/1, +-1 and uniform soft targets): BCE's loss within 3 ulps (SVML's
     * LOG / LOG1P against ScalarFloatLog) and its gradient bit for bit (no transcendental); BCE with logits' loss within
     * 4 ulps, its gradient within 3 ulps for 0/1 targets and within 1.5 ulps of the scale for soft targets
     * (sigmoid(x) - y cancels); soft margin's loss and gradient within 5 ulps.
     */
    private record Bound(int lossUlps, int gradUlps, int scaleUlps) {}

    private static final Bound BCE = new Bound(3, 0, 0), BCE_WITH_LOGITS = new Bound(4, 3, 2), SOFT_MARGIN = new Bound(5, 5, 0);
    /** Multi-label soft margin runs BCE with logits' kernels for finite inputs. */
    private static final Bound MULTILABEL_SOFT_MARGIN = BCE_WITH_LOGITS;
    private static final Bound EXACT = new Bound(0, 0, 0);
    /**
     * The scalar kernels take exp(-|u|) as 0 below e^-86.5 (2.7e-38, under 3 x Float.MIN_NORMAL), where the Vector API's
     * exp gives the subnormal: a loss or gradient of that size may differ by it.
     */
    private static final double ABS = 3 * (double) Float.MIN_NORMAL;

    /** Element-wise: NaN where the other is NaN, equal infinities, else within {@code ulps} ulps plus {@code abs}. */
    private static void assertClose(String what, float expected, float actual, int ulps, double abs) {
        if (Float.isNaN(expected) || Float.isNaN(actual)) {
            if (Float.isNaN(expected) != Float.isNaN(actual)) fail(what + ": expected " + expected + " got " + actual);
            return;
        }
        if (Float.isInfinite(expected) || Float.isInfinite(actual)) {
            assertEquals(expected, actual, what);
            return;
        }
        double tol = ulps * (double) Math.ulp(expected) + abs;
        if (!(Math.abs((double) expected - actual) <= tol)) {
            fail(what + ": expected " + expected + " got " + actual + " (" + Math.abs((double) expected - actual) / Math.ulp(expected) + " ulps)");
        }
    }

    private static void compare(String name, int n, Bound bound, float scale, Run run) {
        float[] l1 = new float[n + LO], l2 = new float[n + LO], a1 = new float[n + LO], a2 = new float[n + LO];
        float[] b1 = new float[n + LO], b2 = new float[n + LO];
        double s1 = run.run(SCALAR, l1, a1, b1), s2 = run.run(SIMD, l2, a2, b2);
        double abs = bound == EXACT ? 0 : ABS;
        double gradAbs = abs + bound.scaleUlps() * (double) Math.ulp(scale);
        double absSum = 0;
        for (int i = 0; i < n + LO; i++) {
            assertClose(name + " n=" + n + " loss[" + i + "]", l1[i], l2[i], bound.lossUlps(), abs);
            assertClose(name + " n=" + n + " grad[" + i + "]", a1[i], a2[i], bound.gradUlps(), gradAbs);
            assertClose(name + " n=" + n + " grad2[" + i + "]", b1[i], b2[i], bound.gradUlps(), gradAbs);
            absSum += Math.abs(l1[i]);
        }
        if (Double.isNaN(s1) || Double.isInfinite(s1)) {
            assertEquals(s1, s2, name + " n=" + n + " sum");
        } else {
            // each element within lossUlps ulps (relative 2^-23 per ulp), summed in float lanes of up to 1024 elements
            double perElement = bound.lossUlps() * 0x1p-23 * absSum + n * abs;
            assertEquals(s1, s2, perElement + 1e-6 * absSum * Math.max(1, Math.log(n + 1)) + 1e-12, name + " n=" + n + " sum");
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
        compare("bce", n, BCE, scale, (k, l, g, g2) -> k.bce(p, XO, y, YO, l, g, LO, scale, n));
        compare("bceWithLogits", n, BCE_WITH_LOGITS, scale, (k, l, g, g2) -> k.bceWithLogits(x, XO, y, YO, l, g, LO, scale, n));
        compare("bceWithLogitsSoftTarget", n, BCE_WITH_LOGITS, scale, (k, l, g, g2) -> k.bceWithLogits(x, XO, p, YO, l, g, LO, scale, n));
        compare("multilabelSoftMargin", n, MULTILABEL_SOFT_MARGIN, scale, (k, l, g, g2) -> k.multilabelSoftMargin(x, XO, y, YO, l, g, LO, scale, n));
        compare("multilabelSoftMarginSoftTarget", n, MULTILABEL_SOFT_MARGIN, scale,
                (k, l, g, g2) -> k.multilabelSoftMargin(x, XO, p, YO, l, g, LO, scale, n));
        compare("softMargin", n, SOFT_MARGIN, scale, (k, l, g, g2) -> k.softMargin(x, XO, pm, YO, l, g, LO, scale, n));
        compare("softMarginSoftTarget", n, SOFT_MARGIN, scale, (k, l, g, g2) -> k.softMargin(x, XO, p, YO, l, g, LO, scale, n));
        compare("hingeEmbedding", n, EXACT, scale, (k, l, g, g2) -> k.hingeEmbedding(x, XO, pm, YO, l, g, LO, 1f, scale, n));
        compare("marginRanking", n, EXACT, scale, (k, l, g, g2) -> k.marginRanking(x, XO, b, YO, pm, XO, l, g, g2, LO, 0.1f, scale, n));
        compare("marginRankingOneGrad", n, EXACT, scale, (k, l, g, g2) -> k.marginRanking(x, XO, b, YO, pm, XO, l, null, g2, LO, 0.1f, scale, n));
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

    /** Repeats the pattern to n elements (several vector lanes and a tail). */
    private static float[] repeat(float[] pattern, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = pattern[i % pattern.length];
        return a;
    }

    @Test
    void marginRankingPassesTheGradientAtZeroInEveryLane() {
        // PyTorch's clamp_min passes the gradient where -y (a - b) + margin is exactly 0 (margin 0.1: 0.1f - 0.1f)
        float[] a = {1f, 2f, 0.5f, 3f, 0.1f, 0f, -0.1f}, b = {1f, 1f, 0.5f, 3f, 0f, 0f, 0f}, y = {1f, 1f, -1f, 0f, 1f, -1f, -1f};
        float[] margin = {0f, 0f, 0f, 0f, 0.1f, 0f, 0.1f};
        float[] ga = {-1f, 0f, 1f, 0f, -1f, 1f, 1f}; // gb = -ga
        for (int k = 0; k < a.length; k++) {
            int n = 3 * L + 1;
            float[] av = repeat(new float[] {a[k]}, n), bv = repeat(new float[] {b[k]}, n), yv = repeat(new float[] {y[k]}, n);
            for (BinaryLossKernels kern : new BinaryLossKernels[] {SIMD, SCALAR}) {
                float[] l = new float[n], g1 = new float[n], g2 = new float[n];
                kern.marginRanking(av, 0, bv, 0, yv, 0, l, g1, g2, 0, margin[k], 1f, n);
                for (int i = 0; i < n; i++) {
                    assertEquals(0f, l[i], 0f, "loss case " + k);
                    assertEquals(ga[k], g1[i], 0f, kern.getClass().getSimpleName() + " ga case " + k + " at " + i);
                    assertEquals(-ga[k], g2[i], 0f, kern.getClass().getSimpleName() + " gb case " + k + " at " + i);
                }
            }
        }
    }

    @Test
    void hingeEmbeddingPassesTheGradientAtTheMarginInEveryLane() {
        // nn.HingeEmbeddingLoss(margin=0.5, reduction='sum'): x [0.5, 1, 0.25, 0.5, 0.5], y [-1, -1, -1, 0, 1] -> grad [-1, 0, -1, 0, 1]
        float[] x = {0.5f, 1f, 0.25f, 0.5f, 0.5f}, y = {-1f, -1f, -1f, 0f, 1f}, g = {-1f, 0f, -1f, 0f, 1f};
        float[] v = {0f, 0f, 0.25f, 0.5f, 0.5f};
        for (int k = 0; k < x.length; k++) {
            int n = 3 * L + 1;
            float[] xv = repeat(new float[] {x[k]}, n), yv = repeat(new float[] {y[k]}, n);
            for (BinaryLossKernels kern : new BinaryLossKernels[] {SIMD, SCALAR}) {
                float[] l = new float[n], gr = new float[n];
                kern.hingeEmbedding(xv, 0, yv, 0, l, gr, 0, 0.5f, 1f, n);
                for (int i = 0; i < n; i++) {
                    assertEquals(v[k], l[i], 0f, kern.getClass().getSimpleName() + " loss case " + k);
                    assertEquals(g[k], gr[i], 0f, kern.getClass().getSimpleName() + " grad case " + k + " at " + i);
                }
            }
        }
    }

    @Test
    void softMarginOverflowsExactlyPastTheLargestFiniteExp() {
        // float32 exp(88.72283172607422) is finite, exp of the next float up is inf: PyTorch's loss is then inf and its gradient NaN
        float hi = 88.72283172607422f;
        int n = 3 * L + 1;
        for (BinaryLossKernels kern : new BinaryLossKernels[] {SIMD, SCALAR}) {
            float[] x = repeat(new float[] {-hi}, n), up = repeat(new float[] {-Math.nextUp(hi)}, n), y = repeat(new float[] {1f}, n);
            float[] l = new float[n], g = new float[n];
            kern.softMargin(x, 0, y, 0, l, g, 0, 1f, n);
            for (int i = 0; i < n; i++) {
                assertEquals(hi, l[i], Math.ulp(hi), kern.getClass().getSimpleName());
                assertEquals(-1f, g[i], Math.ulp(1f), kern.getClass().getSimpleName());
            }
            kern.softMargin(up, 0, y, 0, l, g, 0, 1f, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.POSITIVE_INFINITY, l[i], kern.getClass().getSimpleName());
                assertTrue(Float.isNaN(g[i]), kern.getClass().getSimpleName());
            }
        }
    }
}
