package org.losses4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.unsafe.Platform;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradMode;

/**
 * Rows of one loss call, stacked into one batch of tensors and run through the core loss with reduction 'none'.
 *
 * <p>{@link #add} checks a row and copies its cells into growing primitive buffers (float32, float64 or int64, as
 * the argument's dtype): a NULL, a NaN, a non-integer class index or a ragged nested array makes it a bad row, and a
 * row whose arrays have other lengths than the batch's earlier rows does not fit ({@link #MISMATCH}). {@link #run}
 * stacks the rows (one more leading dimension; CTC's log-probabilities time-major and padded, its targets padded) and
 * returns every row's slice of the 'none' output, and of the gradient when asked. Rows the loss's own checks refuse
 * are found by running the rows one by one, and the column at fault by swapping in a good row's cells.
 */
final class Batch {
    /** {@link #add}: the row is in the batch. */
    static final int ADDED = 0;
    /** {@link #add}: the row is bad and skipped (skip mode; in error mode add throws). */
    static final int SKIPPED = 1;
    /** {@link #add}: the row's arrays have other lengths than the batch's rows; nothing was added. */
    static final int MISMATCH = 2;

    final LossCall call;
    private final int k;
    private final float[][] f;
    private final double[][] d;
    private final long[][] l;
    private final int[][] start;      // per arg: row r's values are [start[r], start[r + 1])
    private final int[][] lead;       // per ragged arg: row r's first dimension
    private int[][] dims;             // per arg: one row's shape (the first dimension of a ragged arg: -1), null when empty
    private int n;
    private String firstRow;          // the first row's cells, for messages

    /** The problem found in the last cell checked by {@link #add}, with the argument index. */
    private String problem;
    private int problemArg;

    Batch(LossCall call) {
        this.call = call;
        this.k = call.args.length;
        f = new float[k][];
        d = new double[k][];
        l = new long[k][];
        start = new int[k][];
        lead = new int[k][];
        for (int a = 0; a < k; a++) {
            ArgKind ak = call.args[a];
            if (ak.dtype == DType.FLOAT32) f[a] = new float[64];
            else if (ak.dtype == DType.FLOAT64) d[a] = new double[64];
            else l[a] = new long[64];
            start[a] = new int[17];
            if (ak.ragged) lead[a] = new int[16];
        }
    }

    /** The number of rows. */
    int size() { return n; }

    /** The number of values held (all arguments), to bound a batch's memory. */
    int values() {
        int s = 0;
        for (int a = 0; a < k; a++) s += start[a][n];
        return s;
    }

    /** The shape signature of the batch's rows (arrays' lengths; ragged dimensions left out), or null when empty. */
    String signature() { return dims == null ? null : signature(dims); }

    private String signature(int[][] ds) {
        StringBuilder sb = new StringBuilder();
        for (int a = 0; a < k; a++) {
            if (a > 0) sb.append(' ');
            sb.append(call.args[a].column).append(Arrays.toString(ds[a]).replace("-1", "*"));
        }
        return sb.toString();
    }

    /** The first row's cells, for messages. */
    String firstRow() { return firstRow; }

    /**
     * Checks a row (one cell per argument, in the internal or external form, {@link Values}) and adds it.
     *
     * @return {@link #ADDED}, {@link #SKIPPED} (a bad row in skip mode) or {@link #MISMATCH} (its arrays' lengths differ
     *         from the batch's: nothing added)
     * @throws BadRowException for a bad row in error mode
     */
    int add(Object[] cells) {
        int[][] rowDims = new int[k][];
        for (int a = 0; a < k; a++) {
            rowDims[a] = shapeOf(cells[a], call.args[a]);
            if (rowDims[a] == null) return bad(cells);
        }
        if (dims != null) {
            for (int a = 0; a < k; a++) if (!Arrays.equals(dims[a], rowDims[a])) return MISMATCH;
        }
        for (int a = 0; a < k; a++) ensure(a, sizeOf(rowDims[a], call.args[a], cells[a]));
        for (int a = 0; a < k; a++) {
            if (!copy(a, cells[a])) {
                return bad(cells);   // nothing is committed: start[a][n + 1] is only written below
            }
        }
        if (dims == null) {
            dims = rowDims;
            firstRow = describe(cells);
        }
        for (int a = 0; a < k; a++) {
            ArgKind ak = call.args[a];
            if (ak.ragged) {
                if (lead[a].length <= n) lead[a] = Arrays.copyOf(lead[a], 2 * n + 2);
                lead[a][n] = Values.length(cells[a]);
            }
            if (start[a].length <= n + 1) start[a] = Arrays.copyOf(start[a], 2 * n + 4);
            start[a][n + 1] = start[a][n] + sizeOf(rowDims[a], ak, cells[a]);
        }
        n++;
        return ADDED;
    }

