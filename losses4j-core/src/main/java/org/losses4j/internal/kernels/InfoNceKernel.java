package org.losses4j.internal.kernels;

import java.lang.ref.SoftReference;
import java.util.Arrays;
import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.GemmKernels;
import org.losses4j.internal.simd.GemmKernels.Layout;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * InfoNCE with in-batch negatives on primitive arrays: anchors x1 (N x D) and positives x2 (N x D), row-major, read in
 * place from their offsets. With {@code den_i = max(||x_i||, 1e-12)} (F.normalize) and T the temperature:
 * <pre>
 *   u = x1 / den1,  v = x2 / den2,  S = u v^T / T                         (N x N logits: one product)
 *   row i:     l_i = lse_j(S_ij) - S_ii                                   (cross entropy of row i, target i)
 *   column j:  c_j = lse_i(S_ij) - S_jj                                   (symmetric only)
 *   loss_i = l_i, or (l_i + c_i) / 2 when symmetric
 * </pre>
 * The gradient, for per-row weights w (the upstream gradient times the reduction's scale: 1/N for 'mean'):
 * <pre>
 *   dL/dS_ij = w_i (P_ij - [i == j])                                      P the row softmax of S
 *            = (w_i (P_ij - [i == j]) + w_j (Q_ij - [i == j])) / 2        symmetric, Q the column softmax of S
 *   G = dL/dS / T,  dL/du = G v,  dL/dv = G^T u                           (two products)
 *   dL/dx_i = (dL/du_i - u_i (u_i . dL/du_i)) / den_i                      ||x_i|| &gt;= 1e-12 (the norm's path)
 *           = dL/du_i / den_i                                              below it (clamp_min passes no gradient)
 * </pre>
 *
 * <p>One algorithm for both dtypes, in double: float32 inputs are read as they are (the temperature rounded to
 * float32, as PyTorch divides a float32 tensor by a Python float) and the losses and gradients are rounded to float32
 * once at the end. Why not float32 arithmetic: this loss is ill-conditioned in float32. Logits of magnitude 1 / T (14
 * at the default 0.07) carry float32 rounding of about 1e-6 from the normalised inputs alone, the logits' gradient is
 * a softmax minus a one-hot, and the normalisation's backward removes each row's radial part: PyTorch's own float32
 * gradients are off the exact ones by up to a few times torch.testing's float32 tolerance, and a second float32
 * computation of the same definition as far again, in other directions. Computed in double, the result is the exact
 * one rounded, so it differs from PyTorch's only by PyTorch's own error. The cost is the products in float64 (the
 * loss is still many times faster than its definition in PyTorch's ops: see the benchmarks).
 *
 * <p>The products run on {@link GemmKernels}, whose sums do not depend on the thread count; every other loop runs
 * over fixed blocks of rows or of columns, so results are the same bits for any thread count. Rows (or, symmetric,
 * columns) whose largest logit is not finite give NaN losses and gradients, as PyTorch's log_softmax does.
 *
 * <p>State: the forward of a reduced loss computes the gradients with the loss (they are handed to the node); a later
 * backward, or a 'none' loss (whose upstream weights are known only then), calls again with the weights. The N x N
 * logits and their gradient, and the normalised inputs, live in work arrays kept per thread between calls (soft
 * references, at most {@link #KEEP} elements each), never in the result.
 */
public final class InfoNceKernel {
    private InfoNceKernel() {}

    /** F.normalize's eps: x / max(||x||, eps). */
    public static final double EPS = 1e-12;

    /** Columns per block of the column pass (its blocks are fixed: a column's sums never depend on the threads). */
    static final int COLUMNS = 64;
    /** Elements per parallel block of the row loops. */
    private static final int GRAIN = 32768;
    /** Work arrays longer than this are not kept between calls. */
    static final int KEEP = 1 << 24;

    private static final GemmKernels GEMM = VectorizationProvider.get().kernels(GemmKernels.class);

    /**
     * One call's result.
     *
     * @param losses per row: l_i, or (l_i + c_i) / 2 when symmetric (in double: float32 callers round them)
     * @param grad1  dL/dx1 (float[] for float32 inputs, double[] for float64; N x D), or null when not asked
     * @param grad2  dL/dx2, or null when not asked
     */
    public record Result(double[] losses, Object grad1, Object grad2) {}

    private static int rowGrain(int cols) { return Math.max(1, GRAIN / Math.max(1, cols)); }

    // ------------------------------------------------------------------ work arrays

    private static final ThreadLocal<Object[]> WORK = ThreadLocal.withInitial(() -> new Object[5]);

    /** A work array of at least len elements for slot (0..4), kept by this thread between calls when small enough. */
    @SuppressWarnings("unchecked")
    private static double[] work(int slot, int len) {
        if (len > KEEP) return new double[len];
        Object[] w = WORK.get();
        SoftReference<double[]> r = (SoftReference<double[]>) w[slot];
        double[] a = r == null ? null : r.get();
        if (a == null || a.length < len) {
            a = new double[len];
            w[slot] = new SoftReference<>(a);
        }
        return a;
    }

    /** An input: float32 or float64 values from an offset. */
    private record In(float[] f, double[] d, int off) {}

    // ------------------------------------------------------------------ the two entry points

    /**
     * Float32 inputs: computed in double (see the class comment), gradients rounded to float32.
     *
     * @param x1          anchors, N x D row-major from {@code o1}
     * @param o1          offset of x1
     * @param x2          positives, N x D row-major from {@code o2}
     * @param o2          offset of x2
     * @param temperature T &gt; 0 (used as float32)
     * @param symmetric   add the column cross entropies (halving both)
     * @param w           per-row weights of the gradient (upstream times the reduction's scale), or null for the loss only
     * @param want1       compute dL/dx1 (when w is not null)
     * @param want2       compute dL/dx2 (when w is not null)
     * @param n           N
     * @param d           D
     * @return the per-row losses and the gradients asked for (float[])
     */
    public static Result compute(float[] x1, int o1, float[] x2, int o2, double temperature, boolean symmetric, double[] w,
                                 boolean want1, boolean want2, int n, int d) {
        return run(new In(x1, null, o1), new In(x2, null, o2), (float) temperature, (float) EPS, symmetric, w, want1, want2, n, d);
    }

    /**
     * Float64 inputs.
     *
     * @param x1          anchors, N x D row-major from {@code o1}
     * @param o1          offset of x1
     * @param x2          positives, N x D row-major from {@code o2}
     * @param o2          offset of x2
     * @param temperature T &gt; 0
     * @param symmetric   add the column cross entropies (halving both)
     * @param w           per-row weights of the gradient, or null for the loss only
     * @param want1       compute dL/dx1 (when w is not null)
     * @param want2       compute dL/dx2 (when w is not null)
     * @param n           N
     * @param d           D
     * @return the per-row losses and the gradients asked for (double[])
     */
    public static Result compute(double[] x1, int o1, double[] x2, int o2, double temperature, boolean symmetric, double[] w,
                                 boolean want1, boolean want2, int n, int d) {
        return run(new In(null, x1, o1), new In(null, x2, o2), temperature, EPS, symmetric, w, want1, want2, n, d);
    }

    // ------------------------------------------------------------------ the algorithm

    private static Result run(In x1, In x2, double t, double eps, boolean symmetric, double[] w, boolean want1, boolean want2, int n, int d) {
        final boolean grad = w != null && (want1 || want2);
        final double[] u = work(0, n * d), v = work(1, n * d), s = work(2, n * n);
        final double[] g = grad ? work(3, n * n) : null;
        final double[] nrm1 = new double[n], den1 = new double[n], nrm2 = new double[n], den2 = new double[n];
        normalize(x1, u, nrm1, den1, eps, n, d);
        normalize(x2, v, nrm2, den2, eps, n, d);
        // S = u v^T (v read through transposed strides), divided by T below
        GEMM.gemm(u, 0, v, 0, s, 0, new Layout(n, n, d, d, 1, 1, d, n));

        // rows: max, sum of exponentials (stored into g when the row softmax is the whole gradient), loss
        final double[] rm = new double[n], rs = new double[n], loss = new double[n];
        final boolean storeRows = grad && !symmetric;
        Parallel.parallelFor(0, n, rowGrain(n), (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int base = i * n;
                double m = Double.NEGATIVE_INFINITY;
                for (int j = base; j < base + n; j++) {
                    s[j] = s[j] / t;
                    m = Math.max(m, s[j]); // NaN-propagating
                }
                rm[i] = m;
                if (!Double.isFinite(m)) {
                    loss[i] = Double.NaN;
                    continue;
                }
                double sum = 0;
                for (int j = base; j < base + n; j++) {
                    double e = Math.exp(s[j] - m);
                    if (storeRows) g[j] = e;
                    sum += e;
                }
                rs[i] = sum;
                // -log_softmax: (max - S_ii) + log(sum)
                loss[i] = (m - s[base + i]) + Math.log(sum);
            }
        });

        final double[] clse = symmetric ? new double[n] : null;
        if (symmetric) {
            double[] cm = new double[n], cs = new double[n];
            columnStats(s, cm, cs, n);
            for (int j = 0; j < n; j++) {
                boolean ok = Double.isFinite(cm[j]);
                double cl = ok ? (cm[j] - s[j * n + j]) + Math.log(cs[j]) : Double.NaN;
                loss[j] = (loss[j] + cl) / 2;
                clse[j] = ok ? cm[j] + Math.log(cs[j]) : Double.NaN;
            }
        }
        if (!grad) return new Result(loss, null, null);

        // G = dL/dS / T, in place of the stored exponentials
        Parallel.parallelFor(0, n, rowGrain(n), (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int base = i * n;
                if (!Double.isFinite(rm[i])) {
                    Arrays.fill(g, base, base + n, Double.NaN);
                    continue;
                }
                if (!symmetric) {
                    // w_i (e_ij / sum_i - [i == j]) / T
                    double a = w[i] / (t * rs[i]);
                    for (int j = base; j < base + n; j++) g[j] = g[j] * a;
                } else {
                    // (w_i (P_ij - [i == j]) + w_j (Q_ij - [i == j])) / (2 T), Q_ij = exp(S_ij - column lse_j)
                    double a = w[i] / (2 * t * rs[i]), m = rm[i];
                    for (int j = 0; j < n; j++) {
                        double sj = s[base + j];
                        g[base + j] = Math.exp(sj - m) * a + Math.exp(sj - clse[j]) * (w[j] / (2 * t));
                    }
                }
                g[base + i] -= w[i] / t;
            }
        });

        boolean f32 = x1.f() != null;
        Object g1 = null, g2 = null;
        if (want1) {
            double[] d1 = f32 ? work(4, n * d) : new double[n * d];
            GEMM.gemm(g, 0, v, 0, d1, 0, new Layout(n, d, n, n, 1, d, 1, d));   // G v
            normalizeBackward(d1, u, nrm1, den1, eps, n, d);
            g1 = f32 ? rounded(d1, n * d) : d1;
        }
        if (want2) {
            double[] d2 = f32 ? work(4, n * d) : new double[n * d];
            GEMM.gemm(g, 0, u, 0, d2, 0, new Layout(n, d, n, 1, n, d, 1, d));   // G^T u
            normalizeBackward(d2, v, nrm2, den2, eps, n, d);
            g2 = f32 ? rounded(d2, n * d) : d2;
        }
        return new Result(loss, g1, g2);
    }

    /** The first len values rounded to float32, in a fresh array. */
    private static float[] rounded(double[] a, int len) {
        float[] r = new float[len];
        for (int i = 0; i < len; i++) r[i] = (float) a[i];
        return r;
    }

    /** u_i = x_i / max(||x_i||, eps) in double; the norm and the denominator per row. */
    private static void normalize(In x, double[] u, double[] nrm, double[] den, double eps, int n, int d) {
        Parallel.parallelFor(0, n, rowGrain(d), (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int xi = x.off() + i * d, ui = i * d;
                if (x.f() != null) {
                    float[] f = x.f();
                    for (int k = 0; k < d; k++) u[ui + k] = f[xi + k];
                } else {
                    System.arraycopy(x.d(), xi, u, ui, d);
                }
                double ss = 0;
                for (int k = ui; k < ui + d; k++) ss += u[k] * u[k];
                double nr = Math.sqrt(ss);
                double dn = Math.max(nr, eps); // NaN stays NaN, as clamp_min
                nrm[i] = nr;
                den[i] = dn;
                for (int k = ui; k < ui + d; k++) u[k] = u[k] / dn;
            }
        });
    }

    /** dL/du into dL/dx in place: (g - u (u . g)) / den where ||x|| &gt;= eps, else g / den. */
    private static void normalizeBackward(double[] g, double[] u, double[] nrm, double[] den, double eps, int n, int d) {
        Parallel.parallelFor(0, n, rowGrain(d), (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int base = i * d;
                double dn = den[i];
                if (nrm[i] >= eps) {
                    double c = 0;
                    for (int k = base; k < base + d; k++) c += g[k] * u[k];
                    for (int k = base; k < base + d; k++) g[k] = (g[k] - u[k] * c) / dn;
                } else {
                    for (int k = base; k < base + d; k++) g[k] = g[k] / dn;
                }
            }
        });
    }

    /** Per column j of the N x N logits: the max (NaN-propagating) and the sum of exp(S_ij - max), in fixed column blocks. */
    private static void columnStats(double[] s, double[] cm, double[] cs, int n) {
        int blocks = (n + COLUMNS - 1) / COLUMNS;
        Parallel.parallelFor(0, blocks, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int j0 = b * COLUMNS, j1 = Math.min(n, j0 + COLUMNS);
                Arrays.fill(cm, j0, j1, Double.NEGATIVE_INFINITY);
                for (int i = 0; i < n; i++) for (int j = j0; j < j1; j++) cm[j] = Math.max(cm[j], s[i * n + j]);
                for (int i = 0; i < n; i++) for (int j = j0; j < j1; j++) cs[j] += Math.exp(s[i * n + j] - cm[j]);
            }
        });
    }
}
