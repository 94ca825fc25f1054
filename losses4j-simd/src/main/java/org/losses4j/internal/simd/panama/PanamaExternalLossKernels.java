package org.losses4j.internal.simd.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.losses4j.internal.simd.ExternalLossKernels;
import org.losses4j.internal.simd.scalar.ScalarExternalLossKernels;

/**
 * Vector API bodies of {@link ExternalLossKernels}: the scalar kernels' float32 arithmetic, op for op, on float lanes
 * (a vector loop over {@code loopBound(n)}, float lanes summed over chunks of at most {@link #CHUNK} elements, each
 * chunk's sum added in double; the scalar kernel for the tail). EXP, LOG, LOG1P and POW are the Vector API's lanewise
 * (SVML) operators, within a few float32 ulps of the scalar kernels' Math functions (PanamaExternalLossKernelsTest).
 */
public final class PanamaExternalLossKernels implements ExternalLossKernels {
    private static final VectorSpecies<Float> S = PanamaSupport.F;
    private static final int L = S.length();
    /** Elements per float-lane partial sum (a multiple of every species length). */
    static final int CHUNK = 1024;
    private static final ScalarExternalLossKernels TAIL = new ScalarExternalLossKernels();
    private static final float LN2 = (float) ScalarExternalLossKernels.LN2;
    private static final float THRESHOLD = (float) ScalarExternalLossKernels.SOFTPLUS_THRESHOLD;

    public PanamaExternalLossKernels() {}

    @Override
    public double logCosh(float[] x, int xo, float[] y, int yo, float[] loss, float[] gx, float[] gy, int lo, float u, int n) {
        float[] lossS = PanamaSupport.orSink(loss); // branch-free stores: see PanamaSupport.orSink
        int lossK = loss != null ? 1 : 0, lossB = loss != null ? lo : 0;
        float[] gxS = PanamaSupport.orSink(gx);
        int gxK = gx != null ? 1 : 0, gxB = gx != null ? lo : 0;
        float[] gyS = PanamaSupport.orSink(gy);
        int gyK = gy != null ? 1 : 0, gyB = gy != null ? lo : 0;
        boolean grads = gx != null || gy != null;
        int bound = S.loopBound(n);
        double sum = 0;
        FloatVector one = FloatVector.broadcast(S, 1f), uv = FloatVector.broadcast(S, u);
        for (int c = 0; c < bound; c += CHUNK) {
            int end = Math.min(bound, c + CHUNK);
            FloatVector acc = FloatVector.zero(S);
            for (int i = c; i < end; i += L) {
                FloatVector d = FloatVector.fromArray(S, x, xo + i).sub(FloatVector.fromArray(S, y, yo + i));
                FloatVector z = d.mul(-2f);
                FloatVector e = z.lanewise(VectorOperators.EXP);
                VectorMask<Float> linear = z.compare(VectorOperators.GT, THRESHOLD);
                // (d + softplus(z)) - log 2, softplus linear above the threshold
                FloatVector l = d.add(e.lanewise(VectorOperators.LOG1P).blend(z, linear)).sub(LN2);
                acc = acc.add(l);
                l.intoArray(lossS, lossB + i * lossK);
                if (grads) {
                    // u + (-2) s, s = u above the threshold, else (u e) / (e + 1)
                    FloatVector g = uv.add(uv.mul(e).div(e.add(one)).blend(uv, linear).mul(-2f));
                    g.intoArray(gxS, gxB + i * gxK);
                    g.neg().intoArray(gyS, gyB + i * gyK);
                }
            }
            sum += acc.reduceLanes(VectorOperators.ADD);
        }
        return sum + TAIL.logCosh(x, xo + bound, y, yo + bound, loss, gx, gy, lo + bound, u, n - bound);
    }

