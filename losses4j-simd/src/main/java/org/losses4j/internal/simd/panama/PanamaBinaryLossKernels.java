package org.losses4j.internal.simd.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.losses4j.internal.simd.BinaryLossKernels;
import org.losses4j.internal.simd.scalar.ScalarBinaryLossKernels;

/**
 * Vector API bodies of {@link BinaryLossKernels}: a vector loop over {@code loopBound(n)} (float lanes summed
 * over chunks of at most {@link #CHUNK} elements, each chunk's sum added in double), then the scalar kernel
 * for the tail (so the tail runs the scalar element functions). EXP / LOG / LOG1P are the Vector API's lanewise (SVML) operators.
 */
public final class PanamaBinaryLossKernels implements BinaryLossKernels {
    private static final VectorSpecies<Float> S = PanamaSupport.F;
    private static final int L = S.length();
    /** Elements per float-lane partial sum (a multiple of every species length). */
    static final int CHUNK = 1024;
    private static final ScalarBinaryLossKernels TAIL = new ScalarBinaryLossKernels();

    public PanamaBinaryLossKernels() {}

    @Override
    public double bce(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float scale, int n) {
        float[] lossS = PanamaSupport.orSink(loss); // branch-free stores: see PanamaSupport.orSink
        int lossK = loss != null ? 1 : 0, lossB = loss != null ? lo : 0;
        float[] gradS = PanamaSupport.orSink(grad); // branch-free stores: see PanamaSupport.orSink
        int gradK = grad != null ? 1 : 0, gradB = grad != null ? lo : 0;
        int bound = S.loopBound(n);
        double sum = 0;
        FloatVector one = FloatVector.broadcast(S, 1f), minus100 = FloatVector.broadcast(S, -100f);
        FloatVector eps = FloatVector.broadcast(S, BCE_EPSILON);
        for (int c = 0; c < bound; c += CHUNK) {
            int end = Math.min(bound, c + CHUNK);
            FloatVector acc = FloatVector.zero(S);
            for (int i = c; i < end; i += L) {
                FloatVector xv = FloatVector.fromArray(S, x, xo + i), yv = FloatVector.fromArray(S, y, yo + i);
                FloatVector logX = xv.lanewise(VectorOperators.LOG).max(minus100);
                FloatVector log1mX = xv.neg().lanewise(VectorOperators.LOG1P).max(minus100);
                FloatVector v = yv.sub(one).mul(log1mX).sub(yv.mul(logX));
                acc = acc.add(v);
                v.intoArray(lossS, lossB + i * lossK);
                FloatVector den = one.sub(xv).mul(xv).max(eps);
                xv.sub(yv).mul(scale).div(den).intoArray(gradS, gradB + i * gradK);
            }
            sum += acc.reduceLanes(VectorOperators.ADD);
        }
        return sum + TAIL.bce(x, xo + bound, y, yo + bound, loss, grad, lo + bound, scale, n - bound);
    }

    @Override
    public int firstOutsideUnit(float[] x, int off, int n) {
        int bound = S.loopBound(n);
        for (int c = 0; c < bound; c += CHUNK) {
            int end = Math.min(bound, c + CHUNK);
            VectorMask<Float> ok = S.maskAll(true);
            for (int i = c; i < end; i += L) {
                FloatVector xv = FloatVector.fromArray(S, x, off + i);
                ok = ok.and(xv.compare(VectorOperators.GE, 0f)).and(xv.compare(VectorOperators.LE, 1f));
            }
            if (!ok.allTrue()) {
                int r = TAIL.firstOutsideUnit(x, off + c, end - c);
                if (r >= 0) return c + r;
            }
        }
        int r = TAIL.firstOutsideUnit(x, off + bound, n - bound);
        return r < 0 ? -1 : bound + r;
    }

