package org.losses4j.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.losses4j.DType;

/**
 * The per-row SQL functions: a row's loss with reduction 'none' (a number, or an array for losses whose 'none' output
 * has more than the batch dimension, e.g. an element-wise loss of array columns), or the gradient of that row's loss
 * (summed over its elements) with respect to one argument, shaped like the argument's column. The cells arrive as one
 * struct (one field per argument). A bad row fails the query, or gives NULL with {@code on_bad_row='skip'}.
 */
final class RowFunction implements UDF1<Row, Object> {
    private static final long serialVersionUID = 1L;

    private final LossCall call;
    private final boolean grad;

    RowFunction(LossCall call, boolean grad) {
        this.call = call;
        this.grad = grad;
    }

    @Override
    public Object call(Row cells) {
        int k = call.args.length;
        Object[] c = new Object[k];
        for (int i = 0; i < k; i++) c[i] = cells.get(i);
        Batch b = new Batch(call);
        if (b.add(c) != Batch.ADDED) return null;
        Batch.Result r = b.run(grad);
        if (r.rows.length == 0) return null;
        if (grad) return nest(r.grad[0], call.args[call.wrt].rank, shapeOfGrad(c[call.wrt]));
        if (call.outRank == 0) return call.dtype == DType.FLOAT32 ? (Object) (float) r.out[0] : (Object) r.out[0];
        return nest(r.out, call.outRank, r.outShape);
    }

    /** The gradient's per-row shape: the wrt cell's nesting. */
    private int[] shapeOfGrad(Object v) {
        int rank = call.args[call.wrt].rank;
        int[] s = new int[rank];
        Object cur = v;
        for (int i = 0; i < rank; i++) {
            s[i] = Values.length(cur);
            if (i + 1 < rank) cur = s[i] == 0 ? null : Values.array(cur, 0);
            if (cur == null) break;
        }
        return s;
    }

    /** Values as a (nested) Java array of the computation's dtype; a rank-0 value as a boxed number. */
    private Object nest(double[] v, int rank, int[] shape) {
        if (rank == 0) return call.dtype == DType.FLOAT32 ? (Object) (float) v[0] : (Object) v[0];
        return nest(v, 0, shape, 0);
    }

    private Object nest(double[] v, int off, int[] shape, int lvl) {
        int len = shape[lvl];
        if (lvl == shape.length - 1) {
            if (call.dtype == DType.FLOAT32) {
                float[] r = new float[len];
                for (int i = 0; i < len; i++) r[i] = (float) v[off + i];
                return r;
            }
            double[] r = new double[len];
            System.arraycopy(v, off, r, 0, len);
            return r;
        }
        int per = 1;
        for (int i = lvl + 1; i < shape.length; i++) per *= shape[i];
        Object[] r = new Object[len];
        for (int i = 0; i < len; i++) r[i] = nest(v, off + i * per, shape, lvl + 1);
        return r;
    }
}
