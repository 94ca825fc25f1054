package org.losses4j.internal.simd.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.losses4j.internal.simd.SoftmaxKernels;
import org.losses4j.internal.simd.scalar.ScalarSoftmaxKernels;

/**
 * The Vector API {@link SoftmaxKernels}: a vector body over {@code loopBound(n)} and a scalar tail that computes
 * what the scalar kernels compute (their element function {@link ScalarSoftmaxKernels#softExp}; the vector body's
 * exponential is the Vector API's, within a few ulp of it: PanamaSoftmaxKernelsTest states the bounds). Float lanes are summed over chunks of at most {@link #CHUNK} elements and the
 * chunk sums added in double.
 */
public final class PanamaSoftmaxKernels implements SoftmaxKernels {
    private static final VectorSpecies<Float> S = PanamaSupport.F;
    private static final int L = S.length();
    /** Elements per float-lane partial sum before it is added into the double total. */
    static final int CHUNK = 1024;

    @Override
    public float max(float[] x, int off, int n) {
        int i = 0, bound = S.loopBound(n);
        float m = Float.NEGATIVE_INFINITY;
        if (bound > 0) {
            FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (; i < bound; i += L) acc = acc.max(FloatVector.fromArray(S, x, off + i));
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) m = Math.max(m, x[off + i]);
        return m;
    }

    @Override
    public double sumExp(float[] x, int xo, float m, int n) {
        FloatVector vm = FloatVector.broadcast(S, m);
        double total = 0;
        int i = 0, bound = S.loopBound(n);
        while (i < bound) {
            int end = Math.min(bound, i + CHUNK);
            FloatVector acc = FloatVector.zero(S);
            for (; i < end; i += L) {
                acc = acc.add(FloatVector.fromArray(S, x, xo + i).sub(vm).lanewise(VectorOperators.EXP));
            }
            total += acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) total += ScalarSoftmaxKernels.softExp(x[xo + i], m);
        return total;
    }

    @Override
    public double expStore(float[] x, int xo, float[] g, int go, float m, int n) {
        FloatVector vm = FloatVector.broadcast(S, m);
        double total = 0;
        int i = 0, bound = S.loopBound(n);
        while (i < bound) {
            int end = Math.min(bound, i + CHUNK);
            FloatVector acc = FloatVector.zero(S);
            for (; i < end; i += L) {
                FloatVector e = FloatVector.fromArray(S, x, xo + i).sub(vm).lanewise(VectorOperators.EXP);
                e.intoArray(g, go + i);
                acc = acc.add(e);
            }
            total += acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            float e = ScalarSoftmaxKernels.softExp(x[xo + i], m);
            g[go + i] = e;
            total += e;
        }
        return total;
    }

    @Override
    public double sum(float[] x, int off, int n) {
        double total = 0;
        int i = 0, bound = S.loopBound(n);
        while (i < bound) {
            int end = Math.min(bound, i + CHUNK);
            FloatVector acc = FloatVector.zero(S);
            for (; i < end; i += L) acc = acc.add(FloatVector.fromArray(S, x, off + i));
            total += acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) total += x[off + i];
        return total;
    }

    @Override
    public double dot(float[] x, int xo, float[] w, int wo, int n) {
        double total = 0;
        int i = 0, bound = S.loopBound(n);
        while (i < bound) {
            int end = Math.min(bound, i + CHUNK);
            FloatVector acc = FloatVector.zero(S);
            for (; i < end; i += L) acc = FloatVector.fromArray(S, x, xo + i).fma(FloatVector.fromArray(S, w, wo + i), acc);
            total += acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) total += x[xo + i] * w[wo + i];
        return total;
    }

