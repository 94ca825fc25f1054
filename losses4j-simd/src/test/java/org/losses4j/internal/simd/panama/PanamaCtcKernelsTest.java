package org.losses4j.internal.simd.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.CtcKernel;
import org.losses4j.internal.simd.CtcKernels;
import org.losses4j.internal.simd.VectorizationProvider;
import org.losses4j.internal.simd.scalar.ScalarCtcKernels;

/** The Vector API CTC kernels against the scalar ones (docs/ARCHITECTURE.md, convention 7), loop by loop and end to end. */
class PanamaCtcKernelsTest {
    private static final CtcKernels SCALAR = VectorizationProvider.scalar(CtcKernels.class);
    private static final CtcKernels PANAMA = new PanamaCtcKernels();
    private static final int L = DoubleVector.SPECIES_PREFERRED.length();
    private static final int[] SIZES = {0, 1, 7, L - 1, L, L + 1, 1021, 4099};
    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, -1e300, 800, -800, 0, -0.0};

    @Test
    void providerPicksThePanamaKernels() {
        assertTrue(VectorizationProvider.get().kernels(CtcKernels.class) instanceof PanamaCtcKernels);
        assertTrue(SCALAR instanceof ScalarCtcKernels);
    }

    private static void close(double want, double got, double rel, String what) {
        if (Double.isNaN(want)) {
            assertTrue(Double.isNaN(got), what + ": expected NaN, got " + got);
            return;
        }
        if (Double.isInfinite(want)) {
            assertEquals(want, got, what);
            return;
        }
        assertEquals(want, got, rel * Math.abs(want) + Double.MIN_NORMAL, what);
    }

    @Test
    void expMatchesScalarOnAllSizesAndSpecialValues() {
        Random r = new Random(1);
        for (int n : SIZES) {
            for (int special = -1; special < SPECIAL.length; special++) {
                float[] f = new float[n + 3];
                double[] d = new double[n + 3];
                for (int i = 0; i < f.length; i++) d[i] = f[i] = (float) (r.nextGaussian() * 4 - 3);
                if (special >= 0 && n > 0) {
                    int at = 3 + r.nextInt(n);
                    d[at] = SPECIAL[special];
                    f[at] = (float) SPECIAL[special];
                }
                double[] ws = new double[n + 1], wp = new double[n + 1];
                boolean okS = SCALAR.exp(f, 3, ws, 1, n), okP = PANAMA.exp(f, 3, wp, 1, n);
                assertEquals(okS, okP, "float flag n=" + n + " special=" + special);
                for (int i = 0; i <= n; i++) close(ws[i], wp[i], 4e-16, "float exp n=" + n + " i=" + i);
                okS = SCALAR.exp(d, 3, ws, 1, n);
                okP = PANAMA.exp(d, 3, wp, 1, n);
                assertEquals(okS, okP, "double flag n=" + n + " special=" + special);
                for (int i = 0; i <= n; i++) close(ws[i], wp[i], 4e-16, "double exp n=" + n + " i=" + i);
            }
        }
    }

    @Test
    void alphaAndBetaStepsMatchScalarOnAllSizesAndSpecialValues() {
        Random r = new Random(2);
        for (int n : SIZES) {
            for (int special = -1; special < SPECIAL.length; special++) {
                int lo = n > 3 ? 1 : 0, hi = n - 1, Wp = n + 4;
                double[] prev = new double[Wp], skip = new double[Wp], yp = new double[n + 1], alpha = new double[Wp];
                for (int i = 0; i < Wp; i++) {
                    prev[i] = r.nextDouble();
                    skip[i] = r.nextBoolean() ? 1 : 0;
                    alpha[i] = r.nextDouble();
                }
                for (int i = 0; i < yp.length; i++) yp[i] = r.nextDouble() * 0.1;
                if (special >= 0 && n > 0) yp[lo + r.nextInt(hi - lo + 1)] = Math.abs(SPECIAL[special]) * (special % 2 == 0 ? 1 : 1e-300);
                double scale = 1.7;
                double[] cs = new double[Wp], cp = new double[Wp];
                double ss = SCALAR.alphaStep(prev, 0, cs, 0, skip, yp, 1, scale, lo, hi);
                double sp = PANAMA.alphaStep(prev, 0, cp, 0, skip, yp, 1, scale, lo, hi);
                close(ss, sp, 1e-15 * Math.max(1, n), "alpha sum n=" + n + " special=" + special);
                for (int i = 0; i < Wp; i++) close(cs[i], cp[i], 0, "alpha cell n=" + n + " i=" + i);
                double[] as = new double[n + 1], ap = new double[n + 1];
                int bhi = Math.max(lo - 1, hi - 2); // beta reads up to s + 2
                cs = new double[Wp];
                cp = new double[Wp];
                ss = SCALAR.betaStep(prev, 0, cs, 0, skip, yp, 1, scale, lo, bhi, alpha, 0, as);
                sp = PANAMA.betaStep(prev, 0, cp, 0, skip, yp, 1, scale, lo, bhi, alpha, 0, ap);
                close(ss, sp, 1e-15 * Math.max(1, n), "beta sum n=" + n + " special=" + special);
                for (int i = 0; i < Wp; i++) close(cs[i], cp[i], 0, "beta cell n=" + n + " i=" + i);
                for (int i = lo; i <= bhi; i++) close(as[i], ap[i], 0, "alpha*beta n=" + n + " i=" + i);
            }
        }
    }

    @Test
    void gradRowMatchesScalarOnAllSizesAndSpecialValues() {
        Random r = new Random(3);
        for (int n : SIZES) {
            for (int special = -1; special < SPECIAL.length; special++) {
                double[] y = new double[n + 2], post = new double[n];
                for (int i = 0; i < y.length; i++) y[i] = r.nextDouble();
                for (int i = 0; i < n; i++) post[i] = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 1e-3;
                if (special >= 0 && n > 0) y[2 + r.nextInt(n)] = SPECIAL[special];
                float[] fs = new float[n + 1], fp = new float[n + 1];
                double[] ds = new double[n + 1], dp = new double[n + 1];
                SCALAR.gradRow(y, 2, post, 31.5, 0.25, fs, 1, n);
                PANAMA.gradRow(y, 2, post, 31.5, 0.25, fp, 1, n);
                SCALAR.gradRow(y, 2, post, 31.5, 0.25, ds, 1, n);
                PANAMA.gradRow(y, 2, post, 31.5, 0.25, dp, 1, n);
                for (int i = 0; i <= n; i++) {
                    close(fs[i], fp[i], 0, "float grad n=" + n + " i=" + i);
                    close(ds[i], dp[i], 0, "double grad n=" + n + " i=" + i);
                }
            }
        }
    }

    @Test
    void wholeLossAndGradientMatchScalarKernels() {
        int[][] shapes = {{50, 16, 20, 30}, {400, 6, 80, 100}, {1, 3, 5, 1}, {9, 4, 7, 4}};
        for (int[] sh : shapes) {
            int T = sh[0], N = sh[1], C = sh[2], S = sh[3];
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Generator g = new Generator(T + N);
                Tensor x = Tensor.randn(g, dt, T, N, C).logSoftmax(2).detach();
                Tensor tg = Tensor.randint(g, 1, C, N, S);
                long[] il = new long[N], tl = new long[N];
                for (int b = 0; b < N; b++) {
                    il[b] = Math.max(0, T - b % 3);
                    tl[b] = Math.max(0, S - b);
                }
                CtcKernel.Problem p = problem(T, N, C, tg.toLongArray(), S, il, tl);
                double[] f = new double[N];
                java.util.Arrays.fill(f, 1.0 / N);
                int n = T * N * C;
                boolean f32 = dt == DType.FLOAT32;
                CtcKernel.LogProbs lp = new CtcKernel.LogProbs(f32 ? (float[]) x.storage() : null, f32 ? null : (double[]) x.storage(), x.storageOffset(),
                        x.strides()[0], x.strides()[1], x.strides()[2]);
                float[] sf = f32 ? new float[n] : null, vf = f32 ? new float[n] : null;
                double[] sd = f32 ? null : new double[n], vd = f32 ? null : new double[n];
                CtcKernel.Result s = CtcKernel.run(lp, p, f, false, sf, sd, SCALAR), v = CtcKernel.run(lp, p, f, false, vf, vd, PANAMA);
                for (int b = 0; b < N; b++) close(s.nll()[b], v.nll()[b], 1e-10, "loss " + b + " " + dt);
                double[] gs = f32 ? Tensor.wrap(DType.FLOAT32, sf, n).toDoubleArray() : sd, gv = f32 ? Tensor.wrap(DType.FLOAT32, vf, n).toDoubleArray() : vd;
                // relative to the gradient's scale g_b = 1/N: an element is a difference of two terms of that size
                double tol = (dt == DType.FLOAT32 ? 2e-6 : 1e-10) / N;
                for (int i = 0; i < gs.length; i++) assertEquals(gs[i], gv[i], tol, "gradient " + i + " " + dt);
            }
        }
    }

    /** The kernel's problem for padded (N, S) targets (labels in [1, C), blank 0). */
    private static CtcKernel.Problem problem(int T, int N, int C, long[] padded, int S, long[] il, long[] tl) {
        int[] in = new int[N], tn = new int[N], off = new int[N];
        int total = 0;
        for (int b = 0; b < N; b++) {
            in[b] = (int) il[b];
            tn[b] = (int) tl[b];
            off[b] = total;
            total += tn[b];
        }
        int[] labels = new int[total];
        for (int b = 0; b < N; b++) for (int i = 0; i < tn[b]; i++) labels[off[b] + i] = (int) padded[b * S + i];
        return new CtcKernel.Problem(T, N, C, 0, in, tn, labels, off);
    }
}
