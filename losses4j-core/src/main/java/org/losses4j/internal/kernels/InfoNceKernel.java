package org.losses4j.internal.kernels;

import java.lang.ref.SoftReference;
import java.util.Arrays;
import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.GemmKernels;
import org.losses4j.internal.simd.GemmKernels.Layout;
import org.losses4j.internal.simd.SoftmaxKernels;
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
 * Forms: float32 (logits, softmax and products in float32 as PyTorch computes them; exponentials by
 * {@link SoftmaxKernels}; sums of a row or column in double) and float64 (the same steps in double). The products
 * run on {@link GemmKernels}, whose sums do not depend on the thread count; every other loop runs over fixed blocks
 * of rows or of columns, so results are the same bits for any thread count. Rows (or, symmetric, columns) whose
 * largest logit is not finite give NaN losses and gradients, as PyTorch's log_softmax does.
 *
 * <p>State: the forward of a reduced loss computes the gradients with the loss (they are handed to the node); a later
 * backward, or a 'none' loss (whose upstream weights are known only then), calls again with the weights. The N x N
 * logits and their gradient, and the normalised inputs, live in work arrays kept per thread between calls (soft
 * references, at most {@link #KEEP} elements each), not in the result.
 */
public final class InfoNceKernel {
    private InfoNceKernel() {}

    /** F.normalize's eps: x / max(||x||, eps). */
    public static final double EPS = 1e-12;
    private static final float EPS_F = (float) EPS;

    /** Columns per block of the column pass (its blocks are fixed: a column's sums never depend on the threads). */
    static final int COLUMNS = 128;
    /** Rows per float chunk of a column sum (the chunk sums are added in double). */
    static final int CHUNK = 1024;
    /** Elements per parallel block of the row loops. */
    private static final int GRAIN = 32768;
    /** Work arrays longer than this are not kept between calls. */
    static final int KEEP = 1 << 24;

    private static final SoftmaxKernels K = VectorizationProvider.get().kernels(SoftmaxKernels.class);
    private static final GemmKernels GEMM = VectorizationProvider.get().kernels(GemmKernels.class);

    /**
     * One call's result.
     *
     * @param losses per row: l_i, or (l_i + c_i) / 2 when symmetric
     * @param grad1  dL/dx1 (float[] or double[], N x D), or null when not asked
     * @param grad2  dL/dx2, or null when not asked
     */
    public record Result(double[] losses, Object grad1, Object grad2) {}

    private static int rowGrain(int cols) { return Math.max(1, GRAIN / Math.max(1, cols)); }

    // ------------------------------------------------------------------ work arrays

    private static final ThreadLocal<Object[]> WORK = ThreadLocal.withInitial(() -> new Object[8]);

    /** A float work array of at least len elements for slot (0..3), kept by this thread between calls when small enough. */
    @SuppressWarnings("unchecked")
    private static float[] workF(int slot, int len) {
        if (len > KEEP) return new float[len];
        Object[] w = WORK.get();
        SoftReference<float[]> r = (SoftReference<float[]>) w[slot];
        float[] a = r == null ? null : r.get();
        if (a == null || a.length < len) {
            a = new float[len];
            w[slot] = new SoftReference<>(a);
        }
        return a;
    }

    @SuppressWarnings("unchecked")
    private static double[] workD(int slot, int len) {
        if (len > KEEP) return new double[len];
        Object[] w = WORK.get();
        SoftReference<double[]> r = (SoftReference<double[]>) w[4 + slot];
        double[] a = r == null ? null : r.get();
        if (a == null || a.length < len) {
            a = new double[len];
            w[4 + slot] = new SoftReference<>(a);
        }
        return a;
    }

    // ------------------------------------------------------------------ float32

    /**
     * The float32 form.
     *
     * @param x1          anchors, N x D row-major from {@code o1}
     * @param x2          positives, N x D row-major from {@code o2}
     * @param temperature T &gt; 0 (used as float32, as PyTorch divides a float32 tensor by a Python float)
     * @param symmetric   add the column cross entropies (halving both)
     * @param w           per-row weights of the gradient (upstream times the reduction's scale), or null for the loss only
     * @param want1       compute dL/dx1 (when w is not null)
     * @param want2       compute dL/dx2 (when w is not null)
     * @param n           N
     * @param d           D
     * @return the per-row losses and the gradients asked for
     */
    public static Result compute(float[] x1, int o1, float[] x2, int o2, double temperature, boolean symmetric, double[] w,
                                 boolean want1, boolean want2, int n, int d) {
        final boolean grad = w != null && (want1 || want2);
        final float tf = (float) temperature;
        final double t = tf;
        final float[] u = workF(0, n * d), v = workF(1, n * d), s = workF(2, n * n);
        final float[] g = grad ? workF(3, n * n) : null;
        final float[] nrm1 = new float[n], den1 = new float[n], nrm2 = new float[n], den2 = new float[n];
        normalize(x1, o1, u, nrm1, den1, n, d);
        normalize(x2, o2, v, nrm2, den2, n, d);
        // S = u v^T (v read through transposed strides), then / T
        GEMM.gemm(u, 0, v, 0, s, 0, new Layout(n, n, d, d, 1, 1, d, n));

        // rows: max, sum of exponentials (stored into g when the row softmax is the whole gradient), loss
        final float[] rm = new float[n];
        final double[] rs = new double[n], loss = new double[n];
        final boolean storeRows = grad && !symmetric;
        Parallel.parallelFor(0, n, rowGrain(n), (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int base = i * n;
                for (int j = base; j < base + n; j++) s[j] = s[j] / tf;
                float m = K.max(s, base, n);
                rm[i] = m;
                if (!Float.isFinite(m)) {
                    loss[i] = Double.NaN;
                    continue;
                }
                double sum = storeRows ? K.expStore(s, base, g, base, m, n) : K.sumExp(s, base, m, n);
                rs[i] = sum;
                // log_softmax's (S_ii - max) - log(sum), negated, in double
                loss[i] = ((double) m - s[base + i]) + Math.log(sum);
            }
        });

        float[] clse = null;
        if (symmetric) {
            float[] cm = new float[n];
            double[] cs = new double[n];
            columnStats(s, cm, cs, n);
            clse = new float[n];
            for (int j = 0; j < n; j++) {
                boolean ok = Float.isFinite(cm[j]);
                double cl = ok ? ((double) cm[j] - s[j * n + j]) + Math.log(cs[j]) : Double.NaN;
                loss[j] = (loss[j] + cl) / 2;
                clse[j] = ok ? (float) (cm[j] + Math.log(cs[j])) : Float.NaN;
            }
        }
        if (!grad) return new Result(loss, null, null);

        // G = dL/dS / T, in place of the stored exponentials
        if (!symmetric) {
            Parallel.parallelFor(0, n, rowGrain(n), (r0, r1) -> {
                for (int i = r0; i < r1; i++) {
                    int base = i * n;
                    if (!Float.isFinite(rm[i])) {
                        Arrays.fill(g, base, base + n, Float.NaN);
                        continue;
                    }
                    // dL/dS_ij / T = w_i (e_ij / sum_i - [i == j]) / T
                    K.scaleShift(g, base, (float) (w[i] / (t * rs[i])), 0f, n);
                    g[base + i] -= (float) (w[i] / t);
                }
            });
        } else {
            final float[] cl = clse;
            final float[] wc = new float[n];
            for (int j = 0; j < n; j++) wc[j] = (float) (w[j] / (2 * t));
            Parallel.parallelFor(0, n, rowGrain(n), (r0, r1) -> {
                float[] q = new float[n], unused = new float[n];
                for (int i = r0; i < r1; i++) {
                    int base = i * n;
                    if (!Float.isFinite(rm[i])) {
                        Arrays.fill(g, base, base + n, Float.NaN);
                        continue;
                    }
                    // (w_i (P_ij - [i == j]) + w_j (Q_ij - [i == j])) / (2 T), Q_ij = exp(S_ij - column lse_j)
                    K.expStore(s, base, g, base, rm[i], n);
                    K.expStoreAcc(s, base, q, 0, cl, unused, n);
                    float a = (float) (w[i] / (2 * t * rs[i]));
                    for (int j = 0; j < n; j++) g[base + j] = g[base + j] * a + q[j] * wc[j];
                    g[base + i] -= (float) (w[i] / t);
                    for (int j = 0; j < n; j++) if (cl[j] != cl[j]) g[base + j] = Float.NaN;
                }
            });
        }

        Object g1 = null, g2 = null;
        if (want1) {
            float[] d1 = new float[n * d];
            GEMM.gemm(g, 0, v, 0, d1, 0, new Layout(n, d, n, n, 1, d, 1, d));   // G v
            normalizeBackward(d1, u, nrm1, den1, n, d);
            g1 = d1;
        }
        if (want2) {
            float[] d2 = new float[n * d];
            GEMM.gemm(g, 0, u, 0, d2, 0, new Layout(n, d, n, 1, n, d, 1, d));   // G^T u
            normalizeBackward(d2, v, nrm2, den2, n, d);
            g2 = d2;
        }
        return new Result(loss, g1, g2);
    }

    /** u_i = x_i / max(||x_i||, eps); the norm (its square summed in double, rounded once) and the denominator per row. */
    private static void normalize(float[] x, int xo, float[] u, float[] nrm, float[] den, int n, int d) {
        Parallel.parallelFor(0, n, rowGrain(d), (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int xi = xo + i * d, ui = i * d;
                float nr = (float) Math.sqrt(K.dot(x, xi, x, xi, d));
                float dn = Math.max(nr, EPS_F); // NaN stays NaN, as clamp_min
                nrm[i] = nr;
                den[i] = dn;
                for (int k = 0; k < d; k++) u[ui + k] = x[xi + k] / dn;
            }
        });
    }

    /** dL/du into dL/dx in place: (g - u (u . g)) / den where ||x|| >= eps, else g / den. */
    private static void normalizeBackward(float[] g, float[] u, float[] nrm, float[] den, int n, int d) {
        Parallel.parallelFor(0, n, rowGrain(d), (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int base = i * d;
                float dn = den[i];
                if (nrm[i] >= EPS_F) {
                    float c = (float) K.dot(g, base, u, base, d);
                    for (int k = base; k < base + d; k++) g[k] = (g[k] - u[k] * c) / dn;
                } else {
                    for (int k = base; k < base + d; k++) g[k] = g[k] / dn;
                }
            }
        });
    }

    /**
     * Per column j of the N x N logits: the max (NaN-propagating) and the sum of exp(S_ij - max), in fixed column blocks
     * (float sums over chunks of {@link #CHUNK} rows, added in double). The sum of a column whose max is not finite is
     * meaningless; the caller gives that column NaN.
     */
    private static void columnStats(float[] s, float[] cm, double[] cs, int n) {
        int blocks = (n + COLUMNS - 1) / COLUMNS;
        Parallel.parallelFor(0, blocks, 1, (b0, b1) -> {
            float[] m = new float[COLUMNS], sum = new float[COLUMNS];
            for (int b = b0; b < b1; b++) {
                int j0 = b * COLUMNS, w = Math.min(COLUMNS, n - j0);
                Arrays.fill(m, Float.NEGATIVE_INFINITY);
                for (int i = 0; i < n; i++) K.maxAcc(s, i * n + j0, m, w);
                for (int c0 = 0; c0 < n; c0 += CHUNK) {
                    Arrays.fill(sum, 0f);
                    int c1 = Math.min(n, c0 + CHUNK);
                    for (int i = c0; i < c1; i++) K.sumExpAcc(s, i * n + j0, m, sum, w);
                    for (int k = 0; k < w; k++) cs[j0 + k] += sum[k];
                }
                for (int k = 0; k < w; k++) cm[j0 + k] = m[k];
            }
        });
    }

    // ------------------------------------------------------------------ float64 (the same steps in double)

    /** The float64 form of {@link #compute(float[], int, float[], int, double, boolean, double[], boolean, boolean, int, int)}. */
    public static Result compute(double[] x1, int o1, double[] x2, int o2, double temperature, boolean symmetric, double[] w,
                                 boolean want1, boolean want2, int n, int d) {
        final boolean grad = w != null && (want1 || want2);
        final double t = temperature;
        final double[] u = workD(0, n * d), v = workD(1, n * d), s = workD(2, n * n);
        final double[] g = grad ? workD(3, n * n) : null;
        final double[] nrm1 = new double[n], den1 = new double[n], nrm2 = new double[n], den2 = new double[n];
        normalize(x1, o1, u, nrm1, den1, n, d);
        normalize(x2, o2, v, nrm2, den2, n, d);
        GEMM.gemm(u, 0, v, 0, s, 0, new Layout(n, n, d, d, 1, 1, d, n));

        final double[] rm = new double[n], rs = new double[n], loss = new double[n];
        final boolean storeRows = grad && !symmetric;
        Parallel.parallelFor(0, n, rowGrain(n), (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int base = i * n;
                double m = Double.NEGATIVE_INFINITY;
                for (int j = base; j < base + n; j++) {
                    s[j] = s[j] / t;
                    m = Math.max(m, s[j]);
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
                loss[i] = (m - s[base + i]) + Math.log(sum);
            }
        });

        double[] clse = null;
        if (symmetric) {
            double[] cm = new double[n], cs = new double[n];
            columnStats(s, cm, cs, n);
            clse = new double[n];
            for (int j = 0; j < n; j++) {
                boolean ok = Double.isFinite(cm[j]);
                double cl = ok ? (cm[j] - s[j * n + j]) + Math.log(cs[j]) : Double.NaN;
                loss[j] = (loss[j] + cl) / 2;
                clse[j] = ok ? cm[j] + Math.log(cs[j]) : Double.NaN;
            }
        }
        if (!grad) return new Result(loss, null, null);

        final double[] cl = clse;
        Parallel.parallelFor(0, n, rowGrain(n), (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int base = i * n;
                if (!Double.isFinite(rm[i])) {
                    Arrays.fill(g, base, base + n, Double.NaN);
                    continue;
                }
                if (!symmetric) {
                    double a = w[i] / (t * rs[i]);
                    for (int j = base; j < base + n; j++) g[j] = g[j] * a;
                } else {
                    double a = w[i] / (2 * t * rs[i]);
                    for (int j = 0; j < n; j++) {
                        double sj = s[base + j];
                        g[base + j] = Math.exp(sj - rm[i]) * a + Math.exp(sj - cl[j]) * (w[j] / (2 * t));
                    }
                }
                g[base + i] -= w[i] / t;
            }
        });

        Object g1 = null, g2 = null;
        if (want1) {
            double[] d1 = new double[n * d];
            GEMM.gemm(g, 0, v, 0, d1, 0, new Layout(n, d, n, n, 1, d, 1, d));
            normalizeBackward(d1, u, nrm1, den1, n, d);
            g1 = d1;
        }
        if (want2) {
            double[] d2 = new double[n * d];
            GEMM.gemm(g, 0, u, 0, d2, 0, new Layout(n, d, n, 1, n, d, 1, d));
            normalizeBackward(d2, v, nrm2, den2, n, d);
            g2 = d2;
        }
        return new Result(loss, g1, g2);
    }

    private static void normalize(double[] x, int xo, double[] u, double[] nrm, double[] den, int n, int d) {
        Parallel.parallelFor(0, n, rowGrain(d), (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int xi = xo + i * d, ui = i * d;
                double ss = 0;
                for (int k = 0; k < d; k++) ss += x[xi + k] * x[xi + k];
                double nr = Math.sqrt(ss);
                double dn = Math.max(nr, EPS);
                nrm[i] = nr;
                den[i] = dn;
                for (int k = 0; k < d; k++) u[ui + k] = x[xi + k] / dn;
            }
        });
    }

    private static void normalizeBackward(double[] g, double[] u, double[] nrm, double[] den, int n, int d) {
        Parallel.parallelFor(0, n, rowGrain(d), (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int base = i * d;
                double dn = den[i];
                if (nrm[i] >= EPS) {
                    double c = 0;
                    for (int k = base; k < base + d; k++) c += g[k] * u[k];
                    for (int k = base; k < base + d; k++) g[k] = (g[k] - u[k] * c) / dn;
                } else {
                    for (int k = base; k < base + d; k++) g[k] = g[k] / dn;
                }
            }
        });
    }

    private static void columnStats(double[] s, double[] cm, double[] cs, int n) {
        int blocks = (n + COLUMNS - 1) / COLUMNS;
        Parallel.parallelFor(0, blocks, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int j0 = b * COLUMNS, j1 = Math.min(n, j0 + COLUMNS);
                Arrays.fill(cm, j0, j1, Double.NEGATIVE_INFINITY);
                for (int i = 0; i < n; i++) for (int j = j0; j < j1; j++) cm[j] = Math.max(cm[j], s[i * n + j]);
                for (int i = 0; i < n; i++) {
                    for (int j = j0; j < j1; j++) cs[j] += Math.exp(s[i * n + j] - cm[j]);
                }
            }
        });
    }
}
