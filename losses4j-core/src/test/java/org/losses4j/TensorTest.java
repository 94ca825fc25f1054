package org.losses4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Tensor creation, views, conversions and the errors PyTorch raises, with its messages. */
class TensorTest {

    @Test
    void ofNestedArraysOfAnyRank() {
        Tensor t = Tensor.of(new float[][] {{0.3f, 0.7f}, {0.5f, 0.5f}});
        assertArrayEquals(new int[] {2, 2}, t.shape());
        assertEquals(DType.FLOAT32, t.dtype());
        assertEquals("tensor([[0.3000, 0.7000],\n        [0.5000, 0.5000]])", t.toString());
        Tensor l = Tensor.of(new long[][][] {{{3, 0, -1, 1}}});
        assertArrayEquals(new int[] {1, 1, 4}, l.shape());
        assertEquals(-1, l.getLong(0, 0, 2));
        Tensor i = Tensor.of(new int[] {1, 2});
        assertEquals(DType.INT64, i.dtype());
        Tensor d = Tensor.of(new double[][] {{1}, {2}});
        assertEquals("tensor([[1.],\n        [2.]], dtype=torch.float64)", d.toString());
        Tensor empty = Tensor.of(new float[0][3]);
        assertEquals(0, empty.numel());
        assertArrayEquals(new int[] {1}, Tensor.of(2.0).shape());
        assertEquals(DType.FLOAT64, Tensor.of(2.0).dtype());
        assertArrayEquals(new int[0], Tensor.scalar(2.0).shape());
    }

    @Test
    void ofRejectsRaggedAndNonArrays() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[][] {{1, 2}, {3}}));
        assertEquals("expected sequence of length 2 at dim 1 (got 1)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of("not an array"));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new String[] {"a"}));
    }

    @Test
    void viewsShareStorageAndCopiesDoNot() {
        Tensor a = Tensor.arange(0, 6, 1).reshape(2, 3);
        Tensor t = a.transpose(0, 1);
        assertSame(a.storage(), t.storage());
        assertFalse(t.isContiguous());
        assertArrayEquals(new long[] {0, 3, 1, 4, 2, 5}, t.toLongArray());
        Tensor c = t.contiguous();
        assertTrue(c.isContiguous());
        assertFalse(c.storage() == a.storage());
        Tensor row = a.select(0, 1);
        assertArrayEquals(new long[] {3, 4, 5}, row.toLongArray());
        assertSame(a.storage(), row.storage());
        Tensor col = a.narrow(1, 1, 2);
        assertArrayEquals(new long[] {1, 2, 4, 5}, col.toLongArray());
        Tensor e = Tensor.of(1f, 2f).unsqueeze(1).expand(2, 3);
        assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2}, e.toFloatArray());
        assertArrayEquals(new int[] {0, 1}, new int[] {e.strides()[1], e.strides()[0]});
        assertArrayEquals(new int[] {2, 3}, t.t().shape());
        assertArrayEquals(new int[] {6}, a.flatten().shape());
        assertArrayEquals(new int[] {3, 2}, a.permute(1, 0).shape());
        assertArrayEquals(new int[] {2, 3}, a.unsqueeze(0).squeeze().shape());
    }

    @Test
    void fillOnAViewWritesThroughToTheBase() {
        Tensor a = Tensor.zeros(2, 3);
        a.select(1, 2).fill_(7);
        assertArrayEquals(new float[] {0, 0, 7, 0, 0, 7}, a.toFloatArray());
    }

    @Test
    void broadcastingErrorUsesTorchMessage() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(2, 4)));
        assertEquals("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1", e.getMessage());
    }

    @Test
    void badDimIsIndexError() {
        var e = assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).sum(2));
        assertEquals("Dimension out of range (expected to be in range of [-2, 1], but got 2)", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).softmax(-3));
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).transpose(0, 5));
    }

    @Test
    void outOfRangeIndexIsIndexError() {
        var e = assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).select(1, 3));
        assertEquals("select(): index 3 out of range for tensor of size [2, 3] at dimension 1", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).get(0, -4));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).narrow(1, 2, 2));
    }

    @Test
    void reshapeErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, 2));
        assertEquals("shape '[4, 2]' is invalid for input of size 6", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(-1, -1));
        var v = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).t().view(6));
        assertTrue(v.getMessage().startsWith("view size is not compatible with input tensor's size and stride"));
        assertArrayEquals(new int[] {6}, Tensor.zeros(2, 3).t().reshape(6).shape());
    }

    @Test
    void dtypeErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(3).requiresGrad_(true));
        assertEquals("only Tensors of floating point and complex dtype can require gradients (got torch.int64)", e.getMessage());
        var m = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(3).mean());
        assertTrue(m.getMessage().startsWith("mean(): could not infer output dtype."));
        var w = assertThrows(IllegalArgumentException.class, () -> Tensor.where(Tensor.ones(2), Tensor.ones(2), Tensor.ones(2)));
        assertTrue(w.getMessage().contains("boolean tensor"));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(true, false).neg());
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(DType.FLOAT32, new double[2], 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(DType.FLOAT32, new float[5], 2, 3));
    }

    @Test
    void itemOnlyForOneElement() {
        assertEquals(2.5, Tensor.scalar(2.5).item());
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2).item());
        assertEquals("a Tensor with 2 elements cannot be converted to Scalar", e.getMessage());
    }

    @Test
    void opsDoNotMutateInputs() {
        Tensor a = Tensor.of(1f, -2f, 3f), b = Tensor.of(0.5f, 0.5f, 0.5f);
        float[] a0 = a.toFloatArray(), b0 = b.toFloatArray();
        a.add(b); a.mul(b); a.div(b); a.pow(b); a.exp(); a.abs(); a.clamp(-1.0, 1.0); a.softmax(0); a.sum(); a.max(0, false);
        a.maximum(b); a.relu(); a.to(DType.FLOAT64); a.sigmoid(); a.norm(2);
        assertArrayEquals(a0, a.toFloatArray());
        assertArrayEquals(b0, b.toFloatArray());
    }

    @Test
    void conversions() {
        Tensor f = Tensor.of(1.7f, -1.7f, 0f);
        assertArrayEquals(new long[] {1, -1, 0}, f.toLongArray());
        assertArrayEquals(new boolean[] {true, true, false}, f.toBooleanArray());
        assertArrayEquals(new double[] {1.7f, -1.7f, 0}, f.toDoubleArray());
        assertEquals(DType.FLOAT64, f.to(DType.FLOAT64).dtype());
        assertEquals(f.numel(), 3);
        assertEquals(1, f.dim());
        assertEquals(3, f.size(-1));
    }

    @Test
    void inPlaceOnALeafThatRequiresGradFails() {
        Tensor x = Tensor.zeros(3).requiresGrad_(true);
        var e = assertThrows(IllegalStateException.class, () -> x.fill_(1));
        assertTrue(e.getMessage().startsWith("a leaf Variable that requires grad is being used in an in-place operation"));
        try (var s = org.losses4j.autograd.GradMode.noGrad()) {
            x.fill_(1);
        }
        assertArrayEquals(new float[] {1, 1, 1}, x.toFloatArray());
    }

    @Test
    void randomArgumentErrors() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.randint(5, 5, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.empty(3).random_(0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.empty(3).normal_(0, -1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.randn(new Generator(0), DType.INT64, 3));
        assertNull(Tensor.zeros(2).grad());
    }
}
