package org.losses4j.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;

/**
 * The two forms of the embedding kernels pinned together: the fused float32 form (float lanes, float32 row functions)
 * against the float64 form of the same algorithm on the same values, on random rows of several widths (one beyond a
 * chunk). Errors are measured in units of float32's epsilon (2^-23) relative to the magnitude of the terms that
 * make the value (so that cancellation does not inflate them): for a loss 1 or |margin| (cosine), the margin and both
 * distances (triplet); for a gradient element the row's term scale (see {@link #cosineScales}; the upstream factor for
 * the triplet, whose terms u / |u| are at most 1). A row whose hinge is active on one form and not on the other (its
 * argument within rounding of 0) is compared on its loss only; at most two may. Bound: 16 epsilons; measured with
 * the scalar kernels: cosine loss 3.6, gradients 3.3; triplet loss 6.4 (float sums of up to 1024 squares per chunk),
 * gradients 1.6; no hinge flips.
 */
class EmbeddingFormsTest {
    private static final double EPS32 = 0x1p-23;
    private static final double BOUND = 16;
    private static final int[] WIDTHS = {1, 3, 7, 16, 67, 512, 1500};
    private static final int ROWS = 150;

    private static float[] values(SplittableRandom r, int n, int off) {
        float[] v = new float[n + off];
        for (int i = off; i < v.length; i++) v[i] = (float) (r.nextGaussian() * (0.5 + r.nextDouble()));
        return v;
    }

    private static double[] widen(float[] v, int off) {
        double[] d = new double[v.length - off];
        for (int i = 0; i < d.length; i++) d[i] = v[off + i];
        return d;
    }

    /** The largest error of f against d per row, in epsilons of the row's term scale; also checks NaN-ness. */
    private static double rowError(float[] f, double[] d, double[] scale, int w, String what) {
        double worst = 0;
        for (int n = 0; n < scale.length; n++) {
            for (int k = n * w; k < n * w + w; k++) {
                assertEquals(Double.isNaN(d[k]), Float.isNaN(f[k]), what + " [" + k + "]");
                if (scale[n] > 0) worst = Math.max(worst, Math.abs(f[k] - d[k]) / (scale[n] * EPS32));
                else assertEquals(0.0, f[k], what + " [" + k + "]");
            }
        }
        return worst;
    }

    /** Per row, the magnitude of the gradient's terms: red (max|b| / sqrt(|a|^2 |b|^2) + max|a| / |a|^2) for the cosine. */
    private static double[] cosineScales(double[] a, double[] b, int rows, int w, double red) {
        double[] s = new double[rows];
        for (int n = 0; n < rows; n++) {
            double q1 = 0, q2 = 0, ma = 0, mb = 0;
            for (int k = n * w; k < n * w + w; k++) {
                q1 += a[k] * a[k];
                q2 += b[k] * b[k];
                ma = Math.max(ma, Math.abs(a[k]));
                mb = Math.max(mb, Math.abs(b[k]));
            }
            s[n] = red * (Math.max(ma, mb) / Math.sqrt(q1 * q2) + Math.max(ma / q1, mb / q2));
        }
        return s;
    }

    @Test
    void fusedCosineMatchesTheFloat64Form() {
        SplittableRandom r = new SplittableRandom(41);
        double worstLoss = 0, worstGrad = 0;
        int flips = 0;
        for (int w : WIDTHS) {
            for (double margin : new double[] {0, 0.3, -0.2}) {
                float[] a = values(r, ROWS * w, 5), b = values(r, ROWS * w, 2);
                for (int i = 0; i < ROWS * w; i += 3) b[2 + i] = a[5 + i] * 0.9f; // correlated rows: cosines near 1
                double[] t = new double[ROWS];
                for (int n = 0; n < ROWS; n++) t[n] = n % 5 == 4 ? 0 : r.nextBoolean() ? 1 : -1;
                EmbeddingKernels.Rows g = EmbeddingKernels.Rows.of(new int[] {ROWS, w});
                double red = 1.0 / ROWS;
                EmbeddingKernels.Fused f = EmbeddingKernels.cosineFused(a, 5, b, 2, t, margin, red, new boolean[] {true, true}, g);
                EmbeddingKernels.Local d = EmbeddingKernels.cosine(widen(a, 5), widen(b, 2), t, DType.FLOAT64, (float) margin, red,
                        new boolean[] {true, true}, g);
                for (int n = 0; n < ROWS; n++) {
                    double scale = Math.max(1, Math.abs(margin));
                    worstLoss = Math.max(worstLoss, Math.abs(f.loss()[n] - d.loss()[n]) / (scale * EPS32));
                }
                for (int i = 0; i < 2; i++) {
                    double[] dg = d.grads()[i];
                    // a row whose hinge flips between the forms (cos - margin within rounding of 0) is not comparable
                    for (int n = 0; n < ROWS; n++) {
                        boolean ff = f.fixed() != null && f.fixed()[n];
                        if (ff != d.fixed()[n]) {
                            flips++;
                            for (int k = n * w; k < n * w + w; k++) dg[k] = f.grads()[i][k];
                        }
                    }
                    double[] sc = cosineScales(widen(a, 5), widen(b, 2), ROWS, w, red);
                    worstGrad = Math.max(worstGrad, rowError(f.grads()[i], dg, sc, w, "cosine grad " + i + " w " + w));
                }
            }
        }
        System.out.printf("cosine fused float32 vs float64: loss %.2f eps, gradients %.2f eps, hinge flips %d%n", worstLoss, worstGrad, flips);
        assertTrue(worstLoss <= BOUND, "cosine loss error " + worstLoss + " eps");
        assertTrue(worstGrad <= BOUND, "cosine gradient error " + worstGrad + " eps");
        assertTrue(flips <= 2, flips + " hinge flips");
    }

