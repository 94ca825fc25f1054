package org.losses4j.internal.kernels;

/**
 * The double forms of the point-wise regression losses (L1Loss, SmoothL1Loss, HuberLoss, PoissonNLLLoss,
 * GaussianNLLLoss), for float64 operands and for the general path (broadcasting, int64 targets, options the float32
 * kernels do not cover). Arrays only: every operand is read broadcast to one shape into a fresh double[], so each
 * method works on whole arrays of one length.
 *
 * <p>Per loss: an element function (the formula, as PyTorch writes it), a forward loop writing the per-element loss,
 * and a backward loop in PyTorch's chain form: the upstream gradient {@code u} (per element, already divided for a
 * mean) enters every term as PyTorch's op backwards apply it, so NaN and infinities come out where PyTorch's do
 * (0 * inf, inf - inf). Gradient arrays that are null are not written. The float32 forms of the fused path are
 * {@code ScalarPointwiseKernels}' element functions (pinned against these by RegressionFormsTest).
 */
public final class RegressionKernels {
    private RegressionKernels() {}

    static final double TWO_PI = 2 * Math.PI;
    /** 0.5 log(2 pi), GaussianNLL's constant with full=True. */
    public static final double HALF_LOG_TWO_PI = 0.5 * Math.log(TWO_PI);

    /** PyTorch's sign as used by abs' backward: (d > 0) - (d < 0), so NaN gives 0. */
    static double sgn(double d) { return d > 0 ? 1 : d < 0 ? -1 : 0; }

    /** -a[i] into b[i] where b is not null. */
    private static void negateInto(double[] a, double[] b) {
        if (b != null) for (int i = 0; i < a.length; i++) b[i] = -a[i];
    }

    // ------------------------------------------------------------------ L1Loss

    /** l = |d|, d = x - y. */
    public static void l1(double[] x, double[] y, double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = Math.abs(x[i] - y[i]);
    }

    // dL/dx = u sgn(x - y) (0 where x == y or NaN, PyTorch's abs backward) ; dL/dy = -dL/dx
    public static void l1Backward(double[] x, double[] y, double[] u, double[] gx, double[] gy) {
        double[] g = gx != null ? gx : new double[x.length];
        for (int i = 0; i < g.length; i++) g[i] = u[i] * sgn(x[i] - y[i]);
        negateInto(g, gy);
    }

    // ------------------------------------------------------------------ SmoothL1Loss

    /** l = 0.5 d^2 / beta if |d| < beta, else |d| - 0.5 beta (beta > 0; beta == 0 is L1). */
    public static double smoothL1(double d, double beta) {
        double z = Math.abs(d);
        return z < beta ? 0.5 * d * d / beta : z - 0.5 * beta;
    }

    /** dl/dd times u: -u if d <= -beta, u if d >= beta, else d u / beta (NaN gives NaN). */
    public static double smoothL1Grad(double d, double u, double beta) { return d <= -beta ? -u : d >= beta ? u : d * u / beta; }

    public static void smoothL1(double[] x, double[] y, double[] out, double beta) {
        for (int i = 0; i < out.length; i++) out[i] = smoothL1(x[i] - y[i], beta);
    }

    // dL/dx = u (-1 if d <= -beta ; 1 if d >= beta ; d / beta otherwise) ; dL/dy = -dL/dx
    public static void smoothL1Backward(double[] x, double[] y, double[] u, double[] gx, double[] gy, double beta) {
        double[] g = gx != null ? gx : new double[x.length];
        for (int i = 0; i < g.length; i++) g[i] = smoothL1Grad(x[i] - y[i], u[i], beta);
        negateInto(g, gy);
    }

    // ------------------------------------------------------------------ HuberLoss

    /** l = 0.5 d^2 if |d| < delta, else delta (|d| - 0.5 delta). */
    public static double huber(double d, double delta) {
        double z = Math.abs(d);
        return z < delta ? 0.5 * d * d : delta * (z - 0.5 * delta);
    }

    /** dl/dd times u: -delta u if d <= -delta, delta u if d >= delta, else d u. */
    public static double huberGrad(double d, double u, double delta) { return d <= -delta ? -delta * u : d >= delta ? delta * u : d * u; }

    public static void huber(double[] x, double[] y, double[] out, double delta) {
        for (int i = 0; i < out.length; i++) out[i] = huber(x[i] - y[i], delta);
    }