    @Override
    public double sigmoidFocal(float[] x, int xo, float[] y, int yo, float[] loss, float[] gx, float[] gy, int lo, float u, float alpha,
                               float oneMinusAlpha, float gamma, boolean weighted, int n) {
        float[] lossS = PanamaSupport.orSink(loss); // branch-free stores: see PanamaSupport.orSink
        int lossK = loss != null ? 1 : 0, lossB = loss != null ? lo : 0;
        float[] gxS = PanamaSupport.orSink(gx);
        int gxK = gx != null ? 1 : 0, gxB = gx != null ? lo : 0;
        float[] gyS = PanamaSupport.orSink(gy);
        int gyK = gy != null ? 1 : 0, gyB = gy != null ? lo : 0;
        boolean grads = gx != null || gy != null;
        int bound = S.loopBound(n);
        double sum = 0;
        FloatVector one = FloatVector.broadcast(S, 1f), zero = FloatVector.zero(S), uv = FloatVector.broadcast(S, u);
        float gammaM1 = gamma - 1;
        for (int c = 0; c < bound; c += CHUNK) {
            int end = Math.min(bound, c + CHUNK);
            FloatVector acc = FloatVector.zero(S);
            for (int i = c; i < end; i += L) {
                FloatVector xv = FloatVector.fromArray(S, x, xo + i), yv = FloatVector.fromArray(S, y, yo + i);
                FloatVector enx = xv.neg().lanewise(VectorOperators.EXP);                      // exp(-x), the sigmoid's
                FloatVector e = enx.blend(one.div(enx), xv.compare(VectorOperators.LT, 0f));  // exp(-|x|)
                FloatVector p = one.div(one.add(enx));
                FloatVector oneMy = one.sub(yv);
                FloatVector ce = oneMy.mul(xv).add(xv.neg().max(zero)).add(one.add(e).lanewise(VectorOperators.LOG));
                FloatVector onemp = one.sub(p);
                FloatVector b = one.sub(p.mul(yv).add(onemp.mul(oneMy)));
                FloatVector mod = gamma == 2 ? b.mul(b) : gamma == 1 ? b : gamma == 0 ? one : b.lanewise(VectorOperators.POW, gamma);
                FloatVector inner = ce.mul(mod), at = one, l = inner;
                if (weighted) {
                    at = yv.mul(alpha).add(oneMy.mul(oneMinusAlpha));
                    l = at.mul(inner);
                }
                acc = acc.add(l);
                l.intoArray(lossS, lossB + i * lossK);
                if (grads) {
                    FloatVector gi = weighted ? uv.mul(at) : uv;
                    FloatVector gce = gi.mul(mod);
                    FloatVector gpt;
                    if (gamma == 0) {
                        gpt = zero.neg();
                    } else {
                        FloatVector dmod = gamma == 2 ? b.mul(2f) : gamma == 1 ? one : b.lanewise(VectorOperators.POW, gammaM1).mul(gamma);
                        gpt = gi.mul(ce).mul(dmod).neg();
                    }
                    FloatVector gp = gpt.mul(yv).sub(gpt.mul(oneMy));
                    p.sub(yv).mul(gce).add(gp.mul(onemp).mul(p)).intoArray(gxS, gxB + i * gxK);
                    FloatVector g = xv.neg().mul(gce).add(gpt.mul(p).sub(gpt.mul(onemp)));
                    if (weighted) {
                        FloatVector gat = uv.mul(inner);
                        g = g.add(gat.mul(alpha).sub(gat.mul(oneMinusAlpha)));
                    }
                    g.intoArray(gyS, gyB + i * gyK);
                }
            }
            sum += acc.reduceLanes(VectorOperators.ADD);
        }
        return sum + TAIL.sigmoidFocal(x, xo + bound, y, yo + bound, loss, gx, gy, lo + bound, u, alpha, oneMinusAlpha, gamma, weighted, n - bound);
    }

    /** torch.maximum's backward for its first operand: g above {@code other}, g / 2 at a tie, 0 below (whatever g is). */
    private static FloatVector maxGrad(FloatVector v, float other, FloatVector g) {
        return g.blend(g.mul(0.5f), v.compare(VectorOperators.EQ, other)).blend(0f, v.compare(VectorOperators.LT, other));
    }