    @Test
    void fusedTripletMatchesTheFloat64Form() {
        SplittableRandom r = new SplittableRandom(43);
        double worstLoss = 0, worstGrad = 0;
        int flips = 0;
        for (int w : WIDTHS) {
            for (double margin : new double[] {0.5, 1, 3}) {
                float[] a = values(r, ROWS * w, 1), p = values(r, ROWS * w, 4), q = values(r, ROWS * w, 0);
                EmbeddingKernels.Rows g = EmbeddingKernels.Rows.of(new int[] {ROWS, w});
                double red = 1.0 / ROWS;
                boolean[] all = {true, true, true};
                EmbeddingKernels.TripletOptions o = new EmbeddingKernels.TripletOptions(margin, 2, 1e-6, false);
                EmbeddingKernels.Fused f = EmbeddingKernels.tripletFused(a, 1, p, 4, q, 0, o, red, all, g);
                EmbeddingKernels.TripletOptions o64 = new EmbeddingKernels.TripletOptions((float) margin, 2, (float) 1e-6, false);
                DType[] f64 = {DType.FLOAT64, DType.FLOAT64, DType.FLOAT64};
                EmbeddingKernels.Local d = EmbeddingKernels.triplet(widen(a, 1), widen(p, 4), widen(q, 0), f64, o64, (float) red, all, g);
                double[] dPos = EmbeddingKernels.pairwiseForward(widen(a, 1), widen(p, 4), DType.FLOAT64, 2, (float) 1e-6, g);
                double[] dNeg = EmbeddingKernels.pairwiseForward(widen(a, 1), widen(q, 0), DType.FLOAT64, 2, (float) 1e-6, g);
                for (int n = 0; n < ROWS; n++) {
                    double scale = Math.max(margin, Math.max(dPos[n], dNeg[n]));
                    worstLoss = Math.max(worstLoss, Math.abs(f.loss()[n] - d.loss()[n]) / (scale * EPS32));
                }
                for (int i = 0; i < 3; i++) {
                    double[] dg = d.grads()[i];
                    // a row whose hinge flips between the forms (|z| within rounding of 0) is not comparable
                    for (int n = 0; n < ROWS; n++) {
                        if ((f.loss()[n] > 0) != (d.loss()[n] > 0)) {
                            flips++;
                            for (int k = n * w; k < n * w + w; k++) dg[k] = f.grads()[i][k];
                        }
                    }
                    double[] sc = new double[ROWS]; // |u / |u|| <= 1: the terms are at most red
                    for (int n = 0; n < ROWS; n++) sc[n] = f.loss()[n] > 0 ? red : 0;
                    worstGrad = Math.max(worstGrad, rowError(f.grads()[i], dg, sc, w, "triplet grad " + i + " w " + w));
                }
            }
        }
        System.out.printf("triplet fused float32 vs float64: loss %.2f eps, gradients %.2f eps, hinge flips %d%n", worstLoss, worstGrad, flips);
        assertTrue(worstLoss <= BOUND, "triplet loss error " + worstLoss + " eps");
        assertTrue(worstGrad <= BOUND, "triplet gradient error " + worstGrad + " eps");
        assertTrue(flips <= 2, flips + " hinge flips");
    }
}
