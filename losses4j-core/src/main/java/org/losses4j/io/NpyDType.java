package org.losses4j.io;

/**
 * Element types supported in {@code .npy} files, named after NumPy's dtypes.
 *
 * <p>Reading accepts the little- and big-endian descrs ({@code '<f4'}, {@code '>f4'}, ...) and
 * {@code '|b1'}; writing always uses the little-endian descr returned by {@link #descr()}, as
 * {@code numpy.save} does on little-endian machines.
 */
public enum NpyDType {
    /** {@code float32}, descr {@code '<f4'}; data is a {@code float[]}. */
    FLOAT32("float32", 'f', 4),
    /** {@code float64}, descr {@code '<f8'}; data is a {@code double[]}. */
    FLOAT64("float64", 'f', 8),
    /** {@code int64}, descr {@code '<i8'}; data is a {@code long[]}. */
    INT64("int64", 'i', 8),
    /** {@code int32}, descr {@code '<i4'}; data is an {@code int[]}. */
    INT32("int32", 'i', 4),
    /** {@code bool}, descr {@code '|b1'}; data is a {@code boolean[]}, one byte per element on disk. */
    BOOL("bool", 'b', 1);

    private final String numpyName;
    private final char kind;
    private final int itemSize;

    NpyDType(String numpyName, char kind, int itemSize) {
        this.numpyName = numpyName;
        this.kind = kind;
        this.itemSize = itemSize;
    }

    /**
     * NumPy's name, e.g. {@code float32}.
     *
     * @return the name
     */
    public String numpyName() { return numpyName; }

    /**
     * Bytes per element in the file.
     *
     * @return 4, 8, 8, 4 or 1
     */
    public int itemSize() { return itemSize; }

    /**
     * The descr written to headers: {@code '<f4'}, {@code '<f8'}, {@code '<i8'}, {@code '<i4'} or {@code '|b1'}.
     *
     * @return the descr
     */
    public String descr() {
        return (itemSize == 1 ? "|" : "<") + kind + itemSize;
    }

    /**
     * The Java primitive array class that holds this dtype's data.
     *
     * @return e.g. {@code float[].class}
     */
    public Class<?> arrayClass() {
        switch (this) {
            case FLOAT32: return float[].class;
            case FLOAT64: return double[].class;
            case INT64: return long[].class;
            case INT32: return int[].class;
            default: return boolean[].class;
        }
    }

    @Override
    public String toString() { return numpyName; }

    /**
     * Parses a header descr such as {@code '<f4'} or {@code '>i8'}.
     *
     * @return the dtype, or {@code null} if the descr is not supported
     */
    static NpyDType fromDescr(String descr, boolean[] bigEndianOut) {
        if (descr.length() != 3) return null;
        char order = descr.charAt(0);
        char kind = descr.charAt(1);
        char size = descr.charAt(2);
        for (NpyDType t : values()) {
            if (t.kind != kind || t.itemSize != size - '0') continue;
            if (t.itemSize == 1) {
                // Byte order is meaningless for one-byte items; NumPy writes '|' but accepts any.
                if (order != '|' && order != '<' && order != '>' && order != '=') return null;
                bigEndianOut[0] = false;
                return t;
            }
            if (order == '<' || order == '>') {
                bigEndianOut[0] = order == '>';
                return t;
            }
            return null;
        }
        return null;
    }
}
