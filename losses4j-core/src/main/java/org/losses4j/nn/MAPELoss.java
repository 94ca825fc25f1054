package org.losses4j.nn;

import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.KerasKernels;
import org.losses4j.internal.tensor.KernelInputs;

/**
 * Mean absolute percentage error, Keras's {@code keras.losses.mean_absolute_percentage_error}:
 * <pre>
 *   l_n = 100 |(y_n - x_n) / max(|y_n|, 1e-7)|
 * </pre>
 * in percent of the target, with Keras's floor {@code backend.epsilon()} = 1e-7 (in the input's dtype) on the
 * divisor, so a zero target gives 1e9 |x_n| instead of an infinity. The floor is {@code torch.maximum(|y|, eps)}, the
 * op that {@code keras.ops.maximum} runs on Keras's PyTorch backend; the gradient is the expression's autograd: with
 * respect to the input -100 sgn(y - x) / max(|y|, eps) (0 where x = y); the target's goes through the division and
 * the floor (torch.maximum's gradient: 1 above it, 0 below, 1/2 at a tie). Keras multiplies the mean by 100 after
 * averaging; here each element carries its 100, which is the same mean. Reduced by mean (default), sum or none; input
 * and target broadcast, both are differentiable.
 *
 * <pre>{@code
 * Tensor output = new MAPELoss().forward(Tensor.randn(3, 5).requiresGrad_(true), Tensor.randn(3, 5));
 * output.backward();                                               // grad_fn=<MeanBackward0>
 * }</pre>
 */
public final class MAPELoss implements Loss {
    /** What this loss is: arguments, keywords with their defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.external("MAPELoss", "mape_loss", "keras.losses.mean_absolute_percentage_error", MAPELoss::fromOptions)
            .arg("input", "(*) predictions, float32 or float64")
            .arg("target", "(*) broadcastable with input; |target| below 1e-7 counts as 1e-7 in the divisor")
            .reduction()
            .gradFn("MulBackward0", "MeanBackward0", "SumBackward0")
            .output("scalar; with reduction='none' the broadcast shape of input and target")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final Reduction reduction;

    /** Mean reduction. */
    public MAPELoss() { this(Reduction.MEAN); }

    /**
     * With the given reduction.
     *
     * @param reduction none, mean or sum
     * @throws IllegalArgumentException for batchmean
     */
    public MAPELoss(Reduction reduction) { this.reduction = PointwiseSupport.noneMeanSum(reduction); }

    /**
     * From keywords: {@code reduction}.
     *
     * @param o the keywords
     * @return the loss
     */
    public static MAPELoss fromOptions(LossOptions o) { return new MAPELoss(PointwiseSupport.reduction(o, "mean")); }

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
    public Tensor forward(Tensor input, Tensor target) { return mapeLoss(input, target, reduction); }

    /**
     * {@code mape_loss(input, target, reduction)}: float32 operands of one shape take the fused kernel, the rest
     * (float64, an int64 target, broadcasting) the same element functions over the broadcast operands.
     *
     * @param input     predictions, float32 or float64
     * @param target    targets, broadcastable with input (float or int64)
     * @param reduction none, mean or sum
     * @return the loss: a scalar, or the broadcast shape for none
     * @throws IllegalArgumentException for a non-floating input, a bool target, shapes that do not broadcast, batchmean
     */
    public static Tensor mapeLoss(Tensor input, Tensor target, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        PointwiseSupport.noneMeanSum(reduction);
        int[] shape = RegressionSupport.inputTarget(input, target, "mape_loss");
        boolean f32 = PointwiseSupport.common(input, target) == DType.FLOAT32;
        double eps = KerasKernels.constant(KerasKernels.EPSILON, f32);
        return PointwiseSupport.run(PointwiseSupport.nodeName(reduction, "MulBackward0"), reduction, input, target, shape,
                (x, xo, y, yo, out, gx, gy, o, u, n) -> KerasKernels.mape(x, xo, y, yo, out, gx, gy, o, u, (float) eps, n),
                (a, out) -> KerasKernels.mape(a[0], a[1], out, eps, f32), (a, u, g) -> KerasKernels.mapeBackward(a[0], a[1], u, g[0], g[1], eps, f32));
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
