package org.losses4j.internal.simd.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.losses4j.internal.simd.RowKernels;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * The Vector API row kernels against the scalar ones (docs/ARCHITECTURE.md, convention 7): sizes 0, 1, 7, species - 1, species, species + 1,
 * 1021, 4099, at offsets, on normal values and with NaN / +-Inf / huge values mixed in. Element-wise outputs must agree
 * to float rounding; sums to a tolerance that grows with the size (the lanes add in another order).
 */
class PanamaRowKernelsTest {
    private static final RowKernels V = VectorizationProvider.get().kernels(RowKernels.class);
    private static final RowKernels S = VectorizationProvider.scalar(RowKernels.class);
    private static final int L = PanamaSupport.F.length();
    private static final int[] SIZES = {0, 1, 7, L - 1, L, L + 1, 2 * L + 3, 1021, 4099};
    private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3e38f, -3e38f, 1e-40f, 0f, -0f};

    @Test
    void theVectorKernelsAreInUse() {
        assertInstanceOf(PanamaRowKernels.class, V);
    }

    /** n values at offset 3 (normals, or with every 5th a special value when special). */
    private static float[] values(long seed, int n, boolean special) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n + 5];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        if (special) for (int i = 3; i < n + 3; i += 5) v[i] = SPECIAL[r.nextInt(SPECIAL.length)];
        return v;
    }

    /** Sums: equal when either is not finite (same NaN-ness / same infinity), else within n * ulp-scale of the magnitude. */
    private static void assertSum(double expected, double actual, double magnitude, int n, String what) {
        if (!Double.isFinite(expected) || !Double.isFinite(actual)) {
            assertEquals(expected, actual, what);
            return;
        }
        double tol = (n + 2) * 1.2e-7 * magnitude + 1e-30;
        assertTrue(Math.abs(expected - actual) <= tol, what + ": scalar " + expected + " vector " + actual + " tol " + tol);
    }

    private static void assertElements(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i], a = actual[i];
            if (Float.isNaN(e) || Float.isNaN(a) || Float.isInfinite(e)) {
                assertEquals(e, a, what + " [" + i + "]");
            } else {
                assertTrue(Math.abs(e - a) <= 2.5e-7 * Math.abs(e) + 1e-37, what + " [" + i + "]: " + e + " vs " + a);
            }
        }
    }

    private static double absSum(float[] a, int off, int n, java.util.function.IntToDoubleFunction f) {
        double s = 0;
        for (int k = 0; k < n; k++) s += Math.abs(f.applyAsDouble(off + k));
        return s;
    }

    @Test
    void dotAndSquaredNorms() {
        for (boolean special : new boolean[] {false, true}) {
            for (int n : SIZES) {
                float[] a = values(1 + n, n, special), b = values(2 + n, n, special);
                double[] es = new double[4], ev = new double[4];
                S.dotAndSquaredNorms(a, 3, b, 3, es, 1, n);
                V.dotAndSquaredNorms(a, 3, b, 3, ev, 1, n);
                String w = "n " + n + (special ? " special" : "");
                assertSum(es[1], ev[1], absSum(a, 3, n, k -> (double) a[k] * b[k]), n, "dot " + w);
                assertSum(es[2], ev[2], absSum(a, 3, n, k -> (double) a[k] * a[k]), n, "|a|^2 " + w);
                assertSum(es[3], ev[3], absSum(b, 3, n, k -> (double) b[k] * b[k]), n, "|b|^2 " + w);
            }
        }
    }

    @Test
    void squaredDistance() {
        for (boolean special : new boolean[] {false, true}) {
            for (int n : SIZES) {
                float[] a = values(3 + n, n, special), b = values(4 + n, n, special);
                double e = S.squaredDistance(a, 3, b, 3, 1e-6f, n), v = V.squaredDistance(a, 3, b, 3, 1e-6f, n);
                double mag = absSum(a, 3, n, k -> { double d = (double) a[k] - b[k]; return d * d; });
                assertSum(e, v, mag, n, "n " + n + (special ? " special" : ""));
            }
        }
    }

    @Test
    void cosineAndTripletRowGradients() {
        for (boolean special : new boolean[] {false, true}) {
            for (int n : SIZES) {
                float[] a = values(5 + n, n, special), b = values(6 + n, n, special), q = values(7 + n, n, special);
                String w = "n " + n + (special ? " special" : "");
                for (int mask = 0; mask < 4; mask++) {
                    float[] e1 = (mask & 1) != 0 ? new float[n + 2] : null, e2 = (mask & 2) != 0 ? new float[n + 2] : null;
                    float[] v1 = e1 == null ? null : new float[n + 2], v2 = e2 == null ? null : new float[n + 2];
                    S.cosineGrad(a, 3, b, 3, e1, 2, e2, 2, 0.3f, -1.7f, 2.5f, 0.01f, n);
                    V.cosineGrad(a, 3, b, 3, v1, 2, v2, 2, 0.3f, -1.7f, 2.5f, 0.01f, n);
                    if (e1 != null) assertElements(e1, v1, "cosine d1 " + w);
                    if (e2 != null) assertElements(e2, v2, "cosine d2 " + w);
                }
                for (int mask = 0; mask < 8; mask++) {
                    float[][] e = new float[3][], v = new float[3][];
                    for (int i = 0; i < 3; i++) if ((mask & (1 << i)) != 0) { e[i] = new float[n + 1]; v[i] = new float[n + 1]; }
                    S.tripletGrad(a, 3, b, 3, q, 3, e[0], 1, e[1], 1, e[2], 1, 1e-6f, 0.4f, 1.3f, n);
                    V.tripletGrad(a, 3, b, 3, q, 3, v[0], 1, v[1], 1, v[2], 1, 1e-6f, 0.4f, 1.3f, n);
                    for (int i = 0; i < 3; i++) if (e[i] != null) assertElements(e[i], v[i], "triplet " + i + " " + w);
                }
            }
        }
    }

    @Test
    void multiMarginRow() {
        for (boolean special : new boolean[] {false, true}) {
            for (int n : SIZES) {
                if (n == 0) continue;
                float[] x = values(8 + n, n, special);
                for (int y : new int[] {0, n / 2, n - 1, Math.min(n - 1, L), -5}) {
                    for (int p = 1; p <= 2; p++) {
                        for (boolean grad : new boolean[] {false, true}) {
                            float[] ge = grad ? new float[n + 4] : null, gv = grad ? new float[n + 4] : null;
                            double[] oe = new double[3], ov = new double[3];
                            float shift = y >= 0 && !Float.isNaN(x[3 + y]) ? 1f - x[3 + y] : 0.25f;
                            S.multiMarginRow(x, 3, ge, 2, oe, 0, y, shift, p, 0.125f, n);
                            V.multiMarginRow(x, 3, gv, 2, ov, 0, y, shift, p, 0.125f, n);
                            String w = "n " + n + " y " + y + " p " + p + (special ? " special" : "");
                            double m1 = 0, m2 = 0;
                            for (int i = 0; i < n; i++) {
                                float z = shift + x[3 + i];
                                if (i != y && z > 0) { m1 += z; m2 += (double) z * z; }
                            }
                            assertSum(oe[0], ov[0], m1, n, "sum " + w);
                            assertSum(oe[1], ov[1], m2, n, "sum of squares " + w);
                            assertEquals(oe[2], ov[2], "count " + w);
                            if (grad) {
                                if (y >= 0) { ge[2 + y] = 0; gv[2 + y] = 0; } // the caller's entry
                                assertElements(ge, gv, "gradient " + w);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void multiLabelRow() {
        for (boolean special : new boolean[] {false, true}) {
            for (int n : SIZES) {
                float[] x = values(9 + n, n, special);
                for (int i = 3; i < n + 3; i += 4) x[i] = Float.NEGATIVE_INFINITY; // labels
                for (float shift : new float[] {1f, -0.5f, Float.POSITIVE_INFINITY}) {
                    float[] ce = new float[n + 1], cv = new float[n + 1];
                    for (int i = 0; i < ce.length; i++) ce[i] = cv[i] = i % 3;
                    double[] oe = new double[2], ov = new double[2];
                    S.multiLabelRow(x, 3, ce, 1, oe, 0, shift, n);
                    V.multiLabelRow(x, 3, cv, 1, ov, 0, shift, n);
                    String w = "n " + n + " shift " + shift + (special ? " special" : "");
                    double m = 0;
                    for (int i = 0; i < n; i++) { float z = shift + x[3 + i]; if (z > 0) m += z; }
                    assertSum(oe[0], ov[0], m, n, "sum " + w);
                    assertEquals(oe[1], ov[1], "count " + w);
                    assertElements(ce, cv, "counts " + w);
                    double[] o2 = new double[2];
                    V.multiLabelRow(x, 3, null, 0, o2, 0, shift, n);
                    assertEquals(ov[1], o2[1], "count without counts " + w);
                }
            }
        }
    }

    @Test
    void scale() {
        for (boolean special : new boolean[] {false, true}) {
            for (int n : SIZES) {
                float[] e = values(10 + n, n, special), v = e.clone();
                S.scale(e, 3, -2.5f, n);
                V.scale(v, 3, -2.5f, n);
                assertElements(e, v, "n " + n);
            }
        }
    }
}
