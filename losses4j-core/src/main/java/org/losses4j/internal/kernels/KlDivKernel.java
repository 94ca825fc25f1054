package org.losses4j.internal.kernels;

import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.SoftmaxKernels;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * KLDivLoss, point-wise with {@code x} a log-probability: l = exp(t) (t - x) with log_target, else
 * l = xlogy(t, t) - t x (0 log 0 = 0). Arrays only.
 *
 * <p>The double form (float64, broadcasting, log targets, a differentiated target) evaluates PyTorch's expressions
 * and, backward, its chain of op backwards with the upstream gradient inside every term (the target gradient at
 * t = 0 is 0/0 = NaN in PyTorch, and here). The float32 form (probability targets of the input's shape, only the input
 * differentiated) is {@link #fused}: one pass sums the loss and writes the input's local gradient -scale t
 * ({@code SoftmaxKernels.klDiv}).
 */
public final class KlDivKernel {
    private KlDivKernel() {}

    private static final SoftmaxKernels K = VectorizationProvider.get().kernels(SoftmaxKernels.class);
    private static final int GRAIN = 32768;

    /** PyTorch's xlogy: NaN if y is NaN, 0 if x == 0, else x log y. */
    static double xlogy(double x, double y) {
        if (Double.isNaN(y)) return Double.NaN;
        if (x == 0) return 0;
        return x * Math.log(y);
    }

    /** log_target: l = exp(t) (t - x) ; else l = xlogy(t, t) - t x. */
    public static void klDiv(double[] x, double[] t, double[] out, boolean logTarget) {
        for (int i = 0; i < out.length; i++) {
            double ti = t[i];
            out[i] = logTarget ? Math.exp(ti) * (ti - x[i]) : xlogy(ti, ti) - ti * x[i];
        }
    }

    // log_target: dL/dx = -u exp(t) ;  dL/dt = u (t - x) exp(t) + u exp(t)
    // otherwise:  dL/dx = -u t      ;  dL/dt = u xlogy(t != 0, t) + u t / t - u x   (t = 0 gives 0/0 = NaN, as in PyTorch)
    public static void klDivBackward(double[] x, double[] t, double[] u, double[] gx, double[] gt, boolean logTarget) {
        for (int i = 0; i < x.length; i++) {
            double ti = t[i], xi = x[i], ui = u[i];
            if (logTarget) {
                double e = Math.exp(ti);
                if (gx != null) gx[i] = -ui * e;
                if (gt != null) gt[i] = ui * (ti - xi) * e + ui * e;
            } else {
                if (gx != null) gx[i] = -ui * ti;
                if (gt != null) gt[i] = ui * xlogy(ti != 0 || Double.isNaN(ti) ? 1 : 0, ti) + ui * ti / ti - ui * xi;
            }
        }
    }

    // dL/dx = -scale t  (scale = 1 / numel for 'mean', 1 / N for 'batchmean', 1 for 'sum' and 'none')
    /**
     * The float32 form: sum of l = xlogy(t, t) - t x over elements [0, n) of x and t (from their offsets), in fixed
     * blocks added in block order; writes the per-element losses into out[0, n) ('none') and -scale t into
     * grad[0, n) where not null. {@code aside} is work for the calling thread while the workers start, or null.
     */
    public static double fused(float[] x, int xo, float[] t, int to, float[] out, float[] grad, double scale, int n, Runnable aside) {
        float c = (float) -scale;
        return Parallel.parallelSum(0, n, GRAIN, (i0, i1) -> K.klDiv(x, xo + i0, t, to + i0, out, i0, grad, i0, c, i1 - i0), aside);
    }
}
