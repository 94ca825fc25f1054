package org.losses4j;

/** Element types, named as PyTorch names them ({@code torch.float32}, ...). */
public enum DType {
    /** 32-bit IEEE float, {@code torch.float32} (PyTorch's default dtype); a Java {@code float[]}. */
    FLOAT32("torch.float32", true, 4),
    /** 64-bit IEEE float, {@code torch.float64}; a Java {@code double[]}. */
    FLOAT64("torch.float64", true, 8),
    /**
     * 64-bit signed integer, {@code torch.int64} ({@code torch.long}): class indices and lengths; a Java
     * {@code long[]}.
     */
    INT64("torch.int64", false, 8),
    /** Boolean, {@code torch.bool}: masks and comparison results; a Java {@code boolean[]}. */
    BOOL("torch.bool", false, 1);

    private final String torchName;
    private final boolean floating;
    private final int itemSize;

    DType(String torchName, boolean floating, int itemSize) {
        this.torchName = torchName;
        this.floating = floating;
        this.itemSize = itemSize;
    }

    /**
     * PyTorch's name, e.g. {@code torch.float32}.
     *
     * @return e.g. {@code "torch.float32"}
     */
    public String torchName() { return torchName; }

    /**
     * True for float32 and float64.
     *
     * @return whether this dtype is float32 or float64 (PyTorch's {@code dtype.is_floating_point})
     */
    public boolean isFloatingPoint() { return floating; }

    /**
     * Bytes per element.
     *
     * @return 4, 8, 8 or 1 (PyTorch's {@code dtype.itemsize})
     */
    public int itemSize() { return itemSize; }

    /**
     * PyTorch's type promotion for two operands of a binary op (tensor-tensor, no scalars).
     *
     * @param a one operand's dtype
     * @param b the other's
     * @return the wider of the two in the order bool, int64, float32, float64 ({@code torch.promote_types})
     */
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if (a == FLOAT64 || b == FLOAT64) return FLOAT64;
        if (a == FLOAT32 || b == FLOAT32) return FLOAT32;
        if (a == INT64 || b == INT64) return INT64;
        return BOOL;
    }
}
