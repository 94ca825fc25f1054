package org.losses4j;

import java.util.Arrays;

/** Shape arithmetic shared by tensors and ops: sizes, strides, broadcasting, dim wrapping. */
public final class Shape {
    private Shape() {}

    /**
     * Number of elements of a shape (1 for a 0-d shape).
     *
     * @param shape the sizes
     * @return their product
     * @throws IllegalArgumentException for a negative size, or more elements than a Java array holds
     */
    public static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative dimension " + s + " in shape " + str(shape));
            n *= s;
            if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("shape " + str(shape) + " has too many elements for a Java array");
        }
        return (int) n;
    }

    /**
     * C-order (row-major) strides of a contiguous tensor of this shape.
     *
     * @param shape the sizes
     * @return one stride per dim, in elements
     */
    public static int[] contiguousStrides(int[] shape) {
        int[] st = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return st;
    }

    /**
     * PyTorch's {@code torch.Size} text, e.g. {@code [2, 3]}.
     *
     * @param shape the sizes
     * @return the text
     */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /**
     * Wraps a possibly negative dim into [0, rank), with PyTorch's message when it is out of range.
     *
     * @param dim a dim, negative counting from the end
     * @param rank the number of dims (a 0-d tensor accepts dims -1 and 0)
     * @return the dim in [0, rank)
     * @throws IndexOutOfBoundsException when dim is out of range ("Dimension out of range (expected to be in range of
     *         [-r, r-1], but got d)")
     */
    public static int wrapDim(int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of [" + (-r) + ", " + (r - 1) + "], but got " + dim + ")");
        }
        return dim < 0 ? dim + r : dim;
    }

    /**
     * The broadcast shape of a and b, with PyTorch's message when they do not broadcast.
     *
     * @param a one shape
     * @param b another
     * @return the broadcast shape ({@code torch.broadcast_shapes(a, b)})
     * @throws IllegalArgumentException when the shapes do not broadcast ("The size of tensor a (m) must match the
     *         size
     *         of tensor b (n) at non-singleton dimension d")
     */
    public static int[] broadcast(int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int ia = a.length - n + i, ib = b.length - n + i;
            int sa = ia >= 0 ? a[ia] : 1, sb = ib >= 0 ? b[ib] : 1;
            if (sa == sb || sb == 1) out[i] = sa;
            else if (sa == 1) out[i] = sb;
            else throw new IllegalArgumentException("The size of tensor a (" + sa + ") must match the size of tensor b (" + sb
                    + ") at non-singleton dimension " + i);
        }
        return out;
    }

    /**
     * Strides that read a tensor of (shape, strides) as if expanded to target (stride 0 on broadcast dims).
     *
     * @param shape the tensor's sizes
     * @param strides the tensor's strides
     * @param target a shape that shape broadcasts to
     * @return one stride per dim of target
     * @throws IllegalArgumentException when shape does not broadcast to target
     */
    public static int[] expandStrides(int[] shape, int[] strides, int[] target) {
        int n = target.length;
        if (shape.length > n) throw new IllegalArgumentException("cannot expand shape " + str(shape) + " to " + str(target));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int j = shape.length - n + i;
            if (j < 0) { out[i] = 0; continue; }
            if (shape[j] == target[i]) out[i] = strides[j];
            else if (shape[j] == 1) out[i] = 0;
            else throw new IllegalArgumentException("The expanded size of the tensor (" + target[i] + ") must match the existing size ("
                    + shape[j] + ") at non-singleton dimension " + i + ".  Target sizes: " + str(target) + ".  Tensor sizes: " + str(shape));
        }
        return out;
    }

    /**
     * Storage offsets of every element of a strided view, in C order.
     *
     * @param shape the view's sizes
     * @param strides the view's strides
     * @param offset the storage index of element [0, ..., 0]
     * @return one storage index per element
     */
    public static int[] offsets(int[] shape, int[] strides, int offset) {
        int n = numel(shape);
        int[] out = new int[n];
        if (n == 0) return out;
        int rank = shape.length;
        int[] idx = new int[rank];
        int pos = offset;
        for (int k = 0; k < n; k++) {
            out[k] = pos;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                pos += strides[d];
                if (idx[d] < shape[d]) break;
                pos -= strides[d] * shape[d];
                idx[d] = 0;
            }
        }
        return out;
    }

    /**
     * True when (shape, strides) is C-contiguous (size-1 dims may have any stride).
     *
     * @param shape the sizes
     * @param strides the strides
     * @return whether the layout is C-contiguous
     */
    public static boolean isContiguous(int[] shape, int[] strides) {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 0) return true;
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }
}
