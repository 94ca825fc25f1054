package org.losses4j.internal.kernels;

import java.util.function.Supplier;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.Reduction;
import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.RowKernels;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * The multi-class margin losses on primitive arrays: MultiMarginLoss and MultiLabelMarginLoss.
 * Check, forward and backward side by side (DESIGN.md 2, 3). Input is (C), (N, C) or a 0-d scalar (C = 1);
 * rows are read from the contiguous input, the backward recomputes everything from input and target, so
 * nothing but the geometry is saved.
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

    // ------------------------------------------------------------------ fused forward + backward support

    /**
     * Gradients computed in the forward pass (per input; null where not wanted), for an upstream gradient of 1 (reduced
     * losses, the mean's 1/N included) or of 1 per row (reduction none). The first backward takes the arrays themselves
     * (no copy; the engine stores them into the leaves); a later backward (retain_graph) recomputes them from the inputs.
     */
    public static final class FusedGrads {
        private float[][] ready;
        private Supplier<float[][]> recompute;

        public FusedGrads(float[][] grads, Supplier<float[][]> recompute) {
            this.ready = grads;
            this.recompute = recompute;
        }

        /** The gradients, handed over once; recomputed after that. */
        public synchronized float[][] take() {
            float[][] g = ready;
            ready = null;
            if (g != null) return g;
            if (recompute == null) throw new IllegalStateException("the fused gradients were already released");
            return recompute.get();
        }

        /** Drops the arrays and the inputs (backward without retain_graph). */
        public synchronized void release() {
            ready = null;
            recompute = null;
        }
    }

    /**
     * Applies the upstream gradient in place to a gradient of {@code rows} rows of {@code d} elements computed for an
     * upstream of 1: times grad_output[n] per row (reduction none), else times the scalar grad_output unless it is 1.
     */
    public static void applyUpstream(float[] g, int rows, int d, Tensor gradOutput, Reduction r) {
        if (g == null) return;
        if (r == Reduction.NONE) {
            double[] u = gradOutput.toDoubleArray();
            if (u.length != rows) throw new IllegalStateException("grad_output has " + u.length + " elements, expected " + rows);
            Parallel.parallelFor(0, rows, rowGrain(d), (s, e) -> {
                for (int n = s; n < e; n++) if (u[n] != 1) K.scale(g, n * d, d, (float) u[n]);
            });
        } else {
            double u = gradOutput.item();
            if (u != 1) {
                float f = (float) u;
                Parallel.parallelFor(0, g.length, GRAIN_ELEMENTS, (s, e) -> K.scale(g, s, e - s, f));
            }
        }
    }

    /** A float32 contiguous tensor's storage (read in place), or null when it is not one. */
    static float[] floats(Tensor t) {
        return t != null && t.dtype() == DType.FLOAT32 && t.isContiguous() ? (float[]) t.storage() : null;
    }

    /** An int64 tensor's values in C order: its storage when contiguous (read in place, from {@link #longOffset}), else a copy. */
    static long[] longs(Tensor t) {
        return t.dtype() == DType.INT64 && t.isContiguous() ? (long[]) t.storage() : t.toLongArray();
    }

    /** Where {@link #longs} values start. */
    static int longOffset(Tensor t) {
        return t.dtype() == DType.INT64 && t.isContiguous() ? t.storageOffset() : 0;
    }

    /** Rows (nframe) and classes (dim) of a checked input, and whether the output keeps the batch dimension. */
    public record Geometry(int nframe, int dim, boolean batchedOutput) {
        /** The per-row output shape for reduction none. */
        public int[] noneShape() { return batchedOutput ? new int[] {nframe} : new int[0]; }
    }

    /** Rounds to the computation dtype: float32 arithmetic stays float32 where PyTorch's kernel does it in scalar_t. */
    static double round(DType dt, double v) { return dt == DType.FLOAT32 ? (double) (float) v : v; }

    private static Geometry inputGeometry(Tensor input) {
        int nd = input.dim();
        boolean valid = (nd == 2 && input.size(1) != 0) || (nd == 1 && input.size(0) != 0) || nd == 0;
        if (!valid) {
            throw new IllegalArgumentException("Expected non-empty vector or matrix with optional 0-dim batch size, but got: " + Shape.str(input.shape()));
        }
        int nframe = nd <= 1 ? 1 : input.size(0);
        int dim = nd == 0 ? 1 : nd == 1 ? input.size(0) : input.size(1);
        return new Geometry(nframe, dim, false);
    }

    private static void longTarget(Tensor target) {
        Checks.notNull(target, "target");
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException("expected scalar type Long but found " + Checks.typeName(target.dtype()));
        }
    }

    // ------------------------------------------------------------------ MultiMarginLoss

    /**
     * MultiMarginLoss checks (PyTorch 2.x wording): p in {1, 2}, input (C) / (N, C) / 0-d, int64 target with
     * one entry per row, weight 1-D of length C and the input's dtype, every target in [0, C).
     */
    public static Geometry multiMarginCheck(Tensor input, Tensor target, int p, Tensor weight) {
        if (p != 1 && p != 2) throw new IllegalArgumentException("only p == 1 and p == 2 supported");
        Checks.floating(input, "input", "multi_margin_loss_cpu_kernel");
        longTarget(target);
        Geometry g = inputGeometry(input);
        if (target.dim() > 1 || target.numel() != g.nframe()) {
            throw new IllegalArgumentException("inconsistent target size, expected " + g.nframe() + " but got " + Shape.str(target.shape()));
        }
        if (weight != null) {
            if (weight.dim() != 1) throw new IllegalArgumentException("weight must be one-dimensional");
            if (weight.numel() != g.dim()) {
                throw new IllegalArgumentException("inconsistent weight size, expected " + g.dim() + " but got " + Shape.str(weight.shape()));
            }
            if (weight.dtype() != input.dtype()) {
                throw new IllegalArgumentException("expected scalar type " + Checks.typeName(input.dtype()) + " but found " + Checks.typeName(weight.dtype()));
            }
        }
        long[] t = longs(target);
        for (int i = longOffset(target), e = i + target.numel(); i < e; i++) {
            if (t[i] < 0 || t[i] >= g.dim()) throw new IndexOutOfBoundsException("target out of range");
        }
        return new Geometry(g.nframe(), g.dim(), target.dim() > 0);
    }

    /** l_n = sum_{i != y_n} w[y_n] max(0, margin - x[y_n] + x[i])^p / C, then reduced (mean over rows). */
    public static Tensor multiMarginForward(Tensor input, Tensor target, int p, double margin, Tensor weight, Reduction r, Geometry g) {
        DType dt = input.dtype();
        double[] x = input.toDoubleArray();
        long[] t = target.toLongArray();
        double[] w = weight == null ? null : weight.toDoubleArray();
        double m = round(dt, margin);
        int c = g.dim();
        double[] rows = new double[g.nframe()];
        for (int n = 0; n < rows.length; n++) {
            int base = n * c, y = (int) t[n];
            double xy = x[base + y], s = 0;
            for (int i = 0; i < c; i++) {
                if (i == y) continue;
                double z = round(dt, round(dt, m - xy) + x[base + i]);
                if (z > 0) {
                    double h = p == 1 ? z : z * z;
                    if (w != null) h *= w[y];
                    s += h;
                }
            }
            rows[n] = s / c;
        }
        return LossReduction.output(dt, rows, g.noneShape(), r, g.nframe());
    }

    // dl_n/dx[i] = w[y] p max(0, z_i)^(p-1) / C   (i != y, z_i = margin - x[y] + x[i] > 0)
    // dl_n/dx[y] = - sum_{i != y} dl_n/dx[i]       ; times the upstream gradient of row n (/ N for mean)
    /** Backward: the gradient with respect to input, in C order. */
    public static double[] multiMarginBackward(Tensor input, Tensor target, int p, double margin, Tensor weight, Reduction r, Geometry g,
                                               Tensor gradOutput) {
        DType dt = input.dtype();
        double[] x = input.toDoubleArray();
        long[] t = target.toLongArray();
        double[] w = weight == null ? null : weight.toDoubleArray();
        double m = round(dt, margin);
        int c = g.dim();
        double[] up = LossReduction.upstream(gradOutput, g.nframe(), r, g.nframe());
        double[] gx = new double[x.length];
        for (int n = 0; n < g.nframe(); n++) {
            int base = n * c, y = (int) t[n];
            double xy = x[base + y], gy = 0, gn = up[n] / c;
            for (int i = 0; i < c; i++) {
                if (i == y) continue;
                double z = round(dt, round(dt, m - xy) + x[base + i]);
                if (z > 0) {
                    double h = p == 1 ? gn : 2 * gn * z;
                    if (w != null) h *= w[y];
                    gx[base + i] = h;
                    gy -= h;
                }
            }
            gx[base + y] = gy;
        }
        return gx;
    }

    // ------------------------------------------------------------------ MultiLabelMarginLoss

    /**
     * MultiLabelMarginLoss checks (PyTorch 2.x wording): input (C) / (N, C) / 0-d, int64 target of the input's
     * shape (any 1-D or 0-d target with C elements for unbatched input), every target value in [-1, C).
     */
    public static Geometry multiLabelMarginCheck(Tensor input, Tensor target) {
        Checks.floating(input, "input", "multilabel_margin_loss_forward_out_frame");
        longTarget(target);
        Geometry g = inputGeometry(input);
        boolean ok = input.dim() <= 1 ? target.dim() <= 1 && target.numel() == g.dim()
                : target.dim() == 2 && target.size(0) == g.nframe() && target.size(1) == g.dim();
        if (!ok) {
            throw new IllegalArgumentException("inconsistent target size: " + Shape.str(target.shape()) + " for input of size: " + Shape.str(input.shape()));
        }
        long[] t = longs(target);
        for (int i = longOffset(target), e = i + target.numel(); i < e; i++) {
            if (t[i] < -1 || t[i] >= g.dim()) throw new IndexOutOfBoundsException("argument #2 'target' is out of range");
        }
        return new Geometry(g.nframe(), g.dim(), target.dim() == 2);
    }

    /** The labels of row n: target entries before the first -1 (duplicates count again, as in PyTorch). */
    private static int labelCount(long[] t, int base, int c) {
        int k = 0;
        while (k < c && t[base + k] >= 0) k++;
        return k;
    }

    /** l_n = sum_{j labels} sum_{i not a label} max(0, 1 - (x[y_j] - x[i])) / C, then reduced (mean over rows). */
    public static Tensor multiLabelMarginForward(Tensor input, Tensor target, Reduction r, Geometry g) {
        DType dt = input.dtype();
        double[] x = input.toDoubleArray();
        long[] t = target.toLongArray();
        int c = g.dim();
        double[] rows = new double[g.nframe()];
        boolean[] isTarget = new boolean[c];
        for (int n = 0; n < rows.length; n++) {
            int base = n * c, k = labelCount(t, base, c);
            java.util.Arrays.fill(isTarget, false);
            for (int j = 0; j < k; j++) isTarget[(int) t[base + j]] = true;
            double s = 0;
            for (int j = 0; j < k; j++) {
                double xy = x[base + (int) t[base + j]];
                for (int i = 0; i < c; i++) {
                    if (isTarget[i]) continue;
                    double z = round(dt, round(dt, 1 - xy) + x[base + i]);
                    if (z > 0) s += z;
                }
            }
            rows[n] = s / c;
        }
        return LossReduction.output(dt, rows, g.noneShape(), r, g.nframe());
    }

    // for every label j and non-label i with z = 1 - x[y_j] + x[i] > 0:
    //   dl_n/dx[i] += 1 / C,  dl_n/dx[y_j] -= 1 / C      ; times the upstream gradient of row n (/ N for mean)
    /** Backward: the gradient with respect to input, in C order. */
    public static double[] multiLabelMarginBackward(Tensor input, Tensor target, Reduction r, Geometry g, Tensor gradOutput) {
        DType dt = input.dtype();
        double[] x = input.toDoubleArray();
        long[] t = target.toLongArray();
        int c = g.dim();
        double[] up = LossReduction.upstream(gradOutput, g.nframe(), r, g.nframe());
        double[] gx = new double[x.length];
        boolean[] isTarget = new boolean[c];
        for (int n = 0; n < g.nframe(); n++) {
            int base = n * c, k = labelCount(t, base, c);
            java.util.Arrays.fill(isTarget, false);
            for (int j = 0; j < k; j++) isTarget[(int) t[base + j]] = true;
            double gn = up[n] / c;
            for (int j = 0; j < k; j++) {
                int y = (int) t[base + j];
                double xy = x[base + y];
                for (int i = 0; i < c; i++) {
                    if (isTarget[i]) continue;
                    double z = round(dt, round(dt, 1 - xy) + x[base + i]);
                    if (z > 0) {
                        gx[base + y] -= gn;
                        gx[base + i] += gn;
                    }
                }
            }
        }
        return gx;
    }

    /** A fused forward's loss and, when asked for, the gradient it computed on the way (null otherwise). */
    public record Fused(Tensor output, float[] grad) {}

    /** Whether the fused float32 path applies: a float32 contiguous input (weight, if any, is float32 too). */
    public static boolean fusable(Tensor input) { return floats(input) != null; }

    /**
     * The fused MultiMarginLoss on a float32 contiguous input: the loss of every row and, when {@code wantGrad}, the
     * gradient of the reduced loss for an upstream gradient of 1 (of each row's loss for reduction none), in one pass.
     * Rows run in parallel blocks; every row's values depend on that row only, so results do not depend on threads.
     */
    // per row with z_i = (margin - x[y]) + x[i] > 0, i != y, h = w[y] / C (/ N for mean):
    //   dl/dx[i] = h (p = 1) or 2 h z_i (p = 2);  dl/dx[y] = - sum_{i != y} dl/dx[i]
    public static Fused multiMarginFused(Tensor input, Tensor target, int p, double margin, Tensor weight, Reduction r, Geometry g,
                                         boolean wantGrad) {
        float[] x = floats(input);
        int xo = input.storageOffset();
        long[] t = longs(target);
        int to = longOffset(target);
        float[] w = weight == null ? null : weight.toFloatArray();
        float mf = (float) margin;
        int c = g.dim(), nr = g.nframe();
        double[] rows = new double[nr];
        float[] gx = wantGrad ? new float[nr * c] : null;
        double red = r == Reduction.MEAN ? 1.0 / nr : 1.0;
        Parallel.parallelFor(0, nr, rowGrain(c), (s, e) -> {
            double[] out = new double[3];
            for (int n = s; n < e; n++) {
                int base = xo + n * c, y = (int) t[to + n];
                float shift = mf - x[base + y];
                double wy = w == null ? 1 : w[y];
                double hD = red / c * wy;
                float h = (float) hD;
                double s1 = 0, s2 = 0, cnt = 0;
                for (int cs = 0; cs < c; cs += CHUNK) {
                    int len = Math.min(CHUNK, c - cs);
                    K.multiMarginRow(x, base + cs, len, y - cs, shift, p, h, gx, n * c + cs, out, 0);
                    s1 += out[0];
                    s2 += out[1];
                    cnt += out[2];
                }
                rows[n] = (p == 1 ? s1 : s2) * wy / c;
                if (gx != null) gx[n * c + y] = (float) -(p == 1 ? cnt * hD : 2 * hD * s1);
            }
        });
        return new Fused(LossReduction.output(DType.FLOAT32, rows, g.noneShape(), r, nr), gx);
    }

    /**
     * The fused MultiLabelMarginLoss on a float32 contiguous input, as {@link #multiMarginFused}: per row, the row with
     * its labels set to -inf (scratch of C floats per block), then one vector pass per label.
     */
    // for every label j and non-label i with z = (1 - x[y_j]) + x[i] > 0:
    //   dl/dx[i] += 1 / C,  dl/dx[y_j] -= 1 / C      (/ N for mean): counts first, scaled once per row
    public static Fused multiLabelMarginFused(Tensor input, Tensor target, Reduction r, Geometry g, boolean wantGrad) {
        float[] x = floats(input);
        int xo = input.storageOffset();
        long[] t = longs(target);
        int to = longOffset(target);
        int c = g.dim(), nr = g.nframe();
        double[] rows = new double[nr];
        float[] gx = wantGrad ? new float[nr * c] : null;
        float gn = (float) ((r == Reduction.MEAN ? 1.0 / nr : 1.0) / c);
        Parallel.parallelFor(0, nr, Math.max(1, rowGrain(c) / 2), (s, e) -> {
            double[] out = new double[2];
            float[] xm = new float[c];
            for (int n = s; n < e; n++) {
                int base = xo + n * c, tb = to + n * c, gb = n * c;
                int k = 0;
                while (k < c && t[tb + k] >= 0) k++;
                System.arraycopy(x, base, xm, 0, c);
                for (int j = 0; j < k; j++) xm[(int) t[tb + j]] = Float.NEGATIVE_INFINITY;
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    int y = (int) t[tb + j];
                    float shift = 1f - x[base + y];
                    double cnt = 0;
                    for (int cs = 0; cs < c; cs += CHUNK) {
                        int len = Math.min(CHUNK, c - cs);
                        K.multiLabelRow(xm, cs, len, shift, gx, gb + cs, out, 0);
                        sum += out[0];
                        cnt += out[1];
                    }
                    if (gx != null) gx[gb + y] -= (float) cnt;
                }
                rows[n] = sum / c;
                if (gx != null && k > 0) K.scale(gx, gb, c, gn);
            }
        });
        return new Fused(LossReduction.output(DType.FLOAT32, rows, g.noneShape(), r, nr), gx);
    }
}
