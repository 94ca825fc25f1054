package org.losses4j.optim;

/**
 * PyTorch's CPU element-wise kernels as the optimizers use them, one element at a time, in float and double:
 * where PyTorch's kernel computes a fused multiply-add (its vectorised loops call {@code fmadd}, its scalar tails
 * are contracted to one by the compiler), these do too, so each result is PyTorch's bits.
 */
final class Updates {
    private Updates() {}

    /**
     * {@code self.lerp_(end, w)}: self + w (end - self) for |w| < 0.5, else end - (end - self)(1 - w), each one fma.
     * d/dself = 1 - w, d/dend = w (no gradient flows through an optimizer step).
     */
    static float lerp(float self, float end, float w) {
        float diff = end - self;
        return Math.abs(w) < 0.5f ? Math.fma(w, diff, self) : Math.fma(-diff, 1f - w, end);
    }

    static double lerp(double self, double end, double w) {
        double diff = end - self;
        return Math.abs(w) < 0.5 ? Math.fma(w, diff, self) : Math.fma(-diff, 1.0 - w, end);
    }

    /** {@code torch.maximum(a, b)}: the larger, NaN if either is NaN. */
    static float maximum(float a, float b) { return a != a || b != b ? Float.NaN : Math.max(a, b); }

    static double maximum(double a, double b) { return a != a || b != b ? Double.NaN : Math.max(a, b); }

    /** sqrt in float, correctly rounded (as {@code torch.sqrt} on float32). */
    static float sqrt(float x) { return (float) Math.sqrt(x); }
}
