package org.losses4j.internal.simd;

/**
 * The hot loops of CTCLoss's scaled (probability-space) recursion, on primitive arrays. Implementations:
 * {@code org.losses4j.internal.simd.scalar.ScalarCtcKernels} (core) and {@code org.losses4j.internal.simd.panama.PanamaCtcKernels}
 * (losses4j-simd, Vector API). {@code org.losses4j.internal.kernels.CtcKernel} uses them.
 */
public interface CtcKernels {
    /** The smallest value the scaled recursion accepts without falling back to log space (far above subnormals). */
    double TINY = 1e-280;

    /**
     * {@code dst[dstOff + i] = exp(src[srcOff + i])} for {@code i < n}, in double.
     *
     * @return whether every result is a normal positive finite double ({@code >= Double.MIN_NORMAL}, {@code < +inf})
     */
    boolean exp(float[] src, int srcOff, double[] dst, int dstOff, int n);

    /** As {@link #exp(float[], int, double[], int, int)} for double input. */
    boolean exp(double[] src, int srcOff, double[] dst, int dstOff, int n);

    /**
     * One step of the scaled alpha recursion over the band {@code s in [lo, hi]} (indices of {@code prev} and
     * {@code cur} are {@code s + 2} from their offsets: two guard cells on each side):
     * {@code cur[s] = (prev[s] + prev[s-1] + skip[s] * prev[s-2]) * yp[s] * scale}, where {@code skip} holds 0 or 1
     * (same padded indexing) and {@code yp[s]} (unpadded, from {@code ypOff}) is the probability of l'[s].
     *
     * @return the sum of the new cells, or NaN when one of them is below {@link #TINY} (the caller then leaves
     *     the scaled path)
     */
    double alphaStep(double[] prev, int prevOff, double[] cur, int curOff, double[] skip, double[] yp, int ypOff, double scale, int lo, int hi);

    /**
     * One step of the scaled beta recursion: {@code cur[s] = (next[s] + next[s+1] + skip[s+2] * next[s+2]) * yp[s] * scale}
     * over {@code [lo, hi]}, same layout as {@link #alphaStep}; also {@code ab[s] = cur[s] * alpha[s]} (padded, from
     * {@code alphaOff}) into {@code ab} (unpadded, index s).
     *
     * @return the sum of the new beta cells, or NaN when a beta cell or a product {@code ab[s]} is below {@link #TINY}
     */
    double betaStep(double[] next, int nextOff, double[] cur, int curOff, double[] skip, double[] yp, int ypOff, double scale, int lo, int hi,
                    double[] alpha, int alphaOff, double[] ab);

    /**
     * One gradient row: {@code out[outOff + c] = (float) ((y[c] - post[c] * k / y[c]) * g)}, where a zero
     * {@code post[c]} gives {@code y[c] * g}; {@code y} from {@code yOff}, {@code post} from 0.
     */
    void gradRow(double[] y, int yOff, double[] post, double k, double g, float[] out, int outOff, int n);

    /** As {@link #gradRow(double[], int, double[], double, double, float[], int, int)} into double. */
    void gradRow(double[] y, int yOff, double[] post, double k, double g, double[] out, int outOff, int n);
}
