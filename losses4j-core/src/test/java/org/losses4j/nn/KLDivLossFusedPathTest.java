package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.parallel.Parallel;

/**
 * KLDivLoss's float32 fast path (probability targets of the input's shape, only the input differentiated): the
 * gradient -u t / divisor within an ulp or two for any grad_output (reduced or 'none'), a second backward under
 * retain_graph giving the same gradient, the same bits at 1, 2 and 4 threads, and the float64 path's values.
 */
class KLDivLossFusedPathTest {
    private static final int ROWS = 300, COLS = 1000; // several parallel blocks and a ragged end
    private static final int INITIAL_THREADS = Parallel.numThreads();

    @AfterEach
    void restore() { Parallel.setNumThreads(INITIAL_THREADS); }

    static Tensor input() { return Tensor.randn(new Generator(1), DType.FLOAT32, ROWS, COLS).logSoftmax(1); }

    static Tensor target() { return Tensor.rand(new Generator(2), DType.FLOAT32, ROWS, COLS).softmax(1); }

    static double divisor(Reduction r) {
        return r == Reduction.MEAN ? ROWS * COLS : r == Reduction.BATCHMEAN ? ROWS : 1;
    }

    @Test
    void gradientIsMinusUpstreamTimesTargetOverTheDivisor() {
        float[] t = target().toFloatArray();
        for (Reduction r : Reduction.values()) {
            for (double u : new double[] {1.0, -2.5, 0.0}) {
                Tensor x = input().requiresGrad_(true);
                Tensor out = KLDivLoss.klDiv(x, target(), r, false);
                Tensor up = r == Reduction.NONE ? Tensor.randn(new Generator(9), DType.FLOAT32, ROWS, COLS).mul(u) : Tensor.scalar(u);
                out.backward(up);
                float[] g = x.grad().toFloatArray(), ua = up.toFloatArray();
                for (int i = 0; i < g.length; i++) {
                    double ui = r == Reduction.NONE ? ua[i] : u;
                    double want = -ui * t[i] / divisor(r);
                    assertEquals(want, g[i], 2 * Math.ulp((float) want) + 1e-45, r + " u=" + u + " [" + i + "]");
                }
            }
        }
    }

    @Test
    void secondBackwardUnderRetainGraphGivesTheSameGradient() {
        for (Reduction r : Reduction.values()) {
            Tensor x = input().requiresGrad_(true);
            Tensor out = KLDivLoss.klDiv(x, target(), r, false);
            Tensor up = r == Reduction.NONE ? Tensor.full(0.5, ROWS, COLS) : Tensor.scalar(0.5);
            out.backward(up, true);
            float[] first = x.grad().toFloatArray();
            x.zeroGrad();
            out.backward(up, true);
            assertArrayEquals(first, x.grad().toFloatArray(), r + ": recomputed gradient");
        }
    }

    @Test
    void identicalBitsAtOneTwoAndFourThreadsAndTheFloat64Values() {
        for (Reduction r : Reduction.values()) {
            float[][] ref = null;
            for (int threads : new int[] {1, 2, 4}) {
                Parallel.setNumThreads(threads);
                Tensor x = input().requiresGrad_(true);
                Tensor out = KLDivLoss.klDiv(x, target(), r, false);
                out.backward(r == Reduction.NONE ? Tensor.full(0.5, ROWS, COLS) : null);
                float[][] got = {out.toFloatArray(), x.grad().toFloatArray()};
                if (ref == null) ref = got;
                else {
                    assertArrayEquals(ref[0], got[0], r + " loss at " + threads + " threads");
                    assertArrayEquals(ref[1], got[1], r + " gradient at " + threads + " threads");
                }
            }
            Tensor xd = input().to(DType.FLOAT64).requiresGrad_(true);
            Tensor outd = KLDivLoss.klDiv(xd, target().to(DType.FLOAT64), r, false);
            outd.backward(r == Reduction.NONE ? Tensor.full(DType.FLOAT64, 0.5, ROWS, COLS) : null);
            double[] vd = outd.toDoubleArray(), gd = xd.grad().toDoubleArray();
            double maxV = 0;
            for (double v : vd) maxV = Math.max(maxV, Math.abs(v));
            for (int i = 0; i < vd.length; i++) assertEquals(vd[i], ref[0][i], 1e-5 * Math.abs(vd[i]) + 1e-6 * maxV, r + " loss " + i);
            for (int i = 0; i < gd.length; i++) assertEquals(gd[i], ref[1][i], 1e-6 * Math.abs(gd[i]) + 1e-30, r + " gradient " + i);
        }
    }

    @Test
    void aDifferentiatedTargetTakesTheGeneralPathWithPyTorchsTargetGradient() {
        Tensor x = input().requiresGrad_(true), y = target().requiresGrad_(true);
        KLDivLoss.klDiv(x, y, Reduction.SUM, false).backward();
        float[] xs = input().toFloatArray(), ts = target().toFloatArray(), gy = y.grad().toFloatArray(), gx = x.grad().toFloatArray();
        for (int i = 0; i < gy.length; i++) {
            double want = Math.log(ts[i]) + 1 - xs[i]; // d/dt (t log t - t x)
            assertEquals(want, gy[i], 4 * Math.ulp((float) want) + 1e-6, "target gradient " + i);
            assertEquals(-ts[i], gx[i], "input gradient " + i);
        }
        Tensor x2 = input(), y2 = target().requiresGrad_(true);
        KLDivLoss.klDiv(x2, y2, Reduction.SUM, false).backward();
        assertNull(x2.grad());
        assertTrue(y2.grad() != null);
    }
}
