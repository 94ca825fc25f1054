package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.losses4j.nn.MarginTestSupport.assertFails;
import static org.losses4j.nn.MarginTestSupport.gradcheck;
import static org.losses4j.nn.MarginTestSupport.randn;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Losses4j;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.nn.functional.F;

/**
 * InfoNCELoss beyond the PyTorch fixtures (golden/losses/infonce.json): its two forms against each other, thread
 * counts, the upstream gradient of 'none' applied inside the softmax, a second backward, one input differentiated,
 * the work arrays kept between calls, options and errors.
 */
class InfoNCELossTest {
    static final int THREADS = Losses4j.numThreads();

    @AfterEach void restoreThreads() { Losses4j.setNumThreads(THREADS); }

    static final Reduction[] REDS = {Reduction.NONE, Reduction.MEAN, Reduction.SUM};

    /** Loss and gradients of one call (gradients after backward with {@code up}, or ones). */
    record Run(double[] value, double[] g1, double[] g2) {}

    static Run run(InfoNCELoss loss, Tensor a, Tensor b, Tensor up) {
        Tensor x1 = a.detach().contiguousCopy().requiresGrad_(true), x2 = b.detach().contiguousCopy().requiresGrad_(true);
        Tensor out = loss.forward(x1, x2);
        out.backward(up != null ? up.to(out.dtype()) : Tensor.onesLike(out.detach()));
        return new Run(out.toDoubleArray(), x1.grad().toDoubleArray(), x2.grad().toDoubleArray());
    }

