package org.losses4j.internal.kernels;

import org.losses4j.internal.simd.ExternalLossKernels;
import org.losses4j.internal.simd.VectorizationProvider;
import org.losses4j.internal.simd.scalar.ScalarExternalLossKernels;

/**
 * Keras's point-wise regression losses on arrays: LogCoshLoss, MSLELoss, MAPELoss and SquaredHingeLoss. Each is
 * the PyTorch expression that Keras runs on its PyTorch backend ({@code keras.ops.maximum} is {@code torch.maximum},
 * {@code keras.ops.softplus} is {@code F.softplus}), and each gradient is that expression's autograd, op by op.
 *
 * <p>One algorithm for both dtypes (ARCHITECTURE.md, convention 10): every element function works in double and
 * takes {@code f32}; with {@code f32} each intermediate is rounded to float32 where PyTorch's float32 kernels round it
 * ({@code r}), so a float32 result is PyTorch's float32 result (to the last bit for the arithmetic; exp and log are
 * the correctly rounded float of the double function, within an ulp of PyTorch's). Rounding a double sum, product,
 * difference or quotient of two floats to float gives the float operation's own result, so nothing is lost by working
 * in double.
 *
 * <p>Gradients are in PyTorch's chain form: the upstream gradient {@code u} (per element, already divided by N for a
 * mean) enters at the top and passes every op's backward in turn, so NaN and infinities come out where PyTorch's do.
 * The fused float32 loops call the same functions with {@code u} = the reduction's scale, giving the local gradient
 * that the node multiplies by the upstream gradient afterwards. Every loop writes the per-element loss where
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

    /**
     * torch.maximum's backward for its first operand {@code v} against {@code other}: g where v &gt; other, 0 where
     * v &lt; other, g / 2 at a tie (NaN compares neither way: g).
     */
    static double maxGrad(double v, double other, double g) { return v == other ? g / 2 : v < other ? 0 : g; }

    /** PyTorch's sign as abs' backward uses it: (v &gt; 0) - (v &lt; 0), 0 for NaN. */
    static double sgn(double v) { return v > 0 ? 1 : v < 0 ? -1 : 0; }

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
    // g = u (2 d) ; dl/dx = maxGrad(x, eps, g / a) ; dl/dy = maxGrad(y, eps, -g / b)

    /** MSLE's loss of x, y; eps is {@link #EPSILON} in the dtype. */
    public static double msle(double x, double y, double eps, boolean f32) {
        double d = r(r(Math.log(r(Math.max(x, eps) + 1, f32)), f32) - r(Math.log(r(Math.max(y, eps) + 1, f32)), f32), f32);
        return r(d * d, f32);
    }

    /** Writes dl/dx into g[0] and dl/dy into g[1] for the upstream gradient u. */
    static void msleGrad(double x, double y, double eps, double u, boolean f32, double[] g) {
        double a = r(Math.max(x, eps) + 1, f32), b = r(Math.max(y, eps) + 1, f32);
        double d = r(r(Math.log(a), f32) - r(Math.log(b), f32), f32);
        double gd = r(u * r(2 * d, f32), f32);
        g[0] = maxGrad(x, eps, r(gd / a, f32));
        g[1] = maxGrad(y, eps, r(-gd / b, f32));
    }

    /** The fused float32 loop (see {@link #logCosh(float[], int, float[], int, float[], float[], float[], int, float, int)}). */
    public static double msle(float[] x, int xo, float[] y, int yo, float[] out, float[] gx, float[] gy, int o, float u, float eps, int n) {
        double s = 0;
        double[] g = new double[2];
        for (int i = 0; i < n; i++) {
            double xi = x[xo + i], yi = y[yo + i];
            double l = msle(xi, yi, eps, true);
            s += l;
            if (out != null) out[o + i] = (float) l;
            if (gx != null || gy != null) {
                msleGrad(xi, yi, eps, u, true, g);
                if (gx != null) gx[o + i] = (float) g[0];
                if (gy != null) gy[o + i] = (float) g[1];
            }
        }
        return s;
    }

    public static void msle(double[] x, double[] y, double[] out, double eps, boolean f32) {
        for (int i = 0; i < out.length; i++) out[i] = msle(x[i], y[i], eps, f32);
    }

    public static void msleBackward(double[] x, double[] y, double[] u, double[] gx, double[] gy, double eps, boolean f32) {
        double[] g = new double[2];
        for (int i = 0; i < u.length; i++) {
            msleGrad(x[i], y[i], eps, r(u[i], f32), f32, g);
            if (gx != null) gx[i] = g[0];
            if (gy != null) gy[i] = g[1];
        }
    }

    // ------------------------------------------------------------------ MAPELoss
    // c = maximum(|y|, eps) ; q = (y - x) / c ; l = 100 |q|   (keras.losses.mean_absolute_percentage_error)
    // gq = (100 u) sgn(q) ; gn = gq / c ; dl/dx = -gn ; gc = -gq ((y - x) / c / c) ; dl/dy = gn + maxGrad(|y|, eps, gc) sgn(y)

    /** MAPE's loss of x, y, in percent; eps is {@link #EPSILON} in the dtype. */
    public static double mape(double x, double y, double eps, boolean f32) {
        double c = Math.max(Math.abs(y), eps);
        return r(100 * Math.abs(r(r(y - x, f32) / c, f32)), f32);
    }

    /** Writes dl/dx into g[0] and dl/dy into g[1] for the upstream gradient u. */
    static void mapeGrad(double x, double y, double eps, double u, boolean f32, double[] g) {
        double ay = Math.abs(y), c = Math.max(ay, eps);
        double q = r(r(y - x, f32) / c, f32);
        double gq = r(u * 100, f32) * sgn(q);
        double gn = r(gq / c, f32);
        double gc = r(-gq * r(q / c, f32), f32);
        g[0] = -gn;
        g[1] = r(gn + maxGrad(ay, eps, gc) * sgn(y), f32);
    }

    public static double mape(float[] x, int xo, float[] y, int yo, float[] out, float[] gx, float[] gy, int o, float u, float eps, int n) {
        double s = 0;
        double[] g = new double[2];
        for (int i = 0; i < n; i++) {
            double xi = x[xo + i], yi = y[yo + i];
            double l = mape(xi, yi, eps, true);
            s += l;
            if (out != null) out[o + i] = (float) l;
            if (gx != null || gy != null) {
                mapeGrad(xi, yi, eps, u, true, g);
                if (gx != null) gx[o + i] = (float) g[0];
                if (gy != null) gy[o + i] = (float) g[1];
            }
        }
        return s;
    }

    public static void mape(double[] x, double[] y, double[] out, double eps, boolean f32) {
        for (int i = 0; i < out.length; i++) out[i] = mape(x[i], y[i], eps, f32);
    }

    public static void mapeBackward(double[] x, double[] y, double[] u, double[] gx, double[] gy, double eps, boolean f32) {
        double[] g = new double[2];
        for (int i = 0; i < u.length; i++) {
            mapeGrad(x[i], y[i], eps, r(u[i], f32), f32, g);
            if (gx != null) gx[i] = g[0];
            if (gy != null) gy[i] = g[1];
        }
    }

    // ------------------------------------------------------------------ SquaredHingeLoss
    // t = 2 y - 1 when every target is 0 or 1 (Keras's conversion of binary labels), else y
    // s = 1 - t x ; h = maximum(s, 0) ; l = h^2   (keras.losses.squared_hinge)
    // gs = maxGrad(s, 0, u (2 h)) ; dl/dx = -gs t ; dl/dt = -gs x ; dl/dy = 2 dl/dt when converted, else dl/dt

    /** The label Keras uses: 2 y - 1 when {@code converted}, else y. */
    static double label(double y, boolean converted, boolean f32) { return converted ? r(r(2 * y, f32) - 1, f32) : y; }

    /** SquaredHinge's loss of x and the label t ({@link #label}). */
    public static double squaredHinge(double x, double t, boolean f32) {
        double h = Math.max(r(1 - r(t * x, f32), f32), 0);
        return r(h * h, f32);
    }

    /** Writes dl/dx into g[0] and dl/dy into g[1] for the upstream gradient u. */
    static void squaredHingeGrad(double x, double y, boolean converted, double u, boolean f32, double[] g) {
        double t = label(y, converted, f32);
        double s = r(1 - r(t * x, f32), f32), h = Math.max(s, 0);
        double gs = maxGrad(s, 0, r(u * r(2 * h, f32), f32));
        double gt = r(-gs * x, f32);
        g[0] = r(-gs * t, f32);
        g[1] = converted ? r(gt * 2, f32) : gt;
    }

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

    public static double squaredHinge(float[] x, int xo, float[] y, int yo, float[] out, float[] gx, float[] gy, int o, float u, boolean converted,
                                      int n) {
        double s = 0;
        double[] g = new double[2];
        for (int i = 0; i < n; i++) {
            double xi = x[xo + i], yi = y[yo + i];
            double l = squaredHinge(xi, label(yi, converted, true), true);
            s += l;
            if (out != null) out[o + i] = (float) l;
            if (gx != null || gy != null) {
                squaredHingeGrad(xi, yi, converted, u, true, g);
                if (gx != null) gx[o + i] = (float) g[0];
                if (gy != null) gy[o + i] = (float) g[1];
            }
        }
        return s;
    }

    public static void squaredHinge(double[] x, double[] y, double[] out, boolean converted, boolean f32) {
        for (int i = 0; i < out.length; i++) out[i] = squaredHinge(x[i], label(y[i], converted, f32), f32);
    }

    public static void squaredHingeBackward(double[] x, double[] y, double[] u, double[] gx, double[] gy, boolean converted, boolean f32) {
        double[] g = new double[2];
        for (int i = 0; i < u.length; i++) {
            squaredHingeGrad(x[i], y[i], converted, r(u[i], f32), f32, g);
            if (gx != null) gx[i] = g[0];
            if (gy != null) gy[i] = g[1];
        }
    }
}
