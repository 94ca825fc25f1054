package org.losses4j.kernels;

import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.nn.Reduction;

/**
 * The multi-class margin losses on primitive arrays: MultiMarginLoss and MultiLabelMarginLoss.
 * Check, forward and backward side by side (DESIGN.md 2, 3). Input is (C), (N, C) or a 0-d scalar (C = 1);
 * rows are read from the contiguous input, the backward recomputes everything from input and target, so
 * nothing but the geometry is saved.
 */
public final class MarginKernels {
    private MarginKernels() {}

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
        long[] t = target.toLongArray();
        for (long v : t) {
            if (v < 0 || v >= g.dim()) throw new IndexOutOfBoundsException("target out of range");
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
        for (long v : target.toLongArray()) {
            if (v < -1 || v >= g.dim()) throw new IndexOutOfBoundsException("argument #2 'target' is out of range");
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
}
