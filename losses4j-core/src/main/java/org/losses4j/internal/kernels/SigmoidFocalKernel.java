package org.losses4j.internal.kernels;

import org.losses4j.internal.simd.ExternalLossKernels;
import org.losses4j.internal.simd.scalar.ScalarExternalLossKernels;

/**
 * SigmoidFocalLoss on arrays: {@code torchvision.ops.sigmoid_focal_loss} (RetinaNet's focal loss, Lin et al. 2017),
 * op for op:
 * <pre>
 *   p   = sigmoid(x)                              1 / (1 + exp(-x))
 *   ce  = binary_cross_entropy_with_logits(x, y)  (1 - y) x + m + log(exp(-m) + exp(-x - m)), m = max(-x, 0)
 *   p_t = p y + (1 - p) (1 - y)
 *   l   = ce (1 - p_t)^gamma                      times a_t = alpha y + (1 - alpha) (1 - y) when alpha &gt;= 0
 * </pre>
 * The gradients are that expression's autograd with the upstream gradient u entering at the top:
 * <pre>
 *   gi = u a_t (u when alpha &lt; 0) ; gce = gi (1 - p_t)^gamma ; gb = gi ce gamma (1 - p_t)^(gamma - 1) (0 when gamma = 0) ;
 *   gp = -gb y + gb (1 - y)                                  (p_t's two products, 1 - p's negation)
 *   dl/dx = gce (p - y) + (gp (1 - p)) p                     (BCE-with-logits' and sigmoid's backwards)
 *   dl/dy = -x gce + (-gb p + gb (1 - p)) + (u ce (1 - p_t)^gamma) (alpha - (1 - alpha))    (the last term when alpha &gt;= 0)
 * </pre>
 * One algorithm for both dtypes: {@code ScalarExternalLossKernels}' element functions, double with {@code f32} rounding every intermediate
 * to float32 as PyTorch's float32 ops do, so that (1 - p_t) is exactly 0 where torchvision's is (a float32 logit
 * beyond about 17 with target 1): with gamma &lt; 1 the gradient there is NaN in torchvision, and here too.
 * exp(-m) + exp(-x - m) is 1 + exp(-|x|) exactly (one of the two is exp(0)); the sigmoid takes exp(-x), and for
 * x &lt; 0 exp(x) is taken as its reciprocal, correctly rounded to float32 in the float32 form.
 */
public final class SigmoidFocalKernel {
    private SigmoidFocalKernel() {}

    static double r(double v, boolean f32) { return ScalarExternalLossKernels.r(v, f32); }

    /** The options as the dtype holds them: {alpha, 1 - alpha, gamma}; alpha &lt; 0 turns the weighting off. */
    public record Params(double alpha, double oneMinusAlpha, double gamma, boolean weighted, boolean f32) {
        /**
         * The options for a dtype.
         *
         * @param alpha weight of the positives (negative: none)
         * @param gamma the exponent
         * @param f32   whether the loss computes in float32
         * @return them, alpha and 1 - alpha rounded to the dtype as PyTorch's scalar operands are
         */
        public static Params of(double alpha, double gamma, boolean f32) {
            return new Params(r(alpha, f32), r(1 - alpha, f32), gamma, alpha >= 0, f32);
        }
    }

    /** The loss of one element. */
    public static double loss(double x, double y, Params k) {
        return ScalarExternalLossKernels.focal(x, y, k.alpha(), k.oneMinusAlpha(), k.gamma(), k.weighted(), k.f32(), new double[5]);
    }

    /**
     * The fused float32 loop over elements [0, n) ({@link ExternalLossKernels#sigmoidFocal}, Vector API when available):
     * the losses into out, the gradients for upstream u (the reduction's scale) into gx and gy (each may be null), from
     * index o; returns the sum of the losses.
     */
    public static double forward(float[] x, int xo, float[] y, int yo, float[] out, float[] gx, float[] gy, int o, float u, Params k, int n) {
        return KerasKernels.K.sigmoidFocal(x, xo, y, yo, out, gx, gy, o, u, (float) k.alpha(), (float) k.oneMinusAlpha(), (float) k.gamma(),
                k.weighted(), n);
    }

    /** out[i] = the loss of x[i], y[i]. */
    public static void forward(double[] x, double[] y, double[] out, Params k) {
        double[] s = new double[5];
        for (int i = 0; i < out.length; i++) {
            out[i] = ScalarExternalLossKernels.focal(x[i], y[i], k.alpha(), k.oneMinusAlpha(), k.gamma(), k.weighted(), k.f32(), s);
        }
    }

    /** Chain-form gradients for the upstream u per element (gx, gy may be null). */
    public static void backward(double[] x, double[] y, double[] u, double[] gx, double[] gy, Params k) {
        double[] s = new double[5], g = new double[2];
        for (int i = 0; i < u.length; i++) {
            ScalarExternalLossKernels.focal(x[i], y[i], k.alpha(), k.oneMinusAlpha(), k.gamma(), k.weighted(), k.f32(), s);
            ScalarExternalLossKernels.focalGrad(x[i], y[i], k.alpha(), k.oneMinusAlpha(), k.gamma(), k.weighted(), k.f32(), r(u[i], k.f32()), s, g);
            if (gx != null) gx[i] = g[0];
            if (gy != null) gy[i] = g[1];
        }
    }
}
