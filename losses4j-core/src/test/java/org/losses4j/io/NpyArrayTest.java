package org.losses4j.io;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyArrayTest {

    @Test
    void factoriesRejectLengthNotMatchingShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpyArray.ofFloats(new int[] {2, 3}, new float[5]));
        assertEquals("Data length (5) does not match shape (2, 3) (6 elements).", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofDoubles(new int[] {}, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofLongs(new int[] {3}, new long[4]));
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofInts(new int[] {0}, new int[1]));
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofBools(new int[] {2, 2}, new boolean[3]));
    }

    @Test
    void factoriesRejectNegativeAndOversizedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpyArray.ofFloats(new int[] {-1, 0}, new float[0]));
        assertTrue(e.getMessage().contains("Negative dimension -1"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> NpyArray.ofFloats(new int[] {65536, 65536}, new float[0]));
        // A zero dim makes huge other dims legal.
        assertEquals(0, NpyArray.ofFloats(new int[] {100_000, 100_000, 0}, new float[0]).size());
    }

    @Test
    void zeroDimensionalArrayHasOneElement() {
        NpyArray a = NpyArray.ofInts(new int[0], new int[] {9});
        assertEquals(0, a.ndim());
        assertEquals(1, a.size());
        assertEquals("NpyArray(int32, ())", a.toString());
    }

    @Test
    void shapeIsCopiedButDataIsShared() {
        int[] shape = {2};
        long[] data = {1, 2};
        NpyArray a = NpyArray.ofLongs(shape, data);
        shape[0] = 5;
        assertArrayEquals(new int[] {2}, a.shape());
        a.shape()[0] = 7;
        assertArrayEquals(new int[] {2}, a.shape());
        assertSame(data, a.data());
        assertSame(data, a.longs());
    }

    @Test
    void typedAccessorsCheckDtype() {
        NpyArray a = NpyArray.ofBools(new int[] {1}, new boolean[] {true});
        IllegalStateException e = assertThrows(IllegalStateException.class, a::floats);
        assertEquals("Array has dtype bool, not float32.", e.getMessage());
        assertThrows(IllegalStateException.class, a::ints);
        assertEquals(true, a.bools()[0]);
    }

    @Test
    void genericFactoryChecksArrayClass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpyArray.of(NpyDType.FLOAT64, new int[] {1}, new float[1]));
        assertTrue(e.getMessage().contains("double[]"), e.getMessage());
        assertEquals(NpyDType.INT32, NpyArray.of(NpyDType.INT32, new int[] {2}, new int[2]).dtype());
    }

    @Test
    void equalityComparesDtypeShapeAndValues() {
        NpyArray a = NpyArray.ofFloats(new int[] {2}, new float[] {1, Float.NaN});
        assertEquals(a, NpyArray.ofFloats(new int[] {2}, new float[] {1, Float.NaN}));
        assertEquals(a.hashCode(), NpyArray.ofFloats(new int[] {2}, new float[] {1, Float.NaN}).hashCode());
        assertNotEquals(a, NpyArray.ofFloats(new int[] {1, 2}, new float[] {1, Float.NaN}));
        assertNotEquals(a, NpyArray.ofFloats(new int[] {2}, new float[] {1, 2}));
        assertNotEquals(NpyArray.ofInts(new int[] {1}, new int[] {1}), NpyArray.ofLongs(new int[] {1}, new long[] {1}));
    }

    @Test
    void dtypeDescrsMatchNumpy() {
        assertEquals("<f4", NpyDType.FLOAT32.descr());
        assertEquals("<f8", NpyDType.FLOAT64.descr());
        assertEquals("<i8", NpyDType.INT64.descr());
        assertEquals("<i4", NpyDType.INT32.descr());
        assertEquals("|b1", NpyDType.BOOL.descr());
        assertEquals(8, NpyDType.INT64.itemSize());
    }
}
