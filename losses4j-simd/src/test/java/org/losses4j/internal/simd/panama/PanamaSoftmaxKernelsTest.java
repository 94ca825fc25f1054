package org.losses4j.internal.simd.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.losses4j.internal.simd.SoftmaxKernels;
import org.losses4j.internal.simd.VectorizationProvider;

/** The Vector API softmax kernels against the scalar ones, over the sizes and special values DESIGN.md lists. */
class PanamaSoftmaxKernelsTest {
    private static final SoftmaxKernels V = VectorizationProvider.get().kernels(SoftmaxKernels.class);
    private static final SoftmaxKernels S = VectorizationProvider.scalar(SoftmaxKernels.class);
    private static final int L = PanamaSupport.F.length();
    private static final int[] SIZES = {0, 1, 7, L - 1, L, L + 1, 1021, 4099};
    private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e30f, -1e30f, 0f, -0f};

    @Test
    void vectorKernelsAreTheVectorOnes() {
        assertEquals(PanamaSoftmaxKernels.class, V.getClass());
    }

    private static float[] data(Random r, int n, int off, double scale, boolean special) {
        float[] a = new float[n + off];
        for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextGaussian() * scale);
        if (special && n > 0) a[off + r.nextInt(n)] = SPECIAL[r.nextInt(SPECIAL.length)];
        return a;
    }

    private static float[] probs(Random r, int n, int off) {
        float[] a = new float[n + off];
        for (int i = 0; i < a.length; i++) a[i] = i % 5 == 0 ? 0f : r.nextFloat();
        return a;
    }

    /** Equal within rtol (both nan, or both the same infinity, count as equal). */
    private static void close(double expected, double actual, double rtol, double atol, String what) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            assertEquals(expected, actual, what);
            return;
        }
        assertTrue(Math.abs(expected - actual) <= atol + rtol * Math.abs(expected), what + ": expected " + expected + " got " + actual);
    }

    private static void close(float[] e, float[] a, double rtol, double atol, String what) {
        for (int i = 0; i < e.length; i++) close(e[i], a[i], rtol, atol, what + "[" + i + "]");
    }

    @Test
    void rowKernelsMatchScalar() {
        Random r = new Random(42);
        for (int n : SIZES) {
            for (int trial = 0; trial < 6; trial++) {
                boolean special = trial >= 3;
                int off = trial % 3;
                double rtolSum = 1e-6 * Math.max(1, Math.sqrt(n));
                float[] x = data(r, n, off, trial == 2 ? 30 : 3, special), w = data(r, n, off, 1, false);
                String at = "n=" + n + " trial=" + trial;
                assertEquals(S.max(x, off, n), V.max(x, off, n), at + " max");
                float m = S.max(x, off, n);
                if (!Float.isFinite(m)) m = 0;
                close(S.sumExp(x, off, m, n), V.sumExp(x, off, m, n), rtolSum, 0, at + " sumExp");
                float[] gs = new float[n + 3], gv = new float[n + 3];
                close(S.expStore(x, off, gs, 3, m, n), V.expStore(x, off, gv, 3, m, n), rtolSum, 0, at + " expStore");
                close(gs, gv, 4e-7, 1e-30, at + " expStore values");
                close(S.sum(x, off, n), V.sum(x, off, n), rtolSum, 1e-5 * Math.sqrt(n + 1), at + " sum");
                close(S.dot(x, off, w, off, n), V.dot(x, off, w, off, n), rtolSum, 1e-5 * Math.sqrt(n + 1), at + " dot");
                float[] hs = gs.clone(), hv = gs.clone();
                S.scaleShift(hs, 3, 0.37f, 0.01f, n);
                V.scaleShift(hv, 3, 0.37f, 0.01f, n);
                close(hs, hv, 0, 0, at + " scaleShift");
                hs = gs.clone();
                hv = gs.clone();
                S.scaleShiftWeighted(hs, 3, w, off, 0.37f, 0.01f, n);
                V.scaleShiftWeighted(hv, 3, w, off, 0.37f, 0.01f, n);
                close(hs, hv, 0, 0, at + " scaleShiftWeighted");
            }
        }
    }

    @Test
    void acrossKernelsMatchScalar() {
        Random r = new Random(7);
        for (int n : SIZES) {
            for (int trial = 0; trial < 4; trial++) {
                int off = trial;
                String at = "n=" + n + " trial=" + trial;
                float[] x = data(r, n, off, 3, trial >= 2);
                float[] ms = data(r, n, 0, 1, false), mv = ms.clone();
                S.maxAcc(x, off, ms, n);
                V.maxAcc(x, off, mv, n);
                close(ms, mv, 0, 0, at + " maxAcc");
                for (int i = 0; i < n; i++) if (!Float.isFinite(ms[i])) ms[i] = 0;
                float[] ss = new float[n], sv = new float[n];
                S.sumExpAcc(x, off, ms, ss, n);
                V.sumExpAcc(x, off, ms, sv, n);
                close(ss, sv, 4e-7, 1e-30, at + " sumExpAcc");
                float[] gs = new float[n + 1], gv = new float[n + 1];
                ss = new float[n];
                sv = new float[n];
                S.expStoreAcc(x, off, gs, 1, ms, ss, n);
                V.expStoreAcc(x, off, gv, 1, ms, sv, n);
                close(gs, gv, 4e-7, 1e-30, at + " expStoreAcc");
                close(ss, sv, 4e-7, 1e-30, at + " expStoreAcc sums");
                float[] as = data(r, n, 0, 1, false), av = as.clone();
                S.axpy(x, off, as, 0.3f, n);
                V.axpy(x, off, av, 0.3f, n);
                close(as, av, 0, 0, at + " axpy");
                float[] mm = data(r, n, 0, 2, false), sum = probs(r, n, 0), ls = new float[n], lv = new float[n];
                for (int i = 0; i < n; i++) sum[i] += 1;
                S.logSumExpAcross(mm, sum, ls, n);
                V.logSumExpAcross(mm, sum, lv, n);
                close(ls, lv, 4e-7, 1e-7, at + " logSumExpAcross");
                float[] b = data(r, n, 0, 1, false);
                float[] hs = gs.clone(), hv = gs.clone();
                S.scaleShiftAcross(hs, 1, mm, b, 0.7f, n);
                V.scaleShiftAcross(hv, 1, mm, b, 0.7f, n);
                close(hs, hv, 0, 0, at + " scaleShiftAcross");
            }
        }
    }

    @Test
    void klDivMatchesScalar() {
        Random r = new Random(3);
        for (int n : SIZES) {
            for (int trial = 0; trial < 4; trial++) {
                int off = trial;
                String at = "n=" + n + " trial=" + trial;
                float[] x = data(r, n, off, 2, trial >= 2), t = probs(r, n, off);
                if (trial == 3 && n > 0) t[off + n - 1] = Float.NaN;
                float[] os = new float[n], ov = new float[n], gs = new float[n], gv = new float[n];
                double s1 = S.klDiv(x, off, t, off, os, 0, gs, 0, -0.25f, n);
                double s2 = V.klDiv(x, off, t, off, ov, 0, gv, 0, -0.25f, n);
                close(s1, s2, 1e-6 * Math.max(1, Math.sqrt(n)), 1e-6 * Math.sqrt(n + 1), at + " sum");
                close(os, ov, 2e-6, 1e-7, at + " losses");
                close(gs, gv, 0, 0, at + " grads");
                assertEquals(s1, S.klDiv(x, off, t, off, null, 0, null, 0, 0f, n), at + " without outputs");
            }
        }
    }
}