    /** PyTorch's sign: 1, -1, or 0 (0 and NaN). */
    private static FloatVector sgn(FloatVector v) {
        FloatVector zero = FloatVector.zero(S);
        return zero.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f));
    }

    @Override
    public double msle(float[] x, int xo, float[] y, int yo, float[] loss, float[] gx, float[] gy, int lo, float u, float eps, int n) {
        float[] lossS = PanamaSupport.orSink(loss); // branch-free stores: see PanamaSupport.orSink
        int lossK = loss != null ? 1 : 0, lossB = loss != null ? lo : 0;
        float[] gxS = PanamaSupport.orSink(gx);
        int gxK = gx != null ? 1 : 0, gxB = gx != null ? lo : 0;
        float[] gyS = PanamaSupport.orSink(gy);
        int gyK = gy != null ? 1 : 0, gyB = gy != null ? lo : 0;
        boolean grads = gx != null || gy != null;
        int bound = S.loopBound(n);
        double sum = 0;
        for (int c = 0; c < bound; c += CHUNK) {
            int end = Math.min(bound, c + CHUNK);
            FloatVector acc = FloatVector.zero(S);
            for (int i = c; i < end; i += L) {
                FloatVector xv = FloatVector.fromArray(S, x, xo + i), yv = FloatVector.fromArray(S, y, yo + i);
                FloatVector a = xv.max(eps).add(1f), b = yv.max(eps).add(1f);
                FloatVector d = a.lanewise(VectorOperators.LOG).sub(b.lanewise(VectorOperators.LOG));
                FloatVector l = d.mul(d);
                acc = acc.add(l);
                l.intoArray(lossS, lossB + i * lossK);
                if (grads) {
                    FloatVector gd = d.mul(2f).mul(u);
                    maxGrad(xv, eps, gd.div(a)).intoArray(gxS, gxB + i * gxK);
                    maxGrad(yv, eps, gd.neg().div(b)).intoArray(gyS, gyB + i * gyK);
                }
            }
            sum += acc.reduceLanes(VectorOperators.ADD);
        }
        return sum + TAIL.msle(x, xo + bound, y, yo + bound, loss, gx, gy, lo + bound, u, eps, n - bound);
    }

    @Override
    public double mape(float[] x, int xo, float[] y, int yo, float[] loss, float[] gx, float[] gy, int lo, float u, float eps, int n) {
        float[] lossS = PanamaSupport.orSink(loss); // branch-free stores: see PanamaSupport.orSink
        int lossK = loss != null ? 1 : 0, lossB = loss != null ? lo : 0;
        float[] gxS = PanamaSupport.orSink(gx);
        int gxK = gx != null ? 1 : 0, gxB = gx != null ? lo : 0;
        float[] gyS = PanamaSupport.orSink(gy);
        int gyK = gy != null ? 1 : 0, gyB = gy != null ? lo : 0;
        boolean grads = gx != null || gy != null;
        int bound = S.loopBound(n);
        double sum = 0;
        float u100 = u * 100f;
        for (int c = 0; c < bound; c += CHUNK) {
            int end = Math.min(bound, c + CHUNK);
            FloatVector acc = FloatVector.zero(S);
            for (int i = c; i < end; i += L) {
                FloatVector xv = FloatVector.fromArray(S, x, xo + i), yv = FloatVector.fromArray(S, y, yo + i);
                FloatVector ay = yv.abs(), cv = ay.max(eps);
                FloatVector q = yv.sub(xv).div(cv);
                FloatVector l = q.abs().mul(100f);
                acc = acc.add(l);
                l.intoArray(lossS, lossB + i * lossK);
                if (grads) {
                    FloatVector gq = sgn(q).mul(u100);
                    FloatVector gn = gq.div(cv);
                    gn.neg().intoArray(gxS, gxB + i * gxK);
                    gn.add(maxGrad(ay, eps, gq.neg().mul(q.div(cv))).mul(sgn(yv))).intoArray(gyS, gyB + i * gyK);
                }
            }
            sum += acc.reduceLanes(VectorOperators.ADD);
        }
        return sum + TAIL.mape(x, xo + bound, y, yo + bound, loss, gx, gy, lo + bound, u, eps, n - bound);
    }

    @Override
    public double squaredHinge(float[] x, int xo, float[] y, int yo, float[] loss, float[] gx, float[] gy, int lo, float u, boolean converted,
                               int n) {
        float[] lossS = PanamaSupport.orSink(loss); // branch-free stores: see PanamaSupport.orSink
        int lossK = loss != null ? 1 : 0, lossB = loss != null ? lo : 0;
        float[] gxS = PanamaSupport.orSink(gx);
        int gxK = gx != null ? 1 : 0, gxB = gx != null ? lo : 0;
        float[] gyS = PanamaSupport.orSink(gy);
        int gyK = gy != null ? 1 : 0, gyB = gy != null ? lo : 0;
        boolean grads = gx != null || gy != null;
        int bound = S.loopBound(n);
        double sum = 0;
        float ty = converted ? 2f : 1f, tc = converted ? 1f : 0f; // t = y ty - tc: 2 y - 1, or y itself
        for (int c = 0; c < bound; c += CHUNK) {
            int end = Math.min(bound, c + CHUNK);
            FloatVector acc = FloatVector.zero(S);
            for (int i = c; i < end; i += L) {
                FloatVector xv = FloatVector.fromArray(S, x, xo + i), yv = FloatVector.fromArray(S, y, yo + i);
                FloatVector t = yv.mul(ty).sub(tc);
                FloatVector s = FloatVector.broadcast(S, 1f).sub(t.mul(xv)), h = s.max(0f);
                FloatVector l = h.mul(h);
                acc = acc.add(l);
                l.intoArray(lossS, lossB + i * lossK);
                if (grads) {
                    FloatVector gs = maxGrad(s, 0f, h.mul(2f).mul(u));
                    gs.neg().mul(t).intoArray(gxS, gxB + i * gxK);
                    gs.neg().mul(xv).mul(ty).intoArray(gyS, gyB + i * gyK);
                }
            }
            sum += acc.reduceLanes(VectorOperators.ADD);
        }
        return sum + TAIL.squaredHinge(x, xo + bound, y, yo + bound, loss, gx, gy, lo + bound, u, converted, n - bound);
    }
}
