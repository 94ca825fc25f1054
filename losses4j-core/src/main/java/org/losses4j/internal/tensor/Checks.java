package org.losses4j.internal.tensor;

import org.losses4j.DType;
import org.losses4j.Tensor;

/** Argument checks shared by the loss kernels, with PyTorch's wording. */
public final class Checks {
    private Checks() {}

    public static void notNull(Tensor t, String arg) {
        if (t == null) throw new IllegalArgumentException(arg + " must be a tensor, got null");
    }

    /** A floating input: float32 or float64. */
    public static void floating(Tensor t, String arg, String fn) {
        notNull(t, arg);
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + fn + "\" not implemented for '" + typeName(t.dtype()) + "' (argument " + arg + ")");
        }
    }

    /** PyTorch's C++ scalar type names used in its kernel messages: Float, Double, Long, Bool. */
    public static String typeName(DType d) {
        switch (d) {
            case FLOAT32: return "Float";
            case FLOAT64: return "Double";
            case INT64: return "Long";
            default: return "Bool";
        }
    }

    /** The dtype both operands compute in (float64 if either is). */
    public static DType common(Tensor a, Tensor b) {
        return a.dtype() == DType.FLOAT64 || b.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
    }
}
