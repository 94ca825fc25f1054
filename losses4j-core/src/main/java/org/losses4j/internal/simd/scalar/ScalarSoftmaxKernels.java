package org.losses4j.internal.simd.scalar;

import org.losses4j.internal.simd.SoftmaxKernels;

/**
 * The scalar {@link SoftmaxKernels}: plain loops, sums in double (four accumulators, so the adds overlap), log in
 * double rounded to float, and exp by a float polynomial ({@link #exp(float)}), several times faster than
 * {@code Math.exp} and within 2 ulp. The softmax exponentials (arguments x - max <= 0) use a branch-free form of
 * it ({@link #softExp}) that C2 vectorises when the input and the gradient share one index (see expStore).
 */
public final class ScalarSoftmaxKernels implements SoftmaxKernels {
    private static final float LOG2E = 1.44269504088896341f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float HI = 88.72283935546875f, LO = -87.33654022216797f;
    private static final float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f, P3 = 4.1665795894E-2f,
            P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;

    /** 1.5 * 2^23: adding it to |v| < 2^22 rounds v to an integer and leaves that integer in the low mantissa bits. */
    private static final float MAGIC = 12582912f;

    /**
     * e^x in float (Cephes expf): x = k ln2 + r with |r| <= ln2 / 2, e^r by a degree-7 polynomial, 2^k through the
     * exponent bits (as 2 * 2^127 for k = 128, which stays finite). Results below the smallest normal float are 0,
     * above the largest float +inf; nan stays nan. k = rint(x log2 e) by the 1.5 * 2^23 trick ({@code Math.round}
     * is not an intrinsic on JDK 17 and costs a branchy call).
     */
    public static float exp(float x) {
        if (!(x >= LO)) return x != x ? x : 0f;
        if (x >= HI) return Float.POSITIVE_INFINITY; // (float) Math.exp(HI) is already inf
        float t = Math.fma(x, LOG2E, MAGIC);
        int ki = Float.floatToRawIntBits(t) - 0x4B400000;
        float p = expReduced(x, t - MAGIC);
        return ki > 127 ? (p + p) * 0x1p127f : p * Float.intBitsToFloat((ki + 127) << 23);
    }

    /** e^r for r = x - k ln2 (k an integer-valued float, |r| <= ln2 / 2): the Cephes polynomial, in [0.7, 1.42]. */
    private static float expReduced(float x, float k) {
        float r = Math.fma(k, -LN2_HI, x);
        r = Math.fma(k, -LN2_LO, r);
        float p = Math.fma(r, P0, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        return Math.fma(p, r * r, r) + 1f;
    }

    /**
     * The softmax exponentials e^d for d = x - m <= 0 (m the row max, finite): d is clamped at {@link #D_MIN} so that
     * 2^k stays a normal scale (k >= -125) and the scaling is an integer add on the exponent bits; below that (e^d
     * under 2.6e-38, far below float32's resolution of a sum that contains e^0 = 1) the value is e^D_MIN's order
     * instead of the exact tiny value. Split in two steps (polynomial, then exponent add) because C2 (JDK 17)
     * vectorises each step as its own loop but not the two together; {@link #softExp} is the same two steps fused,
     * bit for bit.
     */
    private static final float D_MIN = -86.5f;

    static float softPoly(float d) {
        float t = Math.fma(d, LOG2E, MAGIC);
        return expReduced(d, t - MAGIC);
    }

    static float softScale(float p, float d) {
        int b = Float.floatToRawIntBits(Math.fma(d, LOG2E, MAGIC)); // low 9 bits: k (two's complement)
        return Float.intBitsToFloat(Float.floatToRawIntBits(p) + (b << 23));
    }

    /** The one float element function of the softmax exponentials, e^(x - m): the scalar loops and the vector tails. */
    public static float softExp(float x, float m) {
        float d = x - m;
        if (d > 0) return exp(d); // m is not the max (the kernels' contract allows it): the general exp, +inf included
        d = Math.max(d, D_MIN);
        return softScale(softPoly(d), d);
    }


    @Override
    public float max(float[] x, int off, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) m = Math.max(m, x[off + i]);
        return m;
    }

