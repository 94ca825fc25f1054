package org.losses4j.internal.simd.panama;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.losses4j.internal.simd.CtcKernels;

/**
 * The CTC loops with the Vector API, in double lanes: a vector body over {@code loopBound} and a scalar tail.
 * Each new cell is computed with the same operations in the same order as {@code ScalarCtcKernels}; only the row
 * sums are added in a different order (per lane, then across lanes), and exp comes from the Vector API.
 */
public final class PanamaCtcKernels implements CtcKernels {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Floats that fill one D vector once widened (4 floats for 4 doubles with AVX2). */
    private static final VectorSpecies<Float> FH = VectorSpecies.of(float.class, jdk.incubator.vector.VectorShape.forBitSize(D.vectorBitSize() / 2));

    public PanamaCtcKernels() {}

    @Override
    public boolean exp(float[] src, int srcOff, double[] dst, int dstOff, int n) {
        int i = 0, bound = D.loopBound(n);
        DoubleVector min = DoubleVector.broadcast(D, Double.POSITIVE_INFINITY), max = DoubleVector.broadcast(D, 0);
        for (; i < bound; i += D.length()) {
            DoubleVector x = (DoubleVector) FloatVector.fromArray(FH, src, srcOff + i).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector y = x.lanewise(VectorOperators.EXP);
            y.intoArray(dst, dstOff + i);
            min = min.min(y);
            max = max.max(y);
        }
        boolean ok = min.reduceLanes(VectorOperators.MIN) >= Double.MIN_NORMAL && max.reduceLanes(VectorOperators.MAX) < Double.POSITIVE_INFINITY;
        for (; i < n; i++) {
            double y = Math.exp(src[srcOff + i]);
            dst[dstOff + i] = y;
            ok &= y >= Double.MIN_NORMAL && y < Double.POSITIVE_INFINITY;
        }
        return ok && !anyNaN(dst, dstOff, bound);
    }

    @Override
    public boolean exp(double[] src, int srcOff, double[] dst, int dstOff, int n) {
        int i = 0, bound = D.loopBound(n);
        DoubleVector min = DoubleVector.broadcast(D, Double.POSITIVE_INFINITY), max = DoubleVector.broadcast(D, 0);
        for (; i < bound; i += D.length()) {
            DoubleVector y = DoubleVector.fromArray(D, src, srcOff + i).lanewise(VectorOperators.EXP);
            y.intoArray(dst, dstOff + i);
            min = min.min(y);
            max = max.max(y);
        }
        boolean ok = min.reduceLanes(VectorOperators.MIN) >= Double.MIN_NORMAL && max.reduceLanes(VectorOperators.MAX) < Double.POSITIVE_INFINITY;
        for (; i < n; i++) {
            double y = Math.exp(src[srcOff + i]);
            dst[dstOff + i] = y;
            ok &= y >= Double.MIN_NORMAL && y < Double.POSITIVE_INFINITY;
        }
        return ok && !anyNaN(dst, dstOff, bound);
    }