    @Override
    public double bceWithLogits(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float scale, int n) {
        float[] lossS = PanamaSupport.orSink(loss); // branch-free stores: see PanamaSupport.orSink
        int lossK = loss != null ? 1 : 0, lossB = loss != null ? lo : 0;
        float[] gradS = PanamaSupport.orSink(grad); // branch-free stores: see PanamaSupport.orSink
        int gradK = grad != null ? 1 : 0, gradB = grad != null ? lo : 0;
        int bound = S.loopBound(n);
        double sum = 0;
        FloatVector one = FloatVector.broadcast(S, 1f), zero = FloatVector.zero(S);
        for (int c = 0; c < bound; c += CHUNK) {
            int end = Math.min(bound, c + CHUNK);
            FloatVector acc = FloatVector.zero(S);
            for (int i = c; i < end; i += L) {
                FloatVector xv = FloatVector.fromArray(S, x, xo + i), yv = FloatVector.fromArray(S, y, yo + i);
                FloatVector e = xv.abs().neg().lanewise(VectorOperators.EXP); // exp(-|x|) in [0, 1]
                // PyTorch's order: ((1 - y) x + max(-x, 0)) + log(1 + exp(-|x|))
                FloatVector oneMinusY = one.sub(yv);
                FloatVector v = oneMinusY.mul(xv).add(xv.neg().max(zero)).add(e.lanewise(VectorOperators.LOG1P));
                acc = acc.add(v);
                v.intoArray(lossS, lossB + i * lossK);
                // sigmoid(x) - y without cancellation for 0/1 targets: e r - y (x < 0), (1 - y) - e r (x >= 0)
                FloatVector er = e.div(one.add(e));
                oneMinusY.sub(er).blend(er.sub(yv), xv.compare(VectorOperators.LT, 0f)).mul(scale).intoArray(gradS, gradB + i * gradK);
            }
            sum += acc.reduceLanes(VectorOperators.ADD);
        }
        return sum + TAIL.bceWithLogits(x, xo + bound, y, yo + bound, loss, grad, lo + bound, scale, n - bound);
    }

    @Override
    public double multilabelSoftMargin(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float scale, int n) {
        // BCE with logits for finite x and y (the same function); a non-finite sum means a non-finite x or y, and the
        // scalar kernel then runs PyTorch's logsigmoid composition element by element
        double fast = bceWithLogits(x, xo, y, yo, loss, grad, lo, scale, n);
        return Double.isFinite(fast) ? fast : TAIL.multilabelSoftMargin(x, xo, y, yo, loss, grad, lo, scale, n);
    }

    @Override
    public double softMargin(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float scale, int n) {
        float[] lossS = PanamaSupport.orSink(loss); // branch-free stores: see PanamaSupport.orSink
        int lossK = loss != null ? 1 : 0, lossB = loss != null ? lo : 0;
        float[] gradS = PanamaSupport.orSink(grad);
        int gradK = grad != null ? 1 : 0, gradB = grad != null ? lo : 0;
        int bound = S.loopBound(n);
        double sum = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        float negScale = -scale;
        for (int c = 0; c < bound; c += CHUNK) {
            int end = Math.min(bound, c + CHUNK);
            FloatVector acc = FloatVector.zero(S);
            for (int i = c; i < end; i += L) {
                FloatVector xv = FloatVector.fromArray(S, x, xo + i), yv = FloatVector.fromArray(S, y, yo + i);
                FloatVector z = xv.neg().mul(yv).lanewise(VectorOperators.EXP); // float32 exp: inf past ~88.72, as PyTorch
                FloatVector v = z.lanewise(VectorOperators.LOG1P);
                acc = acc.add(v);
                v.intoArray(lossS, lossB + i * lossK);
                yv.mul(z).mul(negScale).div(one.add(z)).intoArray(gradS, gradB + i * gradK); // inf / inf = NaN
            }
            sum += acc.reduceLanes(VectorOperators.ADD);
        }
        return sum + TAIL.softMargin(x, xo + bound, y, yo + bound, loss, grad, lo + bound, scale, n - bound);
    }

