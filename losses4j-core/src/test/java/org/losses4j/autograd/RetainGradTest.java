package org.losses4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.Warnings;
import org.losses4j.nn.MSELoss;

/** {@code tensor.grad} on a non-leaf (PyTorch's warning), {@code retain_grad()} and {@code retains_grad}. */
class RetainGradTest {

    /** PyTorch 1.13's and 2.x's text (torch/csrc TensorBody.h), without the C++ "(Triggered internally at ...)" suffix. */
    static final String NON_LEAF = "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be"
            + " populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use"
            + " .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor"
            + " instead. See github.com/pytorch/pytorch/pull/30531 for more informations.";

    private static Tensor leaf(double... v) { return Tensor.of(v).requiresGrad_(true); }

    @Test
    void nonLeafGradWarnsPyTorchsTextOncePerSiteAndIsNull() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(2);
        y.sum().backward();
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            for (int i = 0; i < 3; i++) assertNull(y.grad());
            assertEquals(List.of(NON_LEAF), rec.messages());
            assertEquals(NON_LEAF, Tensor.NON_LEAF_GRAD);
            assertEquals(RetainGradTest.class.getName(), rec.warnings().get(0).site().getClassName());
        }
    }

    @Test
    void leavesAndTensorsWithoutGradDoNotWarn() {
        Tensor x = leaf(1, 2, 3);
        Tensor plain = Tensor.of(1.0, 2.0).mul(3);   // no grad anywhere: a leaf in PyTorch's sense
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            Warnings.simpleFilter(Warnings.Action.ALWAYS);
            assertNull(x.grad());
            assertNull(plain.grad());
            x.mul(2).sum().backward();
            assertNotNull(x.grad());
            assertEquals(List.of(), rec.messages());
        }
    }

    @Test
    void retainGradStoresTheNonLeafsGradientWithoutWarning() {
        Tensor x = leaf(1, -2, 3);
        Tensor y = x.mul(2);
        assertSame(y, y.retainGrad());
        assertTrue(y.retainsGrad());
        Tensor z = y.mul(y).sum();          // dz/dy = 2 y = 4 x
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            Warnings.simpleFilter(Warnings.Action.ALWAYS);
            assertNull(y.grad(), "nothing before backward, and no warning: it retains");
            z.backward();
            assertArrayEquals(new double[] {4, -8, 12}, y.grad().toDoubleArray());
            assertArrayEquals(new double[] {8, -16, 24}, x.grad().toDoubleArray());
            assertTrue(y.grad().isLeaf());
            assertFalse(y.grad().requiresGrad());
            assertEquals(List.of(), rec.messages());
        }
    }

    @Test
    void retainedGradientsAccumulateAndSumOverPaths() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(3).retainGrad();
        Tensor z = y.mul(2).add(y.mul(y)).sum();   // dz/dy = 2 + 2 y
        z.backward(null, true);
        assertArrayEquals(new double[] {8, 14}, y.grad().toDoubleArray());
        z.backward(null, false);
        assertArrayEquals(new double[] {16, 28}, y.grad().toDoubleArray());
        y.zeroGrad();
        assertNull(y.grad());
    }

    @Test
    void theRootOfBackwardCanRetainItsGradient() {
        Tensor x = Tensor.randn(4, 5).requiresGrad_(true);
        Tensor loss = new MSELoss().forward(x, Tensor.randn(4, 5)).retainGrad();
        loss.backward();
        assertEquals(1.0, loss.grad().item());
        assertArrayEquals(new int[0], loss.grad().shape());
        assertEquals(DType.FLOAT32, loss.grad().dtype());
    }

    @Test
    void aLeafIgnoresRetainGradAndATensorWithoutGradRejectsIt() {
        Tensor x = leaf(1, 2);
        assertSame(x, x.retainGrad());
        assertFalse(x.retainsGrad(), "PyTorch: retains_grad is False for leaves");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.of(1.0, 2.0).retainGrad());
        assertEquals("can't retain_grad on Tensor that has requires_grad=False", e.getMessage());
        assertFalse(x.mul(2).retainsGrad());
    }

    @Test
    void anInPlaceOpMovesTheRetainedGradientToTheNewValue() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2).retainGrad();
        y.mul_(3);                          // y is now 6 x, with a new grad_fn
        assertTrue(y.retainsGrad());
        y.mul(y).sum().backward();          // d/dy_new = 2 y_new = 12 x
        assertArrayEquals(new double[] {12, 24}, y.grad().toDoubleArray());
        assertArrayEquals(new double[] {72, 144}, x.grad().toDoubleArray());
    }

    @Test
    void detachedCopiesDoNotRetain() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2).retainGrad();
        assertFalse(y.detach().retainsGrad());
        y.sum().backward();
        assertArrayEquals(new double[] {1, 1}, y.grad().toDoubleArray());
    }
}
