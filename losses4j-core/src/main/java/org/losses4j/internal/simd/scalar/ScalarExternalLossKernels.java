package org.losses4j.internal.simd.scalar;

import org.losses4j.internal.simd.ExternalLossKernels;

/**
 * The scalar {@link ExternalLossKernels} and the element functions of LogCoshLoss and SigmoidFocalLoss, shared by
 * every form: double arithmetic with {@code f32} rounding each intermediate to float32 where PyTorch's float32 op
 * rounds it (a double sum, product or quotient of two floats rounded to float is the float op's result), so the
 * float32 loops here, the general path's double loops ({@code internal.kernels}) and float64 all run one algorithm;
 * exp and log are Math's, rounded once. The Vector API kernels are tested against these.
 */
public final class ScalarExternalLossKernels implements ExternalLossKernels {
    public ScalarExternalLossKernels() {}

    /** v rounded to float32 when {@code f32}, else v. */
    public static double r(double v, boolean f32) { return f32 ? (double) (float) v : v; }

    /** {@code F.softplus}'s default threshold: softplus(z) = z above it. */
    public static final double SOFTPLUS_THRESHOLD = 20;

    /** log 2, LogCosh's constant. */
    public static final double LN2 = Math.log(2.0);

    /** log(1 + t) for t &gt;= 0 (finite), to an ulp or so without Math.log1p's call: Math.log corrected by (u - 1) - t. */
    static double log1p(double t) {
        double u = 1 + t;
        return u == 1 ? t : Math.log(u) - ((u - 1) - t) / u;
    }

    // ------------------------------------------------------------------ LogCoshLoss
    // d = x - y ; z = -2 d ; l = (d + softplus(z)) - log 2, softplus(z) = z if z > 20 else log1p(exp(z))
    // dl/dd = u + (-2) s, s = u if z > 20 else (u exp(z)) / (exp(z) + 1)

    /** LogCosh's loss of d = x - y (the dtype's difference); -2 d overflows to inf in float32 past 1.7e38, as PyTorch's. */
    public static double logCosh(double d, boolean f32) {
        double z = r(-2 * d, f32);
        double sp = z > SOFTPLUS_THRESHOLD ? z : r(log1p(r(Math.exp(z), f32)), f32);
        return r(r(d + sp, f32) - r(LN2, f32), f32);
    }

    /** dl/dd for the upstream gradient u (dl/dx; dl/dy is its negation). */
    public static double logCoshGrad(double d, double u, boolean f32) {
        double z = r(-2 * d, f32);
        double s;
        if (z > SOFTPLUS_THRESHOLD) {
            s = u;
        } else {
            double e = r(Math.exp(z), f32);
            s = r(r(u * e, f32) / r(e + 1, f32), f32);
        }
        return r(u + -2 * s, f32);
    }

