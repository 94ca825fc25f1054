package org.losses4j.internal.simd.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.losses4j.internal.simd.ExternalLossKernels;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * The Vector API kernels of the point-wise losses from outside torch.nn against the scalar ones (ARCHITECTURE.md, convention 7):
 * sizes around the species length, every array offset, NaN, infinities and huge values, each output element within a
 * stated bound.
 */
class PanamaExternalLossKernelsTest {
    private static final ExternalLossKernels SIMD = VectorizationProvider.get().kernels(ExternalLossKernels.class);
    private static final ExternalLossKernels SCALAR = VectorizationProvider.scalar(ExternalLossKernels.class);
    private static final int L = PanamaSupport.F.length();
    private static final int[] SIZES = {0, 1, 7, L - 1, L, L + 1, 1021, 4099};

    private interface Run {
        double run(ExternalLossKernels k, int xo, int yo, int lo, float[] loss, float[] gx, float[] gy);
    }

    /**
     * How far the Vector API kernel may be from the scalar one, per element: {@code ulps} ulps of the scalar value plus
     * {@code absUlps} ulps of {@code ref}, the size of the terms a value is the difference of (the upstream u for the
     * gradients: log cosh's u - 2 u sigmoid(-2 d) cancels toward 0, as the focal gradient's terms do; 1 for the loss,
     * whose terms are of order 1 where it cancels). Measured on these inputs, over several runs (the Vector API's
     * lanewise EXP / LOG / LOG1P / POW are SVML's in C2-compiled code and a per-lane Java fallback before, so the
     * differences move with the JIT's progress): log cosh within 1 ulp; MSLE within 1 ulp plus 1 ulp of 1; the focal loss within 3
     * ulps (gamma 1.5, POW) plus 0.7 ulp of 1 (1 - p_t cancels where p is near 1, and exp moves p by an ulp), its
     * gradients within 2 ulps plus 1.75 ulps of u. The bounds below allow about an ulp more than that.
     */
    private record Bound(int ulps, int absUlps) {}

    private static final Bound LOG_COSH_LOSS = new Bound(2, 1), LOG_COSH_GRAD = new Bound(2, 1);
    private static final Bound FOCAL_LOSS = new Bound(4, 2), FOCAL_GRAD = new Bound(4, 4);
    private static final Bound MSLE_LOSS = new Bound(2, 2), MSLE_GRAD = new Bound(2, 2);
    /** MAPE and SquaredHinge have no exp or log: the same float ops in the same order, the same bits. */
    private static final Bound EXACT = new Bound(0, 0);
    private static final float EPS = (float) 1e-7;

    @Test
    void panamaIsInUse() {
        assertInstanceOf(PanamaExternalLossKernels.class, SIMD);
    }

    private static void assertClose(String what, float expected, float actual, Bound b, double ref) {
        if (Float.isNaN(expected) || Float.isNaN(actual)) {
            if (Float.isNaN(expected) != Float.isNaN(actual)) fail(what + ": expected " + expected + " got " + actual);
            return;
        }
        if (Float.isInfinite(expected) || Float.isInfinite(actual)) {
            assertEquals(expected, actual, what);
            return;
        }
        double tol = b.ulps() * (double) Math.ulp(expected) + b.absUlps() * (double) Math.ulp((float) ref) + 2 * (double) Float.MIN_NORMAL;
        if (!(Math.abs((double) expected - actual) <= tol)) {
            fail(what + ": expected " + expected + " got " + actual + " (" + Math.abs((double) expected - actual) / Math.ulp(expected) + " ulps)");
        }
    }

    private static void compare(String name, int n, int xo, int yo, int lo, float u, Bound lossBound, Bound gradBound, Run run) {
        float[] l1 = new float[n + lo], l2 = new float[n + lo], a1 = new float[n + lo], a2 = new float[n + lo];
        float[] b1 = new float[n + lo], b2 = new float[n + lo];
        double s1 = run.run(SCALAR, xo, yo, lo, l1, a1, b1), s2 = run.run(SIMD, xo, yo, lo, l2, a2, b2);
        double absSum = 0;
        for (int i = 0; i < n + lo; i++) {
            String at = name + " n=" + n + " offsets " + xo + "/" + yo + "/" + lo + " [" + i + "]";
            assertClose(at + " loss", l1[i], l2[i], lossBound, 1);
            assertClose(at + " gx", a1[i], a2[i], gradBound, u);
            assertClose(at + " gy", b1[i], b2[i], gradBound, u);
            absSum += Math.abs(l1[i]);
        }
        if (Double.isNaN(s1) || Double.isInfinite(s1)) {
            assertEquals(s1, s2, name + " n=" + n + " sum");
        } else {
            double tol = (lossBound.ulps() + lossBound.absUlps()) * 0x1p-23 * (absSum + n) + 1e-6 * absSum * Math.max(1, Math.log(n + 1)) + 1e-12;
            assertEquals(s1, s2, tol, name + " n=" + n + " sum");
        }
        double s3 = run.run(SIMD, xo, yo, lo, null, null, null);
        if (!Double.isNaN(s2)) assertEquals(s2, s3, 0.0, name + " n=" + n + " sum without outputs");
    }

