package org.losses4j.spark;

import java.util.List;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;

/**
 * Reads a cell's value whatever form Spark hands it in: its internal form ({@link ArrayData}, boxed primitives), as
 * the aggregate receives it, or its external form (a Scala {@code Seq}, a Java array or list), as a UDF receives it.
 * Arrays nest for tensors of more than one dimension.
 */
final class Values {
    private Values() {}

    /** The numeric type of the innermost elements of a column. */
    enum Leaf {
        FLOAT, DOUBLE, LONG, INT, SHORT, BYTE;

        boolean floating() { return this == FLOAT || this == DOUBLE; }

        /** The leaf of a Spark numeric type, or null for any other type. */
        static Leaf of(DataType t) {
            if (t instanceof FloatType) return FLOAT;
            if (t instanceof DoubleType) return DOUBLE;
            if (t instanceof LongType) return LONG;
            if (t instanceof IntegerType) return INT;
            if (t instanceof ShortType) return SHORT;
            if (t instanceof ByteType) return BYTE;
            return null;
        }
    }

    /** Whether the value is an array (of any form). */
    static boolean isArray(Object v) {
        return v instanceof ArrayData || v instanceof scala.collection.Seq || v instanceof List || (v != null && v.getClass().isArray());
    }

    /** The number of elements of an array value. */
    static int length(Object v) {
        if (v instanceof ArrayData) return ((ArrayData) v).numElements();
        if (v instanceof scala.collection.Seq) return ((scala.collection.Seq<?>) v).length();
        if (v instanceof List) return ((List<?>) v).size();
        return java.lang.reflect.Array.getLength(v);
    }

    /** Whether element i of an array value is null. */
    static boolean isNullAt(Object v, int i) {
        if (v instanceof ArrayData) return ((ArrayData) v).isNullAt(i);
        return element(v, i) == null;
    }

    /** Element i of an array of arrays. */
    static Object array(Object v, int i) {
        if (v instanceof ArrayData) return ((ArrayData) v).isNullAt(i) ? null : ((ArrayData) v).getArray(i);
        return element(v, i);
    }

    /** Element i of an external array, boxed. */
    private static Object element(Object v, int i) {
        if (v instanceof scala.collection.Seq) return ((scala.collection.Seq<?>) v).apply(i);
        if (v instanceof List) return ((List<?>) v).get(i);
        return java.lang.reflect.Array.get(v, i);
    }

    /** Element i of an array of numbers (not null), as a double. */
    static double getDouble(Object v, int i, Leaf leaf) {
        if (v instanceof ArrayData) {
            ArrayData a = (ArrayData) v;
            switch (leaf) {
                case FLOAT: return a.getFloat(i);
                case DOUBLE: return a.getDouble(i);
                case LONG: return a.getLong(i);
                case INT: return a.getInt(i);
                case SHORT: return a.getShort(i);
                default: return a.getByte(i);
            }
        }
        return ((Number) element(v, i)).doubleValue();
    }

    /** Element i of an array of numbers (not null), as a float (exact for float columns). */
    static float getFloat(Object v, int i, Leaf leaf) {
        if (v instanceof ArrayData && leaf == Leaf.FLOAT) return ((ArrayData) v).getFloat(i);
        return (float) getDouble(v, i, leaf);
    }

    /** Element i of an array of integers (not null), as a long. */
    static long getLong(Object v, int i, Leaf leaf) {
        if (v instanceof ArrayData) {
            ArrayData a = (ArrayData) v;
            switch (leaf) {
                case LONG: return a.getLong(i);
                case INT: return a.getInt(i);
                case SHORT: return a.getShort(i);
                case BYTE: return a.getByte(i);
                default: throw new IllegalStateException("not an integer leaf: " + leaf);
            }
        }
        return ((Number) element(v, i)).longValue();
    }

    /** A scalar cell as a double. */
    static double scalar(Object v) { return ((Number) v).doubleValue(); }

    /** A short description of a rank-0 or rank-1 value for an error message: the number, or the first elements. */
    static String sample(Object v, Leaf leaf) {
        if (v == null) return "NULL";
        if (!isArray(v)) return v.toString();
        StringBuilder sb = new StringBuilder("[");
        int n = length(v);
        int shown = Math.min(n, 6);
        for (int i = 0; i < shown; i++) {
            if (i > 0) sb.append(", ");
            if (isNullAt(v, i)) sb.append("NULL");
            else if (leaf.floating()) sb.append(getDouble(v, i, leaf));
            else sb.append(getLong(v, i, leaf));
        }
        if (n > shown) sb.append(", ... (").append(n).append(" values)");
        return sb.append(']').toString();
    }

    /** {@link #sample(Object, Leaf)} for a value of any array rank (an internal array does not know its nesting). */
    static String sample(Object v, Leaf leaf, int rank) {
        if (v == null) return "NULL";
        if (rank == 0 || !isArray(v)) return v.toString();
        if (rank == 1) return sample(v, leaf);
        StringBuilder sb = new StringBuilder("[");
        int n = length(v);
        int shown = Math.min(n, 3);
        for (int i = 0; i < shown; i++) {
            if (i > 0) sb.append(", ");
            sb.append(sample(array(v, i), leaf, rank - 1));
        }
        if (n > shown) sb.append(", ... (").append(n).append(" rows)");
        return sb.append(']').toString();
    }
}
