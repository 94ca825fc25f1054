package org.losses4j.internal.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradCheck;

/** matmul / mm / bmm / dot / mv: values against a plain triple loop, gradients by finite differences, messages. */
class MatmulTest {

    private static Tensor rnd(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), DType.FLOAT64, shape).requiresGrad_(true);
    }

    private static final int[][][] SHAPES = {
        {{3}, {3}}, {{2, 3}, {3}}, {{3}, {3, 4}}, {{2, 3}, {3, 4}}, {{5, 2, 3}, {3, 4}}, {{5, 2, 3}, {3}}, {{3}, {5, 3, 4}},
        {{2, 3}, {5, 3, 4}}, {{5, 2, 3}, {5, 3, 4}}, {{5, 1, 2, 3}, {4, 3, 2}}, {{1, 2, 3}, {4, 3, 2}}, {{2, 1, 4, 3}, {3, 3, 5}},
        {{0, 3}, {3, 4}}, {{2, 0}, {0, 4}}, {{2, 3}, {3, 0}},
    };

    @TestFactory
    Stream<DynamicTest> matmulGradients() {
        List<DynamicTest> t = new ArrayList<>();
        int seed = 1;
        for (int[][] s : SHAPES) {
            Tensor a = rnd(seed++, s[0]), b = rnd(seed++, s[1]);
            String name = java.util.Arrays.toString(s[0]) + "@" + java.util.Arrays.toString(s[1]);
            t.add(DynamicTest.dynamicTest(name, () -> {
                var r = GradCheck.check((Function<Tensor[], Tensor>) x -> x[0].matmul(x[1]), a, b);
                assertTrue(r.passed(), name + ": " + r.worst());
            }));
        }
        t.add(DynamicTest.dynamicTest("bmm", () -> assertTrue(GradCheck.check(x -> x[0].bmm(x[1]), rnd(90, 3, 2, 4), rnd(91, 3, 4, 5)).passed())));
        t.add(DynamicTest.dynamicTest("mm_transposed_views", () -> assertTrue(GradCheck.check(x -> x[0].t().mm(x[1].t()), rnd(92, 4, 3), rnd(93, 5, 4)).passed())));
        return t.stream();
    }

    @Test
    void batchedBroadcastMatchesLoops() {
        Tensor a = rnd(7, 2, 1, 3, 4), b = rnd(8, 5, 4, 6);
        Tensor c = a.matmul(b);
        assertArrayEquals(new int[] {2, 5, 3, 6}, c.shape());
        for (int i = 0; i < 2; i++) for (int j = 0; j < 5; j++) for (int r = 0; r < 3; r++) for (int q = 0; q < 6; q++) {
            double s = 0;
            for (int p = 0; p < 4; p++) s += a.get(i, 0, r, p) * b.get(j, p, q);
            assertEquals(s, c.get(i, j, r, q), 1e-12);
        }
    }

    @Test
    void gradFnNames() {
        assertEquals("DotBackward0", rnd(1, 3).matmul(rnd(2, 3)).gradFn().name());
        assertEquals("MvBackward0", rnd(1, 2, 3).matmul(rnd(2, 3)).gradFn().name());
        assertEquals("SqueezeBackward3", rnd(1, 3).matmul(rnd(2, 3, 4)).gradFn().name());
        assertEquals("MmBackward0", rnd(1, 2, 3).matmul(rnd(2, 3, 4)).gradFn().name());
        assertEquals("UnsafeViewBackward0", rnd(1, 5, 2, 3).matmul(rnd(2, 3, 4)).gradFn().name());
        assertEquals("CloneBackward0", rnd(1, 2, 3).matmul(rnd(2, 5, 3, 4)).gradFn().name());
        assertEquals("UnsafeViewBackward0", rnd(1, 5, 2, 3).matmul(rnd(2, 5, 3, 4)).gradFn().name());
        assertEquals("BmmBackward0", rnd(1, 5, 2, 3).bmm(rnd(2, 5, 3, 4)).gradFn().name());
    }

    @Test
    void messages() {
        assertEquals("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)",
                assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).mm(Tensor.zeros(4, 5))).getMessage());
        assertEquals("expected scalar type Float but found Double",
                assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).mm(Tensor.zeros(DType.FLOAT64, 3, 4))).getMessage());
        assertEquals("size mismatch, got 10, 10x4,3",
                assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).matmul(Tensor.zeros(2, 4, 5))).getMessage());
        assertEquals("mat1 and mat2 shapes cannot be multiplied (10x4 and 3x4)",
                assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(4, 3).matmul(Tensor.zeros(2, 4, 5))).getMessage());
        assertEquals("Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4].",
                assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(2, 4, 5))).getMessage());
        assertEquals("both arguments to matmul need to be at least 1D, but they are 0D and 1D",
                assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1).matmul(Tensor.zeros(4))).getMessage());
    }

    @Test
    void int64() {
        Tensor a = Tensor.of(new long[][] {{1, 2}, {3, 4}}), b = Tensor.of(new long[][] {{5}, {6}});
        assertArrayEquals(new long[] {17, 39}, a.mm(b).toLongArray());
    }
}
