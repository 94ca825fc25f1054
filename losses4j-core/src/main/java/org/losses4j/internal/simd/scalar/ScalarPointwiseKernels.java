package org.losses4j.internal.simd.scalar;

import org.losses4j.internal.simd.PointwiseKernels;

/**
 * The scalar {@link PointwiseKernels}: plain loops in float (GaussianNLL's log by {@link ScalarFloatLog}, 1 ulp,
 * PoissonNLL's exp by a double polynomial rounded to float, see their sections), sums in double. The reference
 * the Vector API kernels are tested against.
 *
 * <p>Written for C2: each loss is a small per-element method (inlined) driven by a loop unrolled by four with four
 * double accumulators, so the sum is not one long chain of dependent adds. No float ternaries: C2 compiles
 * {@code c ? a : b} on floats to a jump on x86, which mispredicts on random data (about 20x slower here), so
 * selections use {@code Math.min/max} (branch-free intrinsics) or int arithmetic. Where that reorders a rounding
 * (the linear pieces of SmoothL1/Huber) the value stays within an ulp or two of PyTorch's formula, which the
 * Vector API kernels follow exactly.
 */
public final class ScalarPointwiseKernels implements PointwiseKernels {
    public ScalarPointwiseKernels() {}

    // ------------------------------------------------------------------ the element functions, one per loss and form
    // d = x - y. Each is the loss's one float formula: the scalar loops below (general and one-index) and the Vector API
    // kernels' tails call these; the double forms of the general path are RegressionKernels' and MseKernel's.

    /** MSE: l = d^2. */
    public static float mseLoss(float d) { return d * d; }

    /** MSE: dl/dx scaled, {@code twoScale} = 2 scale: g = d (2 scale). */
    public static float mseGrad(float d, float twoScale) { return d * twoScale; }

    /** L1: l = |d|. */
    public static float l1Loss(float d) { return Math.abs(d); }

    /** L1: dl/dx scaled = sgn(d) scale, 0 for d == 0 or NaN (PyTorch's abs backward; int arithmetic, no float ternary). */
    public static float l1Grad(float d, float scale) { return ((d > 0 ? 1 : 0) - (d < 0 ? 1 : 0)) * scale; }

    /**
     * SmoothL1 (beta > 0): c = min(|d|, beta), l = 0.5 c^2 / beta + (|d| - c), which is PyTorch's 0.5 d^2 / beta for
     * |d| < beta and |d| - 0.5 beta otherwise, branch-free (within 2 ulps on the linear piece; NaN stays NaN).
     */
    public static float smoothL1Loss(float d, float beta) {
        float z = Math.abs(d), c = Math.min(z, beta);
        return 0.5f * c * c / beta + (z - c);
    }

    /** SmoothL1: dl/dx scaled = clamp(d scale / beta, -scale, scale); {@code scaleOverBeta} = scale / beta. */
    public static float smoothL1Grad(float d, float scale, float scaleOverBeta) { return Math.max(-scale, Math.min(scale, d * scaleOverBeta)); }

    /** Huber (delta > 0): c = min(|d|, delta), l = 0.5 c^2 + delta (|d| - c), PyTorch's pieces branch-free. */
    public static float huberLoss(float d, float delta) {
        float z = Math.abs(d), c = Math.min(z, delta);
        return 0.5f * c * c + delta * (z - c);
    }

    /** Huber: dl/dx scaled = clamp(d scale, -delta scale, delta scale); {@code scaleDelta} = scale delta. */
    public static float huberGrad(float d, float scale, float scaleDelta) { return Math.max(-scaleDelta, Math.min(scaleDelta, d * scale)); }

    // ------------------------------------------------------------------ the loops

    /**
     * Whether x, y and the arrays written (out, else g; g too when both) all start at the same offset, with at least
     * one of them present: the loss then goes through that array in loops over one index, which C2 vectorises.
     */
    private static boolean oneIndex(int xo, int yo, float[] out, int oo, float[] g, int go) {
        return xo == yo && (out == null ? g != null && go == xo : oo == xo && (g == null || go == xo));
    }

