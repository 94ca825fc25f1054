package org.losses4j.internal.simd.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.losses4j.internal.simd.PointwiseKernels;
import org.losses4j.internal.simd.scalar.ScalarPointwiseKernels;

/**
 * The Vector API {@link PointwiseKernels}: a vector body over {@code loopBound(n)} and the scalar kernels for the
 * tail. Each body reads x and y once, writes the gradient (and the per-element loss for 'none') and sums the loss
 * in float lanes over runs of {@link #RUN} vectors, each run's lane sum then added into a double.
 */
public final class PanamaPointwiseKernels implements PointwiseKernels {
    private static final VectorSpecies<Float> F = PanamaSupport.F;
    private static final int L = F.length();
    /** Vectors per float run: at most 16 values per lane before the run's sum goes into the double. */
    private static final int RUN = 16;
    private static final ScalarPointwiseKernels TAIL = new ScalarPointwiseKernels();

    public PanamaPointwiseKernels() {}

    private static int runEnd(int i, int bound) { return Math.min(bound, i + RUN * L); }

    @Override
    public double mse(float[] x, int xo, float[] y, int yo, float[] out, int oo, float[] g, int go, float scale, int n) {
        float[] outS = PanamaSupport.orSink(out); // branch-free stores: see PanamaSupport.orSink
        int outK = out != null ? 1 : 0, outB = out != null ? oo : 0;
        float[] gS = PanamaSupport.orSink(g); // branch-free stores: see PanamaSupport.orSink
        int gK = g != null ? 1 : 0, gB = g != null ? go : 0;
        int bound = F.loopBound(n), i = 0;
        double s = 0;
        FloatVector two = FloatVector.broadcast(F, 2 * scale);
        while (i < bound) {
            FloatVector acc = FloatVector.zero(F);
            for (int e = runEnd(i, bound); i < e; i += L) {
                FloatVector d = FloatVector.fromArray(F, x, xo + i).sub(FloatVector.fromArray(F, y, yo + i));
                FloatVector l = d.mul(d);
                l.intoArray(outS, outB + i * outK);
                d.mul(two).intoArray(gS, gB + i * gK);
                acc = acc.add(l);
            }
            s += acc.reduceLanes(VectorOperators.ADD);
        }
        return s + TAIL.mse(x, xo + i, y, yo + i, out, oo + i, g, go + i, scale, n - i);
    }

    @Override
    public double l1(float[] x, int xo, float[] y, int yo, float[] out, int oo, float[] g, int go, float scale, int n) {
        float[] outS = PanamaSupport.orSink(out); // branch-free stores: see PanamaSupport.orSink
        int outK = out != null ? 1 : 0, outB = out != null ? oo : 0;
        float[] gS = PanamaSupport.orSink(g); // branch-free stores: see PanamaSupport.orSink
        int gK = g != null ? 1 : 0, gB = g != null ? go : 0;
        int bound = F.loopBound(n), i = 0;
        double s = 0;
        FloatVector zero = FloatVector.zero(F);
        while (i < bound) {
            FloatVector acc = zero;
            for (int e = runEnd(i, bound); i < e; i += L) {
                FloatVector d = FloatVector.fromArray(F, x, xo + i).sub(FloatVector.fromArray(F, y, yo + i));
                FloatVector l = d.abs();
                l.intoArray(outS, outB + i * outK);
                zero.blend(scale, d.compare(VectorOperators.GT, 0f)).blend(-scale, d.compare(VectorOperators.LT, 0f)).intoArray(gS, gB + i * gK);
                acc = acc.add(l);
            }
            s += acc.reduceLanes(VectorOperators.ADD);
        }
        return s + TAIL.l1(x, xo + i, y, yo + i, out, oo + i, g, go + i, scale, n - i);
    }

    @Override
    public double smoothL1(float[] x, int xo, float[] y, int yo, float[] out, int oo, float[] g, int go, float scale, float beta, int n) {
        float[] outS = PanamaSupport.orSink(out); // branch-free stores: see PanamaSupport.orSink
        int outK = out != null ? 1 : 0, outB = out != null ? oo : 0;
        float[] gS = PanamaSupport.orSink(g); // branch-free stores: see PanamaSupport.orSink
        int gK = g != null ? 1 : 0, gB = g != null ? go : 0;
        int bound = F.loopBound(n), i = 0;
        double s = 0;
        float halfBeta = 0.5f * beta, sb = scale / beta;
        while (i < bound) {
            FloatVector acc = FloatVector.zero(F);
            for (int e = runEnd(i, bound); i < e; i += L) {
                FloatVector d = FloatVector.fromArray(F, x, xo + i).sub(FloatVector.fromArray(F, y, yo + i));
                FloatVector z = d.abs();
                FloatVector l = z.sub(halfBeta).blend(d.mul(0.5f).mul(d).div(beta), z.compare(VectorOperators.LT, beta));
                l.intoArray(outS, outB + i * outK);
                d.mul(sb).blend(-scale, d.compare(VectorOperators.LE, -beta)).blend(scale, d.compare(VectorOperators.GE, beta)).intoArray(gS, gB + i * gK);
                acc = acc.add(l);
            }
            s += acc.reduceLanes(VectorOperators.ADD);
        }
        return s + TAIL.smoothL1(x, xo + i, y, yo + i, out, oo + i, g, go + i, scale, beta, n - i);
    }

