package org.losses4j.kernels;

import org.losses4j.Tensor;

/** Reading tensors into primitive arrays for kernels. */
public final class KernelInputs {
    private KernelInputs() {}

    /** The values of t broadcast to shape, in C order, as a fresh double[]. */
    public static double[] valuesAs(Tensor t, int[] shape) {
        if (java.util.Arrays.equals(t.shape(), shape)) return t.toDoubleArray();
        return t.expand(shape).detach().toDoubleArray();
    }
}
