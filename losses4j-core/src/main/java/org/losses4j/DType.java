package org.losses4j;

/** Element types, named as PyTorch names them ({@code torch.float32}, ...). */
public enum DType {
    FLOAT32("torch.float32", true, 4),
    FLOAT64("torch.float64", true, 8),
    INT64("torch.int64", false, 8),
    BOOL("torch.bool", false, 1);

    private final String torchName;
    private final boolean floating;
    private final int itemSize;

    DType(String torchName, boolean floating, int itemSize) {
        this.torchName = torchName;
        this.floating = floating;
        this.itemSize = itemSize;
    }

    /** PyTorch's name, e.g. {@code torch.float32}. */
    public String torchName() { return torchName; }

    /** True for float32 and float64. */
    public boolean isFloatingPoint() { return floating; }

    /** Bytes per element. */
    public int itemSize() { return itemSize; }

    /** PyTorch's type promotion for two operands of a binary op (tensor-tensor, no scalars). */
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if (a == FLOAT64 || b == FLOAT64) return FLOAT64;
        if (a == FLOAT32 || b == FLOAT32) return FLOAT32;
        if (a == INT64 || b == INT64) return INT64;
        return BOOL;
    }
}
