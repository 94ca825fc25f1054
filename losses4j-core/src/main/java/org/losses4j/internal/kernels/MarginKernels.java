package org.losses4j.internal.kernels;

import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.RowKernels;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * The multi-class margin losses on primitive arrays, MultiMarginLoss and MultiLabelMarginLoss (and Keras's
 * categorical hinge, CategoricalHingeLoss, whose two forms are at the end), over rows of C elements (the checks and
 * the Tensor glue live in their nn classes). Each has one float form (the
 * {@link RowKernels} row kernels, whose scalar element form the vector kernels' tails share) and one double form
 * (the same row algorithm in double); both compute the loss of every row and, when asked, the local gradient
 * (upstream 1, times the reduction's scale) in the same pass.
 *
 * <p>Also holds what the embedding losses share with them (the row kernels, {@link FusedGrads},
 * {@link #applyUpstream}, {@link #floats}).
 */
public final class MarginKernels {
    private MarginKernels() {}

    /** The row kernels (Vector API when available). */
    static final RowKernels K = VectorizationProvider.get().kernels(RowKernels.class);

    /** Elements per parallel block: small inputs run on one thread. */
    static final int GRAIN_ELEMENTS = 32 * 1024;

    /** Longest run of elements summed in float lanes before the partial sum goes into a double. */
    static final int CHUNK = 1024;

    /** Rows per parallel block for rows of d elements. */
    static int rowGrain(long d) { return (int) Math.max(1, Math.min(Integer.MAX_VALUE, GRAIN_ELEMENTS / Math.max(1, d))); }

    // ------------------------------------------------------------------ MultiMarginLoss

    /**
     * One MultiMarginLoss call.
     *
     * @param y         target class per row, row r at {@code y[yo + r]} (checked: in [0, C))
     * @param p         1 or 2
     * @param n         rows; c classes per row
     * @param gradScale the gradient's scale: 1 / N for 'mean', 1 otherwise
     */
    public record MultiMargin(long[] y, int yo, int p, double margin, int n, int c, double gradScale) {}

    // per row with z_i = (margin - x[y]) + x[i], i != y, only z_i > 0 counting (PyTorch), h = w[y] g / C:
    //   l = w[y] sum_i z_i^p / C                   (0 for a row without a positive z, whatever w[y])
    //   dl/dx[i] = h (p = 1) or 2 h z_i (p = 2);  dl/dx[y] = - sum_{i != y} dl/dx[i]
    /**
     * The float form on float32 rows read in place from {@code xo}: row losses into {@code rows}, and the local
     * gradient into {@code g} when not null. Rows run in parallel blocks; every row's values depend on that row only.
     */
    public static void multiMargin32(float[] x, int xo, float[] w, MultiMargin m, double[] rows, float[] g) {
        float mf = (float) m.margin();
        int c = m.c(), p = m.p();
        Parallel.parallelFor(0, m.n(), rowGrain(c), (s, e) -> {
            double[] out = new double[3];
            for (int n = s; n < e; n++) {
                int base = xo + n * c, y = (int) m.y()[m.yo() + n];
                float shift = mf - x[base + y];
                double wy = w == null ? 1 : w[y];
                double hD = m.gradScale() / c * wy;
                float h = (float) hD;
                double s1 = 0, s2 = 0, cnt = 0;
                for (int cs = 0; cs < c; cs += CHUNK) {
                    int len = Math.min(CHUNK, c - cs);
                    K.multiMarginRow(x, base + cs, g, n * c + cs, out, 0, y - cs, shift, p, h, len);
                    s1 += out[0];
                    s2 += out[1];
                    cnt += out[2];
                }
                rows[n] = cnt == 0 ? 0 : (p == 1 ? s1 : s2) * wy / c;
                if (g != null) g[n * c + y] = cnt == 0 ? 0 : (float) -(p == 1 ? cnt * hD : 2 * hD * s1);
            }
        });
    }

    /** The double form of {@link #multiMargin32}: the same row algorithm and element formulas, in double. */
    public static void multiMargin64(double[] x, int xo, double[] w, MultiMargin m, double[] rows, double[] g) {
        int c = m.c(), p = m.p();
        Parallel.parallelFor(0, m.n(), rowGrain(c), (s, e) -> {
            for (int n = s; n < e; n++) {
                int base = xo + n * c, go = n * c, y = (int) m.y()[m.yo() + n];
                double shift = m.margin() - x[base + y];
                double wy = w == null ? 1 : w[y];
                double h = m.gradScale() / c * wy;
                double s1 = 0, s2 = 0;
                int cnt = 0;
                for (int i = 0; i < c; i++) {
                    if (i == y) continue;
                    double z = shift + x[base + i];
                    if (z > 0) {
                        s1 += z;
                        s2 += z * z;
                        cnt++;
                        if (g != null) g[go + i] = p == 1 ? h : 2 * h * z;
                    } else if (g != null) {
                        g[go + i] = 0;
                    }
                }
                rows[n] = cnt == 0 ? 0 : (p == 1 ? s1 : s2) * wy / c;
                if (g != null) g[go + y] = cnt == 0 ? 0 : -(p == 1 ? cnt * h : 2 * h * s1);
            }
        });
    }

    // ------------------------------------------------------------------ MultiLabelMarginLoss

    /**
     * One MultiLabelMarginLoss call.
     *
     * @param y         targets, row r's C entries from {@code y[yo + r * C]}: labels up to the first -1 (checked)
     * @param n         rows; c classes per row
     * @param gradScale the gradient's scale: 1 / N for 'mean', 1 otherwise
     */
    public record MultiLabel(long[] y, int yo, int n, int c, double gradScale) {
        /** The number of labels of the row whose targets start at tb (entries before the first negative one). */
        int labels(int tb) {
            int k = 0;
            while (k < c && y[tb + k] >= 0) k++;
            return k;
        }
    }

    // for every label j (duplicates count again) and non-label i with z = (1 - x[y_j]) + x[i] > 0:
    //   l += z / C;   dl/dx[i] += g / C,  dl/dx[y_j] -= g / C      (g = 1 / N for mean): counts first, scaled once per row
    /**
     * The float form on float32 rows read in place: per row, the row with its labels set to -inf (scratch of C floats
     * per block, so labels never count), then one row-kernel pass per label.
     */
    public static void multiLabel32(float[] x, int xo, MultiLabel m, double[] rows, float[] g) {
        int c = m.c();
        long[] t = m.y();
        float gn = (float) (m.gradScale() / c);
        Parallel.parallelFor(0, m.n(), Math.max(1, rowGrain(c) / 2), (s, e) -> {
            double[] out = new double[2];
            float[] xm = new float[c];
            for (int n = s; n < e; n++) {
                int base = xo + n * c, tb = m.yo() + n * c, gb = n * c;
                int k = m.labels(tb);
                System.arraycopy(x, base, xm, 0, c);
                for (int j = 0; j < k; j++) xm[(int) t[tb + j]] = Float.NEGATIVE_INFINITY;
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    int y = (int) t[tb + j];
                    float shift = 1f - x[base + y];
                    double cnt = 0;
                    for (int cs = 0; cs < c; cs += CHUNK) {
                        int len = Math.min(CHUNK, c - cs);
                        K.multiLabelRow(xm, cs, g, gb + cs, out, 0, shift, len);
                        sum += out[0];
                        cnt += out[1];
                    }
                    if (g != null) g[gb + y] -= (float) cnt;
                }
                rows[n] = sum / c;
                if (g != null && k > 0) K.scale(g, gb, gn, c);
            }
        });
    }

    /** The double form of {@link #multiLabel32}: the same row algorithm and element formulas, in double. */
    public static void multiLabel64(double[] x, int xo, MultiLabel m, double[] rows, double[] g) {
        int c = m.c();
        long[] t = m.y();
        double gn = m.gradScale() / c;
        Parallel.parallelFor(0, m.n(), Math.max(1, rowGrain(c) / 2), (s, e) -> {
            double[] xm = new double[c];
            for (int n = s; n < e; n++) {
                int base = xo + n * c, tb = m.yo() + n * c, gb = n * c;
                int k = m.labels(tb);
                System.arraycopy(x, base, xm, 0, c);
                for (int j = 0; j < k; j++) xm[(int) t[tb + j]] = Double.NEGATIVE_INFINITY;
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    int y = (int) t[tb + j];
                    double shift = 1 - x[base + y];
                    int cnt = 0;
                    for (int i = 0; i < c; i++) {
                        double z = shift + xm[i];
                        if (z > 0) {
                            sum += z;
                            cnt++;
                            if (g != null) g[gb + i] += 1;
                        }
                    }
                    if (g != null) g[gb + y] -= cnt;
                }
                rows[n] = sum / c;
                if (g != null && k > 0) for (int i = 0; i < c; i++) g[gb + i] *= gn;
            }
        });
    }

    // ------------------------------------------------------------------ CategoricalHingeLoss (Keras's categorical_hinge)

    /**
     * One CategoricalHingeLoss call: rows of C classes, input and target read in place (float32 or float64).
     *
     * @param x         the input's values
     * @param y         the target's values, in the input's dtype after Keras's cast ({@code f32}: rounded to float)
     * @param f32       whether the input is float32: the products the loss takes of the input are rounded to float, as
     *                  PyTorch computes them in the input's dtype
     * @param n         rows; c classes per row (the last dimension)
     * @param gradScale the gradient's scale: 1 / N for 'mean', 1 otherwise
     */
    public record CategoricalHinge(NllKernel.Vals x, NllKernel.Vals y, boolean f32, int n, int c, double gradScale) {
        double round(double v) { return f32 ? (float) v : v; }
    }

    // per row, with u_c = (1 - y_c) x_c (Keras's categorical_hinge):
    //   neg = max_c u_c,  pos = sum_c y_c x_c,  z = neg - pos + 1,  l = max(z, 0)
    //   autograd of torch.maximum(z, 0) and amax: h = g for z > 0 or NaN, g / 2 for z == 0, 0 for z < 0; the max's
    //   gradient goes to the k classes where u_c == neg in shares of 1 / k (s_c), to none when neg is NaN (0 / 0: NaN
    //   for every class), so
    //   dl/dx_c = h s_c (1 - y_c) - h y_c,   dl/dy_c = -(h s_c) x_c - h x_c
    /**
     * The double form: the loss of every row into {@code rows}; the local gradients into {@code gx} (input) and
     * {@code gy} (target), laid out as the input, when they are not null. Serves float64 and mixed dtypes; with
     * {@code f32} it rounds every product and difference to float as {@link #categoricalHinge32} computes them, so on
     * float32 operands the two forms give the same bits (ClassificationFormsTest). Rows run in parallel blocks and
     * depend on their own row only.
     */
    public static void categoricalHinge(CategoricalHinge m, double[] rows, double[] gx, double[] gy) {
        int c = m.c();
        NllKernel.Vals x = m.x(), y = m.y();
        Parallel.parallelFor(0, m.n(), rowGrain(c), (s, e) -> {
            for (int r = s; r < e; r++) {
                int b = r * c;
                double neg = Double.NEGATIVE_INFINITY, pos = 0;
                int ties = 0;
                boolean nan = false;
                for (int k = 0; k < c; k++) {
                    double xk = x.at(b + k), yk = m.round(y.at(b + k));
                    double u = m.round(m.round(1 - yk) * xk);
                    if (u != u) {
                        nan = true;
                    } else if (u > neg) {
                        neg = u;
                        ties = 1;
                    } else if (u == neg) {
                        ties++;
                    }
                    pos += m.round(yk * xk);
                }
                if (nan) neg = Double.NaN;
                double z = neg - pos + 1;
                rows[r] = Math.max(z, 0);
                if (gx == null && gy == null) continue;
                double h = (z > 0 || z != z ? 1 : z == 0 ? 0.5 : 0) * m.gradScale();
                double share = nan ? Double.NaN : h / ties;
                for (int k = 0; k < c; k++) {
                    double xk = x.at(b + k), yk = m.round(y.at(b + k));
                    double su = nan ? Double.NaN : m.round(m.round(1 - yk) * xk) == neg ? share : 0;
                    // rounded as PyTorch's float32 (or float64) chain rounds them
                    if (gx != null) gx[b + k] = m.round(m.round(su * (1 - yk)) - m.round(h * yk));
                    if (gy != null) gy[b + k] = m.round(-m.round(su * xk) - m.round(h * xk));
                }
            }
        });
    }

    /**
     * The float form, for float32 input and target read in place: the double form's algorithm on float arrays (float
     * products and differences, the row's sum of y x in double), writing the local gradients straight into float
     * arrays ({@code gx}, {@code gy}, laid out as the input, when not null).
     *
     * @param aside work for the calling thread while the workers start (see {@link SpareOutputs}), or null
     */
    public static void categoricalHinge32(float[] x, int xo, float[] y, int yo, int n, int c, double gradScale, double[] rows, float[] gx,
                                          float[] gy, Runnable aside) {
        Parallel.parallelFor(0, n, rowGrain(c), (s, e) -> {
            for (int r = s; r < e; r++) {
                int b = r * c, xb = xo + b, yb = yo + b;
                float neg = Float.NEGATIVE_INFINITY;
                double pos = 0;
                int ties = 0;
                boolean nan = false;
                for (int k = 0; k < c; k++) {
                    float xk = x[xb + k], yk = y[yb + k];
                    float u = (1f - yk) * xk;
                    if (u > neg) {
                        neg = u;
                        ties = 1;
                    } else if (u == neg) {
                        ties++;
                    } else if (u != u) {
                        nan = true;
                    }
                    pos += yk * xk;
                }
                double negD = nan ? Double.NaN : neg;
                double z = negD - pos + 1;
                rows[r] = Math.max(z, 0);
                if (gx == null && gy == null) continue;
                double h = (z > 0 || z != z ? 1 : z == 0 ? 0.5 : 0) * gradScale;
                double share = nan ? Double.NaN : h / ties;
                for (int k = 0; k < c; k++) {
                    float xk = x[xb + k], yk = y[yb + k];
                    double su = nan ? Double.NaN : (1f - yk) * xk == neg ? share : 0;
                    // the double form's roundings, step by step
                    if (gx != null) gx[b + k] = (float) ((double) (float) (su * (1 - (double) yk)) - (float) (h * yk));
                    if (gy != null) gy[b + k] = (float) (-(double) (float) (su * xk) - (float) (h * xk));
                }
            }
        }, aside);
    }
}
