package org.losses4j.internal.kernels;

import org.losses4j.internal.simd.ExternalLossKernels;
import org.losses4j.internal.simd.VectorizationProvider;
import org.losses4j.internal.simd.scalar.ScalarExternalLossKernels;

/**
 * Keras's point-wise regression losses on arrays: LogCoshLoss, MSLELoss, MAPELoss and SquaredHingeLoss. Each is
 * the PyTorch expression that Keras runs on its PyTorch backend ({@code keras.ops.maximum} is {@code torch.maximum},
 * {@code keras.ops.softplus} is {@code F.softplus}), and each gradient is that expression's autograd, op by op.
 *
 * <p>One algorithm for both dtypes (ARCHITECTURE.md, convention 10): the element functions are
 * {@code ScalarExternalLossKernels}', in double with {@code f32} rounding each intermediate to float32 where PyTorch's
 * float32 kernels round it, so a float32 result is PyTorch's float32 result (to the last bit for the arithmetic; exp
 * and log are the correctly rounded float of the double function, within an ulp of PyTorch's). Rounding a double sum,
 * product, difference or quotient of two floats to float gives the float operation's own result, so nothing is lost
 * by working in double. This class runs them over the general path's double arrays and hands the fused float32
 * passes to {@link ExternalLossKernels} (Vector API when available).
 *
 * <p>Gradients are in PyTorch's chain form: the upstream gradient {@code u} (per element, already divided by N for a
 * mean) enters at the top and passes every op's backward in turn, so NaN and infinities come out where PyTorch's do.
 * The fused float32 passes compute the same with {@code u} = the reduction's scale, giving the local gradient that
 * the node multiplies by the upstream gradient afterwards. Every loop writes the per-element loss where
 * {@code out} is not null, the gradients where {@code gx} / {@code gy} are not null, and returns the sum of the losses.
 * Kernel arguments follow convention 13: (array, offset) pairs, scalars, the length last.
 */
public final class KerasKernels {
    private KerasKernels() {}

    /** Keras's {@code backend.epsilon()}, the floor of MSLE's operands and of MAPE's divisor. */
    public static final double EPSILON = 1e-7;

    /** v rounded to float32 when {@code f32} (a PyTorch float32 op's result), else v. */
    static double r(double v, boolean f32) { return ScalarExternalLossKernels.r(v, f32); }

    /** A constant as the dtype holds it: Keras's epsilon is 1.0000000116860974e-7 in float32. */
    public static double constant(double c, boolean f32) { return r(c, f32); }

    // ------------------------------------------------------------------ LogCoshLoss
    // d = x - y ; z = -2 d ; l = (d + softplus(z)) - log 2, softplus(z) = z if z > 20 else log1p(exp(z))   (keras.losses.log_cosh)
    // dl/dd = u + (-2) s, s = u if z > 20 else (u exp(z)) / (exp(z) + 1)   (softplus_backward) ; dl/dx = dl/dd ; dl/dy = -dl/dd
    // The element functions are ScalarExternalLossKernels' (shared with the fused float32 kernels, scalar and Vector API).

    /** The kernels of the fused float32 pass (Vector API when available). */
    public static final ExternalLossKernels K = VectorizationProvider.get().kernels(ExternalLossKernels.class);

    /** The fused float32 loop over elements [0, n): out, gx, gy (each may be null) from index o; u = the reduction's scale. */
    public static double logCosh(float[] x, int xo, float[] y, int yo, float[] out, float[] gx, float[] gy, int o, float u, int n) {
        return K.logCosh(x, xo, y, yo, out, gx, gy, o, u, n);
    }

    /** out[i] = the loss of x[i], y[i] (operands broadcast to one length). */
    public static void logCosh(double[] x, double[] y, double[] out, boolean f32) {
        for (int i = 0; i < out.length; i++) out[i] = ScalarExternalLossKernels.logCosh(r(x[i] - y[i], f32), f32);
    }

    /** Chain-form gradients for the upstream u per element (gx, gy may be null). */
    public static void logCoshBackward(double[] x, double[] y, double[] u, double[] gx, double[] gy, boolean f32) {
        for (int i = 0; i < u.length; i++) {
            double g = ScalarExternalLossKernels.logCoshGrad(r(x[i] - y[i], f32), r(u[i], f32), f32);
            if (gx != null) gx[i] = g;
            if (gy != null) gy[i] = -g;
        }
    }

    // ------------------------------------------------------------------ MSLELoss
    // a = maximum(x, eps) + 1 ; b = maximum(y, eps) + 1 ; d = log a - log b ; l = d^2   (keras.losses.mean_squared_logarithmic_error)
    // gd = u (2 d) ; dl/dx = maxGrad(x, eps, gd / a) ; dl/dy = maxGrad(y, eps, -gd / b)   (torch.maximum: a tie halves)

