package org.losses4j.spark;

import java.io.Serializable;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.losses4j.DType;

/**
 * One tensor argument of a loss as a column holds it: the argument's name ({@code input}, {@code target},
 * {@code log_probs}), the column it comes from (for messages), the column's type, the rank of one row's tensor (the
 * array nesting depth; 0 for a scalar), the numeric type of its elements and the dtype of the tensor the rows are
 * stacked into.
 */
final class ArgKind implements Serializable {
    private static final long serialVersionUID = 1L;

    final String name;
    final String column;
    final DataType type;
    final int rank;
    final Values.Leaf leaf;
    final DType dtype;
    /** Whether the first dimension of a row's tensor may differ between rows (CTC's T of log_probs, S of targets). */
    final boolean ragged;

    ArgKind(String name, String column, DataType type, int rank, Values.Leaf leaf, DType dtype, boolean ragged) {
        this.name = name;
        this.column = column;
        this.type = type;
        this.rank = rank;
        this.leaf = leaf;
        this.dtype = dtype;
        this.ragged = ragged;
    }

    /** The array nesting depth of a column type (0 for a scalar). */
    static int rankOf(DataType t) {
        int r = 0;
        while (t instanceof ArrayType) {
            t = ((ArrayType) t).elementType();
            r++;
        }
        return r;
    }

    /** The innermost element type of a column type. */
    static DataType leafType(DataType t) {
        while (t instanceof ArrayType) t = ((ArrayType) t).elementType();
        return t;
    }

    /** The Spark type of a tensor of {@code rank} dimensions per row in {@code dtype} (float32: float, else double). */
    static DataType sparkType(DType dtype, int rank) {
        DataType t = dtype == DType.FLOAT32 ? DataTypes.FloatType : dtype == DType.INT64 ? DataTypes.LongType : DataTypes.DoubleType;
        for (int i = 0; i < rank; i++) t = DataTypes.createArrayType(t, false);
        return t;
    }

    /** {@code name=column}, for messages. */
    @Override
    public String toString() { return name + "=" + column; }
}
