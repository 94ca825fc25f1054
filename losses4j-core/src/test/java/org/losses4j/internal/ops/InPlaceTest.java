package org.losses4j.internal.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradCheck;
import org.losses4j.autograd.GradMode;

/** In-place ops: PyTorch's rules for leaves, views, version counters and rebased history (messages from PyTorch 1.13). */
class InPlaceTest {
    private static final String HINT = " Hint: enable anomaly detection to find the operation that failed to compute its gradient, with"
            + " torch.autograd.set_detect_anomaly(True).";

    @Test
    void leafThatRequiresGradIsRejectedOutsideNoGrad() {
        Tensor x = Tensor.randn(3).requiresGrad_(true);
        for (Runnable r : new Runnable[] {() -> x.add_(1), () -> x.sub_(1), () -> x.mul_(2), () -> x.div_(2), () -> x.zero_(), () -> x.fill_(1),
                () -> x.clamp_(0.0, 1.0), () -> x.copy_(Tensor.ones(3)), () -> x.add_(Tensor.ones(3), 2)}) {
            assertEquals("a leaf Variable that requires grad is being used in an in-place operation.",
                    assertThrows(IllegalStateException.class, r::run).getMessage());
        }
        assertEquals("a view of a leaf Variable that requires grad is being used in an in-place operation.",
                assertThrows(IllegalStateException.class, () -> x.select(0, 0).add_(1)).getMessage());
        try (var s = GradMode.noGrad()) {
            x.add_(Tensor.ones(3), -0.5);
            x.select(0, 1).mul_(2);
        }
        assertEquals(2, x.version());
    }

    @Test
    void savedOutputModifiedInPlace() {
        Tensor x = Tensor.randn(3).requiresGrad_(true);
        Tensor y = x.exp();
        y.add_(1);
        assertEquals("AddBackward0", y.gradFn().name());
        var e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertEquals("one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]],"
                + " which is output 0 of ExpBackward0, is at version 1; expected version 0 instead." + HINT, e.getMessage());
    }

    @Test
    void savedInputRebasedAndLeafModified() {
        Tensor x = Tensor.randn(3).requiresGrad_(true);
        Tensor y = x.mul(2);
        Tensor z = y.mul(y);
        y.add_(1);
        assertEquals("one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]],"
                + " which is output 0 of AddBackward0, is at version 1; expected version 0 instead." + HINT,
                assertThrows(IllegalStateException.class, () -> z.sum().backward()).getMessage());
        Tensor w = Tensor.randn(new org.losses4j.Generator(7), DType.FLOAT64, 2, 3).requiresGrad_(true);
        Tensor p = w.mm(w.t());
        try (var s = GradMode.noGrad()) { w.mul_(2); }
        assertEquals("one of the variables needed for gradient computation has been modified by an inplace operation: [torch.DoubleTensor [2, 3]]"
                + " is at version 1; expected version 0 instead." + HINT,
                assertThrows(IllegalStateException.class, () -> p.sum().backward()).getMessage());
    }

    @Test
    void unsavedInputMayChange() {
        // x @ W saves x for dW, and W for dx only when x needs a gradient: an optimizer may update W in between
        Tensor x = Tensor.randn(4, 3), w = Tensor.randn(3, 2).requiresGrad_(true);
        Tensor out = x.mm(w);
        try (var s = GradMode.noGrad()) { w.add_(1); }
        out.sum().backward();
        assertArrayEquals(x.sum(0).toFloatArray(), w.grad().select(1, 0).toFloatArray(), 1e-6f);
        Tensor a = Tensor.randn(3).requiresGrad_(true);
        Tensor b = a.exp();
        try (var s = GradMode.noGrad()) { a.add_(1); } // exp saves its result, not its input
        b.sum().backward();
    }

    @Test
    void rebasedHistoryGradients() {
        var r = GradCheck.check(t -> {
            Tensor y = t[0].mul(1.5);
            y.mul_(t[1]).add_(t[1], 2).sub_(t[0].exp(), 0.5).div_(t[1].abs().add(1)).clamp_(-0.5, 0.7);
            return y;
        }, Tensor.randn(new org.losses4j.Generator(7), DType.FLOAT64, 4).requiresGrad_(true), Tensor.randn(new org.losses4j.Generator(7), DType.FLOAT64, 4).requiresGrad_(true));
        assertTrue(r.passed(), r.worst());
        Tensor x = Tensor.randn(new org.losses4j.Generator(7), DType.FLOAT64, 3).requiresGrad_(true);
        Tensor y = x.mul(2);
        Tensor z = y.mul(3); // recorded before y changes: its gradient still goes to x through MulBackward0 of y
        y.mul_(10);
        z.sum().add(y.sum()).backward();
        assertArrayEquals(new double[] {26, 26, 26}, x.grad().toDoubleArray(), 1e-12);
        Tensor c = Tensor.zeros(3);
        Tensor v = Tensor.randn(3).requiresGrad_(true);
        c.copy_(v);
        assertEquals("CopyBackwards", c.gradFn().name());
        c.mul(v).sum().backward();
        assertTrue(v.grad() != null);
    }

    @Test
    void arithmeticIsPyTorchs() {
        // add_(other, alpha) is one fused multiply-add in float32
        float p = 0.3f, g = 0.7f, a = (float) -0.1234567;
        assertEquals(Math.fma(a, g, p), (float) Tensor.of(p).add_(Tensor.of(g), -0.1234567).get(0));
        assertEquals(p / (float) 0.1234567, (float) Tensor.of(p).div_(0.1234567).get(0));
        assertEquals("result type Float can't be cast to the desired output type Long",
                assertThrows(IllegalArgumentException.class, () -> Tensor.ones(DType.INT64, 3).add_(1.5)).getMessage());
        assertEquals("output with shape [3] doesn't match the broadcast shape [2, 3]",
                assertThrows(IllegalArgumentException.class, () -> Tensor.ones(3).add_(Tensor.ones(2, 3))).getMessage());
        assertEquals("For integral input tensors, argument alpha must not be a floating point number.",
                assertThrows(IllegalArgumentException.class, () -> Tensor.ones(DType.INT64, 3).sub_(Tensor.ones(DType.INT64, 3), 2.5)).getMessage());
        assertArrayEquals(new long[] {-1, -1, -1}, Tensor.ones(DType.INT64, 3).sub_(Tensor.ones(DType.INT64, 3), 2).toLongArray());
        Tensor t = Tensor.zeros(2, 3);
        t.add_(Tensor.of(1f, 2f, 3f));
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, t.toFloatArray());
        Tensor tt = Tensor.zeros(3, 2).t();
        tt.copy_(Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}}));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, tt.toFloatArray());
    }

    @Test
    void viewsShareTheCounter() {
        Tensor x = Tensor.zeros(2, 3);
        Tensor v = x.view(6);
        v.add_(1);
        assertEquals(1, x.version());
        x.select(0, 1).fill_(5);
        assertEquals(2, v.version());
        assertEquals(2, x.detach().version());
        Tensor base = Tensor.randn(3).requiresGrad_(true).mul(2);
        assertThrows(UnsupportedOperationException.class, () -> base.select(0, 0).add_(1));
    }
}
