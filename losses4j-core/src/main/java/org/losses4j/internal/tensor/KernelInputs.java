package org.losses4j.internal.tensor;

import org.losses4j.Tensor;

/** Reading tensors into primitive arrays for kernels. */
public final class KernelInputs {
    private KernelInputs() {}

    /**
     * A float32 tensor as a contiguous one (a differentiable copy, CloneBackward0, when it is a strided or expanded
     * view), so views take the same fused kernels as contiguous tensors and give the same bits. Other tensors as is.
     */
    public static Tensor dense(Tensor t) {
        return t != null && t.dtype() == org.losses4j.DType.FLOAT32 && !t.isContiguous() ? t.contiguous() : t;
    }

    /** The values of t broadcast to shape, in C order, as a fresh double[]. */
    public static double[] valuesAs(Tensor t, int[] shape) {
        if (java.util.Arrays.equals(t.shape(), shape)) return t.toDoubleArray();
        return t.expand(shape).detach().toDoubleArray();
    }
}
