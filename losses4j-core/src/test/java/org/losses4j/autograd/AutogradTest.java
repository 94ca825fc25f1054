package org.losses4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Tensor;

/** Engine semantics: accumulation, retained graphs, no-grad, detach, deep graphs, aliasing. */
class AutogradTest {

    @Test
    void gradientsAccumulateIntoLeaves() {
        Tensor x = Tensor.of(1f, 2f, 3f).requiresGrad_(true);
        x.mul(x).sum().backward();
        assertArrayEquals(new float[] {2, 4, 6}, x.grad().toFloatArray());
        x.mul(3).sum().backward();
        assertArrayEquals(new float[] {5, 7, 9}, x.grad().toFloatArray());
        x.zeroGrad();
        assertNull(x.grad());
        x.sum().backward();
        Tensor g = x.grad();
        x.zeroGrad(false);
        assertArrayEquals(new float[] {0, 0, 0}, g.toFloatArray());
    }

    @Test
    void sharedSubgraphSumsBothPaths() {
        Tensor x = Tensor.scalar(2.0, DType.FLOAT64).requiresGrad_(true);
        Tensor y = x.exp();
        Tensor z = y.mul(y).add(y); // e^{2x} + e^x
        z.backward();
        assertEquals(2 * Math.exp(4) + Math.exp(2), x.grad().item(), 1e-12);
    }

    @Test
    void leafGradientsNeverAliasEachOtherOrTheUpstreamGradient() {
        Tensor a = Tensor.zeros(3).requiresGrad_(true), b = Tensor.zeros(3).requiresGrad_(true);
        Tensor up = Tensor.ones(3);
        a.add(b).backward(up);
        assertNotSame(a.grad().storage(), b.grad().storage());
        assertNotSame(up.storage(), a.grad().storage());
        a.add(b).backward(up);
        assertArrayEquals(new float[] {1, 1, 1}, up.toFloatArray());
        assertArrayEquals(new float[] {2, 2, 2}, b.grad().toFloatArray());
    }

    @Test
    void expandedGradientIsMaterialisedBeforeAccumulating() {
        Tensor x = Tensor.zeros(2, 3).requiresGrad_(true);
        x.sum().backward();
        x.sum().backward();
        assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2}, x.grad().toFloatArray());
    }

    @Test
    void secondBackwardThroughFreedGraphFails() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad_(true);
        Tensor y = x.exp().sum();
        y.backward();
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().startsWith("Trying to backward through the graph a second time"));
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad_(true);
        Tensor y = x.exp().sum();
        y.backward(Tensor.scalar(1.0, DType.FLOAT64), true);
        y.backward();
        assertArrayEquals(new double[] {2 * Math.exp(1), 2 * Math.exp(2)}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void noGradScopeRecordsNothing() {
        Tensor x = Tensor.ones(2).requiresGrad_(true);
        Tensor y;
        try (var s = GradMode.noGrad()) {
            y = x.mul(2);
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
        assertFalse(y.requiresGrad());
        assertNull(y.gradFn());
        assertTrue(y.isLeaf());
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = Tensor.ones(2).requiresGrad_(true);
        Tensor d = x.mul(2).detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        var e = assertThrows(IllegalStateException.class, () -> d.sum().backward());
        assertEquals("element 0 of tensors does not require grad and does not have a grad_fn", e.getMessage());
    }

    @Test
    void gradFnNamesAsPyTorchPrintsThem() {
        Tensor x = Tensor.ones(2).requiresGrad_(true);
        assertTrue(x.isLeaf());
        assertNull(x.gradFn());
        assertEquals("MulBackward0", x.mul(x).gradFn().name());
        assertEquals("SumBackward0", x.sum().gradFn().name());
        assertEquals("MeanBackward0", x.mean().gradFn().name());
        assertEquals("SigmoidBackward0", x.sigmoid().gradFn().name());
        assertEquals("LogSoftmaxBackward0", x.logSoftmax(0).gradFn().name());
        assertEquals("tensor(2., grad_fn=<SumBackward0>)", x.sum().toString());
        assertEquals("tensor([1., 1.], requires_grad=True)", x.toString());
    }

    @Test
    void nonScalarBackwardNeedsAGradient() {
        Tensor x = Tensor.ones(2).requiresGrad_(true);
        var e = assertThrows(IllegalStateException.class, () -> x.mul(2).backward());
        assertEquals("grad can be implicitly created only for scalar outputs", e.getMessage());
        var s = assertThrows(IllegalArgumentException.class, () -> x.mul(2).backward(Tensor.ones(3)));
        assertTrue(s.getMessage().startsWith("Mismatch in shape"));
    }

    @Test
    void deepGraphNeedsNoRecursion() {
        Tensor x = Tensor.scalar(1.0, DType.FLOAT64).requiresGrad_(true);
        Tensor y = x;
        for (int i = 0; i < 200_000; i++) y = y.add(0.0);
        y.sum().backward();
        assertEquals(1.0, x.grad().item());
    }

    @Test
    void gradientDtypeFollowsTheLeaf() {
        Tensor a = Tensor.scalar(2.0, DType.FLOAT64).requiresGrad_(true);
        Tensor b = Tensor.of(1f, 2f).requiresGrad_(true);
        Tensor y = b.mul(a); // float32 (0-d float64 does not promote)
        assertEquals(DType.FLOAT32, y.dtype());
        y.sum().backward();
        assertEquals(DType.FLOAT64, a.grad().dtype());
        assertEquals(3.0, a.grad().item());
        assertEquals(DType.FLOAT32, b.grad().dtype());
    }

    @Test
    void gradcheckCatchesAWrongBackward() {
        Tensor x = Tensor.of(0.3, -0.2, 0.9).requiresGrad_(true);
        var bad = GradCheck.check(in -> {
            Tensor t = in[0];
            Tensor out = Tensor.wrap(DType.FLOAT64, new double[] {Math.sin(t.get(0)) + Math.sin(t.get(1)) + Math.sin(t.get(2))});
            if (org.losses4j.autograd.Autograd.needsGraph(t)) {
                out.attachGradFn(new Node("WrongBackward", t) {
                    @Override protected Tensor[] backward(Tensor g) { return new Tensor[] {Tensor.onesLike(t.detach())}; } // should be cos
                });
            }
            return out;
        }, x);
        assertFalse(bad.passed());
        var good = GradCheck.check(in -> in[0].sigmoid().mul(in[0]).sum(), x);
        assertTrue(good.passed(), good.worst());
    }
}
