package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Losses4j;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradCheck;
import org.losses4j.nn.functional.F;

/**
 * CategoricalHingeLoss (Keras's categorical_hinge): values and gradients worked out by hand, autograd's choices at
 * the kinks (half at z = 0, tied maxima sharing), the target's cast and gradient, float64 finite differences, the
 * same bits at any thread count, and the checks.
 */
class CategoricalHingeLossTest {

    @Test
    void valuesAndGradientsByHand() {
        // row 0: pos 2, neg max(0, 1, -1) = 1, z = 0 -> l 0 with half the gradient
        // row 1: pos -1, neg 3, z = 5; row 2: pos 4, neg 0.5, z = -2.5 -> inactive
        Tensor x = Tensor.of(new double[][] {{2, 1, -1}, {3, -1, 0.5}, {0.5, 0.25, 4}}).requiresGrad_(true);
        Tensor y = Tensor.of(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}).requiresGrad_(true);
        Tensor out = CategoricalHingeLoss.categoricalHinge(x, y, Reduction.NONE);
        assertArrayEquals(new double[] {0, 5, 0}, out.toDoubleArray(), 0.0);
        assertEquals("MaximumBackward0", out.gradFn().name());
        out.backward(Tensor.of(1.0, 2.0, 3.0));
        // dl/dx_c = h (s_c (1 - y_c) - y_c); row 0: h = 1/2, the max is class 1 alone
        assertArrayEquals(new double[] {-0.5, 0.5, 0, 2, -2, 0, 0, 0, 0}, x.grad().toDoubleArray(), 0.0);
        // dl/dy_c = -h (s_c x_c + x_c)
        assertArrayEquals(new double[] {-1, -1, 0.5, -12, 2, -1, 0, 0, 0}, y.grad().toDoubleArray(), 0.0);
    }

    @Test
    void tiedMaximaShareTheGradientAndTheMeanDividesByRows() {
        // u = (1 - y) x = [0, 2, 2, 1]: two tied maxima, z = 2 - 0 + 1 = 3
        Tensor x = Tensor.of(new double[][] {{0, 2, 2, 1}}).requiresGrad_(true);
        Tensor y = Tensor.of(new double[][] {{1, 0, 0, 0}});
        Tensor out = CategoricalHingeLoss.categoricalHinge(x, y);
        assertEquals(3, out.item());
        assertEquals("MeanBackward0", out.gradFn().name());
        out.backward();
        assertArrayEquals(new double[] {-1, 0.5, 0.5, 0}, x.grad().toDoubleArray(), 0.0);
        Tensor x2 = Tensor.of(new double[][] {{0, 2, 2, 1}, {1, 0, 0, 0}}).requiresGrad_(true);
        Tensor s = CategoricalHingeLoss.categoricalHinge(x2, Tensor.of(new double[][] {{1, 0, 0, 0}, {1, 0, 0, 0}}), Reduction.SUM);
        assertEquals("SumBackward0", s.gradFn().name());
        assertEquals(3 + 0, s.item());
    }

    @Test
    void targetIsCastToTheInputsDtype() {
        Tensor x = Tensor.of(new float[] {0.5f, 2f, -1f, 0.25f, 1.5f, 3f}).reshape(2, 3);
        Tensor onehot = Tensor.of(new long[] {0, 1, 0, 0, 0, 1}).reshape(2, 3);
        Tensor asFloat = onehot.to(DType.FLOAT32);
        Tensor a = F.categoricalHinge(x, onehot, Reduction.NONE), b = F.categoricalHinge(x, asFloat, Reduction.NONE);
        assertEquals(DType.FLOAT32, a.dtype());
        assertArrayEquals(b.toDoubleArray(), a.toDoubleArray());
        Tensor c = F.categoricalHinge(x, onehot.to(DType.BOOL), Reduction.NONE);
        assertArrayEquals(b.toDoubleArray(), c.toDoubleArray());
        Tensor d = F.categoricalHinge(x.to(DType.FLOAT64), asFloat, Reduction.NONE);
        assertEquals(DType.FLOAT64, d.dtype());
        // unbatched (C) and 0-d inputs: one row, a 0-d output
        assertArrayEquals(new int[0], F.categoricalHinge(Tensor.of(1f, 2f), Tensor.of(0f, 1f), Reduction.NONE).shape());
        assertEquals(1.0, F.categoricalHinge(Tensor.scalar(0.0, DType.FLOAT64), Tensor.scalar(1.0, DType.FLOAT64), Reduction.NONE).item());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (Reduction r : new Reduction[] {Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
            for (int[] s : new int[][] {{4, 5}, {6}, {2, 3, 4}}) {
                Tensor x = Tensor.randn(new Generator(r.ordinal() * 7L + s.length), DType.FLOAT64, s).requiresGrad_(true);
                Tensor y = Tensor.rand(new Generator(11), DType.FLOAT64, s).requiresGrad_(true);
                GradCheck.Result res = GradCheck.check(in -> CategoricalHingeLoss.categoricalHinge(in[0], in[1], r), x, y);
                assertTrue(res.passed(), r + " " + java.util.Arrays.toString(s) + ": " + res);
            }
        }
    }

    @Test
    void sameBitsAtAnyThreadCount() {
        int threads = Losses4j.numThreads();
        try {
            Tensor x = Tensor.randn(new Generator(3), DType.FLOAT32, 2000, 300);
            Tensor y = Tensor.rand(new Generator(4), DType.FLOAT32, 2000, 300).gt(0.9).to(DType.FLOAT32);
            double[][] seen = new double[3][];
            int i = 0;
            for (int n : new int[] {1, 2, 4}) {
                Losses4j.setNumThreads(n);
                Tensor xi = x.detach().contiguousCopy().requiresGrad_(true);
                Tensor out = F.categoricalHinge(xi, y);
                out.backward();
                double[] g = xi.grad().toDoubleArray();
                seen[i] = java.util.Arrays.copyOf(g, g.length + 1);
                seen[i++][g.length] = out.item();
            }
            assertArrayEquals(seen[0], seen[1]);
            assertArrayEquals(seen[0], seen[2]);
        } finally {
            Losses4j.setNumThreads(threads);
        }
    }

    @Test
    void declarationAndChecks() {
        assertSame(CategoricalHingeLoss.SPEC, Losses.spec("CategoricalHingeLoss"));
        assertEquals("keras.losses.categorical_hinge", CategoricalHingeLoss.SPEC.qualifiedName());
        assertEquals("[reduction='mean']", CategoricalHingeLoss.SPEC.options().toString());
        Tensor x = Tensor.randn(new Generator(1), DType.FLOAT32, 3, 5).requiresGrad_(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> F.categoricalHinge(x, Tensor.zeros(DType.FLOAT32, 3, 4)));
        assertEquals("Target size ([3, 4]) must be the same as input size ([3, 5])", e.getMessage());
        IndexOutOfBoundsException o = assertThrows(IndexOutOfBoundsException.class,
                () -> F.categoricalHinge(Tensor.zeros(DType.FLOAT32, 3, 0), Tensor.zeros(DType.FLOAT32, 3, 0)));
        assertEquals("amax(): Expected reduction dim -1 to have non-zero size.", o.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.categoricalHinge(Tensor.zeros(DType.INT64, 3, 5), Tensor.zeros(DType.FLOAT32, 3, 5)));
        assertTrue(e.getMessage().contains("not implemented for 'Long'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.categoricalHinge(x, null));
        assertTrue(e.getMessage().contains("target"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CategoricalHingeLoss(Reduction.BATCHMEAN));
        assertTrue(x.grad() == null);
    }
}