    @Override
    public double logCosh(float[] x, int xo, float[] y, int yo, float[] loss, float[] gx, float[] gy, int lo, float u, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = x[xo + i] - y[yo + i]; // a float difference: already float32's
            double l = logCosh(d, true);
            s += l;
            if (loss != null) loss[lo + i] = (float) l;
            if (gx != null || gy != null) {
                float g = (float) logCoshGrad(d, u, true);
                if (gx != null) gx[lo + i] = g;
                if (gy != null) gy[lo + i] = -g;
            }
        }
        return s;
    }

    // ------------------------------------------------------------------ SigmoidFocalLoss
    // p = 1 / (1 + exp(-x)) ; ce = ((1 - y) x + m) + log(1 + exp(-|x|)), m = max(-x, 0) ; p_t = p y + (1 - p)(1 - y)
    // b = 1 - p_t ; l = ce b^gamma, times a_t = alpha y + (1 - alpha)(1 - y) when weighted
    // gi = u a_t (u) ; gce = gi b^gamma ; gb = gi ce gamma b^(gamma - 1) (0 for gamma 0) ; gpt = -gb ; gp = gpt y - gpt (1 - y)
    // dl/dx = (p - y) gce + (gp (1 - p)) p ; dl/dy = -x gce + (gpt p - gpt (1 - p)) + (u ce b^gamma)(alpha) - (u ce b^gamma)(1 - alpha)

    /** b^gamma as PyTorch's pow: b b for 2, b for 1, 1 for 0 (also for NaN b), Math.pow rounded otherwise. */
    public static double pow(double b, double gamma, boolean f32) {
        if (gamma == 2) return r(b * b, f32);
        if (gamma == 1) return b;
        if (gamma == 0) return 1;
        return r(Math.pow(b, gamma), f32);
    }

    /**
     * The loss of one element, leaving the intermediates the gradient needs in {@code s}: s[0] = p, s[1] = ce,
     * s[2] = 1 - p_t, s[3] = (1 - p_t)^gamma, s[4] = a_t (1 when not weighted).
     */
    public static double focal(double x, double y, double alpha, double oneMinusAlpha, double gamma, boolean weighted, boolean f32, double[] s) {
        double enx = Math.exp(-x);                  // the sigmoid's exp(-x)
        double e = x >= 0 ? enx : 1 / enx;          // exp(-|x|): exp(x) = 1 / exp(-x) for x < 0 (NaN stays NaN)
        double p = r(1 / r(1 + r(enx, f32), f32), f32);
        double m = Math.max(-x, 0);
        double ce = r(r(r(r(1 - y, f32) * x, f32) + m, f32) + r(Math.log(r(1 + r(e, f32), f32)), f32), f32);
        double pt = r(r(p * y, f32) + r(r(1 - p, f32) * r(1 - y, f32), f32), f32);
        double b = r(1 - pt, f32);
        double mod = pow(b, gamma, f32);
        double l = r(ce * mod, f32);
        double at = 1;
        if (weighted) {
            at = r(r(alpha * y, f32) + r(oneMinusAlpha * r(1 - y, f32), f32), f32);
            l = r(at * l, f32);
        }
        s[0] = p;
        s[1] = ce;
        s[2] = b;
        s[3] = mod;
        s[4] = at;
        return l;
    }

    /** dl/dx into g[0] and dl/dy into g[1] for the upstream gradient u, from {@link #focal}'s intermediates. */
    public static void focalGrad(double x, double y, double alpha, double oneMinusAlpha, double gamma, boolean weighted, boolean f32, double u,
                                 double[] s, double[] g) {
        double p = s[0], ce = s[1], b = s[2], mod = s[3], at = s[4];
        double gi = weighted ? r(u * at, f32) : u;
        double gce = r(gi * mod, f32);
        double gmod = r(gi * ce, f32);
        double gb = gamma == 0 ? 0 : r(gmod * (gamma == 2 ? r(2 * b, f32) : r(gamma * pow(b, gamma - 1, f32), f32)), f32);
        double gpt = -gb;
        double onemy = r(1 - y, f32), onemp = r(1 - p, f32);
        double gp = r(r(gpt * y, f32) - r(gpt * onemy, f32), f32);
        g[0] = r(r(r(p - y, f32) * gce, f32) + r(r(gp * onemp, f32) * p, f32), f32);
        double gy = r(r(-x * gce, f32) + r(r(gpt * p, f32) - r(gpt * onemp, f32), f32), f32);
        if (weighted) {
            double gat = r(u * r(ce * mod, f32), f32);
            gy = r(gy + r(r(gat * alpha, f32) - r(gat * oneMinusAlpha, f32), f32), f32);
        }
        g[1] = gy;
    }

    @Override
    public double sigmoidFocal(float[] x, int xo, float[] y, int yo, float[] loss, float[] gx, float[] gy, int lo, float u, float alpha,
                               float oneMinusAlpha, float gamma, boolean weighted, int n) {
        double[] s = new double[5], g = new double[2];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double xi = x[xo + i], yi = y[yo + i];
            double l = focal(xi, yi, alpha, oneMinusAlpha, gamma, weighted, true, s);
            sum += l;
            if (loss != null) loss[lo + i] = (float) l;
            if (gx != null || gy != null) {
                focalGrad(xi, yi, alpha, oneMinusAlpha, gamma, weighted, true, u, s, g);
                if (gx != null) gx[lo + i] = (float) g[0];
                if (gy != null) gy[lo + i] = (float) g[1];
            }
        }
        return sum;
    }
}