    static void assertNear(double[] want, double[] got, double rtol, double atol, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            int k = i;
            assertTrue(Math.abs(want[i] - got[i]) <= atol + rtol * Math.abs(want[i]), () -> what + " element " + k + ": " + got[k] + " vs " + want[k]);
        }
    }

    /**
     * Convention 10: float32 inputs run the float64 algorithm (the temperature rounded to float32, as PyTorch divides
     * a float32 tensor by a Python float): the float32 value and gradients are the float64 ones at that temperature,
     * rounded once.
     */
    @Test
    void float32IsTheFloat64AlgorithmRoundedOnce() {
        for (boolean sym : new boolean[] {false, true}) {
            for (Reduction r : REDS) {
                for (int[] nd : new int[][] {{1, 3}, {7, 5}, {40, 17}, {150, 9}}) {
                    Tensor a = randn(nd[0] * 31 + nd[1], nd[0], nd[1]).to(DType.FLOAT32), b = randn(nd[0] * 37 + nd[1], nd[0], nd[1]).to(DType.FLOAT32);
                    Tensor up = r == Reduction.NONE ? randn(5, nd[0]) : null;
                    Run f = run(new InfoNCELoss(0.07, sym, r), a, b, up);
                    Run d = run(new InfoNCELoss((float) 0.07, sym, r), a.to(DType.FLOAT64), b.to(DType.FLOAT64), up == null ? null : up.to(DType.FLOAT32));
                    String what = "sym " + sym + " " + r + " " + nd[0] + "x" + nd[1];
                    assertArrayEquals(rounded(d.value()), f.value(), 0.0, what + " value");
                    assertArrayEquals(rounded(d.g1()), f.g1(), 0.0, what + " grad input1");
                    assertArrayEquals(rounded(d.g2()), f.g2(), 0.0, what + " grad input2");
                }
            }
        }
    }

    static double[] rounded(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = (float) v[i];
        return r;
    }

    /** Convention 8: the same bits at 1, 2 and 4 threads, with N past several column blocks (64 each) and many row blocks. */
    @Test
    void sameBitsAtEveryThreadCount() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor a = randn(1, 300, 24).to(dt), b = randn(2, 300, 24).to(dt);
            for (boolean sym : new boolean[] {false, true}) {
                for (Reduction r : REDS) {
                    InfoNCELoss loss = new InfoNCELoss(0.1, sym, r);
                    Tensor up = r == Reduction.NONE ? randn(3, 300) : null;
                    Run ref = null;
                    for (int t : new int[] {1, 2, 4}) {
                        Losses4j.setNumThreads(t);
                        Run got = run(loss, a, b, up);
                        if (ref == null) {
                            ref = got;
                            continue;
                        }
                        String what = dt + " sym " + sym + " " + r + " at " + t + " threads";
                        assertArrayEquals(ref.value(), got.value(), 0.0, what);
                        assertArrayEquals(ref.g1(), got.g1(), 0.0, what);
                        assertArrayEquals(ref.g2(), got.g2(), 0.0, what);
                    }
                }
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (boolean sym : new boolean[] {false, true}) {
            for (Reduction r : REDS) {
                for (double t : new double[] {0.07, 0.5, 3.0}) {
                    Tensor a = randn(11, 5, 4).requiresGrad_(true), b = randn(12, 5, 4).requiresGrad_(true);
                    InfoNCELoss loss = new InfoNCELoss(t, sym, r);
                    gradcheck("sym " + sym + " " + r + " T " + t, in -> loss.forward(in[0], in[1]), a, b);
                }
            }
        }
        // aligned pairs (the diagonal dominates), and a row of norm 1e-13 (below eps: the gradient is dL/du / eps)
        Tensor a = randn(13, 4, 3), b = a.add(randn(14, 4, 3).mul(0.2));
        gradcheck("aligned", in -> new InfoNCELoss(0.2, true, Reduction.SUM).forward(in[0], in[1]),
                a.requiresGrad_(true), b.detach().requiresGrad_(true));
    }

    /**
     * 'none': the upstream gradient weighs each row's (and column's) softmax before the two products, so backward with
     * u equals the gradient of sum(u * loss) built from the reduced loss of the same rows: checked against
     * sum-reduced calls, one-hot upstream row by row.
     */
    @Test
    void noneAppliesTheUpstreamInsideTheSoftmax() {
        for (boolean sym : new boolean[] {false, true}) {
            Tensor a = randn(21, 6, 5), b = randn(22, 6, 5);
            Tensor up = randn(23, 6);
            Run none = run(new InfoNCELoss(0.3, sym, Reduction.NONE), a, b, up);
            double[] g1 = new double[30], g2 = new double[30];
            double[] u = up.toDoubleArray();
            for (int i = 0; i < 6; i++) {
                double[] onehot = new double[6];
                onehot[i] = 1;
                Run row = run(new InfoNCELoss(0.3, sym, Reduction.NONE), a, b, Tensor.wrap(DType.FLOAT64, onehot, 6));
                for (int k = 0; k < 30; k++) {
                    g1[k] += u[i] * row.g1()[k];
                    g2[k] += u[i] * row.g2()[k];
                }
            }
            assertNear(g1, none.g1(), 1e-12, 1e-12, "sym " + sym + " grad input1");
            assertNear(g2, none.g2(), 1e-12, 1e-12, "sym " + sym + " grad input2");
            Run sum = run(new InfoNCELoss(0.3, sym, Reduction.SUM), a, b, null);
            Run noneOnes = run(new InfoNCELoss(0.3, sym, Reduction.NONE), a, b, null);
            assertNear(sum.g1(), noneOnes.g1(), 1e-12, 1e-14, "sum vs none with ones");
            assertNear(sum.g2(), noneOnes.g2(), 1e-12, 1e-14, "sum vs none with ones");
        }
    }

    /** A second backward (retain_graph) computes the gradients again: the same bits, accumulated. */
    @Test
    void secondBackwardUnderRetainGraphAccumulatesTheSameGradient() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Reduction r : REDS) {
                Tensor x1 = randn(31, 9, 7).to(dt).requiresGrad_(true), x2 = randn(32, 9, 7).to(dt).requiresGrad_(true);
                Tensor out = new InfoNCELoss(0.07, true, r).forward(x1, x2);
                Tensor up = Tensor.onesLike(out.detach());
                out.backward(up, true);
                double[] g1 = x1.grad().toDoubleArray(), g2 = x2.grad().toDoubleArray();
                out.backward(up, true);
                double[] h1 = x1.grad().toDoubleArray(), h2 = x2.grad().toDoubleArray();
                for (int i = 0; i < g1.length; i++) {
                    assertEquals(dt == DType.FLOAT32 ? (double) (float) (2 * g1[i]) : 2 * g1[i], h1[i], 0.0, dt + " " + r);
                    assertEquals(dt == DType.FLOAT32 ? (double) (float) (2 * g2[i]) : 2 * g2[i], h2[i], 0.0, dt + " " + r);
                }
            }
        }
    }

    /**
     * The logits, their gradient and the normalised inputs live in work arrays that the next call reuses: a gradient
     * handed to the node must not be one of them. A second loss computed (on other inputs) before the first one's
     * backward leaves the first one's gradients as they would have been.
     */
    @Test
    void aLaterCallDoesNotChangeAnEarlierCallsGradients() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor a = randn(41, 8, 6).to(dt), b = randn(42, 8, 6).to(dt);
            Run alone = run(new InfoNCELoss(), a, b, null);
            Tensor x1 = a.detach().contiguousCopy().requiresGrad_(true), x2 = b.detach().contiguousCopy().requiresGrad_(true);
            Tensor out = new InfoNCELoss().forward(x1, x2);
            Tensor y1 = randn(43, 8, 6).to(dt).requiresGrad_(true), y2 = randn(44, 8, 6).to(dt).requiresGrad_(true);
            Tensor other = new InfoNCELoss(0.5, true, Reduction.SUM).forward(y1, y2);
            Tensor bigger = new InfoNCELoss().forward(randn(45, 50, 6).to(dt), randn(46, 50, 6).to(dt));
            out.backward();
            other.backward();
            assertArrayEquals(alone.value(), out.toDoubleArray(), 0.0, dt + " value");
            assertArrayEquals(alone.g1(), x1.grad().toDoubleArray(), 0.0, dt + " grad input1");
            assertArrayEquals(alone.g2(), x2.grad().toDoubleArray(), 0.0, dt + " grad input2");
            assertTrue(Double.isFinite(bigger.item()));
        }
    }

    @Test
    void oneInputDifferentiatedGetsTheSameGradientAsWithBoth() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (boolean sym : new boolean[] {false, true}) {
                for (Reduction r : REDS) {
                    Tensor a = randn(51, 6, 4).to(dt), b = randn(52, 6, 4).to(dt);
                    InfoNCELoss loss = new InfoNCELoss(0.2, sym, r);
                    Tensor up = r == Reduction.NONE ? randn(53, 6) : null;
                    Run both = run(loss, a, b, up);
                    Tensor x1 = a.detach().contiguousCopy().requiresGrad_(true);
                    Tensor out = loss.forward(x1, b);
                    out.backward(up != null ? up.to(dt) : Tensor.onesLike(out.detach()));
                    assertArrayEquals(both.g1(), x1.grad().toDoubleArray(), 0.0);
                    Tensor x2 = b.detach().contiguousCopy().requiresGrad_(true);
                    out = loss.forward(a, x2);
                    out.backward(up != null ? up.to(dt) : Tensor.onesLike(out.detach()));
                    assertArrayEquals(both.g2(), x2.grad().toDoubleArray(), 0.0);
                    assertNull(a.grad());
                }
            }
        }
    }

    @Test
    void noGraphWithoutGradAndTheGradFnNames() {
        Tensor a = randn(61, 4, 3), b = randn(62, 4, 3);
        assertNull(new InfoNCELoss().forward(a, b).gradFn());
        Tensor x = a.detach().requiresGrad_(true);
        assertEquals("NllLossBackward0", new InfoNCELoss().forward(x, b).gradFn().name());
        assertEquals("NllLossBackward0", new InfoNCELoss(0.1, false, Reduction.NONE).forward(x, b).gradFn().name());
        assertEquals("DivBackward0", new InfoNCELoss(0.1, true, Reduction.SUM).forward(x, b).gradFn().name());
        assertArrayEquals(new int[] {4}, new InfoNCELoss(0.1, true, Reduction.NONE).forward(x, b).shape());
    }

    /** N = 1: a single candidate, loss 0 and gradient 0; identical rows: log N. */
    @Test
    void edgeValues() {
        Run one = run(new InfoNCELoss(0.07, true, Reduction.SUM), randn(71, 1, 5), randn(72, 1, 5), null);
        assertArrayEquals(new double[] {0.0}, one.value(), 0.0);
        for (double v : one.g1()) assertEquals(0.0, v, 1e-12);
        Tensor same = Tensor.ones(DType.FLOAT64, 5, 3);
        assertEquals(Math.log(5), new InfoNCELoss().forward(same, same).item(), 1e-12);
        Tensor zeros = Tensor.zeros(DType.FLOAT32, 3, 4);
        assertEquals(Math.log(3), new InfoNCELoss(0.07, true, Reduction.MEAN).forward(zeros, zeros).item(), 1e-6);
    }

    @Test
    void functionalFormAndOptions() {
        Tensor a = randn(81, 5, 3), b = randn(82, 5, 3);
        assertEquals(new InfoNCELoss().forward(a, b).item(), F.infoNce(a, b).item(), 0.0);
        assertEquals(new InfoNCELoss(0.3, true, Reduction.SUM).forward(a, b).item(), F.infoNce(a, b, 0.3, true, Reduction.SUM).item(), 0.0);
        InfoNCELoss l = InfoNCELoss.fromOptions(new LossOptions(Map.of("temperature", 0.5, "symmetric", true, "reduction", "sum")));
        assertEquals(0.5, l.temperature());
        assertTrue(l.symmetric());
        assertEquals(Reduction.SUM, l.reduction());
        InfoNCELoss m = new InfoNCELoss().temperature(2.0).symmetric(true).reduction(Reduction.NONE);
        assertEquals(2.0, m.temperature());
        assertTrue(m.symmetric());
        assertEquals(Reduction.NONE, m.reduction());
    }

    @Test
    void rejectsBadOptionsAndInputsBeforeAnyWork() {
        for (double t : new double[] {0.0, -1.0, -0.0, Double.NaN, Double.NEGATIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InfoNCELoss(t, false, Reduction.MEAN));
            assertEquals("temperature must be positive, got " + t, e.getMessage());
            Tensor a = randn(91, 3, 2).requiresGrad_(true);
            assertFails(IllegalArgumentException.class, "temperature must be positive, got " + t,
                    () -> F.infoNce(a, randn(92, 3, 2), t, false, Reduction.MEAN), a);
        }
        assertThrows(IllegalArgumentException.class, () -> new InfoNCELoss(0.1, false, Reduction.BATCHMEAN));
        Tensor a = randn(93, 3, 4).requiresGrad_(true);
        assertFails(IllegalArgumentException.class, "Expected input1 batch_size (3) to match input2 batch_size (2): row i of input2 is the positive"
                + " of row i of input1", () -> F.infoNce(a, randn(94, 2, 4)), a);
        assertFails(IllegalArgumentException.class, "Expected input1 embedding size (4) to match input2 embedding size (5)",
                () -> F.infoNce(a, randn(95, 3, 5)), a);
        assertFails(IllegalArgumentException.class, "info_nce expects 2-D inputs (N, D), but got input1 of size [3, 4] and input2 of size [12]",
                () -> F.infoNce(a, randn(96, 12)), a);
        assertFails(IllegalArgumentException.class, "Expected input1 and input2 to have the same dtype, but got Double and Float",
                () -> F.infoNce(a, randn(97, 3, 4).to(DType.FLOAT32)), a);
        assertFails(IllegalArgumentException.class, "input2 must be a tensor, got null", () -> F.infoNce(a, null), a);
        assertFails(IllegalArgumentException.class, "\"info_nce\" not implemented for 'Long' (argument input2)",
                () -> F.infoNce(a, Tensor.zeros(DType.INT64, 3, 4)), a);
    }

    /** Views are read as their values: a transposed view gives the contiguous result's bits, value and gradients. */
    @Test
    void viewsGiveTheContiguousBits() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor a = randn(101, 6, 5).to(dt), b = randn(102, 5, 6).to(dt);
            Tensor bt = b.t();   // (6, 5), not contiguous
            Tensor x1 = a.detach().contiguousCopy().requiresGrad_(true), x2 = b.detach().contiguousCopy().requiresGrad_(true);
            Tensor out = new InfoNCELoss(0.2, true, Reduction.MEAN).forward(x1, x2.t());
            out.backward();
            Run contiguous = run(new InfoNCELoss(0.2, true, Reduction.MEAN), a, bt.contiguousCopy(), null);
            assertArrayEquals(contiguous.value(), out.toDoubleArray(), 0.0);
            assertArrayEquals(contiguous.g1(), x1.grad().toDoubleArray(), 0.0);
            assertArrayEquals(contiguous.g2(), x2.grad().t().contiguousCopy().toDoubleArray(), 0.0);
        }
    }
}
