package org.losses4j.internal.simd.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.losses4j.internal.simd.RowKernels;
import org.losses4j.internal.simd.scalar.ScalarRowKernels;

/**
 * The Vector API {@link RowKernels}: a vector body over {@code loopBound(n)} and a scalar tail that computes exactly
 * what {@code ScalarRowKernels} does. Sums use several lane accumulators (fused multiply-add), so they differ from
 * the scalar sums only by float rounding.
 */
public final class PanamaRowKernels implements RowKernels {
    private static final VectorSpecies<Float> S = PanamaSupport.F;
    private static final int L = S.length();

    @Override
    public void dotAndSquaredNorms(float[] a, int aOff, float[] b, int bOff, double[] out, int o, int n) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, p0 = s0, p1 = s0, q0 = s0, q1 = s0;
        int k = 0;
        for (int bound = n - 2 * L; k <= bound; k += 2 * L) {
            FloatVector x0 = FloatVector.fromArray(S, a, aOff + k), y0 = FloatVector.fromArray(S, b, bOff + k);
            FloatVector x1 = FloatVector.fromArray(S, a, aOff + k + L), y1 = FloatVector.fromArray(S, b, bOff + k + L);
            s0 = x0.fma(y0, s0);
            p0 = x0.fma(x0, p0);
            q0 = y0.fma(y0, q0);
            s1 = x1.fma(y1, s1);
            p1 = x1.fma(x1, p1);
            q1 = y1.fma(y1, q1);
        }
        for (int bound = S.loopBound(n); k < bound; k += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, aOff + k), y0 = FloatVector.fromArray(S, b, bOff + k);
            s0 = x0.fma(y0, s0);
            p0 = x0.fma(x0, p0);
            q0 = y0.fma(y0, q0);
        }
        float s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        float p = p0.add(p1).reduceLanes(VectorOperators.ADD);
        float q = q0.add(q1).reduceLanes(VectorOperators.ADD);
        for (; k < n; k++) {
            float x = a[aOff + k], y = b[bOff + k];
            s += x * y;
            p += x * x;
            q += y * y;
        }
        out[o] = s;
        out[o + 1] = p;
        out[o + 2] = q;
    }

    @Override
    public double squaredDistance(float[] a, int aOff, float[] b, int bOff, float eps, int n) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0;
        FloatVector e = FloatVector.broadcast(S, eps);
        int k = 0;
        for (int bound = n - 2 * L; k <= bound; k += 2 * L) {
            FloatVector v0 = FloatVector.fromArray(S, a, aOff + k).sub(FloatVector.fromArray(S, b, bOff + k)).add(e);
            FloatVector v1 = FloatVector.fromArray(S, a, aOff + k + L).sub(FloatVector.fromArray(S, b, bOff + k + L)).add(e);
            s0 = v0.fma(v0, s0);
            s1 = v1.fma(v1, s1);
        }
        for (int bound = S.loopBound(n); k < bound; k += L) {
            FloatVector v0 = FloatVector.fromArray(S, a, aOff + k).sub(FloatVector.fromArray(S, b, bOff + k)).add(e);
            s0 = v0.fma(v0, s0);
        }
        float s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; k < n; k++) {
            float v = ScalarRowKernels.shifted(a[aOff + k], b[bOff + k], eps);
            s += v * v;
        }
        return s;
    }

    @Override
    public void cosineGrad(float[] a, int aOff, float[] b, int bOff, float[] d1, int d1Off, float[] d2, int d2Off,
                           float s1, float t1, float s2, float t2, int n) {
        int k = 0;
        if (d1 != null && d2 != null) {
            for (int bound = S.loopBound(n); k < bound; k += L) {
                FloatVector x = FloatVector.fromArray(S, a, aOff + k), y = FloatVector.fromArray(S, b, bOff + k);
                y.mul(s1).sub(x.mul(t1)).intoArray(d1, d1Off + k);
                x.mul(s2).sub(y.mul(t2)).intoArray(d2, d2Off + k);
            }
        } else if (d1 != null) {
            for (int bound = S.loopBound(n); k < bound; k += L) {
                FloatVector x = FloatVector.fromArray(S, a, aOff + k), y = FloatVector.fromArray(S, b, bOff + k);
                y.mul(s1).sub(x.mul(t1)).intoArray(d1, d1Off + k);
            }
        } else if (d2 != null) {
            for (int bound = S.loopBound(n); k < bound; k += L) {
                FloatVector x = FloatVector.fromArray(S, a, aOff + k), y = FloatVector.fromArray(S, b, bOff + k);
                x.mul(s2).sub(y.mul(t2)).intoArray(d2, d2Off + k);
            }
        }
        for (; k < n; k++) {
            float x = a[aOff + k], y = b[bOff + k];
            if (d1 != null) d1[d1Off + k] = ScalarRowKernels.cosineGradElement(s1, t1, x, y);
            if (d2 != null) d2[d2Off + k] = ScalarRowKernels.cosineGradElement(s2, t2, y, x);
        }
    }

    @Override
    public void tripletGrad(float[] a, int aOff, float[] p, int pOff, float[] q, int qOff, float[] ga, int gaOff, float[] gp, int gpOff,
                            float[] gq, int gqOff, float eps, float su, float sv, int n) {
        int k = 0;
        if (ga != null && gp != null && gq != null) {
            FloatVector e = FloatVector.broadcast(S, eps);
            for (int bound = S.loopBound(n); k < bound; k += L) {
                FloatVector x = FloatVector.fromArray(S, a, aOff + k);
                FloatVector gu = x.sub(FloatVector.fromArray(S, p, pOff + k)).add(e).mul(su);
                FloatVector gv = x.sub(FloatVector.fromArray(S, q, qOff + k)).add(e).mul(sv);
                gu.sub(gv).intoArray(ga, gaOff + k);
                gu.neg().intoArray(gp, gpOff + k);
                gv.intoArray(gq, gqOff + k);
            }
        }
        for (; k < n; k++) {
            float x = a[aOff + k];
            float gu = su * ScalarRowKernels.shifted(x, p[pOff + k], eps), gv = sv * ScalarRowKernels.shifted(x, q[qOff + k], eps);
            if (ga != null) ga[gaOff + k] = gu - gv;
            if (gp != null) gp[gpOff + k] = -gu;
            if (gq != null) gq[gqOff + k] = gv;
        }
    }

    @Override
    public void multiMarginRow(float[] x, int xo, float[] g, int go, double[] out, int oo, int y, float shift, int p, float h, int n) {
        FloatVector zero = FloatVector.zero(S), vs = FloatVector.broadcast(S, shift);
        FloatVector hv = FloatVector.broadcast(S, h), h2 = FloatVector.broadcast(S, 2 * h);
        FloatVector acc1 = zero, acc2 = zero;
        int cnt = 0;
        int bound = S.loopBound(n);
        int yc = y >= 0 && y < bound ? y - y % L : bound; // the target's chunk goes to the scalar path
        // two branch-free loops around the target's chunk (a branch in one loop makes C2 box the accumulators)
        for (int i = 0; i < yc; i += L) {
            FloatVector z = vs.add(FloatVector.fromArray(S, x, xo + i));
            VectorMask<Float> m = z.compare(VectorOperators.GT, 0f);
            FloatVector zp = zero.blend(z, m);
            acc1 = acc1.add(zp);
            acc2 = zp.fma(zp, acc2);
            cnt += m.trueCount();
            if (g != null) {
                if (p == 1) zero.blend(hv, m).intoArray(g, go + i);
                else zp.mul(h2).intoArray(g, go + i);
            }
        }
        for (int i = Math.min(yc + L, bound); i < bound; i += L) {
            FloatVector z = vs.add(FloatVector.fromArray(S, x, xo + i));
            VectorMask<Float> m = z.compare(VectorOperators.GT, 0f);
            FloatVector zp = zero.blend(z, m);
            acc1 = acc1.add(zp);
            acc2 = zp.fma(zp, acc2);
            cnt += m.trueCount();
            if (g != null) {
                if (p == 1) zero.blend(hv, m).intoArray(g, go + i);
                else zp.mul(h2).intoArray(g, go + i);
            }
        }
        out[oo] = acc1.reduceLanes(VectorOperators.ADD);
        out[oo + 1] = acc2.reduceLanes(VectorOperators.ADD);
        out[oo + 2] = cnt;
        // the target's chunk and the tail: the scalar element form
        if (yc < bound) ScalarRowKernels.multiMarginRange(x, xo, g, go, out, oo, y, shift, p, h, yc, yc + L);
        ScalarRowKernels.multiMarginRange(x, xo, g, go, out, oo, y, shift, p, h, bound, n);
    }

    @Override
    public void multiLabelRow(float[] xm, int xo, float[] cnt, int co, double[] out, int oo, float shift, int n) {
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f), vs = FloatVector.broadcast(S, shift);
        FloatVector acc = zero;
        int k = 0;
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector z = vs.add(FloatVector.fromArray(S, xm, xo + i));
            VectorMask<Float> m = z.compare(VectorOperators.GT, 0f);
            acc = acc.add(zero.blend(z, m));
            k += m.trueCount();
            if (cnt != null) FloatVector.fromArray(S, cnt, co + i).add(zero.blend(one, m)).intoArray(cnt, co + i);
        }
        out[oo] = acc.reduceLanes(VectorOperators.ADD);
        out[oo + 1] = k;
        ScalarRowKernels.multiLabelRange(xm, xo, cnt, co, out, oo, shift, i, n); // the tail: the scalar element form
    }

    @Override
    public void scale(float[] x, int off, float s, int n) {
        int k = 0;
        for (int bound = S.loopBound(n); k < bound; k += L) {
            FloatVector.fromArray(S, x, off + k).mul(s).intoArray(x, off + k);
        }
        for (; k < n; k++) x[off + k] *= s;
    }
}
