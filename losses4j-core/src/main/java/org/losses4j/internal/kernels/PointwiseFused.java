package org.losses4j.internal.kernels;

import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.PointwiseKernels;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * The fused float32 pass of the point-wise regression losses (MSE, L1, SmoothL1, Huber, PoissonNLL with log_input,
 * GaussianNLL): one {@link PointwiseKernels} call per fixed block computes the per-element loss, its sum and the
 * input's local gradient already scaled for the reduction. Arrays only; the losses' Tensor side is in
 * {@code org.losses4j.nn}.
 *
 * <p>Fixed blocks (of {@link #GRAIN} or {@link #GRAIN_STREAMING} elements) go through {@link Parallel}, so the loss is
 * the same bit for bit at any thread count.
 */
public final class PointwiseFused {
    private PointwiseFused() {}

    /** The kernels in use (Vector API when available). */
    public static final PointwiseKernels K = VectorizationProvider.get().kernels(PointwiseKernels.class);

    /**
     * Elements per parallel block for the losses with exp/log (PoissonNLL, GaussianNLL): compute-bound, worth
     * splitting from 64K elements on.
     */
    public static final int GRAIN = 1 << 16;

    /**
     * Elements per parallel block for the memory-bound losses (MSE, L1, SmoothL1, Huber): one core already streams
     * them at memory speed (about 2 ms for 2^22 elements here), and splitting 4M elements into 64K blocks made a
     * step slower at 2 threads (2.8 ms against 2.0 ms), so they split only from 1M elements on.
     */
    public static final int GRAIN_STREAMING = 1 << 20;

    /** One loss's kernel over a block (v is null except for GaussianNLL); the {@link PointwiseKernels} argument order. */
    @FunctionalInterface
    public interface Body {
        double run(PointwiseKernels k, float[] x, int xo, float[] y, int yo, float[] v, int vo, float[] out, int oo, float[] g, int go,
                   float scale, int n);
    }

    /**
     * The kernel over elements [0, n) of x, y, v (from their offsets) in parallel blocks of {@code grain}, writing
     * out[0, n) and g[0, n) where not null; returns the loss sum (blocks added in order). {@code aside} is work for the
     * calling thread while the workers start (see {@link SpareOutputs}), or null.
     */
    public static double run(Body body, float[] x, int xo, float[] y, int yo, float[] v, int vo, float[] out, float[] g, float scale, int grain,
                             int n, Runnable aside) {
        return Parallel.parallelSum(0, n, grain, (s, e) -> body.run(K, x, xo + s, y, yo + s, v, vo + s, out, s, g, s, scale, e - s), aside);
    }

    /** dst[i] = -src[i] over [0, n) in parallel blocks of {@code grain} (dst may be src). */
    public static void negate(float[] src, float[] dst, int grain, int n) {
        Parallel.parallelFor(0, n, grain, (a, b) -> K.negate(src, a, dst, a, b - a));
    }

    /** Whether any of a[off, off + n) is negative (NaN is not). */
    public static boolean anyNegative(float[] a, int off, int n) { return K.anyNegative(a, off, n); }
}
