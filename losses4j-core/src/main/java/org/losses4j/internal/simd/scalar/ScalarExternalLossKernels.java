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
        // logCosh / logCoshGrad in float (the same bits: each float op here is a double op rounded there)
        final float ln2 = (float) LN2, threshold = (float) SOFTPLUS_THRESHOLD;
        boolean grads = gx != null || gy != null;
        double s = 0;
        for (int i = 0; i < n; i++) {
            float d = x[xo + i] - y[yo + i];
            float z = -2f * d;
            float e = (float) Math.exp(z);
            boolean linear = z > threshold;
            float l = (d + (linear ? z : (float) log1p(e))) - ln2;
            s += l;
            if (loss != null) loss[lo + i] = l;
            if (grads) {
                float g = u + -2f * (linear ? u : (u * e) / (e + 1f));
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
        // focal / focalGrad in float (the same bits: each float op here is a double op rounded there); exp(-|x|) is the
        // smaller of exp(-x) and its reciprocal, taken in double as there
        boolean grads = gx != null || gy != null;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float xi = x[xo + i], yi = y[yo + i];
            double enxD = Math.exp(-xi);
            float enx = (float) enxD, e = (float) Math.min(enxD, 1 / enxD);
            float p = 1f / (1f + enx);
            float onemy = 1f - yi, onemp = 1f - p;
            float ce = ((onemy * xi) + Math.max(-xi, 0f)) + (float) Math.log(1f + e);
            float b = 1f - (p * yi + onemp * onemy);
            float mod = gamma == 2 ? b * b : gamma == 1 ? b : gamma == 0 ? 1f : (float) Math.pow(b, gamma);
            float inner = ce * mod, at = weighted ? alpha * yi + oneMinusAlpha * onemy : 1f;
            float l = weighted ? at * inner : inner;
            sum += l;
            if (loss != null) loss[lo + i] = l;
            if (grads) {
                float gi = weighted ? u * at : u;
                float gce = gi * mod;
                float gb = gamma == 0 ? 0f
                        : (gi * ce) * (gamma == 2 ? 2f * b : (float) (gamma * (double) pow(b, gamma - 1, true)));
                float gpt = -gb;
                float gp = gpt * yi - gpt * onemy;
                if (gx != null) gx[lo + i] = (p - yi) * gce + (gp * onemp) * p;
                if (gy != null) {
                    float g = -xi * gce + (gpt * p - gpt * onemp);
                    if (weighted) {
                        float gat = u * inner;
                        g = g + (gat * alpha - gat * oneMinusAlpha);
                    }
                    gy[lo + i] = g;
                }
            }
        }
        return sum;
    }

    // ------------------------------------------------------------------ shared pieces of the Keras losses

    /**
     * torch.maximum's backward for its first operand {@code v} against {@code other}: g where v &gt; other, 0 where
     * v &lt; other (whatever g is: masked_fill), g / 2 at a tie; NaN compares neither way: g.
     */
    public static double maxGrad(double v, double other, double g) { return v == other ? g / 2 : v < other ? 0 : g; }

    /** {@link #maxGrad} in float without a float branch (C2 compiles a float select to a jump): a tie halves, below zeroes bits. */
    static float maxGrad(float v, float other, float g) {
        float h = g * (1f - 0.5f * (v == other ? 1 : 0));
        return Float.intBitsToFloat(Float.floatToRawIntBits(h) & (v < other ? 0 : -1));
    }

    /** PyTorch's sign as abs' backward uses it: (v &gt; 0) - (v &lt; 0), 0 for NaN. */
    public static double sgn(double v) { return v > 0 ? 1 : v < 0 ? -1 : 0; }

    /** {@link #sgn(double)} in float, by int arithmetic. */
    static float sgn(float v) { return (v > 0 ? 1 : 0) - (v < 0 ? 1 : 0); }

    // ------------------------------------------------------------------ MSLELoss
    // a = maximum(x, eps) + 1 ; b = maximum(y, eps) + 1 ; d = log a - log b ; l = d^2
    // gd = u (2 d) ; dl/dx = maxGrad(x, eps, gd / a) ; dl/dy = maxGrad(y, eps, -gd / b)

    /** MSLE's loss of x, y; eps is Keras's 1e-7 in the dtype. */
    public static double msle(double x, double y, double eps, boolean f32) {
        double d = r(r(Math.log(r(Math.max(x, eps) + 1, f32)), f32) - r(Math.log(r(Math.max(y, eps) + 1, f32)), f32), f32);
        return r(d * d, f32);
    }

    /** dl/dx into g[0] and dl/dy into g[1] for the upstream gradient u. */
    public static void msleGrad(double x, double y, double eps, double u, boolean f32, double[] g) {
        double a = r(Math.max(x, eps) + 1, f32), b = r(Math.max(y, eps) + 1, f32);
        double d = r(r(Math.log(a), f32) - r(Math.log(b), f32), f32);
        double gd = r(u * r(2 * d, f32), f32);
        g[0] = maxGrad(x, eps, r(gd / a, f32));
        g[1] = maxGrad(y, eps, r(-gd / b, f32));
    }

    // The float32 loops below are the element functions' float32 forms written in float (the same results bit for bit:
    // each double op rounded to float there is the float op here), with the logs computed once per element.

    @Override
    public double msle(float[] x, int xo, float[] y, int yo, float[] loss, float[] gx, float[] gy, int lo, float u, float eps, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            float xi = x[xo + i], yi = y[yo + i];
            float a = Math.max(xi, eps) + 1f, b = Math.max(yi, eps) + 1f;
            float d = (float) Math.log(a) - (float) Math.log(b);
            float l = d * d;
            s += l;
            if (loss != null) loss[lo + i] = l;
            float gd = u * (2f * d);
            if (gx != null) gx[lo + i] = maxGrad(xi, eps, gd / a);
            if (gy != null) gy[lo + i] = maxGrad(yi, eps, -gd / b);
        }
        return s;
    }

    // ------------------------------------------------------------------ MAPELoss
    // c = maximum(|y|, eps) ; q = (y - x) / c ; l = 100 |q|
    // gq = (100 u) sgn(q) ; gn = gq / c ; dl/dx = -gn ; gc = -gq (q / c) ; dl/dy = gn + maxGrad(|y|, eps, gc) sgn(y)

    /** MAPE's loss of x, y in percent; eps is Keras's 1e-7 in the dtype. */
    public static double mape(double x, double y, double eps, boolean f32) {
        double c = Math.max(Math.abs(y), eps);
        return r(100 * Math.abs(r(r(y - x, f32) / c, f32)), f32);
    }

    /** dl/dx into g[0] and dl/dy into g[1] for the upstream gradient u. */
    public static void mapeGrad(double x, double y, double eps, double u, boolean f32, double[] g) {
        double ay = Math.abs(y), c = Math.max(ay, eps);
        double q = r(r(y - x, f32) / c, f32);
        double gq = r(u * 100, f32) * sgn(q);
        double gn = r(gq / c, f32);
        double gc = r(-gq * r(q / c, f32), f32);
        g[0] = -gn;
        g[1] = r(gn + maxGrad(ay, eps, gc) * sgn(y), f32);
    }

    @Override
    public double mape(float[] x, int xo, float[] y, int yo, float[] loss, float[] gx, float[] gy, int lo, float u, float eps, int n) {
        double s = 0;
        float u100 = u * 100f;
        for (int i = 0; i < n; i++) {
            float xi = x[xo + i], yi = y[yo + i];
            float ay = Math.abs(yi), c = Math.max(ay, eps);
            float q = (yi - xi) / c;
            float l = 100f * Math.abs(q);
            s += l;
            if (loss != null) loss[lo + i] = l;
            float gq = u100 * sgn(q);
            float gn = gq / c;
            if (gx != null) gx[lo + i] = -gn;
            if (gy != null) gy[lo + i] = gn + maxGrad(ay, eps, -gq * (q / c)) * sgn(yi);
        }
        return s;
    }

    // ------------------------------------------------------------------ SquaredHingeLoss
    // t = 2 y - 1 when converted (Keras's binary labels), else y ; s = 1 - t x ; h = maximum(s, 0) ; l = h^2
    // gs = maxGrad(s, 0, u (2 h)) ; dl/dx = -gs t ; dl/dt = -gs x ; dl/dy = 2 dl/dt when converted, else dl/dt

    /** The label Keras uses: 2 y - 1 when {@code converted}, else y. */
    public static double label(double y, boolean converted, boolean f32) { return converted ? r(r(2 * y, f32) - 1, f32) : y; }

    /** SquaredHinge's loss of x and the label t ({@link #label}). */
    public static double squaredHinge(double x, double t, boolean f32) {
        double h = Math.max(r(1 - r(t * x, f32), f32), 0);
        return r(h * h, f32);
    }

    /** dl/dx into g[0] and dl/dy into g[1] for the upstream gradient u. */
    public static void squaredHingeGrad(double x, double y, boolean converted, double u, boolean f32, double[] g) {
        double t = label(y, converted, f32);
        double s = r(1 - r(t * x, f32), f32), h = Math.max(s, 0);
        double gs = maxGrad(s, 0, r(u * r(2 * h, f32), f32));
        double gt = r(-gs * x, f32);
        g[0] = r(-gs * t, f32);
        g[1] = converted ? r(gt * 2, f32) : gt;
    }

    @Override
    public double squaredHinge(float[] x, int xo, float[] y, int yo, float[] loss, float[] gx, float[] gy, int lo, float u, boolean converted,
                               int n) {
        double s = 0;
        float ty = converted ? 2f : 1f, tc = converted ? 1f : 0f; // t = y (2 y) - (0 1): exact for either
        for (int i = 0; i < n; i++) {
            float xi = x[xo + i], yi = y[yo + i];
            float t = ty * yi - tc;
            float sv = 1f - t * xi, h = Math.max(sv, 0f);
            float l = h * h;
            s += l;
            if (loss != null) loss[lo + i] = l;
            float gs = maxGrad(sv, 0f, u * (2f * h));
            if (gx != null) gx[lo + i] = -gs * t;
            if (gy != null) gy[lo + i] = (-gs * xi) * ty;
        }
        return s;
    }
}
