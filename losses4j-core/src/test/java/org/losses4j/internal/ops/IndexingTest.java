package org.losses4j.internal.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradCheck;

/** gather / index_select / scatter_add / cat / stack: values, finite-difference gradients, PyTorch's messages. */
class IndexingTest {
    private static Tensor rnd(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), DType.FLOAT64, shape).requiresGrad_(true);
    }

    private static final Tensor IDX = Tensor.of(new long[][] {{0, 1, 2, 0}, {2, 1, 0, 1}});

    @Test
    void values() {
        Tensor x = Tensor.arange(12).reshape(3, 4).to(DType.FLOAT32);
        assertArrayEquals(new float[] {0, 5, 10, 3, 8, 5, 2, 7}, x.gather(0, IDX).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 2, 0, 6, 5, 4, 5}, x.gather(1, IDX).toFloatArray());
        assertArrayEquals(new float[] {8, 9, 10, 11, 0, 1, 2, 3}, x.indexSelect(0, Tensor.of(2L, 0L)).toFloatArray());
        Tensor z = Tensor.zeros(3, 4).scatterAdd(0, IDX, Tensor.ones(2, 4));
        assertArrayEquals(new float[] {1, 0, 1, 1, 0, 2, 0, 1, 1, 0, 1, 0}, z.toFloatArray());
        assertArrayEquals(new int[] {5, 4}, Tensor.cat(0, x, Tensor.zeros(2, 4)).shape());
        assertEquals(DType.FLOAT64, Tensor.cat(0, x, Tensor.zeros(DType.FLOAT64, 1, 4)).dtype());
        assertArrayEquals(new int[] {3, 2, 4}, Tensor.stack(1, x, x).shape());
        assertArrayEquals(new int[] {3, 4}, Tensor.cat(0, Tensor.zeros(0), x).shape());
    }

    @Test
    void gradients() {
        assertTrue(GradCheck.check(t -> t[0].gather(1, IDX), rnd(1, 3, 4)).passed());
        assertTrue(GradCheck.check(t -> t[0].indexSelect(0, Tensor.of(2L, 0L, 2L)), rnd(2, 3, 4)).passed());
        assertTrue(GradCheck.check(t -> t[0].scatterAdd(0, IDX, t[1]), rnd(3, 3, 4), rnd(4, 2, 4)).passed());
        assertTrue(GradCheck.check(t -> Tensor.cat(1, t[0], t[1]), rnd(5, 3, 2), rnd(6, 3, 4)).passed());
        assertTrue(GradCheck.check(t -> Tensor.stack(-1, t[0], t[1]), rnd(7, 3, 2), rnd(8, 3, 2)).passed());
        assertTrue(GradCheck.check(t -> t[0].mul(1).scatterAdd_(0, IDX, t[1]), rnd(9, 3, 4), rnd(10, 2, 4)).passed());
    }

    @Test
    void messages() {
        Tensor x = Tensor.zeros(3, 4);
        assertEquals("index 5 is out of bounds for dimension 0 with size 3",
                assertThrows(IndexOutOfBoundsException.class, () -> x.gather(0, Tensor.of(new long[][] {{5, 0, 0, 0}}))).getMessage());
        assertEquals("gather(): Expected dtype int64 for index",
                assertThrows(IllegalArgumentException.class, () -> x.gather(0, Tensor.zeros(1, 4))).getMessage());
        assertEquals("index out of range in self", assertThrows(IndexOutOfBoundsException.class, () -> x.indexSelect(0, Tensor.of(5L))).getMessage());
        assertEquals("Expected index [2, 4] to be smaller than self [3, 4] apart from dimension 0 and to be smaller size than src [1, 4]",
                assertThrows(IllegalArgumentException.class, () -> x.scatterAdd(0, IDX, Tensor.zeros(1, 4))).getMessage());
        assertEquals("Sizes of tensors must match except in dimension 0. Expected size 4 but got size 5 for tensor number 1 in the list.",
                assertThrows(IllegalArgumentException.class, () -> Tensor.cat(0, x, Tensor.zeros(3, 5))).getMessage());
        assertEquals("stack expects each tensor to be equal size, but got [3, 4] at entry 0 and [3, 5] at entry 1",
                assertThrows(IllegalArgumentException.class, () -> Tensor.stack(0, x, Tensor.zeros(3, 5))).getMessage());
        assertEquals("a leaf Variable that requires grad is being used in an in-place operation.",
                assertThrows(IllegalStateException.class, () -> Tensor.zeros(3, 4).requiresGrad_(true).scatterAdd_(0, IDX, Tensor.zeros(2, 4))).getMessage());
    }
}
