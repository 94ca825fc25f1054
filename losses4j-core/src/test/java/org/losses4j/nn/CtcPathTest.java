package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.CtcKernel;
import org.losses4j.internal.simd.CtcKernels;
import org.losses4j.internal.simd.scalar.ScalarCtcKernels;
import org.losses4j.testing.Golden;

/**
 * Which path each CTC sample takes: the scaled (probability-space) recursion on ordinary inputs, and each of its
 * exits to the log-space recursion on inputs made to reach exactly that exit. The values on these inputs are
 * PyTorch's through the fixtures (ctc.json, ctc_logspace.json); here the path codes make a disabled fast path, or a
 * removed exit that a later check would catch, visible.
 */
class CtcPathTest {

    static final CtcKernels SCALAR = new ScalarCtcKernels();
    static final CtcKernels PROVIDED = org.losses4j.internal.simd.VectorizationProvider.get().kernels(CtcKernels.class);

    /** Path codes of every sample, with a gradient (every exit is on the way of a gradient run). */
    static int[] paths(Tensor lp, Tensor tg, long[] il, long[] tl, int blank, CtcKernels k) {
        CtcKernel.Problem p = CtcSupport.check(lp, tg, il, tl, blank);
        double[] g = new double[p.N()];
        java.util.Arrays.fill(g, 1.0);
        int n = lp.numel();
        return CtcKernel.run(CtcSupport.logProbs(lp), p, g, false, lp.dtype() == DType.FLOAT32 ? new float[n] : null,
                lp.dtype() == DType.FLOAT64 ? new double[n] : null, k).path();
    }

    private static Tensor logProbs(DType dt, long seed, int T, int N, int C) {
        return Tensor.randn(new Generator(seed), DType.FLOAT64, T, N, C).logSoftmax(2).to(dt).detach();
    }

    private static void set(Tensor x, int t, int b, int c, double v) {
        int i = x.storageOffset() + t * x.strides()[0] + b * x.strides()[1] + c * x.strides()[2];
        if (x.storage() instanceof float[]) ((float[]) x.storage())[i] = (float) v; else ((double[]) x.storage())[i] = v;
    }

    private static void setFrame(Tensor x, int t, int b, double v) {
        for (int c = 0; c < x.shape()[2]; c++) set(x, t, b, c, v);
    }