    @Override
    public double huber(float[] x, int xo, float[] y, int yo, float[] out, int oo, float[] g, int go, float scale, float delta, int n) {
        float[] outS = PanamaSupport.orSink(out); // branch-free stores: see PanamaSupport.orSink
        int outK = out != null ? 1 : 0, outB = out != null ? oo : 0;
        float[] gS = PanamaSupport.orSink(g); // branch-free stores: see PanamaSupport.orSink
        int gK = g != null ? 1 : 0, gB = g != null ? go : 0;
        int bound = F.loopBound(n), i = 0;
        double s = 0;
        float halfDelta = 0.5f * delta, sd = scale * delta;
        while (i < bound) {
            FloatVector acc = FloatVector.zero(F);
            for (int e = runEnd(i, bound); i < e; i += L) {
                FloatVector d = FloatVector.fromArray(F, x, xo + i).sub(FloatVector.fromArray(F, y, yo + i));
                FloatVector z = d.abs();
                FloatVector l = z.sub(halfDelta).mul(delta).blend(d.mul(0.5f).mul(d), z.compare(VectorOperators.LT, delta));
                l.intoArray(outS, outB + i * outK);
                d.mul(scale).blend(-sd, d.compare(VectorOperators.LE, -delta)).blend(sd, d.compare(VectorOperators.GE, delta)).intoArray(gS, gB + i * gK);
                acc = acc.add(l);
            }
            s += acc.reduceLanes(VectorOperators.ADD);
        }
        return s + TAIL.huber(x, xo + i, y, yo + i, out, oo + i, g, go + i, scale, delta, n - i);
    }

    @Override
    public double poissonLogInput(float[] x, int xo, float[] y, int yo, float[] out, int oo, float[] g, int go, float scale, int n) {
        float[] outS = PanamaSupport.orSink(out); // branch-free stores: see PanamaSupport.orSink
        int outK = out != null ? 1 : 0, outB = out != null ? oo : 0;
        float[] gS = PanamaSupport.orSink(g); // branch-free stores: see PanamaSupport.orSink
        int gK = g != null ? 1 : 0, gB = g != null ? go : 0;
        int bound = F.loopBound(n), i = 0;
        double s = 0;
        while (i < bound) {
            FloatVector acc = FloatVector.zero(F);
            for (int e = runEnd(i, bound); i < e; i += L) {
                FloatVector xv = FloatVector.fromArray(F, x, xo + i), yv = FloatVector.fromArray(F, y, yo + i);
                FloatVector ex = xv.lanewise(VectorOperators.EXP);
                FloatVector l = ex.sub(yv.mul(xv));
                l.intoArray(outS, outB + i * outK);
                ex.mul(scale).sub(yv.mul(scale)).intoArray(gS, gB + i * gK);
                acc = acc.add(l);
            }
            s += acc.reduceLanes(VectorOperators.ADD);
        }
        return s + TAIL.poissonLogInput(x, xo + i, y, yo + i, out, oo + i, g, go + i, scale, n - i);
    }

    @Override
    public double gaussian(float[] x, int xo, float[] y, int yo, float[] v, int vo, float[] out, int oo, float[] g, int go,
                           float scale, float eps, float constant, int n) {
        float[] outS = PanamaSupport.orSink(out); // branch-free stores: see PanamaSupport.orSink
        int outK = out != null ? 1 : 0, outB = out != null ? oo : 0;
        float[] gS = PanamaSupport.orSink(g); // branch-free stores: see PanamaSupport.orSink
        int gK = g != null ? 1 : 0, gB = g != null ? go : 0;
        int bound = F.loopBound(n), i = 0;
        double s = 0;
        while (i < bound) {
            FloatVector acc = FloatVector.zero(F);
            for (int e = runEnd(i, bound); i < e; i += L) {
                FloatVector w = FloatVector.fromArray(F, v, vo + i);
                w = w.blend(eps, w.compare(VectorOperators.LT, eps));
                FloatVector d = FloatVector.fromArray(F, x, xo + i).sub(FloatVector.fromArray(F, y, yo + i));
                FloatVector l = w.lanewise(VectorOperators.LOG).add(d.mul(d).div(w)).mul(0.5f).add(constant);
                l.intoArray(outS, outB + i * outK);
                d.div(w).mul(scale).intoArray(gS, gB + i * gK);
                acc = acc.add(l);
            }
            s += acc.reduceLanes(VectorOperators.ADD);
        }
        return s + TAIL.gaussian(x, xo + i, y, yo + i, v, vo + i, out, oo + i, g, go + i, scale, eps, constant, n - i);
    }

    @Override
    public boolean anyNegative(float[] a, int off, int n) {
        int bound = F.loopBound(n), i = 0;
        VectorMask<Float> neg = F.maskAll(false);
        for (; i < bound; i += L) neg = neg.or(FloatVector.fromArray(F, a, off + i).compare(VectorOperators.LT, 0f));
        return neg.anyTrue() || TAIL.anyNegative(a, off + i, n - i);
    }

    @Override
    public void scale(float[] a, int off, float s, int n) {
        int bound = F.loopBound(n), i = 0;
        for (; i < bound; i += L) FloatVector.fromArray(F, a, off + i).mul(s).intoArray(a, off + i);
        TAIL.scale(a, off + i, s, n - i);
    }

    @Override
    public void multiply(float[] a, int off, float[] b, int bo, int n) {
        int bound = F.loopBound(n), i = 0;
        for (; i < bound; i += L) FloatVector.fromArray(F, a, off + i).mul(FloatVector.fromArray(F, b, bo + i)).intoArray(a, off + i);
        TAIL.multiply(a, off + i, b, bo + i, n - i);
    }

    @Override
    public void negate(float[] src, int so, float[] dst, int dOff, int n) {
        int bound = F.loopBound(n), i = 0;
        for (; i < bound; i += L) FloatVector.fromArray(F, src, so + i).neg().intoArray(dst, dOff + i);
        TAIL.negate(src, so + i, dst, dOff + i, n - i);
    }
}
