package org.losses4j.nn;

import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.KerasKernels;
import org.losses4j.internal.tensor.KernelInputs;

/**
 * Mean squared logarithmic error, Keras's {@code keras.losses.mean_squared_logarithmic_error}:
 * <pre>
 *   l_n = (log(max(x_n, 1e-7) + 1) - log(max(y_n, 1e-7) + 1))^2
 * </pre>
 * with Keras's floor {@code backend.epsilon()} = 1e-7 (in the input's dtype: 1.0000000116860974e-7 in float32), so
 * negative and zero values count as 1e-7. The floor is {@code torch.maximum(v, eps)}, the op that
 * {@code keras.ops.maximum} runs on Keras's PyTorch backend, and the gradient is its autograd: 1 above the floor, 0
 * below, and 1/2 exactly at it (a tie, where torch.maximum splits the gradient; {@code torch.clamp} would give 1, and
 * Keras's TensorFlow backend too). {@code log(v + 1)} is evaluated as written, not as log1p, as Keras does.
 * Reduced by mean (default), sum or none; input and target broadcast, both are differentiable.
 *
 * <pre>{@code
 * Tensor output = new MSLELoss().forward(Tensor.rand(3, 5).mul(10).requiresGrad_(true), Tensor.rand(3, 5).mul(10));
 * output.backward();                                               // grad_fn=<MeanBackward0>
 * }</pre>
 */
public final class MSLELoss implements Loss {
    /** What this loss is: arguments, keywords with their defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.external("MSLELoss", "msle_loss", "keras.losses.mean_squared_logarithmic_error", MSLELoss::fromOptions)
            .arg("input", "(*) predictions, float32 or float64 (values below 1e-7 count as 1e-7)")
            .arg("target", "(*) broadcastable with input (values below 1e-7 count as 1e-7)")
            .reduction()
            .gradFn("PowBackward0", "MeanBackward0", "SumBackward0")
            .output("scalar; with reduction='none' the broadcast shape of input and target")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final Reduction reduction;

    /** Mean reduction. */
    public MSLELoss() { this(Reduction.MEAN); }

    /**
     * With the given reduction.
     *
     * @param reduction none, mean or sum
     * @throws IllegalArgumentException for batchmean
     */
    public MSLELoss(Reduction reduction) { this.reduction = PointwiseSupport.noneMeanSum(reduction); }

    /**
     * From keywords: {@code reduction}.
     *
     * @param o the keywords
     * @return the loss
     */
    public static MSLELoss fromOptions(LossOptions o) { return new MSLELoss(PointwiseSupport.reduction(o, "mean")); }

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
    public Tensor forward(Tensor input, Tensor target) { return msleLoss(input, target, reduction); }

    /**
     * {@code msle_loss(input, target, reduction)}: float32 operands of one shape take the fused kernel, the rest
     * (float64, an int64 target, broadcasting) the same element functions over the broadcast operands.
     *
     * @param input     predictions, float32 or float64
     * @param target    targets, broadcastable with input (float or int64)
     * @param reduction none, mean or sum
     * @return the loss: a scalar, or the broadcast shape for none
     * @throws IllegalArgumentException for a non-floating input, a bool target, shapes that do not broadcast, batchmean
     */
    public static Tensor msleLoss(Tensor input, Tensor target, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        PointwiseSupport.noneMeanSum(reduction);
        int[] shape = RegressionSupport.inputTarget(input, target, "msle_loss");
        boolean f32 = PointwiseSupport.common(input, target) == DType.FLOAT32;
        double eps = KerasKernels.constant(KerasKernels.EPSILON, f32);
        return PointwiseSupport.run(PointwiseSupport.nodeName(reduction, "PowBackward0"), reduction, input, target, shape,
                (x, xo, y, yo, out, gx, gy, o, u, n) -> KerasKernels.msle(x, xo, y, yo, out, gx, gy, o, u, (float) eps, n),
                (a, out) -> KerasKernels.msle(a[0], a[1], out, eps, f32), (a, u, g) -> KerasKernels.msleBackward(a[0], a[1], u, g[0], g[1], eps, f32));
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
