package org.losses4j.internal.kernels;

import org.losses4j.internal.parallel.Parallel;

/**
 * QuantileLoss (the pinball loss) on arrays: input x of N rows of Q predictions, one per quantile q_j, target y of N
 * values; for each (n, j), with e = y_n - x_nj,
 * <pre>
 *   l_nj = maximum(q_j e, (q_j - 1) e)
 * </pre>
 * as {@code torch.maximum} evaluates it, with that op's autograd: g = upstream, ga = g where q e &gt; (q - 1) e, 0 where
 * it is smaller, g / 2 at a tie (e = 0), gb likewise; de = ga q + gb (q - 1); dl/dx = -de and dl/dy_n = the sum of de
 * over the row (the broadcast of y summed back). At e = 0 the input's gradient is therefore (1/2 - q) g.
 *
 * <p>One algorithm for both dtypes, in double, with {@code f32} rounding every intermediate to float32 as PyTorch's
 * float32 ops do (as {@link KerasKernels}); the quantiles and q - 1 come in the input's dtype ({@code q - 1} is a
 * float32 tensor op for float32 input, so it is rounded there). Rows are split over threads in fixed blocks; the
 * sum is added in block order, so results do not depend on the thread count.
 */
public final class PinballKernel {
    private PinballKernel() {}

    /** Elements per parallel block (rows are grouped so that a block holds about this many). */
    public static final int GRAIN = 1 << 15;

    static double r(double v, boolean f32) { return KerasKernels.r(v, f32); }

    /** The loss of one element: e = y - x, q and qm1 = q - 1 in the dtype. */
    public static double loss(double x, double y, double q, double qm1, boolean f32) {
        double e = r(y - x, f32);
        return Math.max(r(q * e, f32), r(qm1 * e, f32));
    }

    /** d loss / d e for the upstream gradient g (so d/dx = -it, d/dy = it). */
    public static double gradE(double x, double y, double q, double qm1, double g, boolean f32) {
        double e = r(y - x, f32);
        double a = r(q * e, f32), b = r(qm1 * e, f32);
        double ga = a == b ? g / 2 : a < b ? 0 : g;
        double gb = a == b ? g / 2 : a > b ? 0 : g;
        return r(r(ga * q, f32) + r(gb * qm1, f32), f32);
    }

    /** The quantiles in the dtype, and q - 1 computed in it: {q, qm1}. */
    public static double[][] quantiles(double[] qs, boolean f32) {
        double[] q = new double[qs.length], qm1 = new double[qs.length];
        for (int j = 0; j < qs.length; j++) {
            q[j] = r(qs[j], f32);
            qm1[j] = r(q[j] - 1, f32);
        }
        return new double[][] {q, qm1};
    }

    /**
     * The losses of the N x Q elements ({@code out}, when not null) and their sum; with {@code u} (the same upstream
     * for every element: the reduction's scale) also d/dx into gx and d/dy into gy (each may be null).
     *
     * @param x   N x Q input values, row-major
     * @param y   N target values
     * @param q   the Q quantiles in the dtype
     * @param qm1 q - 1 in the dtype
     */
    public static double forward(double[] x, double[] y, double[] q, double[] qm1, double[] out, double[] gx, double[] gy, double u, boolean f32) {
        int nq = q.length, rows = y.length;
        int grain = Math.max(1, GRAIN / Math.max(1, nq));
        return Parallel.parallelSum(0, rows, grain, (lo, hi) -> {
            double s = 0;
            for (int n = lo; n < hi; n++) {
                double sy = 0;
                for (int j = 0; j < nq; j++) {
                    int k = n * nq + j;
                    double l = loss(x[k], y[n], q[j], qm1[j], f32);
                    s += l;
                    if (out != null) out[k] = l;
                    if (gx != null || gy != null) {
                        double ge = gradE(x[k], y[n], q[j], qm1[j], u, f32);
                        if (gx != null) gx[k] = -ge;
                        sy += ge;
                    }
                }
                if (gy != null) gy[n] = sy;
            }
            return s;
        });
    }

    /** Chain-form gradients for the upstream {@code u} per element (N x Q): d/dx into gx, d/dy (summed over j) into gy. */
    public static void backward(double[] x, double[] y, double[] q, double[] qm1, double[] u, double[] gx, double[] gy, boolean f32) {
        int nq = q.length, rows = y.length;
        Parallel.parallelFor(0, rows, Math.max(1, GRAIN / Math.max(1, nq)), (lo, hi) -> {
            for (int n = lo; n < hi; n++) {
                double sy = 0;
                for (int j = 0; j < nq; j++) {
                    int k = n * nq + j;
                    double ge = gradE(x[k], y[n], q[j], qm1[j], r(u[k], f32), f32);
                    if (gx != null) gx[k] = -ge;
                    sy += ge;
                }
                if (gy != null) gy[n] = sy;
            }
        });
    }

    /**
     * The float32 form of {@link #forward(double[], double[], double[], double[], double[], double[], double[], double, boolean)},
     * for float32 input and target read in place (x from xo, rows x Q; y from yo, rows): the losses into out (when not
     * null, from index 0), the gradients for the upstream u (the reduction's scale) into gx (rows x Q) and gy (rows),
     * each when not null; returns the sum of the losses. The double form's functions with every intermediate rounded
     * to float32.
     */
    public static double forwardRows(float[] x, int xo, float[] y, int yo, double[] q, double[] qm1, float[] out, float[] gx, float[] gy, float u,
                                     int rows) {
        int nq = q.length;
        float[] qf = new float[nq], qm = new float[nq];
        for (int j = 0; j < nq; j++) {
            qf[j] = (float) q[j];
            qm[j] = (float) qm1[j];
        }
        // the double functions' float32 form in float, without float branches (u is finite and positive, so u times
        // torch.maximum's 0, 1/2 or 1 is its g / 2, 0 or g exactly)
        return Parallel.parallelSum(0, rows, Math.max(1, GRAIN / Math.max(1, nq)), (lo, hi) -> {
            double s = 0;
            for (int n = lo; n < hi; n++) {
                float yn = y[yo + n];
                double sy = 0;
                for (int j = 0; j < nq; j++) {
                    int k = n * nq + j;
                    float e = yn - x[xo + k], a = qf[j] * e, b = qm[j] * e;
                    float l = Math.max(a, b);
                    s += l;
                    if (out != null) out[k] = l;
                    int tie = a == b ? 1 : 0;
                    float ga = u * (1 - (a < b ? 1 : 0) - 0.5f * tie), gb = u * (1 - (a > b ? 1 : 0) - 0.5f * tie);
                    float ge = ga * qf[j] + gb * qm[j];
                    if (gx != null) gx[k] = -ge;
                    sy += ge;
                }
                if (gy != null) gy[n] = (float) sy;
            }
            return s;
        });
    }
}