    @Override
    public double sumExp(float[] x, int xo, float m, int n) {
        // the values and the order of expStore's sum, without storing
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += softExp(x[xo + i], m);
            s1 += softExp(x[xo + i + 1], m);
            s2 += softExp(x[xo + i + 2], m);
            s3 += softExp(x[xo + i + 3], m);
        }
        for (; i < n; i++) s0 += softExp(x[xo + i], m);
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public double expStore(float[] x, int xo, float[] g, int go, float m, int n) {
        if (xo == go) {
            // one index for both arrays: C2 vectorises the polynomial loop (it does not when the offsets differ); m is
            // the row max (the interface's contract), so every x - m <= 0 and no element needs the general exp
            int end = go + n;
            for (int i = go; i < end; i++) g[i] = softPoly(Math.min(Math.max(x[i] - m, D_MIN), 0f));
            for (int i = go; i < end; i++) g[i] = softScale(g[i], Math.min(Math.max(x[i] - m, D_MIN), 0f));
        } else {
            for (int i = 0; i < n; i++) g[go + i] = softExp(x[xo + i], m);
        }
        return ScalarSums.sum4(g, go, n);
    }

    @Override
    public double sum(float[] x, int off, int n) {
        return ScalarSums.sum4(x, off, n);
    }

    @Override
    public double dot(float[] x, int xo, float[] w, int wo, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[xo + i] * w[wo + i];
            s1 += x[xo + i + 1] * w[wo + i + 1];
            s2 += x[xo + i + 2] * w[wo + i + 2];
            s3 += x[xo + i + 3] * w[wo + i + 3];
        }
        for (; i < n; i++) s0 += x[xo + i] * w[wo + i];
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void scaleShift(float[] g, int go, float a, float b, int n) {
        for (int i = 0; i < n; i++) g[go + i] = g[go + i] * a - b;
    }

    @Override
    public void scaleShiftWeighted(float[] g, int go, float[] w, int wo, float a, float b, int n) {
        for (int i = 0; i < n; i++) g[go + i] = g[go + i] * a - b * w[wo + i];
    }

    // ---------------------------------------------------------------- across positions
    //
    // m, s, a, b are indexed from 0 while x and g sit at a class row's offset; C2 (JDK 17) does not vectorise a loop
    // whose arrays are indexed differently, so the row is first copied into a 0-based scratch array of the calling
    // thread (System.arraycopy, a few hundred floats that stay in L1) and the loops run over one index.

    /** Two 0-based float scratch rows of at least n elements, one pair per thread. */
    private static final ThreadLocal<float[][]> ROWS = new ThreadLocal<>();

    private static float[][] rows(int n) {
        float[][] r = ROWS.get();
        if (r == null || r[0].length < n) {
            int len = Math.max(n, 1024);
            r = new float[][] {new float[len], new float[len]};
            ROWS.set(r);
        }
        return r;
    }

    private static float[] row(int n) { return rows(n)[0]; }

    @Override
    public void maxAcc(float[] x, int xo, float[] m, int n) {
        if (xo == 0) {
            for (int i = 0; i < n; i++) m[i] = Math.max(m[i], x[i]);
            return;
        }
        float[] r = row(n);
        System.arraycopy(x, xo, r, 0, n);
        for (int i = 0; i < n; i++) m[i] = Math.max(m[i], r[i]);
    }

    @Override
    public void sumExpAcc(float[] x, int xo, float[] m, float[] s, int n) {
        for (int i = 0; i < n; i++) s[i] += softExp(x[xo + i], m[i]);
    }

    @Override
    public void expStoreAcc(float[] x, int xo, float[] g, int go, float[] m, float[] s, int n) {
        // softExp in one-index loops: d = x - m, the polynomial (vectorised), the exponent add (scalar: bit moves),
        // each as expStore; where some d is > 0 (m below a value: the general exp) or NaN, element by element instead.
        // The same bits as softExp.
        float[][] rs = rows(n);
        float[] r = rs[0], p = rs[1];
        System.arraycopy(x, xo, r, 0, n);
        for (int i = 0; i < n; i++) r[i] -= m[i];
        for (int i = 0; i < n; i++) p[i] = softPoly(Math.max(r[i], D_MIN));
        boolean general = false;
        for (int i = 0; i < n; i++) {
            float d = r[i];
            general |= !(d <= 0);
            r[i] = softScale(p[i], Math.max(d, D_MIN));
        }
        if (general) {
            System.arraycopy(x, xo, r, 0, n);
            for (int i = 0; i < n; i++) r[i] = softExp(r[i], m[i]);
        }
        for (int i = 0; i < n; i++) s[i] += r[i];
        System.arraycopy(r, 0, g, go, n);
    }