    // one element of the general loops: writes the loss and the gradient where asked, returns the loss
    private static float mseAt(float[] x, int xi, float[] y, int yi, float[] out, int oi, float[] g, int gi, float two) {
        float d = x[xi] - y[yi], l = mseLoss(d);
        if (out != null) out[oi] = l;
        if (g != null) g[gi] = mseGrad(d, two);
        return l;
    }

    @Override
    public double mse(float[] x, int xo, float[] y, int yo, float[] out, int oo, float[] g, int go, float scale, int n) {
        float two = 2 * scale;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += mseAt(x, xo + i, y, yo + i, out, oo + i, g, go + i, two);
            s1 += mseAt(x, xo + i + 1, y, yo + i + 1, out, oo + i + 1, g, go + i + 1, two);
            s2 += mseAt(x, xo + i + 2, y, yo + i + 2, out, oo + i + 2, g, go + i + 2, two);
            s3 += mseAt(x, xo + i + 3, y, yo + i + 3, out, oo + i + 3, g, go + i + 3, two);
        }
        for (; i < n; i++) s0 += mseAt(x, xo + i, y, yo + i, out, oo + i, g, go + i, two);
        return (s0 + s1) + (s2 + s3);
    }

    private static float l1At(float[] x, int xi, float[] y, int yi, float[] out, int oi, float[] g, int gi, float scale) {
        float d = x[xi] - y[yi], l = l1Loss(d);
        if (out != null) out[oi] = l;
        if (g != null) g[gi] = l1Grad(d, scale);
        return l;
    }

    @Override
    public double l1(float[] x, int xo, float[] y, int yo, float[] out, int oo, float[] g, int go, float scale, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += l1At(x, xo + i, y, yo + i, out, oo + i, g, go + i, scale);
            s1 += l1At(x, xo + i + 1, y, yo + i + 1, out, oo + i + 1, g, go + i + 1, scale);
            s2 += l1At(x, xo + i + 2, y, yo + i + 2, out, oo + i + 2, g, go + i + 2, scale);
            s3 += l1At(x, xo + i + 3, y, yo + i + 3, out, oo + i + 3, g, go + i + 3, scale);
        }
        for (; i < n; i++) s0 += l1At(x, xo + i, y, yo + i, out, oo + i, g, go + i, scale);
        return (s0 + s1) + (s2 + s3);
    }

    private static float smoothL1At(float[] x, int xi, float[] y, int yi, float[] out, int oi, float[] g, int gi, float scale, float beta,
                                    float sb) {
        float d = x[xi] - y[yi], l = smoothL1Loss(d, beta);
        if (out != null) out[oi] = l;
        if (g != null) g[gi] = smoothL1Grad(d, scale, sb);
        return l;
    }

    @Override
    public double smoothL1(float[] x, int xo, float[] y, int yo, float[] out, int oo, float[] g, int go, float scale, float beta, int n) {
        float sb = scale / beta;
        if (oneIndex(xo, yo, out, oo, g, go)) {
            // one index for every array: C2 vectorises these loops (the losses go through the output or gradient array)
            int to = xo + n;
            float[] l = out != null ? out : g;
            for (int i = xo; i < to; i++) l[i] = smoothL1Loss(x[i] - y[i], beta);
            double sum = ScalarSums.sum4(l, xo, n);
            if (g != null) for (int i = xo; i < to; i++) g[i] = smoothL1Grad(x[i] - y[i], scale, sb);
            return sum;
        }
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += smoothL1At(x, xo + i, y, yo + i, out, oo + i, g, go + i, scale, beta, sb);
            s1 += smoothL1At(x, xo + i + 1, y, yo + i + 1, out, oo + i + 1, g, go + i + 1, scale, beta, sb);
            s2 += smoothL1At(x, xo + i + 2, y, yo + i + 2, out, oo + i + 2, g, go + i + 2, scale, beta, sb);
            s3 += smoothL1At(x, xo + i + 3, y, yo + i + 3, out, oo + i + 3, g, go + i + 3, scale, beta, sb);
        }
        for (; i < n; i++) s0 += smoothL1At(x, xo + i, y, yo + i, out, oo + i, g, go + i, scale, beta, sb);
        return (s0 + s1) + (s2 + s3);
    }

    private static float huberAt(float[] x, int xi, float[] y, int yi, float[] out, int oi, float[] g, int gi, float scale, float delta,
                                 float sd) {
        float d = x[xi] - y[yi], l = huberLoss(d, delta);
        if (out != null) out[oi] = l;
        if (g != null) g[gi] = huberGrad(d, scale, sd);
        return l;
    }

    @Override
    public double huber(float[] x, int xo, float[] y, int yo, float[] out, int oo, float[] g, int go, float scale, float delta, int n) {
        float sd = scale * delta;
        if (oneIndex(xo, yo, out, oo, g, go)) {
            // one index for every array: C2 vectorises these loops (the losses go through the output or gradient array)
            int to = xo + n;
            float[] l = out != null ? out : g;
            for (int i = xo; i < to; i++) l[i] = huberLoss(x[i] - y[i], delta);
            double sum = ScalarSums.sum4(l, xo, n);
            if (g != null) for (int i = xo; i < to; i++) g[i] = huberGrad(x[i] - y[i], scale, sd);
            return sum;
        }
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += huberAt(x, xo + i, y, yo + i, out, oo + i, g, go + i, scale, delta, sd);
            s1 += huberAt(x, xo + i + 1, y, yo + i + 1, out, oo + i + 1, g, go + i + 1, scale, delta, sd);
            s2 += huberAt(x, xo + i + 2, y, yo + i + 2, out, oo + i + 2, g, go + i + 2, scale, delta, sd);
            s3 += huberAt(x, xo + i + 3, y, yo + i + 3, out, oo + i + 3, g, go + i + 3, scale, delta, sd);
        }
        for (; i < n; i++) s0 += huberAt(x, xo + i, y, yo + i, out, oo + i, g, go + i, scale, delta, sd);
        return (s0 + s1) + (s2 + s3);
    }

    // l = exp(x) - y x ; g = scale exp(x) - scale y
    //
    // exp(x) in double, rounded once to float: as accurate as (float) Math.exp, which the Vector API kernel is tested
    // against after the cancellation in exp(x) - y x (a float polynomial's 2 ulps were too many). x = k ln2 + r with
    // |r| <= ln2 / 2, e^r by its Taylor polynomial to r^10 (truncation below 3e-13 relative), times 2^k as a double
    // (x is clamped to [-150, 129] first, so k fits a double exponent; the one rounding to float then gives float32's
    // subnormals, 0 and +inf). C2 (JDK 17) vectorises neither conversions and bit moves nor loops over arrays at
    // different offsets, so the work goes by chunks through 0-based per-thread scratch: a vectorised loop for k, a
    // scalar one for r and 2^k, a vectorised one for the polynomial, a scalar one for the scaling and rounding,
    // vectorised float loops for the loss and the gradient, copies out.

    private static final int POISSON_CHUNK = 512;
    private static final double LN2 = 0.6931471805599453;
    private static final float LOG2E_F = 1.44269504088896341f, ROUND_MAGIC = 12582912f; // 1.5 * 2^23: rint by an add

    private static final class PoissonScratch {
        final float[] x = new float[POISSON_CHUNK], y = new float[POISSON_CHUNK], e = new float[POISSON_CHUNK];
        final float[] g = new float[POISSON_CHUNK], c = new float[POISSON_CHUNK], k = new float[POISSON_CHUNK];
        final double[] r = new double[POISSON_CHUNK], s = new double[POISSON_CHUNK];
    }

    private static final ThreadLocal<PoissonScratch> POISSON_SCRATCH = ThreadLocal.withInitial(PoissonScratch::new);

    /** e^r for |r| <= ln2 / 2 (in double): Taylor to r^10. */
    private static double expPoly(double r) {
        double p = Math.fma(r, 1.0 / 3628800, 1.0 / 362880);
        p = Math.fma(p, r, 1.0 / 40320);
        p = Math.fma(p, r, 1.0 / 5040);
        p = Math.fma(p, r, 1.0 / 720);
        p = Math.fma(p, r, 1.0 / 120);
        p = Math.fma(p, r, 1.0 / 24);
        p = Math.fma(p, r, 1.0 / 6);
        p = Math.fma(p, r, 0.5);
        p = Math.fma(p, r, 1.0);
        return Math.fma(p, r, 1.0);
    }

    /** exp(x) for a float x, rounded once to float (NaN stays NaN, +inf gives +inf, -inf 0): the chunk loops fused. */
    static float expAccurate(float x) {
        float xc = Math.max(Math.min(x, 129f), -150f);
        float t = Math.fma(xc, LOG2E_F, ROUND_MAGIC);
        int k = Float.floatToRawIntBits(t) - 0x4B400000;
        double r = Math.fma(-(double) (t - ROUND_MAGIC), LN2, xc);
        return (float) (expPoly(r) * Double.longBitsToDouble((long) (k + 1023) << 52));
    }

    @Override
    public double poissonLogInput(float[] x, int xo, float[] y, int yo, float[] out, int oo, float[] g, int go, float scale, int n) {
        PoissonScratch sc = POISSON_SCRATCH.get();
        float[] xs = sc.x, ys = sc.y, es = sc.e, gs = sc.g, cs = sc.c, ks = sc.k;
        double[] rs = sc.r, ss = sc.s;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int c = 0; c < n; c += POISSON_CHUNK) {
            int m = Math.min(POISSON_CHUNK, n - c);
            System.arraycopy(x, xo + c, xs, 0, m);
            System.arraycopy(y, yo + c, ys, 0, m);
            // k = rint(x log2 e) of the clamped x (vectorised), then r = x - k ln2 and 2^k in double (scalar: the
            // conversions and bit moves); the same values as expAccurate
            for (int j = 0; j < m; j++) {
                float xc = Math.max(Math.min(xs[j], 129f), -150f);
                cs[j] = xc;
                ks[j] = Math.fma(xc, LOG2E_F, ROUND_MAGIC) - ROUND_MAGIC;
            }
            for (int j = 0; j < m; j++) {
                rs[j] = Math.fma(-(double) ks[j], LN2, cs[j]);
                ss[j] = Double.longBitsToDouble((long) ((int) ks[j] + 1023) << 52);
            }
            for (int j = 0; j < m; j++) rs[j] = expPoly(rs[j]);
            for (int j = 0; j < m; j++) es[j] = (float) (rs[j] * ss[j]);
            if (g != null) {
                for (int j = 0; j < m; j++) gs[j] = scale * es[j] - scale * ys[j];
                System.arraycopy(gs, 0, g, go + c, m);
            }
            for (int j = 0; j < m; j++) es[j] = es[j] - ys[j] * xs[j];
            if (out != null) System.arraycopy(es, 0, out, oo + c, m);
            int j = 0;
            for (; j + 3 < m; j += 4) {
                s0 += es[j];
                s1 += es[j + 1];
                s2 += es[j + 2];
                s3 += es[j + 3];
            }
            for (; j < m; j++) s0 += es[j]; // only in the last chunk (POISSON_CHUNK is a multiple of 4)
        }
        return (s0 + s1) + (s2 + s3);
    }

    // w = max(v, eps): l = 0.5 (log w + d^2 / w) + constant ; g = d / w scale
    //
    // log w is ScalarFloatLog's (1 ulp) rather than (float) Math.log: Math.log is a call C2 does not vectorise, and it
    // was most of this loop's time (the scalar step took twice PyTorch's). As klDiv does, the work goes by chunks
    // through 0-based per-thread scratch so that C2 (JDK 17) vectorises every loop but the bit moves; a chunk holding
    // a w outside (0, 2^100] (NaN, +inf, or 0 when eps is 0) is done element by element with Math.log instead.

    private static final int GAUSSIAN_CHUNK = 512;
    private static final ThreadLocal<float[][]> GAUSSIAN_SCRATCH = ThreadLocal.withInitial(() -> new float[5][GAUSSIAN_CHUNK]);

    /** One element's loss by the definition, with Math.log, for d = x - y and w = max(v, eps): the path for specials. */
    static float gaussianTerm(float d, float w, float constant) {
        return 0.5f * ((float) Math.log(w) + d * d / w) + constant;
    }

    @Override
    public double gaussian(float[] x, int xo, float[] y, int yo, float[] v, int vo, float[] out, int oo, float[] g, int go,
                           float scale, float eps, float constant, int n) {
        float[][] sc = GAUSSIAN_SCRATCH.get();
        float[] ws = sc[0], ds = sc[1], ys = sc[2], f = sc[3], e = sc[4];
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int c = 0; c < n; c += GAUSSIAN_CHUNK) {
            int m = Math.min(GAUSSIAN_CHUNK, n - c);
            System.arraycopy(v, vo + c, ws, 0, m);
            System.arraycopy(x, xo + c, ds, 0, m);
            System.arraycopy(y, yo + c, ys, 0, m);
            for (int j = 0; j < m; j++) {
                ws[j] = Math.max(ws[j], eps); // NaN stays NaN
                ds[j] = ds[j] - ys[j];
            }
            boolean special = false;
            for (int j = 0; j < m; j++) { // scalar: the bit moves
                float wj = ws[j];
                special |= !(wj > 0f && wj <= 0x1p100f);
                f[j] = ScalarFloatLog.mantissa(wj);
                e[j] = ScalarFloatLog.exponent(wj);
            }
            if (special) {
                for (int j = 0; j < m; j++) f[j] = gaussianTerm(ds[j], ws[j], constant);
            } else {
                for (int j = 0; j < m; j++) f[j] = ScalarFloatLog.poly(f[j], e[j]);
                for (int j = 0; j < m; j++) f[j] = 0.5f * (f[j] + ds[j] * ds[j] / ws[j]) + constant;
            }
            if (out != null) System.arraycopy(f, 0, out, oo + c, m);
            if (g != null) {
                for (int j = 0; j < m; j++) e[j] = ds[j] / ws[j] * scale;
                System.arraycopy(e, 0, g, go + c, m);
            }
            int j = 0;
            for (; j + 3 < m; j += 4) {
                s0 += f[j];
                s1 += f[j + 1];
                s2 += f[j + 2];
                s3 += f[j + 3];
            }
            for (; j < m; j++) s0 += f[j]; // only in the last chunk (GAUSSIAN_CHUNK is a multiple of 4)
        }
        return (s0 + s1) + (s2 + s3);
    }


    @Override
    public boolean anyNegative(float[] a, int off, int n) {
        boolean neg = false;
        for (int i = 0; i < n; i++) neg |= a[off + i] < 0;
        return neg;
    }

    @Override
    public void scale(float[] a, int off, float s, int n) {
        for (int i = 0; i < n; i++) a[off + i] *= s;
    }

    @Override
    public void multiply(float[] a, int off, float[] b, int bo, int n) {
        for (int i = 0; i < n; i++) a[off + i] *= b[bo + i];
    }

    @Override
    public void negate(float[] src, int so, float[] dst, int dOff, int n) {
        for (int i = 0; i < n; i++) dst[dOff + i] = -src[so + i];
    }
}