    @Override
    public void scaleShift(float[] g, int go, float a, float b, int n) {
        FloatVector va = FloatVector.broadcast(S, a), vb = FloatVector.broadcast(S, b);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) FloatVector.fromArray(S, g, go + i).mul(va).sub(vb).intoArray(g, go + i);
        for (; i < n; i++) g[go + i] = g[go + i] * a - b;
    }

    @Override
    public void scaleShiftWeighted(float[] g, int go, float[] w, int wo, float a, float b, int n) {
        FloatVector va = FloatVector.broadcast(S, a), vb = FloatVector.broadcast(S, b);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, g, go + i).mul(va).sub(vb.mul(FloatVector.fromArray(S, w, wo + i))).intoArray(g, go + i);
        }
        for (; i < n; i++) g[go + i] = g[go + i] * a - b * w[wo + i];
    }

    @Override
    public void maxAcc(float[] x, int xo, float[] m, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) FloatVector.fromArray(S, m, i).max(FloatVector.fromArray(S, x, xo + i)).intoArray(m, i);
        for (; i < n; i++) m[i] = Math.max(m[i], x[xo + i]);
    }

    @Override
    public void sumExpAcc(float[] x, int xo, float[] m, float[] s, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector e = FloatVector.fromArray(S, x, xo + i).sub(FloatVector.fromArray(S, m, i)).lanewise(VectorOperators.EXP);
            FloatVector.fromArray(S, s, i).add(e).intoArray(s, i);
        }
        for (; i < n; i++) s[i] += ScalarSoftmaxKernels.softExp(x[xo + i], m[i]);
    }

    @Override
    public void expStoreAcc(float[] x, int xo, float[] g, int go, float[] m, float[] s, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector e = FloatVector.fromArray(S, x, xo + i).sub(FloatVector.fromArray(S, m, i)).lanewise(VectorOperators.EXP);
            e.intoArray(g, go + i);
            FloatVector.fromArray(S, s, i).add(e).intoArray(s, i);
        }
        for (; i < n; i++) {
            float e = ScalarSoftmaxKernels.softExp(x[xo + i], m[i]);
            g[go + i] = e;
            s[i] += e;
        }
    }

    @Override
    public void axpy(float[] x, int xo, float[] acc, float a, int n) {
        FloatVector va = FloatVector.broadcast(S, a);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) FloatVector.fromArray(S, acc, i).add(va.mul(FloatVector.fromArray(S, x, xo + i))).intoArray(acc, i);
        for (; i < n; i++) acc[i] += a * x[xo + i];
    }

    @Override
    public void logSumExpAcross(float[] m, float[] s, float[] lse, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, m, i).add(FloatVector.fromArray(S, s, i).lanewise(VectorOperators.LOG)).intoArray(lse, i);
        }
        for (; i < n; i++) lse[i] = m[i] + (float) Math.log(s[i]);
    }

    @Override
    public void scaleShiftAcross(float[] g, int go, float[] a, float[] b, float c, int n) {
        FloatVector vc = FloatVector.broadcast(S, c);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, g, go + i).mul(FloatVector.fromArray(S, a, i))
                    .sub(FloatVector.fromArray(S, b, i).mul(vc)).intoArray(g, go + i);
        }
        for (; i < n; i++) g[go + i] = g[go + i] * a[i] - b[i] * c;
    }

    @Override
    public double klDiv(float[] x, int xo, float[] t, int to, float[] out, int oo, float[] g, int go, float c, int n) {
        float[] outS = PanamaSupport.orSink(out); // branch-free stores: see PanamaSupport.orSink
        int outK = out != null ? 1 : 0, outB = out != null ? oo : 0;
        float[] gS = PanamaSupport.orSink(g); // branch-free stores: see PanamaSupport.orSink
        int gK = g != null ? 1 : 0, gB = g != null ? go : 0;
        FloatVector vc = FloatVector.broadcast(S, c);
        double total = 0;
        int i = 0, bound = S.loopBound(n);
        while (i < bound) {
            int end = Math.min(bound, i + CHUNK);
            FloatVector acc = FloatVector.zero(S);
            for (; i < end; i += L) {
                FloatVector vt = FloatVector.fromArray(S, t, to + i);
                FloatVector tlogt = vt.mul(vt.lanewise(VectorOperators.LOG));
                VectorMask<Float> zero = vt.eq(0f);
                FloatVector l = tlogt.blend(0f, zero).sub(vt.mul(FloatVector.fromArray(S, x, xo + i)));
                l.intoArray(outS, outB + i * outK);
                vt.mul(vc).intoArray(gS, gB + i * gK);
                acc = acc.add(l);
            }
            total += acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            float ti = t[to + i];
            float l = (ti == 0 ? 0f : ti * (float) Math.log(ti)) - ti * x[xo + i];
            if (out != null) out[oo + i] = l;
            if (g != null) g[go + i] = c * ti;
            total += l;
        }
        return total;
    }
}