    private static float[] fill(int n, java.util.function.IntFunction<Float> f) {
        float[] a = new float[n + 8];
        for (int i = 0; i < a.length; i++) a[i] = f.apply(i);
        return a;
    }

    private static void allKernels(int n, float[] x, float[] y, float[] labels, int xo, int yo, int lo, float u) {
        compare("logCosh", n, xo, yo, lo, u, LOG_COSH_LOSS, LOG_COSH_GRAD, (k, a, b, c, l, g, h) -> k.logCosh(x, a, y, b, l, g, h, c, u, n));
        for (float gamma : new float[] {2f, 0f, 1f, 0.5f, 1.5f, 3f}) {
            compare("sigmoidFocal gamma " + gamma, n, xo, yo, lo, u, FOCAL_LOSS, FOCAL_GRAD,
                    (k, a, b, c, l, g, h) -> k.sigmoidFocal(x, a, labels, b, l, g, h, c, u, 0.25f, 0.75f, gamma, true, n));
            compare("sigmoidFocal soft targets gamma " + gamma, n, xo, yo, lo, u, FOCAL_LOSS, FOCAL_GRAD,
                    (k, a, b, c, l, g, h) -> k.sigmoidFocal(x, a, y, b, l, g, h, c, u, 0.25f, 0.75f, gamma, true, n));
        }
        compare("sigmoidFocal unweighted", n, xo, yo, lo, u, FOCAL_LOSS, FOCAL_GRAD,
                (k, a, b, c, l, g, h) -> k.sigmoidFocal(x, a, labels, b, l, g, h, c, u, -1f, 2f, 2f, false, n));
        compare("msle", n, xo, yo, lo, u, MSLE_LOSS, MSLE_GRAD, (k, a, b, c, l, g, h) -> k.msle(x, a, y, b, l, g, h, c, u, EPS, n));
        compare("msle at the floor", n, xo, yo, lo, u, MSLE_LOSS, MSLE_GRAD, (k, a, b, c, l, g, h) -> k.msle(labels, a, x, b, l, g, h, c, u, 0f, n));
        compare("mape", n, xo, yo, lo, u, EXACT, EXACT, (k, a, b, c, l, g, h) -> k.mape(x, a, y, b, l, g, h, c, u, EPS, n));
        compare("mape zero targets", n, xo, yo, lo, u, EXACT, EXACT, (k, a, b, c, l, g, h) -> k.mape(x, a, labels, b, l, g, h, c, u, 1f, n));
        compare("squaredHinge", n, xo, yo, lo, u, EXACT, EXACT, (k, a, b, c, l, g, h) -> k.squaredHinge(x, a, y, b, l, g, h, c, u, false, n));
        compare("squaredHinge converted", n, xo, yo, lo, u, EXACT, EXACT,
                (k, a, b, c, l, g, h) -> k.squaredHinge(x, a, labels, b, l, g, h, c, u, true, n));
    }

    @Test
    void matchesScalarOnEverySizeAndOffset() {
        Random r = new Random(42);
        for (int n : SIZES) {
            float[] x = fill(n, i -> (float) (r.nextGaussian() * 4));
            float[] y = fill(n, i -> (float) r.nextDouble());
            float[] labels = fill(n, i -> (float) r.nextInt(2));
            for (int off = 0; off < Math.min(L, 8); off++) allKernels(n, x, y, labels, off, (off + 3) % 8, (off * 5) % 8, off % 2 == 0 ? 1f : 1f / 3);
        }
    }

    @Test
    void matchesScalarOnSpecialValues() {
        float[] xs = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e30f, -1e30f, 2e38f, -2e38f, 100f, -100f, 88f, -88f, 0f, -0f,
            Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-20f, 20f, -20f, 10f, -10f, 10.001f, -9.999f, 17f, 1f, -1f, 0.1f};
        float[] ys = {0f, 1f, 0.5f, Float.NaN, 2f, -1f, Float.POSITIVE_INFINITY, 1e30f, 0.25f};
        int n = 4099;
        Random r = new Random(7);
        float[] x = fill(n, i -> xs[r.nextInt(xs.length)]);
        float[] y = fill(n, i -> ys[r.nextInt(ys.length)]);
        float[] labels = fill(n, i -> ys[r.nextInt(2)]);
        allKernels(n, x, y, labels, 1, 2, 3, 1f / 7);
    }
}
