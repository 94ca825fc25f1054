package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradCheck;
import org.losses4j.nn.functional.F;

/**
 * FocalLoss and PolyLoss, which run CrossEntropyLoss's pass with their own heads: gamma = 0 and epsilon = 0 are
 * CrossEntropyLoss bit for bit (values and gradients, every path: rows, position tiles, float64, weights, ignored
 * targets, smoothing); the focal and Poly-1 values and gradients against formulas written out here; float64 finite
 * differences; the declarations and the option checks.
 */
class FocalPolyLossTest {
    private static final Reduction[] REDUCTIONS = {Reduction.NONE, Reduction.MEAN, Reduction.SUM};

    private static Tensor randn(long seed, DType dt, int... shape) { return Tensor.randn(new Generator(seed), dt, shape).mul(2); }

    /** Targets of the (N, C, ...) input shape with every 5th one (from the 4th) set to ignoreIndex. */
    private static Tensor targets(long seed, int c, long ignoreIndex, int... tshape) {
        Tensor t = Tensor.randint(new Generator(seed), 0, c, tshape).contiguousCopy();
        long[] a = t.toLongArray();
        for (int i = 3; i < a.length; i += 5) a[i] = ignoreIndex;
        return Tensor.wrap(DType.INT64, a, tshape);
    }

    private record Grads(Tensor out, Tensor grad) {}

    private static Grads run(java.util.function.Function<Tensor, Tensor> loss, Tensor x0) {
        Tensor x = x0.detach().contiguousCopy().requiresGrad_(true);
        Tensor out = loss.apply(x);
        Tensor go = Tensor.randn(new Generator(99), x.dtype(), out.shape());
        out.backward(go);
        return new Grads(out, x.grad());
    }

