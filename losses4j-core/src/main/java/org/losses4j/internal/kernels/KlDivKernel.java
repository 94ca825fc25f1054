package org.losses4j.internal.kernels;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.Reduction;
import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.SoftmaxKernels;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * KLDivLoss, point-wise over the broadcast of input (log-probabilities) and target:
 * l = exp(t) (t - x) with log_target, else l = xlogy(t, t) - t x (0 log 0 = 0). PyTorch composes it from generic
 * ops, so the backward evaluates the same expressions the chain of op backwards evaluates (the target gradient at
 * t = 0 is 0/0 = NaN in PyTorch, and here).
 *
 * <p>The common case (float32 input and target of one shape, probabilities as target, only the input
 * differentiated) runs fused: one pass over both arrays sums the loss and writes the input's gradient
 * dL/dx = -g t (g the upstream factor: 1 / numel for 'mean', 1 / N for 'batchmean', 1 for 'sum') into the array
 * the node hands over in backward. Everything else takes the general double path.
 */
public final class KlDivKernel {
    private KlDivKernel() {}

    private static final SoftmaxKernels K = VectorizationProvider.get().kernels(SoftmaxKernels.class);
    private static final int GRAIN = 32768;

    /** Floating input and target, broadcastable; returns the broadcast shape (target first, as PyTorch broadcasts). */
    public static int[] check(Tensor input, Tensor target) {
        Checks.notNull(input, "input");
        Checks.notNull(target, "target");
        if (!input.dtype().isFloatingPoint() || !target.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("kl_div: Integral inputs not supported.");
        }
        return Shape.broadcast(target.shape(), input.shape()); // PyTorch's first broadcasting op is target * input
    }

    /** log_target: l = exp(t) (t - x) ; else l = xlogy(t, t) - t x  (0 log 0 = 0). */
    public static double[] forward(Tensor input, Tensor target, int[] shape, boolean logTarget) {
        double[] x = RegressionKernels.read(input, shape), t = RegressionKernels.read(target, shape);
        for (int i = 0; i < x.length; i++) {
            double ti = t[i];
            x[i] = logTarget ? Math.exp(ti) * (ti - x[i]) : xlogy(ti, ti) - ti * x[i];
        }
        return x;
    }

    /** PyTorch's xlogy: NaN if y is NaN, 0 if x == 0, else x log y. */
    static double xlogy(double x, double y) {
        if (Double.isNaN(y)) return Double.NaN;
        if (x == 0) return 0;
        return x * Math.log(y);
    }

    // log_target: dL/dx = -g exp(t) ;  dL/dt = g (t - x) exp(t) + g exp(t)
    // otherwise:  dL/dx = -g t      ;  dL/dt = g xlogy(t != 0, t) + g t / t - g x   (t = 0 gives 0/0 = NaN, as in PyTorch)
    public static double[][] backward(Tensor input, Tensor target, int[] shape, boolean logTarget, double[] g, boolean[] needs) {
        double[] x = RegressionKernels.read(input, shape), t = RegressionKernels.read(target, shape);
        int n = x.length;
        double[] gx = needs[0] ? new double[n] : null, gt = needs[1] ? new double[n] : null;
        for (int i = 0; i < n; i++) {
            double ti = t[i], xi = x[i], gi = g[i];
            if (logTarget) {
                double e = Math.exp(ti);
                if (gx != null) gx[i] = -gi * e;
                if (gt != null) gt[i] = gi * (ti - xi) * e + gi * e;
            } else {
                if (gx != null) gx[i] = -gi * ti;
                if (gt != null) gt[i] = gi * xlogy(ti != 0 || Double.isNaN(ti) ? 1 : 0, ti) + gi * ti / ti - gi * xi;
            }
        }
        return new double[][] {gx, gt};
    }

    // ------------------------------------------------------------------ fused float32 path

    /** Whether the fused path applies: float32 operands of the same shape, probability targets, no target gradient. */
    public static boolean fusable(Tensor input, Tensor target, boolean logTarget, boolean targetGrad) {
        return !logTarget && !targetGrad && input.dtype() == DType.FLOAT32 && target.dtype() == DType.FLOAT32
                && Arrays.equals(input.shape(), target.shape());
    }

    private static float[] contiguous(Tensor t, int[] off) {
        Tensor c = t.isContiguous() ? t : t.contiguousCopy();
        off[0] = c.storageOffset();
        return (float[]) c.storage();
    }

    /**
     * Sum of l = xlogy(t, t) - t x over all elements (in fixed blocks, added in block order); writes the per-element
     * losses into {@code out} ('none') and dL/dx = {@code -gradScale} t into {@code grad} when they are not null;
     * {@code aside} is work for the calling thread while the workers start (see {@link SpareOutputs}), or null.
     */
    public static double fused(Tensor input, Tensor target, float[] out, float[] grad, double gradScale, Runnable aside) {
        int[] xo = new int[1], to = new int[1];
        float[] x = contiguous(input, xo), t = contiguous(target, to);
        float c = (float) -gradScale;
        return Parallel.parallelSum(0, input.numel(), GRAIN,
                (i0, i1) -> K.klDiv(x, xo[0] + i0, t, to[0] + i0, out, i0, grad, i0, c, i1 - i0), aside);
    }

    /**
     * Writes the input gradient for the real upstream gradient into d: -(u / divisor) t (reduced, rounded to float
     * first as PyTorch's chain of float ops does) or -u_i t_i ('none').
     */
    public static void gradInto(float[] d, Tensor target, Reduction red, double divisor, Tensor gradOutput) {
        int[] to = new int[1];
        float[] t = contiguous(target, to);
        int o = to[0];
        if (red == Reduction.NONE) {
            double[] g = gradOutput.toDoubleArray();
            for (int i = 0; i < d.length; i++) d[i] = (float) (-g[i] * t[o + i]);
            return;
        }
        double u = gradOutput.item();
        float c = (float) -(red == Reduction.SUM ? u : u / divisor);
        for (int i = 0; i < d.length; i++) d[i] = c * t[o + i];
    }
}