    @Override
    public double hingeEmbedding(float[] x, int xo, float[] y, int yo, float[] loss, float[] grad, int lo, float margin, float scale, int n) {
        float[] lossS = PanamaSupport.orSink(loss); // branch-free stores: see PanamaSupport.orSink
        int lossK = loss != null ? 1 : 0, lossB = loss != null ? lo : 0;
        float[] gradS = PanamaSupport.orSink(grad); // branch-free stores: see PanamaSupport.orSink
        int gradK = grad != null ? 1 : 0, gradB = grad != null ? lo : 0;
        int bound = S.loopBound(n);
        double sum = 0;
        FloatVector zero = FloatVector.zero(S), m = FloatVector.broadcast(S, margin);
        FloatVector pos = FloatVector.broadcast(S, scale), neg = FloatVector.broadcast(S, -scale);
        for (int c = 0; c < bound; c += CHUNK) {
            int end = Math.min(bound, c + CHUNK);
            FloatVector acc = FloatVector.zero(S);
            for (int i = c; i < end; i += L) {
                FloatVector xv = FloatVector.fromArray(S, x, xo + i), yv = FloatVector.fromArray(S, y, yo + i);
                FloatVector mc = m.sub(xv);
                VectorMask<Float> notOne = yv.compare(VectorOperators.NE, 1f), notMinusOne = yv.compare(VectorOperators.NE, -1f);
                FloatVector clamped = mc.blend(zero, mc.compare(VectorOperators.LT, 0f)); // clamp_min(0) keeps NaN
                FloatVector v = zero.blend(clamped, notOne).add(zero.blend(xv, notMinusOne));
                acc = acc.add(v);
                v.intoArray(lossS, lossB + i * lossK);
                VectorMask<Float> hinge = notOne.and(mc.compare(VectorOperators.GE, 0f));
                zero.blend(pos, notMinusOne).add(zero.blend(neg, hinge)).intoArray(gradS, gradB + i * gradK);
            }
            sum += acc.reduceLanes(VectorOperators.ADD);
        }
        return sum + TAIL.hingeEmbedding(x, xo + bound, y, yo + bound, loss, grad, lo + bound, margin, scale, n - bound);
    }

    @Override
    public double marginRanking(float[] a, int ao, float[] b, int bo, float[] y, int yo, float[] loss, float[] ga, float[] gb, int lo,
                                float margin, float scale, int n) {
        float[] lossS = PanamaSupport.orSink(loss); // branch-free stores: see PanamaSupport.orSink
        int lossK = loss != null ? 1 : 0, lossB = loss != null ? lo : 0;
        float[] gaS = PanamaSupport.orSink(ga); // branch-free stores: see PanamaSupport.orSink
        int gaK = ga != null ? 1 : 0, gaB = ga != null ? lo : 0;
        float[] gbS = PanamaSupport.orSink(gb); // branch-free stores: see PanamaSupport.orSink
        int gbK = gb != null ? 1 : 0, gbB = gb != null ? lo : 0;
        int bound = S.loopBound(n);
        double sum = 0;
        FloatVector zero = FloatVector.zero(S), sc = FloatVector.broadcast(S, scale);
        for (int c = 0; c < bound; c += CHUNK) {
            int end = Math.min(bound, c + CHUNK);
            FloatVector acc = FloatVector.zero(S);
            for (int i = c; i < end; i += L) {
                FloatVector av = FloatVector.fromArray(S, a, ao + i), bv = FloatVector.fromArray(S, b, bo + i);
                FloatVector yv = FloatVector.fromArray(S, y, yo + i);
                FloatVector p = yv.neg().mul(av.sub(bv)).add(margin);
                FloatVector v = p.blend(zero, p.compare(VectorOperators.LT, 0f)); // clamp_min(0) keeps NaN
                acc = acc.add(v);
                v.intoArray(lossS, lossB + i * lossK);
                VectorMask<Float> on = p.compare(VectorOperators.GE, 0f);
                FloatVector gy = zero.blend(sc, on).mul(yv); // [p >= 0] scale y: 0 times an infinite or NaN y is NaN
                gy.neg().intoArray(gaS, gaB + i * gaK);
                gy.intoArray(gbS, gbB + i * gbK);
            }
            sum += acc.reduceLanes(VectorOperators.ADD);
        }
        return sum + TAIL.marginRanking(a, ao + bound, b, bo + bound, y, yo + bound, loss, ga, gb, lo + bound, margin, scale, n - bound);
    }
}
