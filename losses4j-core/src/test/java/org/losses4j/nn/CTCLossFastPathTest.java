package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.internal.parallel.Parallel;

/**
 * The rescaled (probability-space) path of CTCLoss and its fused gradient: thread-count independence, the
 * log-space fallback per sample, the gradient handed over by the first backward and recomputed by a second one.
 */
class CTCLossFastPathTest {

    private static final int T = 300, N = 9, C = 12, S = 60;

    private static Tensor logProbs(DType dt, long seed) {
        return Tensor.randn(new Generator(seed), dt, T, N, C).logSoftmax(2).detach();
    }

    /** Labels in [1, C - 1): class C - 1 is on no path. */
    private static Tensor targets() { return Tensor.randint(new Generator(3), 1, C - 1, N, S); }

    private static Tensor inputLengths() {
        long[] il = new long[N];
        for (int b = 0; b < N; b++) il[b] = T - 7 * b;
        return Tensor.of(il);
    }

    private static Tensor targetLengths() {
        long[] tl = new long[N];
        for (int b = 0; b < N; b++) tl[b] = S / 2 + 3 * b;
        tl[N - 1] = 0; // an empty target
        return Tensor.of(tl);
    }

    private static double[][] lossAndGrad(Tensor x, Reduction r, boolean zeroInfinity) {
        Tensor in = x.detach().requiresGrad_(true);
        Tensor out = CTCLoss.ctcLoss(in, targets(), inputLengths(), targetLengths(), 0, r, zeroInfinity);
        if (r == Reduction.NONE) out.backward(Tensor.ones(x.dtype(), N)); else out.backward();
        return new double[][] {out.toDoubleArray(), in.grad().toDoubleArray()};
    }

    @Test
    void resultsAreBitIdenticalAtOneTwoAndFourThreads() {
        int before = Parallel.numThreads();
        try {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor x = logProbs(dt, 5);
                // sample 2 takes the log-space path (a -inf probability on its path), the others the scaled one
                setAt(x, 10, 2, 0, Double.NEGATIVE_INFINITY);
                for (Reduction r : new Reduction[] {Reduction.MEAN, Reduction.NONE}) {
                    Parallel.setNumThreads(1);
                    double[][] one = lossAndGrad(x, r, true);
                    for (int threads : new int[] {2, 4}) {
                        Parallel.setNumThreads(threads);
                        double[][] many = lossAndGrad(x, r, true);
                        assertArrayEquals(one[0], many[0], dt + " " + r + " loss at " + threads + " threads");
                        assertArrayEquals(one[1], many[1], dt + " " + r + " gradient at " + threads + " threads");
                    }
                }
            }
        } finally {
            Parallel.setNumThreads(before);
        }
    }

    private static void setAt(Tensor x, int t, int b, int c, double v) {
        int i = x.storageOffset() + t * x.strides()[0] + b * x.strides()[1] + c * x.strides()[2];
        if (x.storage() instanceof float[]) ((float[]) x.storage())[i] = (float) v; else ((double[]) x.storage())[i] = v;
    }

    @Test
    void scaledPathAgreesWithTheLogSpacePath() {
        Tensor x = logProbs(DType.FLOAT64, 7);
        double[][] scaled = lossAndGrad(x, Reduction.NONE, false);
        // a NaN at a class no target uses sends each sample to the log-space path and changes only that element
        int unused = C - 1;
        Tensor y = x.clone();
        for (int b = 0; b < N; b++) setAt(y, 0, b, unused, Double.NaN);
        double[][] log = lossAndGrad(y, Reduction.NONE, false);
        for (int b = 0; b < N; b++) assertEquals(scaled[0][b], log[0][b], 1e-10 * Math.abs(log[0][b]), "loss of sample " + b);
        for (int i = 0; i < scaled[1].length; i++) {
            int t = i / (N * C), c = i % C;
            if (t == 0 && c == unused) {
                assertTrue(Double.isNaN(log[1][i]));
                continue;
            }
            assertEquals(log[1][i], scaled[1][i], 1e-12 + 1e-9 * Math.abs(log[1][i]), "gradient element " + i);
        }
    }

    @Test
    void secondBackwardWithRetainGraphGivesTheSameGradient() {
        for (Reduction r : new Reduction[] {Reduction.MEAN, Reduction.SUM, Reduction.NONE}) {
            Tensor in = logProbs(DType.FLOAT32, 11).requiresGrad_(true);
            Tensor out = CTCLoss.ctcLoss(in, targets(), inputLengths(), targetLengths(), 0, r, false);
            Tensor up = r == Reduction.NONE ? Tensor.ones(DType.FLOAT32, N) : Tensor.scalar(1, DType.FLOAT32);
            out.backward(up, true);
            float[] first = ((float[]) in.grad().storage()).clone();
            in.zeroGrad();
            out.backward(up, false);
            assertArrayEquals(first, (float[]) in.grad().storage(), r.toString());
        }
    }

    @Test
    void upstreamGradientScalesTheFusedGradient() {
        Tensor x = logProbs(DType.FLOAT64, 13);
        double[][] unit = lossAndGrad(x, Reduction.SUM, false);
        Tensor in = x.detach().requiresGrad_(true);
        CTCLoss.ctcLoss(in, targets(), inputLengths(), targetLengths(), 0, Reduction.SUM, false).backward(Tensor.scalar(2.5, DType.FLOAT64));
        double[] g = in.grad().toDoubleArray();
        for (int i = 0; i < g.length; i++) assertEquals(2.5 * unit[1][i], g[i], 1e-15 + 1e-13 * Math.abs(g[i]));
        // none: per-sample factors; an impossible sample with zero_infinity keeps a zero gradient even for an inf upstream,
        // and rows beyond the input length stay zero
        long[] il = inputLengths().toLongArray();
        long[] tl = targetLengths().toLongArray();
        tl[1] = S; il[1] = 10; // cannot fit
        Tensor in2 = x.detach().requiresGrad_(true);
        Tensor out = CTCLoss.ctcLoss(in2, targets(), il, tl, 0, Reduction.NONE, true);
        double[] u = new double[N];
        for (int b = 0; b < N; b++) u[b] = b == 1 ? Double.POSITIVE_INFINITY : 0.5 + b;
        out.backward(Tensor.of(u));
        double[] g2 = in2.grad().toDoubleArray();
        for (int t = 0; t < T; t++) {
            for (int c = 0; c < C; c++) {
                assertEquals(0.0, g2[(t * N + 1) * C + c], "impossible sample");
                if (t >= il[0]) assertEquals(0.0, g2[(t * N) * C + c], "beyond the input length");
            }
        }
        assertEquals(0.0, out.toDoubleArray()[1]);
        for (int b : new int[] {0, 3}) {
            Tensor leaf = x.select(1, b).detach().requiresGrad_(true);
            Tensor one = CTCLoss.ctcLoss(leaf, targets().select(0, b).unsqueeze(0), new long[] {il[b]}, new long[] {tl[b]}, 0, Reduction.NONE, true);
            one.backward(Tensor.scalar(u[b], DType.FLOAT64));
            double[] gb = leaf.grad().toDoubleArray();
            for (int t = 0; t < il[b]; t++) {
                for (int c = 0; c < C; c++) {
                    double v = g2[(t * N + b) * C + c];
                    assertEquals(gb[t * C + c], v, 1e-15 + 1e-13 * Math.abs(v), "sample " + b);
                }
            }
        }
    }
}