    private int bad(Object[] cells) {
        ArgKind ak = call.args[problemArg];
        String msg = call.where() + ": column " + ak.column + " (" + ak.name + ") " + problem + "; value: "
                + Values.sample(cells[problemArg], ak.leaf, ak.rank);
        if (call.skipBadRows) return SKIPPED;
        throw new BadRowException(msg + " (on_bad_row='skip' skips and counts such rows)");
    }

    /** Describes the cells of a row: {@code input=logits: [..], target=label: 3}. */
    String describe(Object[] cells) {
        List<String> r = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            ArgKind ak = call.args[a];
            r.add(ak.column + "=" + Values.sample(cells[a], ak.leaf, ak.rank));
        }
        return String.join(", ", r);
    }

    /** A row's shape for an argument (ragged first dimension: -1), or null with {@link #problem} set. */
    private int[] shapeOf(Object v, ArgKind ak) {
        int[] s = new int[ak.rank];
        if (v == null) return fail(ak, "is NULL");
        Object cur = v;
        for (int lvl = 0; lvl < ak.rank; lvl++) {
            if (!Values.isArray(cur)) return fail(ak, "is not an array of the column's nesting");
            s[lvl] = Values.length(cur);
            if (lvl + 1 < ak.rank) {
                if (s[lvl] == 0) {
                    // an empty outer array: the inner lengths are unknown; the shape is (0, 0, ...)
                    break;
                }
                // every sub-array must have the length of the first one (checked while copying)
                Object first = Values.array(cur, 0);
                if (first == null) return fail(ak, "holds a NULL array");
                cur = first;
            }
        }
        if (ak.ragged) s[0] = -1;
        problemArg = -1;
        return s;
    }

    private int[] fail(ArgKind ak, String what) {
        problem = what;
        problemArg = indexOf(ak);
        return null;
    }

    private int indexOf(ArgKind ak) {
        for (int a = 0; a < k; a++) if (call.args[a] == ak) return a;
        return 0;
    }

    /** The number of values of a row's tensor. */
    private static int sizeOf(int[] shape, ArgKind ak, Object v) {
        int s = 1;
        for (int i = 0; i < shape.length; i++) s *= i == 0 && ak.ragged ? Values.length(v) : shape[i];
        return s;
    }

    private void ensure(int a, int more) {
        int need = start[a][n] + more;
        if (f[a] != null && f[a].length < need) f[a] = Arrays.copyOf(f[a], Math.max(need, 2 * f[a].length));
        if (d[a] != null && d[a].length < need) d[a] = Arrays.copyOf(d[a], Math.max(need, 2 * d[a].length));
        if (l[a] != null && l[a].length < need) l[a] = Arrays.copyOf(l[a], Math.max(need, 2 * l[a].length));
    }

    /** Copies a cell to the end of argument a's buffer; false (with {@link #problem}) for a bad value. */
    private boolean copy(int a, Object v) {
        ArgKind ak = call.args[a];
        problemArg = a;
        int pos = start[a][n];
        if (ak.rank == 0) return put(a, ak, v, pos);
        int[] want = dims == null ? null : dims[a];
        return copyArray(a, ak, v, 0, pos, want) >= 0;
    }

    /** Copies a (nested) array at depth lvl; returns the next position, or -1 for a bad value. */
    private int copyArray(int a, ArgKind ak, Object v, int lvl, int pos, int[] want) {
        int len = Values.length(v);
        if (lvl > 0 && want != null && want[lvl] != len) {
            problem = "is a ragged nested array (lengths " + want[lvl] + " and " + len + " at depth " + lvl + ")";
            return -1;
        }
        if (lvl == ak.rank - 1) {
            Values.Leaf leaf = ak.leaf;
            if (v instanceof UnsafeArrayData && bulk(a, ak, (UnsafeArrayData) v, pos, len)) {
                return problem == null ? pos + len : -1;
            }
            if (ak.dtype == DType.FLOAT32) {
                float[] buf = f[a];
                for (int i = 0; i < len; i++) {
                    if (Values.isNullAt(v, i)) return nullElement();
                    float x = Values.getFloat(v, i, leaf);
                    if (x != x) return nan();
                    buf[pos + i] = x;
                }
            } else if (ak.dtype == DType.FLOAT64) {
                double[] buf = d[a];
                for (int i = 0; i < len; i++) {
                    if (Values.isNullAt(v, i)) return nullElement();
                    double x = Values.getDouble(v, i, leaf);
                    if (x != x) return nan();
                    buf[pos + i] = x;
                }
            } else {
                long[] buf = l[a];
                for (int i = 0; i < len; i++) {
                    if (Values.isNullAt(v, i)) return nullElement();
                    if (leaf.floating()) {
                        double x = Values.getDouble(v, i, leaf);
                        if (x != Math.rint(x) || Math.abs(x) > 0x1p62) return notInteger(x);
                        buf[pos + i] = (long) x;
                    } else {
                        buf[pos + i] = Values.getLong(v, i, leaf);
                    }
                }
            }
            return pos + len;
        }
        int inner = -1;
        for (int i = 0; i < len; i++) {
            Object sub = Values.array(v, i);
            if (sub == null) {
                problem = "holds a NULL array";
                return -1;
            }
            int sl = Values.length(sub);
            if (inner < 0) inner = sl;
            else if (sl != inner) {
                problem = "is a ragged nested array (lengths " + inner + " and " + sl + " at depth " + (lvl + 1) + ")";
                return -1;
            }
            pos = copyArray(a, ak, sub, lvl + 1, pos, want);
            if (pos < 0) return -1;
        }
        return pos;
    }

    /**
     * Copies an array of Spark's internal (unsafe) form whose element type is the buffer's (float to float32, double to
     * float64, bigint to int64) in one memory copy, then checks it: no NULL (the null bitmap is all zeros), no NaN.
     * Returns false when the types differ (the element-wise copy handles it); sets {@link #problem} for a bad value.
     */
    private boolean bulk(int a, ArgKind ak, UnsafeArrayData v, int pos, int len) {
        Values.Leaf leaf = ak.leaf;
        boolean f32 = ak.dtype == DType.FLOAT32 && leaf == Values.Leaf.FLOAT;
        boolean f64 = ak.dtype == DType.FLOAT64 && leaf == Values.Leaf.DOUBLE;
        boolean i64 = ak.dtype == DType.INT64 && leaf == Values.Leaf.LONG;
        if (!f32 && !f64 && !i64) return false;
        problem = null;
        Object base = v.getBaseObject();
        long off = v.getBaseOffset();
        int header = (int) UnsafeArrayData.calculateHeaderPortionInBytes(len);
        for (long w = off + 8; w < off + header; w += 8) {
            if (Platform.getLong(base, w) != 0) {
                problem = "holds a NULL element";
                return true;
            }
        }
        if (f32) {
            float[] buf = f[a];
            Platform.copyMemory(base, off + header, buf, Platform.FLOAT_ARRAY_OFFSET + 4L * pos, 4L * len);
            for (int i = pos; i < pos + len; i++) {
                if (buf[i] != buf[i]) {
                    problem = "holds a NaN";
                    return true;
                }
            }
        } else if (f64) {
            double[] buf = d[a];
            Platform.copyMemory(base, off + header, buf, Platform.DOUBLE_ARRAY_OFFSET + 8L * pos, 8L * len);
            for (int i = pos; i < pos + len; i++) {
                if (buf[i] != buf[i]) {
                    problem = "holds a NaN";
                    return true;
                }
            }
        } else {
            Platform.copyMemory(base, off + header, l[a], Platform.LONG_ARRAY_OFFSET + 8L * pos, 8L * len);
        }
        return true;
    }

    private boolean put(int a, ArgKind ak, Object v, int pos) {
        if (ak.dtype == DType.INT64) {
            if (ak.leaf.floating()) {
                double x = Values.scalar(v);
                if (x != Math.rint(x) || Math.abs(x) > 0x1p62) return notInteger(x) >= 0;
                l[a][pos] = (long) x;
            } else {
                l[a][pos] = ((Number) v).longValue();
            }
            return true;
        }
        double x = Values.scalar(v);
        if (x != x) return nan() >= 0;
        if (ak.dtype == DType.FLOAT32) f[a][pos] = (float) x;
        else d[a][pos] = x;
        return true;
    }

    private int nullElement() {
        problem = "holds a NULL element";
        return -1;
    }

    private int nan() {
        problem = "holds a NaN";
        return -1;
    }

    private int notInteger(double x) {
        problem = "holds " + x + ", which is not an integer class index";
        return -1;
    }

    /** Empties the batch (its buffers are kept). */
    void clear() {
        n = 0;
        dims = null;
        firstRow = null;
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The per-row results of a run over some of the batch's rows. */
    static final class Result {
        /** The batch rows computed, in order. */
        final int[] rows;
        /** The 'none' output, row-major: row i's values are [i * perRow, (i + 1) * perRow). */
        final double[] out;
        final int perRow;
        /** The gradient of each computed row's loss sum with respect to the wrt argument, one array per row (or null). */
        final double[][] grad;
        /** The batch rows the loss refused (skip mode), with the message of each. */
        final int[] skipped;
        final String[] skippedWhy;
        /** The shape of one row's slice of the 'none' output. */
        int[] outShape = new int[0];

        Result(int[] rows, double[] out, int perRow, double[][] grad, int[] skipped, String[] skippedWhy) {
            this.rows = rows;
            this.out = out;
            this.perRow = perRow;
            this.grad = grad;
            this.skipped = skipped;
            this.skippedWhy = skippedWhy;
        }
    }

    /**
     * Runs the loss over every row. Rows the loss refuses are found one by one: in error mode the first fails the
     * call with a {@link BadRowException} naming its column; in skip mode they are left out and listed.
     */
    Result run(boolean withGrad) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        try {
            return compute(all, null, withGrad);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            if (e instanceof BadRowException) throw e;
            return isolate(withGrad, e);
        }
    }

    private Result isolate(boolean withGrad, RuntimeException batchError) {
        List<Integer> good = new ArrayList<>();
        List<Integer> badRows = new ArrayList<>();
        List<String> why = new ArrayList<>();
        List<RuntimeException> errors = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            try {
                compute(new int[] {r}, null, false);
                good.add(r);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                badRows.add(r);
                errors.add(e);
            }
        }
        if (badRows.isEmpty()) {
            throw new BadRowException(call.where() + ": the batch of " + n + " rows fails though each row passes alone: " + batchError.getMessage()
                    + " (columns " + call.columns() + ")");
        }
        for (int i = 0; i < badRows.size(); i++) {
            int r = badRows.get(i);
            String col = blame(r, good.isEmpty() ? -1 : good.get(0));
            String msg = call.where() + ": " + (col == null ? "row" : "column " + col) + ": " + errors.get(i).getMessage() + "; value: " + rowValues(r, col);
            if (!call.skipBadRows) throw new BadRowException(msg + " (on_bad_row='skip' skips and counts such rows)");
            why.add(msg);
        }
        int[] g = good.stream().mapToInt(Integer::intValue).toArray();
        Result res = g.length == 0 ? new Result(g, new double[0], 0, withGrad ? new double[0][] : null, null, null) : compute(g, null, withGrad);
        Result out = new Result(res.rows, res.out, res.perRow, res.grad, badRows.stream().mapToInt(Integer::intValue).toArray(), why.toArray(new String[0]));
        out.outShape = res.outShape;
        return out;
    }

    /** The column at fault in row r: the one whose cells, taken from the good row, make the row pass (or null). */
    private String blame(int r, int goodRow) {
        if (goodRow < 0) return k == 1 ? call.args[0].column + " (" + call.args[0].name + ")" : null;
        for (int a = 0; a < k; a++) {
            int[] swap = new int[k];
            Arrays.fill(swap, r);
            swap[a] = goodRow;
            try {
                compute(new int[] {r}, swap, false);
                return call.args[a].column + " (" + call.args[a].name + ")";
            } catch (RuntimeException e) {
                // not this column alone
            }
        }
        return null;
    }

    /** Row r's cells as buffered: the blamed column's, or all (for messages). */
    private String rowValues(int r, String blamed) {
        List<String> s = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            String label = call.args[a].column + " (" + call.args[a].name + ")";
            if (blamed != null && !blamed.equals(label)) continue;
            s.add((blamed == null ? call.args[a].column + "=" : "") + buffered(a, r));
        }
        return String.join(", ", s);
    }

    private String buffered(int a, int r) {
        int from = start[a][r], to = start[a][r + 1];
        if (call.args[a].rank == 0) return value(a, from);
        StringBuilder sb = new StringBuilder("[");
        for (int i = from; i < Math.min(to, from + 6); i++) sb.append(i > from ? ", " : "").append(value(a, i));
        if (to - from > 6) sb.append(", ... (").append(to - from).append(" values)");
        return sb.append(']').toString();
    }

    private String value(int a, int i) {
        if (f[a] != null) return Float.toString(f[a][i]);
        if (d[a] != null) return Double.toString(d[a][i]);
        return Long.toString(l[a][i]);
    }

    /**
     * Runs the loss on the given rows; {@code swap}, when not null, takes argument a's cells from batch row swap[a]
     * instead (one row only).
     */
    private Result compute(int[] rows, int[] swap, boolean withGrad) {
        int m = rows.length;
        Tensor[] t = new Tensor[call.spec().args().size()];
        for (int a = 0; a < k; a++) {
            int[] src = rows;
            if (swap != null) src = new int[] {swap[a]};
            t[a] = tensor(a, src);
        }
        if (call.layout == LossCall.Layout.CTC) {
            // absent lengths default to the arrays' lengths
            for (int a = k; a < 4; a++) {
                int from = a == 2 ? 0 : 1;
                long[] len = new long[m];
                for (int i = 0; i < m; i++) len[i] = lead[from][swap != null ? swap[from] : rows[i]];
                t[a] = Tensor.wrap(DType.INT64, len, m);
            }
        }
        Tensor out;
        double[][] grads = null;
        if (withGrad) {
            Tensor x = t[call.wrt];
            x.requiresGrad_(true);
            out = call.noneLoss().apply(t);
            if (out.requiresGrad()) {
                out.backward(Tensor.onesLike(out.detach()));
                grads = slices(call.wrt, x.grad() == null ? Tensor.zerosLike(x.detach()) : x.grad(), rows, swap);
            } else {
                grads = slices(call.wrt, Tensor.zerosLike(x.detach()), rows, swap);
            }
            out = out.detach();
        } else {
            try (GradMode.Scope g = GradMode.noGrad()) {
                out = call.noneLoss().apply(t);
            }
        }
        double[] values = out.toDoubleArray();
        int perRow = m == 0 ? 0 : values.length / m;
        Result res = new Result(rows, values, perRow, grads, null, null);
        int[] os = out.shape();
        res.outShape = os.length == 0 ? os : Arrays.copyOfRange(os, 1, os.length);
        return res;
    }

    /** Each row's slice of a gradient shaped like argument a's batch tensor. */
    private double[][] slices(int a, Tensor g, int[] rows, int[] swap) {
        double[] v = g.toDoubleArray();
        int m = rows.length;
        double[][] r = new double[m][];
        ArgKind ak = call.args[a];
        if (call.layout == LossCall.Layout.CTC && ak.ragged && ak.rank == 2) {
            int c = dims[a][1];
            int tMax = g.shape()[0];
            for (int i = 0; i < m; i++) {
                int src = swap != null ? swap[a] : rows[i];
                int tn = lead[a][src];
                r[i] = new double[tn * c];
                for (int t = 0; t < tn && t < tMax; t++) System.arraycopy(v, (t * m + i) * c, r[i], t * c, c);
            }
            return r;
        }
        int per = m == 0 ? 0 : v.length / m;
        for (int i = 0; i < m; i++) r[i] = Arrays.copyOfRange(v, i * per, (i + 1) * per);
        return r;
    }

    /** The batch tensor of argument a over the given rows. */
    private Tensor tensor(int a, int[] rows) {
        ArgKind ak = call.args[a];
        int m = rows.length;
        if (call.layout == LossCall.Layout.CTC && ak.ragged) {
            int inner = ak.rank == 2 ? dims[a][1] : 1;
            int maxLead = 0;
            for (int r : rows) maxLead = Math.max(maxLead, lead[a][r]);
            if (ak.rank == 2) {
                // log_probs: (T, N, C), time-major, padded with zeros past each row's T
                int tMax = Math.max(maxLead, 1);
                Object buf = Tensor.newStorage(ak.dtype, tMax * m * inner);
                for (int i = 0; i < m; i++) {
                    int r = rows[i];
                    for (int t = 0; t < lead[a][r]; t++) copyRange(a, start[a][r] + t * inner, buf, (t * m + i) * inner, inner);
                }
                return Tensor.wrap(ak.dtype, buf, tMax, m, inner);
            }
            // targets: (N, S) padded with zeros past each row's length
            Object buf = Tensor.newStorage(ak.dtype, m * maxLead);
            for (int i = 0; i < m; i++) {
                int r = rows[i];
                copyRange(a, start[a][r], buf, i * maxLead, lead[a][r]);
            }
            return Tensor.wrap(ak.dtype, buf, m, maxLead);
        }
        int[] shape = new int[ak.rank + 1];
        shape[0] = m;
        int per = 1;
        for (int i = 0; i < ak.rank; i++) {
            shape[i + 1] = dims[a][i];
            per *= dims[a][i];
        }
        Object buf = Tensor.newStorage(ak.dtype, m * per);
        boolean contiguous = true;
        for (int i = 0; i < m; i++) if (rows[i] != i) contiguous = false;
        if (contiguous) copyRange(a, 0, buf, 0, m * per);
        else for (int i = 0; i < m; i++) copyRange(a, start[a][rows[i]], buf, i * per, per);
        return Tensor.wrap(ak.dtype, buf, shape);
    }

    private void copyRange(int a, int from, Object dst, int to, int len) {
        if (f[a] != null) System.arraycopy(f[a], from, dst, to, len);
        else if (d[a] != null) System.arraycopy(d[a], from, dst, to, len);
        else System.arraycopy(l[a], from, dst, to, len);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The class weight of a row's targets (0 for an ignored target), for CrossEntropyLoss's and NLLLoss's mean. */
    void addTargetWeights(int row, ExactSum den) {
        int a = call.targetArg;
        long[] t = l[a];
        for (int i = start[a][row]; i < start[a][row + 1]; i++) {
            long y = t[i];
            if (y == call.ignoreIndex) continue;
            double w = call.classWeights == null ? 1.0 : call.classWeights[(int) y];
            den.add(w);
        }
    }

    /** Row r's target length for CTC (the target_lengths column, or the targets array's length). */
    long targetLength(int row) {
        if (k > 3) return l[3][start[3][row]];
        return lead[1][row];
    }
}
