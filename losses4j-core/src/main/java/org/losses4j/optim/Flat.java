package org.losses4j.optim;

import org.losses4j.Tensor;
import org.losses4j.internal.ops.Elementwise;

/**
 * A tensor's elements as one run of its storage array: the tensor itself when contiguous, else a contiguous
 * copy that {@link #writeBack()} copies into the tensor after an in-place update.
 */
final class Flat {
    final Object array;
    final int offset;
    final int n;
    private final Tensor view;
    private final Tensor copy;

    private Flat(Tensor view, Tensor data) {
        this.view = view;
        this.copy = data == view ? null : data;
        this.array = data.storage();
        this.offset = data.storageOffset();
        this.n = data.numel();
    }

    static Flat of(Tensor t) { return new Flat(t, t.isContiguous() ? t : t.contiguousCopy()); }

    boolean isFloat() { return array instanceof float[]; }

    float[] f() { return (float[]) array; }

    double[] d() { return (double[]) array; }

    /**
     * After an in-place update: copies an updated copy back into a non-contiguous tensor, and counts the write in
     * the tensor's version counter (as PyTorch's in-place ops do), so a graph that saved the old values fails at
     * backward instead of using the new ones.
     */
    void writeBack() {
        if (copy != null) Elementwise.copyInto(view, copy);
        view.bumpVersion();
    }
}
