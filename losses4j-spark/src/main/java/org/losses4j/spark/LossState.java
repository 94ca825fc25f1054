package org.losses4j.spark;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.losses4j.DType;

/**
 * The aggregation buffer of one group: the rows not yet run (a {@link Batch}), and for each shape of rows seen the
 * exact partial sums of the reduction (numerator, denominator), the number of rows, and the rows skipped. Rows are
 * run in batches of {@link #BATCH_ROWS} rows (or about {@link #BATCH_VALUES} values); merging and serializing run
 * the pending rows first, so a buffer travels as a few exact sums.
 *
 * <p>A group whose rows have arrays of different lengths cannot be one PyTorch batch: in error mode that fails the
 * query, naming both shapes and a row of each; in skip mode the shape with the most rows is kept (the smaller
 * signature on a tie, so the choice does not depend on the order of the rows) and the other rows are counted as
 * skipped.
 *
 * <p>Public only because Spark's Java-serialization encoder of a buffer requires a public class; it has no public
 * members.
 */
public final class LossState implements Serializable {
    private static final long serialVersionUID = 1L;

    static final int BATCH_ROWS = 1024;
    static final int BATCH_VALUES = 1 << 17;

    /** The exact sums of the rows of one shape. */
    static final class Partial implements Serializable {
        private static final long serialVersionUID = 1L;
        final ExactSum num = new ExactSum();
        final ExactSum den = new ExactSum();
        long count;
        long rows;
        String sample;

        void add(Partial o) {
            num.add(o.num);
            den.add(o.den);
            count += o.count;
            rows += o.rows;
            if (sample == null) sample = o.sample;
        }
    }

    private transient LossCall call;
    private transient Batch pending;
    private final LinkedHashMap<String, Partial> partials = new LinkedHashMap<>();
    private long skipped;

    LossState(LossCall call) { this.call = call; }

    /** Gives a deserialized buffer its call back. */
    LossState attach(LossCall c) {
        this.call = c;
        return this;
    }

    /** Adds one row (one cell per argument). */
    void add(Object[] cells) {
        if (pending == null) pending = new Batch(call);
        int s = pending.add(cells);
        if (s == Batch.MISMATCH) {
            flush();
            s = pending.add(cells);
        }
        if (s == Batch.SKIPPED) skipped++;
        if (s == Batch.ADDED && !call.skipBadRows && pending.size() == 1) checkOneShape(pending.signature(), pending.firstRow());
        if (pending.size() >= BATCH_ROWS || pending.values() >= BATCH_VALUES) flush();
    }

    private void checkOneShape(String sig, String sample) {
        for (Map.Entry<String, Partial> e : partials.entrySet()) {
            if (!e.getKey().equals(sig)) throw mismatch(e.getKey(), e.getValue().sample, sig, sample);
        }
    }

    private BadRowException mismatch(String sigA, String sampleA, String sigB, String sampleB) {
        return new BadRowException(call.where() + ": rows of one group have arrays of different lengths, so they are not one batch: "
                + sigA + " (e.g. " + sampleA + ") and " + sigB + " (e.g. " + sampleB + ") (on_bad_row='skip' keeps the most common shape and "
                + "counts the other rows as skipped)");
    }

    /** Runs the pending rows and adds their values to the partial sums. */
    void flush() {
        if (pending == null || pending.size() == 0) return;
        Batch b = pending;
        Batch.Result r = b.run(false);
        String sig = b.signature();
        Partial p = partials.get(sig);
        if (p == null) {
            if (!call.skipBadRows) checkOneShape(sig, b.firstRow());
            p = new Partial();
            p.sample = b.firstRow();
            partials.put(sig, p);
        }
        if (r.skipped != null) skipped += r.skipped.length;
        accumulate(b, r, p);
        b.clear();
    }

    private void accumulate(Batch b, Batch.Result r, Partial p) {
        int per = r.perRow;
        double[] out = r.out;
        LossCall.Rule rule = call.rule;
        for (int i = 0; i < r.rows.length; i++) {
            int row = r.rows[i];
            if (rule == LossCall.Rule.CTC_MEAN) {
                double loss = out[i];
                long tl = Math.max(b.targetLength(row), 1);
                // PyTorch: (loss / target_lengths.clamp_min(1)).mean(), the division in the loss's dtype
                p.num.add(call.dtype == DType.FLOAT32 ? (double) ((float) loss / (float) tl) : loss / tl);
                p.count++;
            } else {
                for (int j = i * per; j < (i + 1) * per; j++) p.num.add(out[j]);
                if (rule == LossCall.Rule.ELEMENT_MEAN) p.count += per;
                else if (rule == LossCall.Rule.BATCHMEAN) p.count++;
                else if (rule == LossCall.Rule.CLASS_WEIGHTED_MEAN) b.addTargetWeights(row, p.den);
            }
            p.rows++;
        }
    }

    /** Adds another buffer's rows (both are flushed first; the other is not changed otherwise). */
    void merge(LossState o) {
        flush();
        o.flush();
        for (Map.Entry<String, Partial> e : o.partials.entrySet()) {
            Partial p = partials.get(e.getKey());
            if (p == null) {
                if (!call.skipBadRows) checkOneShape(e.getKey(), e.getValue().sample);
                p = new Partial();
                partials.put(e.getKey(), p);
            }
            p.add(e.getValue());
        }
        skipped += o.skipped;
    }

    /** The group's result: its loss (rounded once from the exact sums), the rows counted and the rows skipped. */
    static final class Value {
        final double loss;
        final long rows;
        final long skipped;

        Value(double loss, long rows, long skipped) {
            this.loss = loss;
            this.rows = rows;
            this.skipped = skipped;
        }
    }

    /** The group's value (after running the pending rows). */
    Value finish() {
        flush();
        Partial keep = new Partial();
        long dropped = 0;
        String keepSig = null;
        for (Map.Entry<String, Partial> e : partials.entrySet()) {
            Partial p = e.getValue();
            if (keepSig == null) {
                keepSig = e.getKey();
                keep = p;
                continue;
            }
            if (!call.skipBadRows) throw mismatch(keepSig, keep.sample, e.getKey(), p.sample);
            boolean better = p.rows > keep.rows || p.rows == keep.rows && e.getKey().compareTo(keepSig) < 0;
            if (better) {
                dropped += keep.rows;
                keep = p;
                keepSig = e.getKey();
            } else {
                dropped += p.rows;
            }
        }
        return new Value(value(keep), keep.rows, skipped + dropped);
    }

    private double value(Partial p) {
        boolean f32 = call.dtype == DType.FLOAT32;
        if (call.rule == LossCall.Rule.SUM) return f32 ? p.num.toFloat() : p.num.toDouble();
        double den = call.rule == LossCall.Rule.CLASS_WEIGHTED_MEAN ? p.den.toDouble() : (double) p.count;
        double q = p.num.toDouble() / den;
        return f32 ? (float) q : q;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        if (pending != null && pending.size() > 0) {
            if (call == null) throw new IllegalStateException("a buffer with pending rows has no call");
            flush();
        }
        out.defaultWriteObject();
    }
}
