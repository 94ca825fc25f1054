package org.losses4j.nn;

import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.KerasKernels;
import org.losses4j.internal.tensor.KernelInputs;

/**
 * Squared hinge loss, Keras's {@code keras.losses.squared_hinge}, for labels -1 and 1:
 * <pre>
 *   l_n = max(1 - y_n x_n, 0)^2
 * </pre>
 * As Keras, targets that are all 0 or 1 are read as binary labels and converted to -1 / 1 first (t = 2 y - 1; the
 * check is over the whole target tensor, so one value other than 0 and 1 leaves every target as given); any other
 * targets are used as they are (soft labels in [-1, 1] included). The hinge is {@code torch.maximum(1 - t x, 0)}, the
 * op {@code keras.ops.maximum} runs on Keras's PyTorch backend, then squared; the gradient is that expression's
 * autograd, -2 t max(1 - t x, 0) with respect to the input (0 at the hinge, where the square's factor vanishes), and
 * -2 x max(1 - t x, 0) with respect to the label t (times 2 when the labels were converted). Reduced by mean
 * (default), sum or none; input and target broadcast, both are differentiable.
 *
 * <pre>{@code
 * Tensor labels = Tensor.randn(3, 5).sign();                      // -1 or 1 (0 or 1 works too)
 * Tensor output = new SquaredHingeLoss().forward(Tensor.randn(3, 5).requiresGrad_(true), labels);
 * output.backward();                                               // grad_fn=<MeanBackward0>
 * }</pre>
 */
public final class SquaredHingeLoss implements Loss {
    /** What this loss is: arguments, keywords with their defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.external("SquaredHingeLoss", "squared_hinge_loss", "keras.losses.squared_hinge", SquaredHingeLoss::fromOptions)
            .arg("input", "(*) scores, float32 or float64")
            .arg("target", "(*) labels -1 / 1 (or 0 / 1, converted), broadcastable with input")
            .reduction()
            .gradFn("PowBackward0", "MeanBackward0", "SumBackward0")
            .output("scalar; with reduction='none' the broadcast shape of input and target")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final Reduction reduction;

    /** Mean reduction. */
    public SquaredHingeLoss() { this(Reduction.MEAN); }

    /**
     * With the given reduction.
     *
     * @param reduction none, mean or sum
     * @throws IllegalArgumentException for batchmean
     */
    public SquaredHingeLoss(Reduction reduction) { this.reduction = PointwiseSupport.noneMeanSum(reduction); }

    /**
     * From keywords: {@code reduction}.
     *
     * @param o the keywords
     * @return the loss
     */
    public static SquaredHingeLoss fromOptions(LossOptions o) { return new SquaredHingeLoss(PointwiseSupport.reduction(o, "mean")); }

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
    public Tensor forward(Tensor input, Tensor target) { return squaredHingeLoss(input, target, reduction); }

    /**
     * {@code squared_hinge_loss(input, target, reduction)}: float32 operands of one shape take the fused kernel, the rest
     * (float64, an int64 target, broadcasting) the same element functions over the broadcast operands.
     *
     * @param input     predictions, float32 or float64
     * @param target    targets, broadcastable with input (float or int64)
     * @param reduction none, mean or sum
     * @return the loss: a scalar, or the broadcast shape for none
     * @throws IllegalArgumentException for a non-floating input, a bool target, shapes that do not broadcast, batchmean
     */
    public static Tensor squaredHingeLoss(Tensor input, Tensor target, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        PointwiseSupport.noneMeanSum(reduction);
        int[] shape = RegressionSupport.inputTarget(input, target, "squared_hinge_loss");
        boolean f32 = PointwiseSupport.common(input, target) == DType.FLOAT32;
        boolean converted = binaryLabels(target);
        return PointwiseSupport.run(PointwiseSupport.nodeName(reduction, "PowBackward0"), reduction, input, target, shape,
                (x, xo, y, yo, out, gx, gy, o, u, n) -> KerasKernels.squaredHinge(x, xo, y, yo, out, gx, gy, o, u, converted, n),
                (a, out) -> KerasKernels.squaredHinge(a[0], a[1], out, converted, f32),
                (a, u, g) -> KerasKernels.squaredHingeBackward(a[0], a[1], u, g[0], g[1], converted, f32));
    }

    /** Whether every target is 0 or 1 (Keras's test for binary labels, which it converts to -1 / 1). */
    static boolean binaryLabels(Tensor target) {
        if (target.dtype() == DType.FLOAT32 && target.isContiguous()) {
            return KerasKernels.binaryLabels((float[]) target.storage(), target.storageOffset(), target.numel());
        }
        return KerasKernels.binaryLabels(target.toDoubleArray());
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
