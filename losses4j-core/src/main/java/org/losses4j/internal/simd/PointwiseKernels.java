package org.losses4j.internal.simd;

/**
 * Point-wise regression losses on float32 arrays (MSELoss, L1Loss, SmoothL1Loss, HuberLoss, PoissonNLLLoss with
 * log_input, GaussianNLLLoss): the loss and its local gradient in ONE pass over the operands.
 *
 * <p>Arguments follow one order: (array, offset) pairs, then scalar parameters, the length last. Every loss method
 * covers elements {@code [0, n)} of {@code x} (from {@code xo}), {@code y} (from {@code yo})
 * and, for GaussianNLL, {@code v} (from {@code vo}), and:
 * <ul>
 *   <li>writes the per-element loss to {@code out[oo + i]} when {@code out} is not null (reduction 'none');</li>
 *   <li>writes {@code scale * dl_i/dx_i} to {@code g[go + i]} when {@code g} is not null (1/N for 'mean', 1 for
 *       'sum' and 'none');</li>
 *   <li>returns the sum of the per-element losses, accumulated in float over short runs (at most 16 values per
 *       lane) that are added into a double, so a mean over millions of elements keeps float32 accuracy.</li>
 * </ul>
 * The values are computed in float, as PyTorch's float32 kernels do; NaN and infinities propagate as there.
 * Implementations: {@code org.losses4j.internal.simd.scalar.ScalarPointwiseKernels} (core) and
 * {@code org.losses4j.internal.simd.panama.PanamaPointwiseKernels} (module losses4j-simd, Vector API).
 */
public interface PointwiseKernels {

    /** l = (x - y)^2 ; dl/dx = 2 (x - y). */
    double mse(float[] x, int xo, float[] y, int yo, float[] out, int oo, float[] g, int go, float scale, int n);

    /** l = |x - y| ; dl/dx = sgn(x - y) (0 where x == y or NaN, as PyTorch's abs backward). */
    double l1(float[] x, int xo, float[] y, int yo, float[] out, int oo, float[] g, int go, float scale, int n);

    /**
     * d = x - y: l = 0.5 d^2 / beta if |d| < beta else |d| - 0.5 beta ; dl/dx = -1 if d <= -beta, 1 if d >= beta,
     * else d / beta (beta > 0).
     */
    double smoothL1(float[] x, int xo, float[] y, int yo, float[] out, int oo, float[] g, int go, float scale, float beta, int n);

    /**
     * d = x - y: l = 0.5 d^2 if |d| < delta else delta (|d| - 0.5 delta) ; dl/dx = -delta if d <= -delta, delta if
     * d >= delta, else d (delta > 0).
     */
    double huber(float[] x, int xo, float[] y, int yo, float[] out, int oo, float[] g, int go, float scale, float delta, int n);

    /** PoissonNLLLoss with log_input: l = exp(x) - y x ; gradient written as scale exp(x) - scale y. */
    double poissonLogInput(float[] x, int xo, float[] y, int yo, float[] out, int oo, float[] g, int go, float scale, int n);

    /**
     * GaussianNLLLoss with var of the input's shape: w = max(v, eps) (NaN stays NaN), l = 0.5 (log w + (x - y)^2 / w)
     * plus {@code constant} (0.5 log(2 pi) when full, else 0) ; gradient written as scale (x - y) / w.
     */
    double gaussian(float[] x, int xo, float[] y, int yo, float[] v, int vo, float[] out, int oo, float[] g, int go,
                    float scale, float eps, float constant, int n);

    /** Whether any of {@code a[off .. off + n)} is negative (NaN is not). */
    boolean anyNegative(float[] a, int off, int n);

    /** {@code a[off + i] *= s}. */
    void scale(float[] a, int off, float s, int n);

    /** {@code a[off + i] *= b[bo + i]}. */
    void multiply(float[] a, int off, float[] b, int bo, int n);

    /** {@code dst[do + i] = -src[so + i]}. */
    void negate(float[] src, int so, float[] dst, int dOff, int n);
}
