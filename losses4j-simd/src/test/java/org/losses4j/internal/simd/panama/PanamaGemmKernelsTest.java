package org.losses4j.internal.simd.panama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.GemmKernels;
import org.losses4j.internal.simd.GemmKernels.Layout;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * The Vector API GEMM against the scalar one at many shapes (0, 1, odd, register-tile and species edges +-1, 1021),
 * plain and transposed operands at offsets, and bit for bit across thread counts.
 *
 * <p>Bound: both compute each element as a k-term dot product in the working precision, each within
 * gamma_k = k u / (1 - k u) of sum_p |a_ip b_pj| of the exact value (u = 2^-24 float32, 2^-53 float64); the two
 * therefore differ by at most 2 gamma_k sum_p |a_ip b_pj|, which the test checks (k u is far below 1 here).
 */
class PanamaGemmKernelsTest {
    private static final GemmKernels V = VectorizationProvider.get().kernels(GemmKernels.class);
    private static final GemmKernels S = VectorizationProvider.scalar(GemmKernels.class);
    private static final int L = PanamaSupport.F.length();
    private static final int[] SIZES = {0, 1, 2, 5, 6, 7, L - 1, L, L + 1, 2 * L - 1, 2 * L + 1, 97, 257};

    @Test
    void theVectorKernelsAreInUse() {
        assertInstanceOf(PanamaGemmKernels.class, V);
    }

    private static float[] values(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    /** Row-major or transposed storage of an r x c operand at offset 3: (offset, rowStride, colStride). */
    private static int[] geometry(int r, int c, boolean transposed) {
        return transposed ? new int[] {3, 1, Math.max(r, 1)} : new int[] {3, Math.max(c, 1), 1};
    }

    private static void check(int m, int n, int k, boolean ta, boolean tb, long seed) {
        int[] ga = geometry(m, k, ta), gb = geometry(k, n, tb);
        float[] a = values(seed, m * k + 3), b = values(seed + 1, k * n + 3);
        int ldc = n + 2;
        Layout l = new Layout(m, n, k, ga[1], ga[2], gb[1], gb[2], ldc);
        float[] cv = new float[m * ldc + 5], cs = new float[m * ldc + 5];
        java.util.Arrays.fill(cv, 7f); // overwritten, not accumulated
        V.gemm(a, 3, b, 3, cv, 1, l);
        S.gemm(a, 3, b, 3, cs, 1, l);
        double u = Math.ulp(1f) / 2;
        double gamma = k * u / (1 - k * u);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double mag = 0;
                for (int p = 0; p < k; p++) mag += Math.abs((double) a[3 + i * ga[1] + p * ga[2]] * b[3 + p * gb[1] + j * gb[2]]);
                double d = Math.abs((double) cv[1 + i * ldc + j] - cs[1 + i * ldc + j]);
                String what = m + "x" + n + "x" + k + (ta ? " A^T" : "") + (tb ? " B^T" : "") + " at " + i + "," + j;
                assertTrue(d <= 2 * gamma * mag, what + ": " + cv[1 + i * ldc + j] + " vs " + cs[1 + i * ldc + j]);
            }
        }
    }

    @Test
    void float32MatchesScalarAtManyShapes() {
        long seed = 1;
        for (int m : SIZES) for (int n : SIZES) for (int k : new int[] {0, 1, 3, L + 1}) check(m, n, k, false, false, seed++);
        for (int m : new int[] {1, 6, 7, 97}) for (int n : new int[] {1, 2 * L - 1, 2 * L + 1, 257}) check(m, n, 300, false, false, seed++);
        for (boolean ta : new boolean[] {false, true}) for (boolean tb : new boolean[] {false, true}) {
            check(13, 2 * L + 3, 37, ta, tb, seed++);
            check(1021, 3 * L + 1, 19, ta, tb, seed++);
            check(31, 1021, 7, ta, tb, seed++);
            check(20, 70, 1021, ta, tb, seed++);
        }
    }

    @Test
    void float64MatchesScalar() {
        SplittableRandom r = new SplittableRandom(5);
        for (int[] s : new int[][] {{1, 1, 1}, {7, 9, 300}, {97, 2 * L + 1, 33}, {6, 8, 5}, {130, 257, 513}}) {
            int m = s[0], n = s[1], k = s[2];
            double[] a = new double[m * k], b = new double[k * n];
            for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian();
            for (int i = 0; i < b.length; i++) b[i] = r.nextGaussian();
            double[] cv = new double[m * n], cs = new double[m * n];
            Layout l = new Layout(m, n, k, 1, m, n, 1, n); // A transposed
            V.gemm(a, 0, b, 0, cv, 0, l);
            S.gemm(a, 0, b, 0, cs, 0, l);
            double u = Math.ulp(1d) / 2, gamma = k * u / (1 - k * u);
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
                double mag = 0;
                for (int p = 0; p < k; p++) mag += Math.abs(a[p * m + i] * b[p * n + j]);
                assertTrue(Math.abs(cv[i * n + j] - cs[i * n + j]) <= 2 * gamma * mag, m + "x" + n + "x" + k);
            }
        }
    }

    @Test
    void bitIdenticalAcrossThreadCounts() {
        int before = Parallel.numThreads();
        try {
            int m = 300, n = 517, k = 700;
            float[] a = values(11, m * k), b = values(12, k * n);
            float[][] out = new float[3][];
            int[] threads = {1, 2, 3};
            for (int t = 0; t < threads.length; t++) {
                Parallel.setNumThreads(threads[t]);
                out[t] = new float[m * n];
                V.gemm(a, 0, b, 0, out[t], 0, Layout.rowMajor(m, n, k));
            }
            assertArrayEquals(out[0], out[1]);
            assertArrayEquals(out[0], out[2]);
        } finally {
            Parallel.setNumThreads(before);
        }
    }
}