    @Test
    void ordinaryInputsTakeTheScaledPath() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (CtcKernels k : new CtcKernels[] {SCALAR, PROVIDED}) {
                Tensor lp = logProbs(dt, 1, 50, 4, 10);
                Tensor tg = Tensor.randint(new Generator(2), 1, 10, 4, 20);
                int[] got = paths(lp, tg, new long[] {50, 45, 30, 50}, new long[] {20, 15, 3, 0}, 0, k);
                assertArrayEquals(new int[] {CtcKernel.SCALED, CtcKernel.SCALED, CtcKernel.SCALED, CtcKernel.SCALED}, got, dt + " " + k);
            }
        }
    }

    /** One sample (T = 8, C = 5, target [1, 2, 3]) with the given frames changed; returns its path code. */
    private static int onePath(DType dt, long il, long tl, java.util.function.Consumer<Tensor> change) {
        Tensor lp = logProbs(dt, 3, 8, 1, 5);
        change.accept(lp);
        return paths(lp, Tensor.of(new long[][] {{1, 2, 3}}), new long[] {il}, new long[] {tl}, 0, SCALAR)[0];
    }

    @Test
    void eachExitOfTheScaledPathIsReached() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            assertEquals(CtcKernel.SCALED, onePath(dt, 8, 3, x -> {}), dt + " control");
            assertEquals(CtcKernel.EMPTY_INPUT, onePath(dt, 0, 0, x -> {}), dt + " input length 0");
            assertEquals(CtcKernel.NO_ALIGNMENT, onePath(dt, 2, 3, x -> {}), dt + " 3 labels in 2 frames");
            assertEquals(CtcKernel.NOT_NORMAL, onePath(dt, 8, 3, x -> set(x, 4, 0, 4, Double.NEGATIVE_INFINITY)), dt + " -inf");
            assertEquals(CtcKernel.NOT_NORMAL, onePath(dt, 8, 3, x -> set(x, 4, 0, 4, Double.NaN)), dt + " NaN");
            assertEquals(CtcKernel.NOT_NORMAL, onePath(dt, 8, 3, x -> set(x, 4, 0, 4, -800)), dt + " exp underflows");
            // exp(-660) = 2e-287: a normal double below TINY (1e-280), at the first frame
            assertEquals(CtcKernel.ALPHA_START, onePath(dt, 8, 3, x -> setFrame(x, 0, 0, -660)), dt + " first alpha below TINY");
            // exp(50) = 5e21 above HUGE: the first row sum is too large
            assertEquals(CtcKernel.ALPHA_RANGE, onePath(dt, 8, 3, x -> setFrame(x, 0, 0, 50)), dt + " row sum above HUGE");
            // a frame of tiny probabilities after a frame whose label probability is tiny: a product below TINY
            assertEquals(CtcKernel.ALPHA_RANGE, onePath(dt, 8, 3, x -> {
                setFrame(x, 0, 0, 0);
                set(x, 0, 0, 1, -330);
                setFrame(x, 1, 0, -330);
            }), dt + " alpha cell below TINY");
            // the last frame's probabilities (1e-150) times its alphas (about as small): a product below TINY
            assertEquals(CtcKernel.BETA_START, onePath(dt, 8, 3, x -> setFrame(x, 7, 0, -345)), dt + " last alpha * beta below TINY");
            // an inner frame of tiny probabilities: alpha and beta there are both about 1e-150
            assertEquals(CtcKernel.BETA_RANGE, onePath(dt, 8, 3, x -> setFrame(x, 4, 0, -345)), dt + " inner alpha * beta below TINY");
        }
    }

    /** Every sample of the large-magnitude fixtures must run in log space (else they would not test it). */
    @Test
    void largeMagnitudeFixturesRunInLogSpace() {
        int cases = 0;
        for (JsonElement e : Golden.load("/golden/losses/ctc_logspace.json").getAsJsonArray()) {
            JsonObject c = e.getAsJsonObject();
            assertTrue(c.get("log_space").getAsBoolean());
            JsonObject a = c.getAsJsonObject("args");
            int blank = c.getAsJsonObject("options").get("blank").getAsInt();
            int[] got = paths(Golden.tensor(a.get("log_probs")), Golden.tensor(a.get("targets")), Golden.tensor(a.get("input_lengths")).toLongArray(),
                    Golden.tensor(a.get("target_lengths")).toLongArray(), blank, PROVIDED);
            for (int b = 0; b < got.length; b++) assertNotEquals(CtcKernel.SCALED, got[b], c.get("name").getAsString() + " sample " + b);
            cases++;
        }
        assertTrue(cases >= 10, "ctc_logspace.json has " + cases + " cases");
    }

    /**
     * The kernel writes every element of the gradient: rows beyond an input length and the rows of a +inf loss under
     * zero_infinity are zeroed, and a sample that leaves the scaled path after writing some rows is written again in
     * full. An output filled with NaN beforehand must come back as a fresh one.
     */
    @Test
    void everyGradientElementIsWrittenWhateverTheOutputHeld() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (boolean zi : new boolean[] {false, true}) {
                Tensor lp = logProbs(dt, 5, 9, 4, 5);
                setFrame(lp, 3, 1, -345); // sample 1 leaves the scaled path in its beta rows (after writing rows 8 .. 4)
                Tensor tg = Tensor.of(new long[][] {{1, 2, 3}, {1, 2, 3}, {2, 2, 2}, {4, 0, 0}});
                long[] il = {9, 9, 4, 0}, tl = {3, 3, 3, 0}; // sample 2 is impossible (+inf), sample 3 has no frames
                CtcKernel.Problem p = CtcSupport.check(lp, tg, il, tl, 0);
                double[] g = {0.5, 0.25, 2, 1};
                int n = lp.numel();
                double[][] got = new double[2][];
                int[] path = null;
                for (int fill = 0; fill < 2; fill++) {
                    float[] f = dt == DType.FLOAT32 ? new float[n] : null;
                    double[] d = dt == DType.FLOAT64 ? new double[n] : null;
                    if (fill == 1) {
                        if (f != null) java.util.Arrays.fill(f, Float.NaN); else java.util.Arrays.fill(d, Double.NaN);
                    }
                    path = CtcKernel.run(CtcSupport.logProbs(lp), p, g, zi, f, d, SCALAR).path();
                    got[fill] = f != null ? Tensor.wrap(DType.FLOAT32, f, n).toDoubleArray() : d;
                }
                assertEquals(CtcKernel.BETA_RANGE, path[1], dt + " sample 1's path");
                assertArrayEquals(got[0], got[1], dt + " zero_infinity " + zi);
                for (int t = 0; t < 9; t++) {
                    for (int c = 0; c < 5; c++) {
                        if (t >= 4) assertEquals(0.0, got[0][(t * 4 + 2) * 5 + c], "beyond the input length of sample 2");
                        assertEquals(0.0, got[0][(t * 4 + 3) * 5 + c], "sample 3 has no frames");
                        if (zi) assertEquals(0.0, got[0][(t * 4 + 2) * 5 + c], "zero_infinity zeroes sample 2");
                    }
                }
            }
        }
    }

    /**
     * PyTorch 1.13 with a NaN upstream gradient (ctc_loss, (6, 2, 4), input lengths [4, 2], targets [[1, 2], [3, 3]]:
     * sample 1 is impossible): NaN for t < 4 of sample 0 and, without zero_infinity, t < 2 of sample 1; 0 elsewhere.
     */
    @Test
    void nanUpstreamLeavesTheRowsPyTorchZeroesAtZero() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (org.losses4j.Reduction r : new org.losses4j.Reduction[] {org.losses4j.Reduction.NONE, org.losses4j.Reduction.MEAN, org.losses4j.Reduction.SUM}) {
                for (boolean zi : new boolean[] {false, true}) {
                    Tensor x = logProbs(dt, 9, 6, 2, 4).requiresGrad_(true);
                    Tensor out = CTCLoss.ctcLoss(x, Tensor.of(new long[][] {{1, 2}, {3, 3}}), new long[] {4, 2}, new long[] {2, 2}, 0, r, zi);
                    out.backward(r == org.losses4j.Reduction.NONE ? Tensor.full(dt, Double.NaN, 2) : Tensor.scalar(Double.NaN, dt));
                    double[] g = x.grad().toDoubleArray();
                    for (int t = 0; t < 6; t++) {
                        for (int c = 0; c < 4; c++) {
                            String at = dt + " " + r + " zi " + zi + " t " + t + " c " + c;
                            assertEquals(t < 4 ? Double.NaN : 0.0, g[(t * 2) * 4 + c], at + " sample 0");
                            assertEquals(t < 2 && !zi ? Double.NaN : 0.0, g[(t * 2 + 1) * 4 + c], at + " sample 1");
                        }
                    }
                }
            }
        }
    }
}