    /** The fused float32 loop ({@link ExternalLossKernels#msle}); eps is {@link #EPSILON} as a float. */
    public static double msle(float[] x, int xo, float[] y, int yo, float[] out, float[] gx, float[] gy, int o, float u, float eps, int n) {
        return K.msle(x, xo, y, yo, out, gx, gy, o, u, eps, n);
    }

    /** out[i] = the loss of x[i], y[i]; eps is {@link #EPSILON} in the dtype. */
    public static void msle(double[] x, double[] y, double[] out, double eps, boolean f32) {
        for (int i = 0; i < out.length; i++) out[i] = ScalarExternalLossKernels.msle(x[i], y[i], eps, f32);
    }

    /** Chain-form gradients for the upstream u per element (gx, gy may be null). */
    public static void msleBackward(double[] x, double[] y, double[] u, double[] gx, double[] gy, double eps, boolean f32) {
        double[] g = new double[2];
        for (int i = 0; i < u.length; i++) {
            ScalarExternalLossKernels.msleGrad(x[i], y[i], eps, r(u[i], f32), f32, g);
            if (gx != null) gx[i] = g[0];
            if (gy != null) gy[i] = g[1];
        }
    }

    // ------------------------------------------------------------------ MAPELoss
    // c = maximum(|y|, eps) ; q = (y - x) / c ; l = 100 |q|   (keras.losses.mean_absolute_percentage_error)
    // gq = (100 u) sgn(q) ; gn = gq / c ; dl/dx = -gn ; gc = -gq (q / c) ; dl/dy = gn + maxGrad(|y|, eps, gc) sgn(y)

    /** The fused float32 loop ({@link ExternalLossKernels#mape}). */
    public static double mape(float[] x, int xo, float[] y, int yo, float[] out, float[] gx, float[] gy, int o, float u, float eps, int n) {
        return K.mape(x, xo, y, yo, out, gx, gy, o, u, eps, n);
    }

    /** out[i] = the loss of x[i], y[i], in percent. */
    public static void mape(double[] x, double[] y, double[] out, double eps, boolean f32) {
        for (int i = 0; i < out.length; i++) out[i] = ScalarExternalLossKernels.mape(x[i], y[i], eps, f32);
    }

    /** Chain-form gradients for the upstream u per element (gx, gy may be null). */
    public static void mapeBackward(double[] x, double[] y, double[] u, double[] gx, double[] gy, double eps, boolean f32) {
        double[] g = new double[2];
        for (int i = 0; i < u.length; i++) {
            ScalarExternalLossKernels.mapeGrad(x[i], y[i], eps, r(u[i], f32), f32, g);
            if (gx != null) gx[i] = g[0];
            if (gy != null) gy[i] = g[1];
        }
    }

    // ------------------------------------------------------------------ SquaredHingeLoss
    // t = 2 y - 1 when every target is 0 or 1 (Keras's conversion of binary labels), else y
    // s = 1 - t x ; h = maximum(s, 0) ; l = h^2   (keras.losses.squared_hinge)
    // gs = maxGrad(s, 0, u (2 h)) ; dl/dx = -gs t ; dl/dt = -gs x ; dl/dy = 2 dl/dt when converted, else dl/dt

    /** Whether every value is 0 or 1 (true for none): Keras then reads the labels as binary and converts them. */
    public static boolean binaryLabels(double[] y) {
        for (double v : y) if (v != 0 && v != 1) return false;
        return true;
    }

    /** {@link #binaryLabels(double[])} for y[yo, yo + n). */
    public static boolean binaryLabels(float[] y, int yo, int n) {
        boolean all = true;
        for (int i = 0; i < n; i++) {
            float v = y[yo + i];
            all &= v == 0 | v == 1;
        }
        return all;
    }

    /** The fused float32 loop ({@link ExternalLossKernels#squaredHinge}). */
    public static double squaredHinge(float[] x, int xo, float[] y, int yo, float[] out, float[] gx, float[] gy, int o, float u, boolean converted,
                                      int n) {
        return K.squaredHinge(x, xo, y, yo, out, gx, gy, o, u, converted, n);
    }

    /** out[i] = the loss of x[i] and the label of y[i]. */
    public static void squaredHinge(double[] x, double[] y, double[] out, boolean converted, boolean f32) {
        for (int i = 0; i < out.length; i++) {
            out[i] = ScalarExternalLossKernels.squaredHinge(x[i], ScalarExternalLossKernels.label(y[i], converted, f32), f32);
        }
    }

    /** Chain-form gradients for the upstream u per element (gx, gy may be null). */
    public static void squaredHingeBackward(double[] x, double[] y, double[] u, double[] gx, double[] gy, boolean converted, boolean f32) {
        double[] g = new double[2];
        for (int i = 0; i < u.length; i++) {
            ScalarExternalLossKernels.squaredHingeGrad(x[i], y[i], converted, r(u[i], f32), f32, g);
            if (gx != null) gx[i] = g[0];
            if (gy != null) gy[i] = g[1];
        }
    }
}