    // dL/dx = u (-delta if d <= -delta ; delta if d >= delta ; d otherwise) ; dL/dy = -dL/dx
    public static void huberBackward(double[] x, double[] y, double[] u, double[] gx, double[] gy, double delta) {
        double[] g = gx != null ? gx : new double[x.length];
        for (int i = 0; i < g.length; i++) g[i] = huberGrad(x[i] - y[i], u[i], delta);
        negateInto(g, gy);
    }

    // ------------------------------------------------------------------ PoissonNLLLoss

    /** x + eps as PyTorch's float32 op rounds it when {@code f32} (1 + 1e-8 is exactly 1 in float32, so log gives 0). */
    static double plusEps(double x, double eps, boolean f32) { return f32 ? (float) (x + (float) eps) : x + eps; }

    /**
     * log_input: l = exp(x) - y x ; else l = x - y log(x + eps) ; full adds the Stirling term
     * y log y - y + 0.5 log(2 pi y) where y > 1 (elsewhere 0; a NaN target propagates, as through masked_fill).
     * {@code f32}: PyTorch computes in float32 (x + eps rounded to float).
     */
    public static void poissonNll(double[] x, double[] y, double[] out, boolean logInput, boolean full, double eps, boolean f32) {
        for (int i = 0; i < out.length; i++) {
            double xi = x[i], yi = y[i];
            double l = logInput ? Math.exp(xi) - yi * xi : xi - yi * Math.log(plusEps(xi, eps, f32));
            if (full && !(yi <= 1)) l += yi * Math.log(yi) - yi + 0.5 * Math.log(TWO_PI * yi);
            out[i] = l;
        }
    }

    // log_input:  dL/dx = u exp(x) - u y             dL/dy = -u x
    // otherwise:  dL/dx = u - u y / (x + eps)        dL/dy = -u log(x + eps)
    // full, m = (y <= 1 ? 0 : u):  dL/dy += m log y + m y / y - m + (0.5 m / (2 pi y)) 2 pi
    //   (PyTorch's masked_fill zeroes the upstream, not the local derivative, so y <= 0 still gives 0 * -inf or 0/0 = NaN)
    public static void poissonNllBackward(double[] x, double[] y, double[] u, double[] gx, double[] gy, boolean logInput, boolean full,
                                          double eps, boolean f32) {
        for (int i = 0; i < x.length; i++) {
            double xi = x[i], yi = y[i], ui = u[i];
            if (logInput) {
                if (gx != null) gx[i] = ui * Math.exp(xi) - ui * yi;
                if (gy != null) gy[i] = -ui * xi;
            } else {
                double s = plusEps(xi, eps, f32);
                if (gx != null) gx[i] = ui - ui * yi / s;
                if (gy != null) gy[i] = -ui * Math.log(s);
            }
            if (gy != null && full) {
                double m = yi <= 1 ? 0 : ui;
                gy[i] += m * Math.log(yi) + m * yi / yi - m + (0.5 * m / (TWO_PI * yi)) * TWO_PI;
            }
        }
    }

    // ------------------------------------------------------------------ GaussianNLLLoss

    /** clamp_(min=eps): NaN stays NaN. */
    static double clampMin(double v, double eps) { return v < eps ? eps : v; }

    /** l = 0.5 (log w + d^2 / w) [+ 0.5 log(2 pi) when full], w = max(var, eps). */
    public static void gaussianNll(double[] x, double[] y, double[] v, double[] out, boolean full, double eps) {
        for (int i = 0; i < out.length; i++) {
            double w = clampMin(v[i], eps), d = x[i] - y[i];
            double l = 0.5 * (Math.log(w) + d * d / w);
            if (full) l += HALF_LOG_TWO_PI;
            out[i] = l;
        }
    }

    // w = max(var, eps); PyTorch clamps a clone under no_grad, so the clamp is invisible to autograd:
    // dL/dx = u (x - y) / w ; dL/dy = -dL/dx ; dL/dvar = 0.5 u / w - 0.5 u ((x - y)^2 / w / w)  (log's and div's backwards)
    public static void gaussianNllBackward(double[] x, double[] y, double[] v, double[] u, double[] gx, double[] gy, double[] gv, double eps) {
        for (int i = 0; i < x.length; i++) {
            double w = clampMin(v[i], eps), d = x[i] - y[i], h = 0.5 * u[i];
            double g = u[i] * d / w;
            if (gx != null) gx[i] = g;
            if (gy != null) gy[i] = -g;
            if (gv != null) gv[i] = h / w - h * (d * d / w / w);
        }
    }
}
