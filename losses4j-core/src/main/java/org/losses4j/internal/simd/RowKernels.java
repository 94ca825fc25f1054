package org.losses4j.internal.simd;

/**
 * Row kernels of the embedding and multi-class margin losses (CosineEmbeddingLoss, TripletMarginLoss, MultiMarginLoss,
 * MultiLabelMarginLoss): dot products and squared norms, squared p = 2 distances, and the fused row updates that write
 * a row's gradient. Float32 arrays read in place (array + offset + length). Sums accumulate in float lanes over one
 * row (callers keep rows short, at most a few thousand elements) and come back as doubles; every element-wise
 * quantity ({@code (a - b) + eps}, {@code (m - x[y]) + x[i]}) is rounded to float as PyTorch computes it.
 *
 * <p>Parameters of the embedding kernels: (array, offset) pairs first (inputs, then outputs), then scalars, the length
 * last. Their float element computations are {@code ScalarRowKernels}' static element functions, which the scalar
 * loops and the Vector API tails both call.
 *
 * <p>Implementations: {@code org.losses4j.internal.simd.scalar.ScalarRowKernels} (core) and
 * {@code org.losses4j.internal.simd.panama.PanamaRowKernels} (losses4j-simd), chosen by {@link VectorizationProvider}.
 */
public interface RowKernels {

    /** out[o] = sum a*b, out[o + 1] = sum a*a, out[o + 2] = sum b*b over n elements. */
    void dotAndSquaredNorms(float[] a, int aOff, float[] b, int bOff, double[] out, int o, int n);

    /** sum over n elements of ((a - b) + eps)^2, the difference and the shift each rounded to float. */
    double squaredDistance(float[] a, int aOff, float[] b, int bOff, float eps, int n);

    /**
     * The cosine gradient of one row: d1[k] = s1 b[k] - t1 a[k] and d2[k] = s2 a[k] - t2 b[k] (a null destination is
     * skipped).
     */
    void cosineGrad(float[] a, int aOff, float[] b, int bOff, float[] d1, int d1Off, float[] d2, int d2Off,
                    float s1, float t1, float s2, float t2, int n);

    /**
     * The triplet gradient of one row with u = (a - p) + eps and v = (a - q) + eps: ga = su u - sv v, gp = -su u,
     * gq = sv v (a null destination is skipped).
     */
    void tripletGrad(float[] a, int aOff, float[] p, int pOff, float[] q, int qOff, float[] ga, int gaOff, float[] gp, int gpOff,
                     float[] gq, int gqOff, float eps, float su, float sv, int n);

    /**
     * One MultiMarginLoss row x[xo .. xo + n) with target y (relative to xo): z_i = shift + x[i] (shift = margin - x[y],
     * float) for i != y. Writes out[oo] = sum of the positive z, out[oo + 1] = sum of their squares, out[oo + 2] = how
     * many are positive. With g not null: g[go + i] = h (p = 1) or 2 h z_i (p = 2) where z_i > 0, else 0, for i != y
     * (g[go + y] is left to the caller). Only z &gt; 0 counts (a NaN z never does), as in PyTorch.
     */
    void multiMarginRow(float[] x, int xo, float[] g, int go, double[] out, int oo, int y, float shift, int p, float h, int n);

    /**
     * One label of a MultiLabelMarginLoss row: z_i = shift + xm[xo + i] over n elements (xm is the row with its labels set
     * to -inf, so they never count). Adds 1 to cnt[co + i] where z_i &gt; 0 (cnt may be null); out[oo] = sum of the
     * positive z, out[oo + 1] = how many are positive.
     */
    void multiLabelRow(float[] xm, int xo, float[] cnt, int co, double[] out, int oo, float shift, int n);

    /** x[off + k] *= s over n elements. */
    void scale(float[] x, int off, float s, int n);
}
