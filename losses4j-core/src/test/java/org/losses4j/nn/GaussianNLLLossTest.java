package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.losses4j.nn.RegressionTestSupport.gradcheck;
import static org.losses4j.nn.RegressionTestSupport.leaf;
import static org.losses4j.nn.RegressionTestSupport.rand;
import static org.losses4j.nn.RegressionTestSupport.randn;

import org.junit.jupiter.api.Test;
import org.losses4j.Tensor;

class GaussianNLLLossTest {

    @Test
    void backwardMatchesFiniteDifferencesForInputTargetAndVar() {
        int[][] varShapes = {{4, 3}, {4, 1}, {4}};
        for (boolean full : new boolean[] {false, true}) {
            for (Reduction r : new Reduction[] {Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
                GaussianNLLLoss loss = GaussianNLLLoss.builder().full(full).reduction(r).build();
                for (int[] vs : varShapes) {
                    gradcheck("Gaussian full=" + full + " " + r + " var " + java.util.Arrays.toString(vs),
                            a -> loss.forward(a[0], a[1], a[2]), leaf(randn(41, 4, 3)), leaf(randn(42, 4, 3)), leaf(rand(43, vs).add(0.2)));
                }
            }
        }
        GaussianNLLLoss loss = new GaussianNLLLoss(Reduction.SUM);
        gradcheck("Gaussian target broadcast", a -> loss.forward(a[0], a[1], a[2]), leaf(randn(44, 2, 3)), leaf(randn(45, 3)), leaf(rand(46, 2, 3).add(0.2)));
    }

    /** PyTorch clamps a clone of var under no_grad: the value is clamped, the gradient passes straight through. */
    @Test
    void clampToEpsKeepsVarGradient() {
        double eps = 1e-6;
        Tensor x = leaf(Tensor.of(new double[] {0.5})), y = Tensor.of(new double[] {0.0}), v = leaf(Tensor.of(new double[] {0.0}));
        Tensor out = new GaussianNLLLoss(Reduction.SUM).forward(x, y, v);
        assertEquals(0.5 * (Math.log(eps) + 0.25 / eps), out.item(), 1e-6);
        out.backward();
        assertEquals(0.5 * (1 / eps - 0.25 / (eps * eps)), v.grad().item(), 1e-3);
        assertEquals(0.5 / eps, x.grad().item(), 1e-6);
    }

    /** PyTorch 2.x accepts a float var, used for every element. */
    @Test
    void scalarVarEqualsFullTensorVar() {
        Tensor x = randn(47, 3, 2), y = randn(48, 3, 2);
        GaussianNLLLoss loss = GaussianNLLLoss.builder().full(true).reduction(Reduction.NONE).build();
        assertArrayEquals(loss.forward(x, y, Tensor.full(org.losses4j.DType.FLOAT64, 0.7, 3, 2)).toDoubleArray(),
                loss.forward(x, y, 0.7).toDoubleArray(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loss.forward(x, y, -0.1));
        assertEquals("var has negative entry/entries", e.getMessage());
    }

    @Test
    void rejectsVarOfIncorrectSize() {
        Tensor x = leaf(randn(49, 2, 3));
        for (int[] vs : new int[][] {{3}, {1, 3}, {2, 3, 1}, {1, 1}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GaussianNLLLoss().forward(x, randn(50, 2, 3), rand(51, vs)));
            assertEquals("var is of incorrect size", e.getMessage());
        }
        assertNull(x.grad());
    }

    @Test
    void rejectsNegativeVarBeforeAnyWork() {
        Tensor x = leaf(randn(52, 2, 2)), v = leaf(Tensor.of(new double[][] {{1, -1e-9}, {1, 1}}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GaussianNLLLoss().forward(x, randn(53, 2, 2), v));
        assertEquals("var has negative entry/entries", e.getMessage());
        assertNull(x.grad());
        assertNull(v.grad());
    }

    @Test
    void gradFnNamesAreTorchs() {
        Tensor x = leaf(randn(54, 3)), y = randn(55, 3), v = rand(56, 3);
        assertEquals("MeanBackward0", new GaussianNLLLoss().forward(x, y, v).gradFn().name());
        assertEquals("SumBackward0", new GaussianNLLLoss(Reduction.SUM).forward(x, y, v).gradFn().name());
        assertEquals("MulBackward0", new GaussianNLLLoss(Reduction.NONE).forward(x, y, v).gradFn().name());
        assertEquals("AddBackward0", GaussianNLLLoss.builder().full(true).reduction(Reduction.NONE).build().forward(x, y, v).gradFn().name());
    }
}