    @Override
    public void axpy(float[] x, int xo, float[] acc, float a, int n) {
        for (int i = 0; i < n; i++) acc[i] += a * x[xo + i];
    }

    @Override
    public void logSumExpAcross(float[] m, float[] s, float[] lse, int n) {
        for (int i = 0; i < n; i++) lse[i] = m[i] + (float) Math.log(s[i]);
    }

    @Override
    public void scaleShiftAcross(float[] g, int go, float[] a, float[] b, float c, int n) {
        if (go == 0) {
            for (int i = 0; i < n; i++) g[i] = g[i] * a[i] - b[i] * c;
            return;
        }
        float[] r = row(n);
        System.arraycopy(g, go, r, 0, n);
        for (int i = 0; i < n; i++) r[i] = r[i] * a[i] - b[i] * c;
        System.arraycopy(r, 0, g, go, n);
    }

    @Override
    public double klDiv(float[] x, int xo, float[] t, int to, float[] out, int oo, float[] g, int go, float c, int n) {
        // l = t log t - t x (0 where t = 0), g = c t. log t is ScalarFloatLog's (1 ulp) in chunks through 0-based
        // scratch, as the BCE kernel does, so that C2 vectorises the polynomial and the other loops; a chunk holding
        // a t outside [0, 2^100] (negative, huge, inf, NaN) is redone element by element with Math.log.
        float[][] sc = KL_SCRATCH.get();
        float[] ts = sc[0], xs = sc[1], f = sc[2], e = sc[3];
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int k = 0; k < n; k += KL_CHUNK) {
            int m = Math.min(KL_CHUNK, n - k);
            System.arraycopy(t, to + k, ts, 0, m);
            System.arraycopy(x, xo + k, xs, 0, m);
            boolean special = false;
            for (int j = 0; j < m; j++) { // scalar: the bit moves
                float tj = ts[j];
                special |= !(tj >= 0f && tj <= 0x1p100f);
                f[j] = ScalarFloatLog.mantissa(tj);
                e[j] = ScalarFloatLog.exponent(tj);
            }
            if (special) {
                for (int j = 0; j < m; j++) f[j] = klTerm(ts[j], xs[j]);
            } else {
                for (int j = 0; j < m; j++) f[j] = ScalarFloatLog.poly(f[j], e[j]);
                // t = 0: log 0 is about -104 here, 0 x -104 = -0, and -0 + 0 = +0, as the 0 PyTorch's xlogy gives
                for (int j = 0; j < m; j++) f[j] = (ts[j] * f[j] + 0f) - ts[j] * xs[j];
            }
            if (out != null) System.arraycopy(f, 0, out, oo + k, m);
            int j = 0;
            for (; j + 3 < m; j += 4) {
                s0 += f[j];
                s1 += f[j + 1];
                s2 += f[j + 2];
                s3 += f[j + 3];
            }
            for (; j < m; j++) s0 += f[j]; // only in the last chunk (KL_CHUNK is a multiple of 4)
            if (g != null) {
                for (int q = 0; q < m; q++) e[q] = c * ts[q];
                System.arraycopy(e, 0, g, go + k, m);
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static final int KL_CHUNK = 512;
    private static final ThreadLocal<float[][]> KL_SCRATCH = ThreadLocal.withInitial(() -> new float[4][KL_CHUNK]);

    /** One element of {@link #klDiv} by the definition: xlogy(t, t) - t x. */
    static float klTerm(float ti, float xi) {
        return (ti == 0 ? 0f : ti * (float) Math.log(ti)) - ti * xi;
    }
}