    private static void assertBitEqual(Tensor expected, Tensor actual, String what) {
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            assertEquals(Double.doubleToLongBits(e[i]), Double.doubleToLongBits(a[i]), what + " element " + i + ": " + a[i] + " vs " + e[i]);
        }
    }

    /** Row layout, position tiles (several tiles per sample), unbatched; float32 (fused) and float64 (double form). */
    private static final int[][] SHAPES = {{64, 37}, {300, 500}, {3, 5, 70, 90}, {2, 4, 9}, {11}};

    private static int[] targetShape(int[] s) {
        if (s.length == 1) return new int[0];
        int[] t = new int[s.length - 1];
        t[0] = s[0];
        System.arraycopy(s, 2, t, 1, s.length - 2);
        return t;
    }

    @Test
    void gammaZeroIsCrossEntropyBitForBit() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : SHAPES) {
                int c = s.length == 1 ? s[0] : s[1];
                Tensor x = randn(s.length * 31L + c, dt, s);
                Tensor w = Tensor.rand(new Generator(5), dt, c).add(0.1);
                Tensor t = targets(c, c, 2, targetShape(s));
                for (Reduction r : REDUCTIONS) {
                    for (Tensor weight : new Tensor[] {null, w}) {
                        String at = dt + " " + java.util.Arrays.toString(s) + " " + r + (weight == null ? "" : " weighted");
                        Grads ce = run(in -> CrossEntropyLoss.crossEntropy(in, t, weight, 2, r, 0), x);
                        Grads focal = run(in -> FocalLoss.focalLoss(in, t, weight, 0, 2, r), x);
                        assertBitEqual(ce.out(), focal.out(), at + " value");
                        assertBitEqual(ce.grad(), focal.grad(), at + " gradient");
                        assertEquals(r == Reduction.NONE ? "WhereBackward0" : r == Reduction.SUM ? "SumBackward0" : "DivBackward0",
                                focal.out().gradFn().name());
                    }
                }
            }
        }
    }

    @Test
    void epsilonZeroIsCrossEntropyBitForBit() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : SHAPES) {
                int c = s.length == 1 ? s[0] : s[1];
                Tensor x = randn(s.length * 17L + c, dt, s);
                Tensor t = targets(c + 1, c, -1, targetShape(s));
                for (Reduction r : REDUCTIONS) {
                    for (double ls : new double[] {0, 0.1}) {
                        String at = dt + " " + java.util.Arrays.toString(s) + " " + r + " ls=" + ls;
                        Grads ce = run(in -> CrossEntropyLoss.crossEntropy(in, t, null, -1, r, ls), x);
                        Grads poly = run(in -> PolyLoss.polyLoss(in, t, 0.0, -1, ls, r), x);
                        assertBitEqual(ce.out(), poly.out(), at + " value");
                        assertBitEqual(ce.grad(), poly.grad(), at + " gradient");
                    }
                }
            }
        }
    }

    /** l = -w_y (1 - p_y)^gamma log p_y and its derivative, written out in double from the softmax of each row. */
    @Test
    void focalMatchesItsFormula() {
        double[][] x = {{1.5, -0.3, 0.2, 2.0}, {0.1, 0.1, -1.0, 0.4}, {-2.0, 3.0, 0.5, 0.0}};
        long[] y = {3, 0, 2};
        double[] w = {0.5, 1.5, 2.0, 1.0};
        for (double gamma : new double[] {0.5, 1, 2, 3.7}) {
            Tensor in = Tensor.of(x).requiresGrad_(true);
            Tensor out = FocalLoss.focalLoss(in, Tensor.of(y), Tensor.of(w), gamma, -100, Reduction.MEAN);
            out.backward();
            double total = 0, sum = 0;
            double[][] g = new double[3][4];
            for (int n = 0; n < 3; n++) {
                double[] p = softmax(x[n]);
                int t = (int) y[n];
                double pt = p[t], lp = Math.log(pt), wy = w[t];
                sum += -wy * Math.pow(1 - pt, gamma) * lp;
                total += wy;
                double dz = -wy * Math.pow(1 - pt, gamma) + wy * gamma * Math.pow(1 - pt, gamma - 1) * pt * lp;   // dl/dlog p_y
                for (int k = 0; k < 4; k++) g[n][k] = dz * ((k == t ? 1 : 0) - p[k]);
            }
            assertEquals(sum / total, out.item(), 1e-13, "gamma " + gamma);
            for (int n = 0; n < 3; n++) for (int k = 0; k < 4; k++) assertEquals(g[n][k] / total, in.grad().get(n, k), 1e-13, "gamma " + gamma);
        }
    }

    /** Poly-1 without smoothing: l = CE + epsilon (1 - p_y), dl/dx = (1 + epsilon p_y) (p - onehot). */
    @Test
    void polyMatchesItsFormula() {
        double[][] x = {{1.5, -0.3, 0.2, 2.0}, {0.1, 0.1, -1.0, 0.4}, {-2.0, 3.0, 0.5, 0.0}};
        long[] y = {3, -100, 2};
        for (double eps : new double[] {-1, 1, 2.5}) {
            Tensor in = Tensor.of(x).requiresGrad_(true);
            Tensor out = PolyLoss.polyLoss(in, Tensor.of(y), eps, -100, 0, Reduction.SUM);
            out.backward();
            double sum = 0;
            for (int n = 0; n < 3; n++) {
                double[] p = softmax(x[n]);
                int t = (int) y[n];
                for (int k = 0; k < 4; k++) {
                    double expected = t < 0 ? 0 : (1 + eps * p[t]) * (p[k] - (k == t ? 1 : 0));
                    assertEquals(expected, in.grad().get(n, k), 1e-14, "eps " + eps + " row " + n);
                }
                if (t >= 0) sum += -Math.log(p[t]) + eps * (1 - p[t]);
            }
            assertEquals(sum, out.item(), 1e-13, "eps " + eps);
        }
    }

    /**
     * The (N, C, d1..dk) float32 path keeps the log-sum-exp in double: with logits near 300 a float32 log-sum-exp is
     * half a float32 ulp of 300 (1.5e-5) off, which moved cross entropy's value beyond float32's tolerance.
     */
    @Test
    void positionTilesKeepFloat32AccuracyAtLargeLogits() {
        Tensor x = Tensor.wrap(DType.FLOAT32, new float[] {300f, 300f, 299.5f, 299.5f}, 1, 2, 2);
        Tensor t = Tensor.wrap(DType.INT64, new long[] {0, 0}, 1, 2);
        double nll = Math.log1p(Math.exp(-0.5)), p = Math.exp(-nll);
        double[] expected = {nll, (1 - p) * (1 - p) * nll, nll + (1 - p)};
        Tensor[] got = {CrossEntropyLoss.crossEntropy(x, t, null, -100, Reduction.NONE, 0), FocalLoss.focalLoss(x, t, null, 2, -100, Reduction.NONE),
            PolyLoss.polyLoss(x, t, 1, -100, 0, Reduction.NONE)};
        for (int i = 0; i < 3; i++) {
            for (double v : got[i].toDoubleArray()) {
                assertTrue(Math.abs(v - expected[i]) <= 1e-5 + 1.3e-6 * expected[i], i + ": " + v + " vs " + expected[i]);
                assertTrue(Math.abs(v - expected[i]) <= 2e-7, i + ": " + v + " vs " + expected[i] + " (more than float32 rounding of log S)");
            }
        }
    }

    private static double[] softmax(double[] x) {
        double m = Double.NEGATIVE_INFINITY, s = 0;
        for (double v : x) m = Math.max(m, v);
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) s += p[i] = Math.exp(x[i] - m);
        for (int i = 0; i < x.length; i++) p[i] /= s;
        return p;
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        int[][] shapes = {{4, 5}, {5}, {2, 3, 4}, {2, 3, 2, 2}};
        for (int si = 0; si < shapes.length; si++) {
            int[] s = shapes[si];
            int c = s.length == 1 ? s[0] : s[1];
            Tensor t = targets(si, c, 1, targetShape(s));
            Tensor w = Tensor.rand(new Generator(7), DType.FLOAT64, c).add(0.2);
            for (Reduction r : REDUCTIONS) {
                Loss[] losses = {FocalLoss.builder().reduction(r).build(), FocalLoss.builder().gamma(0.7).weight(w).ignoreIndex(1).reduction(r).build(),
                    PolyLoss.builder().reduction(r).build(), PolyLoss.builder().epsilon(-0.5).labelSmoothing(0.2).ignoreIndex(1).reduction(r).build()};
                for (Loss loss : losses) {
                    Tensor x = randn(si * 10L + r.ordinal(), DType.FLOAT64, s).requiresGrad_(true);
                    GradCheck.Result res = GradCheck.check(in -> loss.apply(in[0], t), x);
                    assertTrue(res.passed(), loss.name() + " shape " + si + " " + r + ": " + res);
                }
            }
        }
    }

    @Test
    void declarationsOptionsAndFunctionalForms() {
        assertSame(FocalLoss.SPEC, Losses.spec("FocalLoss"));
        assertSame(PolyLoss.SPEC, Losses.spec("PolyLoss"));
        assertTrue(Losses.ALL.indexOf(FocalLoss.SPEC) < Losses.ALL.indexOf(PolyLoss.SPEC));
        assertEquals("[weight=None, gamma=2.0, ignore_index=-100, reduction='mean']", FocalLoss.SPEC.options().toString());
        assertEquals("[epsilon=1.0, ignore_index=-100, label_smoothing=0.0, reduction='mean']", PolyLoss.SPEC.options().toString());
        assertEquals(java.util.List.of("input", "target"), FocalLoss.SPEC.argNames());
        assertTrue(!FocalLoss.SPEC.isTorchNn() && FocalLoss.SPEC.qualifiedName().contains("Lin et al."));
        assertTrue(!PolyLoss.SPEC.isTorchNn() && PolyLoss.SPEC.qualifiedName().contains("Leng et al."));
        FocalLoss f = (FocalLoss) Losses.create("FocalLoss", new LossOptions(Map.of("gamma", 1.5, "ignore_index", 3L, "reduction", "sum")));
        assertEquals(1.5, f.gamma());
        assertEquals(3, f.ignoreIndex());
        assertEquals(Reduction.SUM, f.reduction());
        PolyLoss p = (PolyLoss) Losses.create("PolyLoss", new LossOptions(Map.of("epsilon", -1.0, "label_smoothing", 0.1)));
        assertEquals(-1.0, p.epsilon());
        assertEquals(0.1, p.labelSmoothing());
        Tensor x = randn(1, DType.FLOAT32, 6, 4);
        Tensor t = Tensor.of(0L, 1L, 2L, 3L, 0L, 1L);
        assertBitEqual(new FocalLoss().forward(x, t), F.focalLoss(x, t), "F.focalLoss");
        assertBitEqual(new FocalLoss(3).forward(x, t), F.focalLoss(x, t, null, 3, -100, Reduction.MEAN), "F.focalLoss with gamma");
        assertBitEqual(new PolyLoss().forward(x, t), F.polyLoss(x, t), "F.polyLoss");
        assertBitEqual(new PolyLoss(2).forward(x, t), F.polyLoss(x, t, 2, -100, 0, Reduction.MEAN), "F.polyLoss with epsilon");
    }

    @Test
    void badOptionsFailBeforeAnyWork() {
        Tensor x = randn(2, DType.FLOAT32, 3, 4).requiresGrad_(true);
        Tensor t = Tensor.of(0L, 1L, 2L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FocalLoss(-1.0));
        assertEquals("gamma must be non-negative, got -1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FocalLoss.focalLoss(x, t, null, Double.NaN, -100, Reduction.MEAN));
        assertEquals("gamma must be non-negative, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PolyLoss.polyLoss(x, t, 1, -100, 1.5, Reduction.MEAN));
        assertEquals("label_smoothing must be between 0.0 and 1.0. Got: 1.5", e.getMessage());
        IndexOutOfBoundsException o = assertThrows(IndexOutOfBoundsException.class, () -> F.polyLoss(x, Tensor.of(0L, 7L, 1L)));
        assertEquals("Target 7 is out of bounds.", o.getMessage());
        o = assertThrows(IndexOutOfBoundsException.class, () -> F.focalLoss(x, Tensor.of(0L, -3L, 1L)));
        assertEquals("Target -3 is out of bounds.", o.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.focalLoss(x, Tensor.of(0L, 1L)));
        assertEquals("Expected input batch_size (3) to match target batch_size (2).", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.polyLoss(x, x.detach().softmax(1)));
        assertEquals("0D or 1D target tensor expected, multi-target not supported", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FocalLoss.builder().reduction(Reduction.BATCHMEAN).build());
        assertTrue(x.grad() == null);
        assertArrayEquals(new int[] {3, 4}, x.shape());
    }
}
