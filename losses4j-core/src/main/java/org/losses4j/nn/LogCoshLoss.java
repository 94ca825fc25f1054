package org.losses4j.nn;

import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.KerasKernels;
import org.losses4j.internal.tensor.KernelInputs;

/**
 * Keras's {@code keras.losses.log_cosh}: with d = x_n - y_n, l_n = log(cosh(d)), computed as Keras computes it,
 * <pre>
 *   l_n = d + softplus(-2 d) - log 2
 * </pre>
 * with {@code F.softplus} (linear above its threshold of 20), so it does not overflow where cosh does: for |d| of 1e4 in float32 or
 * 1e300 in float64 the loss is |d| - log 2, where cosh itself would be infinite (past 89 in float32, 710 in float64).
 * Only where -2 d itself overflows (|d| beyond 1.7e38 in float32) is the loss infinite, as the same expression is in
 * PyTorch. About d^2 / 2 near 0 and |d| - log 2
 * far from it: mean squared error for small errors, absolute error for outliers. Reduced by mean (default), sum or
 * none; input and target broadcast (as PyTorch's ops do in that expression), both are differentiable. The gradient is
 * the expression's autograd: dl/dd = 1 - 2 sigmoid(-2 d) (= tanh d), -1 where -2 d exceeds 20.
 *
 * <p>Keras reduces with a mean over the last axis first; for inputs whose rows are all of one length that is the same
 * mean, and 'none' gives the per-element losses that Keras's own mean would average.
 *
 * <pre>{@code
 * Tensor output = new LogCoshLoss().forward(Tensor.randn(3, 5).requiresGrad_(true), Tensor.randn(3, 5));
 * output.backward();                                               // grad_fn=<MeanBackward0>
 * }</pre>
 */
public final class LogCoshLoss implements Loss {
    /** What this loss is: arguments, keywords with their defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.external("LogCoshLoss", "log_cosh_loss", "keras.losses.log_cosh", LogCoshLoss::fromOptions)
            .arg("input", "(*) predictions, float32 or float64")
            .arg("target", "(*) broadcastable with input")
            .reduction()
            .gradFn("SubBackward0", "MeanBackward0", "SumBackward0")
            .output("scalar; with reduction='none' the broadcast shape of input and target")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final Reduction reduction;

    /** Mean reduction. */
    public LogCoshLoss() { this(Reduction.MEAN); }

    /**
     * With the given reduction.
     *
     * @param reduction none, mean or sum
     * @throws IllegalArgumentException for batchmean
     */
    public LogCoshLoss(Reduction reduction) { this.reduction = PointwiseSupport.noneMeanSum(reduction); }

    /**
     * From keywords: {@code reduction}.
     *
     * @param o the keywords
     * @return the loss
     */
    public static LogCoshLoss fromOptions(LossOptions o) { return new LogCoshLoss(PointwiseSupport.reduction(o, "mean")); }

    /**
     * The reduction.
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * The loss of input and target.
     *
     * @param input  predictions (*)
     * @param target targets, broadcastable with input
     * @return the loss
     */
    public Tensor forward(Tensor input, Tensor target) { return logCoshLoss(input, target, reduction); }

    /**
     * {@code log_cosh_loss(input, target, reduction)}: float32 operands of one shape take the fused kernel, the rest
     * (float64, an int64 target, broadcasting) the same element functions over the broadcast operands.
     *
     * @param input     predictions, float32 or float64
     * @param target    targets, broadcastable with input (float or int64)
     * @param reduction none, mean or sum
     * @return the loss: a scalar, or the broadcast shape for none
     * @throws IllegalArgumentException for a non-floating input, a bool target, shapes that do not broadcast, batchmean
     */
    public static Tensor logCoshLoss(Tensor input, Tensor target, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        PointwiseSupport.noneMeanSum(reduction);
        int[] shape = RegressionSupport.inputTarget(input, target, "log_cosh_loss");
        boolean f32 = PointwiseSupport.common(input, target) == DType.FLOAT32;
        return PointwiseSupport.run(PointwiseSupport.nodeName(reduction, "SubBackward0"), reduction, input, target, shape, KerasKernels::logCosh,
                (a, out) -> KerasKernels.logCosh(a[0], a[1], out, f32), (a, u, g) -> KerasKernels.logCoshBackward(a[0], a[1], u, g[0], g[1], f32));
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
