package org.losses4j.internal.simd;

/**
 * Kernels of the softmax family (CrossEntropyLoss, and KLDivLoss's point-wise body) on float32 arrays read in
 * place: a row's max, the sum of exp(x - m) with or without storing the exponentials into the gradient buffer,
 * the scale-and-shift that turns stored exponentials into the softmax gradient, and the same operations across
 * spatial positions (class stride = number of positions) for the (N, C, d1..dk) layout, where vectors run over
 * positions and the caller loops over classes.
 *
 * <p>Sums are returned in double: implementations add float lanes over chunks of at most 1024 elements and the
 * chunk sums in double. Maxima propagate NaN (as {@code Math.max}); the max of nothing is -inf.
 * Signatures: (array, offset) pairs first (0-based scratch arrays without an offset), then scalars, the length last.
 * Implementations: {@code org.losses4j.internal.simd.scalar.ScalarSoftmaxKernels} (core) and
 * {@code org.losses4j.internal.simd.panama.PanamaSoftmaxKernels} (losses4j-simd), chosen by
 * {@link VectorizationProvider#kernels(Class)}.
 */
public interface SoftmaxKernels {

    // ---------------------------------------------------------------- along a contiguous row

    /** max of x[off, off + n); NaN if any element is NaN, -inf for n = 0. */
    float max(float[] x, int off, int n);

    /** sum of exp(x[xo + i] - m) over i in [0, n). */
    double sumExp(float[] x, int xo, float m, int n);

    /**
     * g[go + i] = exp(x[xo + i] - m) for i in [0, n); returns their sum. m must be the row's max as {@link #max}
     * gives it, finite (so every x - m <= 0): the scalar kernel relies on it.
     */
    double expStore(float[] x, int xo, float[] g, int go, float m, int n);

    /** sum of x[off, off + n). */
    double sum(float[] x, int off, int n);

    /** sum of x[xo + i] * w[wo + i]. */
    double dot(float[] x, int xo, float[] w, int wo, int n);

    /** g[go + i] = g[go + i] * a - b for i in [0, n). */
    void scaleShift(float[] g, int go, float a, float b, int n);

    /** g[go + i] = g[go + i] * a - b * w[wo + i] for i in [0, n). */
    void scaleShiftWeighted(float[] g, int go, float[] w, int wo, float a, float b, int n);

    // ---------------------------------------------------------------- across positions (one class at a time)

    /** m[i] = max(m[i], x[xo + i]) for i in [0, n), NaN-propagating. */
    void maxAcc(float[] x, int xo, float[] m, int n);

    /** s[i] += exp(x[xo + i] - m[i]) for i in [0, n). */
    void sumExpAcc(float[] x, int xo, float[] m, float[] s, int n);

    /** g[go + i] = exp(x[xo + i] - m[i]); s[i] += g[go + i], for i in [0, n). */
    void expStoreAcc(float[] x, int xo, float[] g, int go, float[] m, float[] s, int n);

    /** acc[i] += a * x[xo + i] for i in [0, n). */
    void axpy(float[] x, int xo, float[] acc, float a, int n);

    /** lse[i] = m[i] + log(s[i]) for i in [0, n) (float). */
    void logSumExpAcross(float[] m, float[] s, float[] lse, int n);

    /** g[go + i] = g[go + i] * a[i] - b[i] * c for i in [0, n). */
    void scaleShiftAcross(float[] g, int go, float[] a, float[] b, float c, int n);

    // ---------------------------------------------------------------- KL divergence (target probabilities)

    /**
     * The point-wise KL divergence l_i = xlogy(t_i, t_i) - t_i x_i (0 log 0 = 0, NaN for a NaN target) over
     * [0, n): writes l_i into {@code out[oo + i]} when {@code out} is not null, {@code c * t_i} into
     * {@code g[go + i]} when {@code g} is not null, and returns the sum of the l_i.
     */
    double klDiv(float[] x, int xo, float[] t, int to, float[] out, int oo, float[] g, int go, float c, int n);
}
