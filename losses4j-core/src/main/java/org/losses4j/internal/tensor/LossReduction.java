package org.losses4j.internal.tensor;

import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.Reduction;

/**
 * The one place that applies none/mean/sum to per-element losses and scales the backward accordingly
 * (docs/ARCHITECTURE.md, convention 4). Sums accumulate in double, so a float32 mean over millions of elements keeps
 * PyTorch's accuracy.
 */
public final class LossReduction {
    private LossReduction() {}

    /** Sum in double. */
    public static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }

    /**
     * The loss output: the per-element values shaped {@code shape} for NONE, else a 0-d tensor holding their
     * sum (SUM) or sum / {@code meanDivisor} (MEAN, BATCHMEAN). The values are rounded once to {@code dtype}.
     */
    public static Tensor output(DType dtype, double[] perElement, int[] shape, Reduction r, double meanDivisor) {
        if (r == Reduction.NONE) return fromDoubles(dtype, perElement, shape);
        double s = sum(perElement);
        if (r != Reduction.SUM) s /= meanDivisor;
        return fromDoubles(dtype, new double[] {s}, new int[0]);
    }

    /**
     * The upstream gradient per element: grad_output itself (read in C order) for NONE, else the scalar
     * grad_output times 1 (SUM) or 1 / meanDivisor (MEAN, BATCHMEAN), broadcast to n elements.
     */
    public static double[] upstream(Tensor gradOutput, int n, Reduction r, double meanDivisor) {
        if (r == Reduction.NONE) {
            double[] g = gradOutput.toDoubleArray();
            if (g.length != n) throw new IllegalStateException("grad_output has " + g.length + " elements, expected " + n);
            return g;
        }
        double g = gradOutput.item();
        if (r != Reduction.SUM) g /= meanDivisor;
        double[] out = new double[n];
        java.util.Arrays.fill(out, g);
        return out;
    }

    /** The scalar factor of a reduced loss's backward: grad_output (SUM) or grad_output / meanDivisor. */
    public static double scale(Tensor gradOutput, Reduction r, double meanDivisor) {
        double g = gradOutput.item();
        return r == Reduction.SUM ? g : g / meanDivisor;
    }

    /** A contiguous tensor of dtype from doubles, rounded once. */
    public static Tensor fromDoubles(DType dtype, double[] v, int[] shape) {
        if (dtype == DType.FLOAT64) return Tensor.wrap(DType.FLOAT64, v, shape);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return Tensor.wrap(DType.FLOAT32, f, shape);
    }
}
