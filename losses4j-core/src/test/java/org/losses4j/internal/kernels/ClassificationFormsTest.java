package org.losses4j.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float forms of the classification kernels against their double forms on the same float32 inputs (finite, as
 * the fused paths take them), within a stated bound: |float - double| &lt;= 1e-5 + 2e-6 |double| for losses and
 * gradients (float32 rounding of the exponentials, sums in float lanes, and for CrossEntropy's smoothing the
 * W lse - sum_c w_c x_c form of sum_c w_c (lse - x_c)); the same bound for FocalLoss's and PolyLoss's heads on that pass.
 * Run with the scalar kernels here and with the Vector API kernels by ClassificationFormsPanamaTest (losses4j-simd).
 */
class ClassificationFormsTest {
    private static final double ATOL = 1e-5, RTOL = 2e-6;

    private static void close(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= ATOL + RTOL * Math.abs(expected), what + ": float form " + actual + ", double form " + expected);
    }

    @Test
    void crossEntropyFusedMatchesTheDoubleForm() {
        Random r = new Random(7);
        int[][] shapes = {{64, 10, 1}, {7, 1000, 1}, {3, 21, 37}, {2, 5, 300}};
        for (int[] sh : shapes) {
            int n = sh[0], c = sh[1], s = sh[2];
            for (double e : new double[] {0, 0.1}) {
                for (boolean weighted : new boolean[] {false, true}) {
                    float[] x = new float[n * c * s + 3];
                    for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 3);
                    long[] y = new long[n * s];
                    for (int i = 0; i < y.length; i++) y[i] = i % 7 == 3 ? -100 : r.nextInt(c);
                    double[] w = null;
                    float[] wf = null;
                    if (weighted) {
                        wf = new float[c];
                        w = new double[c];
                        for (int k = 0; k < c; k++) w[k] = wf[k] = 0.1f + r.nextFloat();
                    }
                    NllKernel.Targets t = new NllKernel.Targets(y, 0, w, -100, n, c, s);
                    CrossEntropyKernel.ClassTargets p = new CrossEntropyKernel.ClassTargets(new NllKernel.Vals(x, null, 3), t, wf, e);
                    double scale = 1.0 / t.totalWeight();
                    double[] l32 = new double[n * s], l64 = new double[n * s];
                    float[] g32 = new float[n * c * s];
                    double[] g64 = new double[n * c * s];
                    double s32 = CrossEntropyKernel.fusedClass(p, g32, scale, l32, null);
                    double s64 = CrossEntropyKernel.forwardClass(p, scale, l64, g64);
                    String at = n + "x" + c + "x" + s + " e=" + e + " weighted=" + weighted;
                    close(s64, s32, at + " sum");
                    for (int i = 0; i < l64.length; i++) close(l64[i], l32[i], at + " loss " + i);
                    for (int i = 0; i < g64.length; i++) close(g64[i], g32[i], at + " grad " + i);
                }
            }
        }
    }

    /** FocalLoss's and PolyLoss's heads on the same pass: the fused float form against the double form. */
    @Test
    void focalAndPolyFusedMatchTheDoubleForm() {
        Random r = new Random(13);
        int[][] shapes = {{64, 10, 1}, {7, 1000, 1}, {3, 21, 37}, {2, 5, 300}, {1, 3, 7000}};
        for (int[] sh : shapes) {
            int n = sh[0], c = sh[1], s = sh[2];
            for (int head = 0; head < 4; head++) {
                boolean weighted = head == 1;
                double e = head == 3 ? 0.2 : 0;
                float[] x = new float[n * c * s + 3];
                for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 3);
                long[] y = new long[n * s];
                for (int i = 0; i < y.length; i++) y[i] = i % 7 == 3 ? -100 : r.nextInt(c);
                double[] w = null;
                float[] wf = null;
                if (weighted) {
                    wf = new float[c];
                    w = new double[c];
                    for (int k = 0; k < c; k++) w[k] = wf[k] = 0.1f + r.nextFloat();
                }
                CrossEntropyKernel.Head h = head == 0 ? CrossEntropyKernel.Head.focal(2) : head == 1 ? CrossEntropyKernel.Head.focal(0.5)
                        : head == 2 ? CrossEntropyKernel.Head.poly(1.5, 0, c) : CrossEntropyKernel.Head.poly(-1, e, c);
                NllKernel.Targets t = new NllKernel.Targets(y, 0, w, -100, n, c, s);
                CrossEntropyKernel.ClassTargets p = new CrossEntropyKernel.ClassTargets(new NllKernel.Vals(x, null, 3), t, wf, e, h);
                double scale = 1.0 / t.totalWeight();
                double[] l32 = new double[n * s], l64 = new double[n * s];
                float[] g32 = new float[n * c * s];
                double[] g64 = new double[n * c * s];
                double s32 = CrossEntropyKernel.fusedClass(p, g32, scale, l32, null);
                double s64 = CrossEntropyKernel.forwardClass(p, scale, l64, g64);
                String at = n + "x" + c + "x" + s + " head " + head;
                close(s64, s32, at + " sum");
                for (int i = 0; i < l64.length; i++) close(l64[i], l32[i], at + " loss " + i);
                for (int i = 0; i < g64.length; i++) close(g64[i], g32[i], at + " grad " + i);
            }
        }
    }

    /**
     * CategoricalHingeLoss's float form against its double form on float32 operands: the same bits (the double form
     * rounds as the float form computes), values and both gradients, with ties, kinks, NaN and infinities.
     */
    @Test
    void categoricalHingeFloatFormIsTheDoubleFormBitForBit() {
        Random r = new Random(17);
        for (int c : new int[] {1, 3, 37, 1030}) {
            int n = 9;
            float[] x = new float[n * c + 2], y = new float[n * c + 1];
            for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 2);
            for (int b = 0; b < n; b++) {
                for (int k = 0; k < c; k++) y[1 + b * c + k] = b % 3 == 0 ? r.nextFloat() : 0;
                if (b % 3 != 0) y[1 + b * c + r.nextInt(c)] = 1;
            }
            // row 1: tied maxima; row 2: z = 0 exactly; rows 4, 5, 7: NaN, +inf, -inf scores
            if (c >= 3) {
                x[2 + c] = x[2 + c + 1] = x[2 + c + 2] = 5f;
                y[1 + c] = 1;
                y[1 + c + 1] = y[1 + c + 2] = 0;
                for (int k = 0; k < c; k++) { x[2 + 2 * c + k] = 0; y[1 + 2 * c + k] = 0; }
                x[2 + 2 * c] = 1;
                y[1 + 2 * c] = 1;
            }
            x[2 + 4 * c] = Float.NaN;
            x[2 + 5 * c + c / 2] = Float.POSITIVE_INFINITY;
            x[2 + 7 * c] = Float.NEGATIVE_INFINITY;
            double[] r32 = new double[n], r64 = new double[n];
            float[] gx32 = new float[n * c], gy32 = new float[n * c];
            double[] gx64 = new double[n * c], gy64 = new double[n * c];
            MarginKernels.categoricalHinge32(x, 2, y, 1, n, c, 1.0 / n, r32, gx32, gy32, null);
            MarginKernels.categoricalHinge(new MarginKernels.CategoricalHinge(new NllKernel.Vals(x, null, 2), new NllKernel.Vals(y, null, 1), true, n, c,
                    1.0 / n), r64, gx64, gy64);
            for (int i = 0; i < n; i++) bits(r64[i], r32[i], "categorical hinge c=" + c + " row " + i);
            for (int i = 0; i < n * c; i++) {
                bits((float) gx64[i], gx32[i], "categorical hinge c=" + c + " grad input " + i);
                bits((float) gy64[i], gy32[i], "categorical hinge c=" + c + " grad target " + i);
                assertTrue(Double.isNaN(gx64[i]) || gx64[i] == (float) gx64[i], "the double form rounds to float");
            }
        }
    }

    private static void bits(double expected, double actual, String what) {
        assertTrue(Double.doubleToLongBits(expected) == Double.doubleToLongBits(actual), what + ": float form " + actual + ", double form " + expected);
    }

    @Test
    void marginFloatFormsMatchTheDoubleForms() {
        Random r = new Random(11);
        for (int c : new int[] {1, 5, 37, 1030}) {
            int n = 6;
            float[] x = new float[n * c + 2];
            double[] xd = new double[x.length];
            for (int i = 0; i < x.length; i++) xd[i] = x[i] = (float) (r.nextGaussian() * 2);
            long[] y = new long[n];
            for (int i = 0; i < n; i++) y[i] = r.nextInt(c);
            float[] wf = new float[c];
            double[] wd = new double[c];
            for (int k = 0; k < c; k++) wd[k] = wf[k] = 0.1f + r.nextFloat();
            for (int p = 1; p <= 2; p++) {
                MarginKernels.MultiMargin m = new MarginKernels.MultiMargin(y, 0, p, 0.75, n, c, 1.0 / n);
                double[] r32 = new double[n], r64 = new double[n];
                float[] g32 = new float[n * c];
                double[] g64 = new double[n * c];
                MarginKernels.multiMargin32(x, 2, wf, m, r32, g32);
                MarginKernels.multiMargin64(xd, 2, wd, m, r64, g64);
                for (int i = 0; i < n; i++) close(r64[i], r32[i], "multi margin c=" + c + " p=" + p + " row " + i);
                for (int i = 0; i < g64.length; i++) close(g64[i], g32[i], "multi margin c=" + c + " p=" + p + " grad " + i);
            }
            long[] t = new long[n * c];
            java.util.Arrays.fill(t, -1);
            for (int i = 0; i < n; i++) for (int j = 0; j < Math.min(c, i); j++) t[i * c + j] = (j * 7 + i) % c;
            MarginKernels.MultiLabel ml = new MarginKernels.MultiLabel(t, 0, n, c, 1.0);
            double[] r32 = new double[n], r64 = new double[n];
            float[] g32 = new float[n * c];
            double[] g64 = new double[n * c];
            MarginKernels.multiLabel32(x, 2, ml, r32, g32);
            MarginKernels.multiLabel64(xd, 2, ml, r64, g64);
            for (int i = 0; i < n; i++) close(r64[i], r32[i], "multilabel c=" + c + " row " + i);
            for (int i = 0; i < g64.length; i++) close(g64[i], g32[i], "multilabel c=" + c + " grad " + i);
        }
    }
}
