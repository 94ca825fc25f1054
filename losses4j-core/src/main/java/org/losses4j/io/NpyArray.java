package org.losses4j.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * An n-dimensional array as stored in a {@code .npy} file: a dtype, a shape and the elements in C
 * (row-major) order in a primitive array ({@code float[]}, {@code double[]}, {@code long[]},
 * {@code int[]} or {@code boolean[]}, see {@link NpyDType#arrayClass()}).
 *
 * <p>A 0-d array has shape {@code []} and one element. The factories take ownership of the data
 * array without copying it, and {@link #data()} and the typed accessors return that same array, so
 * large arrays are never copied on their way to or from a file; callers that share the data must not
 * mutate it. The shape is copied in and out.
 */
public final class NpyArray {
    /** Largest element count a Java array can hold on common JVMs. */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final NpyDType dtype;
    private final int[] shape;
    private final Object data;

    private NpyArray(NpyDType dtype, int[] shape, Object data, int length) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        long n = elementCount(shape);
        if (n != length) {
            throw new IllegalArgumentException("Data length (" + length + ") does not match shape "
                    + shapeString(shape) + " (" + n + " elements).");
        }
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
    }

    /**
     * A {@code float32} array; {@code data.length} must equal the product of {@code shape}.
     *
     * @param shape the sizes ({@code []} for a 0-d array)
     * @param data the elements in C order, kept (not copied)
     * @return the array
     * @throws IllegalArgumentException when the data's length is not the shape's number of elements
     * @throws NullPointerException for a null shape or data
     */
    public static NpyArray ofFloats(int[] shape, float[] data) {
        return new NpyArray(NpyDType.FLOAT32, shape, data, Objects.requireNonNull(data, "data").length);
    }

    /**
     * A {@code float64} array; {@code data.length} must equal the product of {@code shape}.
     *
     * @param shape the sizes ({@code []} for a 0-d array)
     * @param data the elements in C order, kept (not copied)
     * @return the array
     * @throws IllegalArgumentException when the data's length is not the shape's number of elements
     * @throws NullPointerException for a null shape or data
     */
    public static NpyArray ofDoubles(int[] shape, double[] data) {
        return new NpyArray(NpyDType.FLOAT64, shape, data, Objects.requireNonNull(data, "data").length);
    }

    /**
     * An {@code int64} array; {@code data.length} must equal the product of {@code shape}.
     *
     * @param shape the sizes ({@code []} for a 0-d array)
     * @param data the elements in C order, kept (not copied)
     * @return the array
     * @throws IllegalArgumentException when the data's length is not the shape's number of elements
     * @throws NullPointerException for a null shape or data
     */
    public static NpyArray ofLongs(int[] shape, long[] data) {
        return new NpyArray(NpyDType.INT64, shape, data, Objects.requireNonNull(data, "data").length);
    }

    /**
     * An {@code int32} array; {@code data.length} must equal the product of {@code shape}.
     *
     * @param shape the sizes ({@code []} for a 0-d array)
     * @param data the elements in C order, kept (not copied)
     * @return the array
     * @throws IllegalArgumentException when the data's length is not the shape's number of elements
     * @throws NullPointerException for a null shape or data
     */
    public static NpyArray ofInts(int[] shape, int[] data) {
        return new NpyArray(NpyDType.INT32, shape, data, Objects.requireNonNull(data, "data").length);
    }

    /**
     * A {@code bool} array; {@code data.length} must equal the product of {@code shape}.
     *
     * @param shape the sizes ({@code []} for a 0-d array)
     * @param data the elements in C order, kept (not copied)
     * @return the array
     * @throws IllegalArgumentException when the data's length is not the shape's number of elements
     * @throws NullPointerException for a null shape or data
     */
    public static NpyArray ofBools(int[] shape, boolean[] data) {
        return new NpyArray(NpyDType.BOOL, shape, data, Objects.requireNonNull(data, "data").length);
    }

    /**
     * An array of the given dtype; {@code data} must be an array of {@code dtype.arrayClass()} whose
     * length equals the product of {@code shape}.
     *
     * @param dtype the element type
     * @param shape the sizes
     * @param data the elements in C order, kept (not copied)
     * @return the array
     * @throws IllegalArgumentException when the data's class or length does not fit
     * @throws NullPointerException for a null argument
     */
    public static NpyArray of(NpyDType dtype, int[] shape, Object data) {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(data, "data");
        if (data.getClass() != dtype.arrayClass()) {
            throw new IllegalArgumentException("Expected " + dtype.arrayClass().getSimpleName() + " data for dtype "
                    + dtype + ", got " + data.getClass().getSimpleName() + ".");
        }
        return new NpyArray(dtype, shape, data, java.lang.reflect.Array.getLength(data));
    }

    /**
     * The element type.
     *
     * @return the dtype
     */
    public NpyDType dtype() { return dtype; }

    /**
     * A copy of the shape; {@code []} for a 0-d array.
     *
     * @return the sizes
     */
    public int[] shape() { return shape.clone(); }

    /**
     * Number of dimensions.
     *
     * @return the rank
     */
    public int ndim() { return shape.length; }

    /**
     * Number of elements (1 for a 0-d array).
     *
     * @return the element count
     */
    public int size() { return (int) elementCount(shape); }

    /**
     * The elements in C order: the {@code float[]}, {@code double[]}, {@code long[]}, {@code int[]} or
     * {@code boolean[]} itself (not a copy).
     *
     * @return the primitive array
     */
    public Object data() { return data; }

    /**
     * The data of a {@code float32} array (not a copy).
     *
     * @return the elements
     * @throws IllegalStateException when the array has another dtype
     */
    public float[] floats() { return (float[]) typed(NpyDType.FLOAT32); }

    /**
     * The data of a {@code float64} array (not a copy).
     *
     * @return the elements
     * @throws IllegalStateException when the array has another dtype
     */
    public double[] doubles() { return (double[]) typed(NpyDType.FLOAT64); }

    /**
     * The data of an {@code int64} array (not a copy).
     *
     * @return the elements
     * @throws IllegalStateException when the array has another dtype
     */
    public long[] longs() { return (long[]) typed(NpyDType.INT64); }

    /**
     * The data of an {@code int32} array (not a copy).
     *
     * @return the elements
     * @throws IllegalStateException when the array has another dtype
     */
    public int[] ints() { return (int[]) typed(NpyDType.INT32); }

    /**
     * The data of a {@code bool} array (not a copy).
     *
     * @return the elements
     * @throws IllegalStateException when the array has another dtype
     */
    public boolean[] bools() { return (boolean[]) typed(NpyDType.BOOL); }

    private Object typed(NpyDType wanted) {
        if (dtype != wanted) {
            throw new IllegalStateException("Array has dtype " + dtype + ", not " + wanted + ".");
        }
        return data;
    }

    /** Equal when dtype, shape and every element are equal (floats compare by bits, so NaN equals NaN). */
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof NpyArray)) return false;
        NpyArray other = (NpyArray) o;
        if (dtype != other.dtype || !Arrays.equals(shape, other.shape)) return false;
        switch (dtype) {
            case FLOAT32: return Arrays.equals((float[]) data, (float[]) other.data);
            case FLOAT64: return Arrays.equals((double[]) data, (double[]) other.data);
            case INT64: return Arrays.equals((long[]) data, (long[]) other.data);
            case INT32: return Arrays.equals((int[]) data, (int[]) other.data);
            default: return Arrays.equals((boolean[]) data, (boolean[]) other.data);
        }
    }

    @Override
    public int hashCode() {
        int h = 31 * dtype.hashCode() + Arrays.hashCode(shape);
        switch (dtype) {
            case FLOAT32: return 31 * h + Arrays.hashCode((float[]) data);
            case FLOAT64: return 31 * h + Arrays.hashCode((double[]) data);
            case INT64: return 31 * h + Arrays.hashCode((long[]) data);
            case INT32: return 31 * h + Arrays.hashCode((int[]) data);
            default: return 31 * h + Arrays.hashCode((boolean[]) data);
        }
    }

    /** E.g. {@code NpyArray(float32, (2, 3))}; the data is not printed. */
    @Override
    public String toString() {
        return "NpyArray(" + dtype + ", " + shapeString(shape) + ")";
    }

    /** Product of the dims; rejects negative dims and counts beyond what a Java array holds. */
    static long elementCount(int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Negative dimension " + d + " in shape " + shapeString(shape) + ".");
            }
            if (d == 0) return 0;
        }
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > MAX_ELEMENTS) {
                throw new IllegalArgumentException("Shape " + shapeString(shape) + " has too many elements for a Java array.");
            }
        }
        return n;
    }

    /** Python tuple syntax: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
    static String shapeString(int[] shape) {
        long[] l = new long[shape.length];
        for (int i = 0; i < shape.length; i++) l[i] = shape[i];
        return shapeString(l);
    }

    static String shapeString(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        if (shape.length == 1) sb.append(',');
        return sb.append(')').toString();
    }
}
