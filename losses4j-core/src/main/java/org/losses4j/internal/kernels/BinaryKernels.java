package org.losses4j.internal.kernels;

import org.losses4j.internal.ops.Elementwise;

/**
 * The double forms shared by the binary-classification loss kernels (BCE with logits, multi-label soft margin, soft
 * margin, hinge embedding, margin ranking): stable softplus / log-sigmoid and PyTorch's log_sigmoid_backward, and the
 * float32 rounding that reproduces PyTorch's per-op rounding where a comparison depends on it. Numbers in, numbers out.
 */
public final class BinaryKernels {
    private BinaryKernels() {}

    /** log(1 + exp(z)), stable for any z: max(z, 0) + log1p(exp(-|z|)). */
    public static double softplus(double z) {
        if (Double.isNaN(z)) return z;
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /** log(sigmoid(z)) = -softplus(-z), stable for any z. */
    public static double logSigmoid(double z) { return -softplus(-z); }

    /**
     * d logsigmoid(a) / da as PyTorch's log_sigmoid_backward computes it: with e = exp(-|a|), 1 - e / (1 + e) for a < 0,
     * e / (1 + e) otherwise.
     */
    public static double logSigmoidGrad(double a) {
        double e = Math.exp(-Math.abs(a)), er = e / (1 + e);
        return a < 0 ? 1 - er : er;
    }

    /** The logistic function, stable for large |z|. */
    public static double sigmoid(double z) { return Elementwise.sigmoidValue(z); }

    /** v rounded to float32 when {@code f32} (PyTorch computing in float32), else v. */
    public static double round(double v, boolean f32) { return f32 ? (double) (float) v : v; }
}