    /** Whether a[off, off + n) holds a NaN (lanewise min/max need not propagate it); only called when the rest passed. */
    private static boolean anyNaN(double[] a, int off, int n) {
        int i = 0;
        VectorMask<Double> m = D.maskAll(false);
        for (; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, a, off + i);
            m = m.or(v.test(VectorOperators.IS_NAN));
        }
        return m.anyTrue();
    }

    @Override
    public double alphaStep(double[] prev, int prevOff, double[] cur, int curOff, double[] skip, double[] yp, int ypOff, double scale, int lo,
                            int hi) {
        int n = hi - lo + 1, j = 0, bound = D.loopBound(Math.max(n, 0));
        DoubleVector acc = DoubleVector.zero(D), sc = DoubleVector.broadcast(D, scale), tiny = DoubleVector.broadcast(D, TINY);
        VectorMask<Double> small = D.maskAll(false);
        for (; j < bound; j += D.length()) {
            int i = lo + j + 2;
            DoubleVector p0 = DoubleVector.fromArray(D, prev, prevOff + i);
            DoubleVector p1 = DoubleVector.fromArray(D, prev, prevOff + i - 1);
            DoubleVector p2 = DoubleVector.fromArray(D, prev, prevOff + i - 2);
            DoubleVector k = DoubleVector.fromArray(D, skip, i);
            DoubleVector y = DoubleVector.fromArray(D, yp, ypOff + lo + j);
            DoubleVector v = p0.add(p1).add(k.mul(p2)).mul(y.mul(sc));
            v.intoArray(cur, curOff + i);
            acc = acc.add(v);
            small = small.or(v.lt(tiny));
        }
        double sum = acc.reduceLanes(VectorOperators.ADD);
        boolean sm = small.anyTrue();
        for (; j < n; j++) {
            int s = lo + j, i = s + 2;
            double v = (prev[prevOff + i] + prev[prevOff + i - 1] + skip[i] * prev[prevOff + i - 2]) * (yp[ypOff + s] * scale);
            cur[curOff + i] = v;
            sum += v;
            sm |= v < TINY;
        }
        return sm ? Double.NaN : sum;
    }

    @Override
    public double betaStep(double[] next, int nextOff, double[] cur, int curOff, double[] skip, double[] yp, int ypOff, double scale, int lo, int hi,
                           double[] alpha, int alphaOff, double[] ab) {
        int n = hi - lo + 1, j = 0, bound = D.loopBound(Math.max(n, 0));
        DoubleVector acc = DoubleVector.zero(D), sc = DoubleVector.broadcast(D, scale), tiny = DoubleVector.broadcast(D, TINY);
        VectorMask<Double> small = D.maskAll(false);
        for (; j < bound; j += D.length()) {
            int i = lo + j + 2;
            DoubleVector n0 = DoubleVector.fromArray(D, next, nextOff + i);
            DoubleVector n1 = DoubleVector.fromArray(D, next, nextOff + i + 1);
            DoubleVector n2 = DoubleVector.fromArray(D, next, nextOff + i + 2);
            DoubleVector k = DoubleVector.fromArray(D, skip, i + 2);
            DoubleVector y = DoubleVector.fromArray(D, yp, ypOff + lo + j);
            DoubleVector v = n0.add(n1).add(k.mul(n2)).mul(y.mul(sc));
            v.intoArray(cur, curOff + i);
            acc = acc.add(v);
            DoubleVector p = v.mul(DoubleVector.fromArray(D, alpha, alphaOff + i));
            p.intoArray(ab, lo + j);
            small = small.or(v.lt(tiny)).or(p.lt(tiny));
        }
        double sum = acc.reduceLanes(VectorOperators.ADD);
        boolean sm = small.anyTrue();
        for (; j < n; j++) {
            int s = lo + j, i = s + 2;
            double v = (next[nextOff + i] + next[nextOff + i + 1] + skip[i + 2] * next[nextOff + i + 2]) * (yp[ypOff + s] * scale);
            cur[curOff + i] = v;
            sum += v;
            double p = v * alpha[alphaOff + i];
            ab[s] = p;
            sm |= v < TINY | p < TINY;
        }
        return sm ? Double.NaN : sum;
    }

    @Override
    public void gradRow(double[] y, int yOff, double[] post, double k, double g, float[] out, int outOff, int n) {
        int c = 0, bound = D.loopBound(n);
        DoubleVector kv = DoubleVector.broadcast(D, k), gv = DoubleVector.broadcast(D, g);
        for (; c < bound; c += D.length()) {
            DoubleVector yc = DoubleVector.fromArray(D, y, yOff + c), q = DoubleVector.fromArray(D, post, c);
            DoubleVector v = yc.sub(q.mul(kv).div(yc)).blend(yc, q.eq(0)).mul(gv);
            ((FloatVector) v.convertShape(VectorOperators.D2F, FH, 0)).intoArray(out, outOff + c);
        }
        for (; c < n; c++) {
            double yc = y[yOff + c], q = post[c];
            out[outOff + c] = (float) ((q == 0 ? yc : yc - q * k / yc) * g);
        }
    }

    @Override
    public void gradRow(double[] y, int yOff, double[] post, double k, double g, double[] out, int outOff, int n) {
        int c = 0, bound = D.loopBound(n);
        DoubleVector kv = DoubleVector.broadcast(D, k), gv = DoubleVector.broadcast(D, g);
        for (; c < bound; c += D.length()) {
            DoubleVector yc = DoubleVector.fromArray(D, y, yOff + c), q = DoubleVector.fromArray(D, post, c);
            yc.sub(q.mul(kv).div(yc)).blend(yc, q.eq(0)).mul(gv).intoArray(out, outOff + c);
        }
        for (; c < n; c++) {
            double yc = y[yOff + c], q = post[c];
            out[outOff + c] = (q == 0 ? yc : yc - q * k / yc) * g;
        }
    }
}
