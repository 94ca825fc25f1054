package org.losses4j.nn;

import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.SigmoidFocalKernel;
import org.losses4j.internal.tensor.KernelInputs;

/**
 * The focal loss of RetinaNet (Lin et al., "Focal Loss for Dense Object Detection", 2017) on logits, exactly
 * {@code torchvision.ops.sigmoid_focal_loss}: with p = sigmoid(x) and p_t = p y + (1 - p)(1 - y),
 * <pre>
 *   l_n = a_t BCEWithLogits(x_n, y_n) (1 - p_t)^gamma,     a_t = alpha y + (1 - alpha)(1 - y)
 * </pre>
 * the cross entropy of easy examples (p_t near 1) scaled down. {@code alpha} &lt; 0 turns the weighting off
 * (a_t = 1); {@code gamma} = 0 leaves binary cross entropy with logits (times a_t). Targets are usually 0 or 1 but
 * any value is taken as torchvision takes it. Input and target have the same shape (any); both are differentiable,
 * with the gradients of torchvision's expression under autograd, op by op (see {@link SigmoidFocalKernel}).
 *
 * <p>Options: {@code alpha} (0.25), {@code gamma} (2.0), {@code reduction} — whose default is <b>'none'</b>, as
 * torchvision's: the output has the input's shape unless 'mean' or 'sum' is asked for. torchvision 0.14 returned the
 * unreduced loss for any other reduction string; later versions raise, and so does this (PyTorch's message).
 *
 * <pre>{@code
 * SigmoidFocalLoss loss = new SigmoidFocalLoss(0.25, 2.0, Reduction.MEAN);
 * Tensor logits = Tensor.randn(4, 80).requiresGrad_(true);
 * Tensor labels = Tensor.rand(4, 80).gt(0.9).to(DType.FLOAT32);
 * loss.forward(logits, labels).backward();                         // grad_fn=<MeanBackward0>
 * }</pre>
 */
public final class SigmoidFocalLoss implements Loss {
    /** What this loss is: arguments, keywords with their defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.external("SigmoidFocalLoss", "sigmoid_focal_loss", "torchvision.ops.sigmoid_focal_loss",
                    SigmoidFocalLoss::fromOptions)
            .arg("input", "(*) logits, float32 or float64")
            .arg("target", "(*) same shape as input, labels (usually 0 or 1)")
            .option("alpha", LossSpec.Type.FLOAT, "0.25", "weight of the positives (1 - alpha for the negatives); < 0: no weighting")
            .option("gamma", LossSpec.Type.FLOAT, "2.0", "exponent of the modulating factor (1 - p_t)")
            .option("reduction", LossSpec.Type.STR, "'none'", "'none' | 'mean' | 'sum': how the per-element losses are reduced")
            .gradFn("MulBackward0", "MeanBackward0", "SumBackward0")
            .output("the input's shape (reduction='none', the default); a scalar for 'mean' and 'sum'")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final double alpha;
    private final double gamma;
    private final Reduction reduction;

    /** torchvision's defaults: alpha 0.25, gamma 2, reduction 'none'. */
    public SigmoidFocalLoss() { this(0.25, 2.0, Reduction.NONE); }

    /**
     * The given options.
     *
     * @param alpha     weight of the positives in (0, 1), or negative for none
     * @param gamma     exponent of (1 - p_t), usually &gt;= 0
     * @param reduction none, mean or sum
     * @throws IllegalArgumentException for batchmean
     */
    public SigmoidFocalLoss(double alpha, double gamma, Reduction reduction) {
        this.alpha = alpha;
        this.gamma = gamma;
        this.reduction = PointwiseSupport.noneMeanSum(reduction);
    }

    /**
     * From keywords: {@code alpha}, {@code gamma}, {@code reduction} (default 'none').
     *
     * @param o the keywords
     * @return the loss
     */
    public static SigmoidFocalLoss fromOptions(LossOptions o) {
        return new SigmoidFocalLoss(o.getDouble("alpha", 0.25), o.getDouble("gamma", 2.0), PointwiseSupport.reduction(o, "none"));
    }

    /**
     * The weight of the positives.
     *
     * @return alpha (negative: no weighting)
     */
    public double alpha() { return alpha; }

    /**
     * The focusing exponent.
     *
     * @return gamma
     */
    public double gamma() { return gamma; }

    /**
     * The reduction.
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * The loss of logits and labels.
     *
     * @param input  logits (*)
     * @param target labels of the same shape
     * @return the loss
     */
    public Tensor forward(Tensor input, Tensor target) { return sigmoidFocalLoss(input, target, alpha, gamma, reduction); }

    /**
     * {@code sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2, reduction='none')}.
     *
     * @param input  logits, float32 or float64
     * @param target labels of the input's shape
     * @return the per-element losses
     */
    public static Tensor sigmoidFocalLoss(Tensor input, Tensor target) { return sigmoidFocalLoss(input, target, 0.25, 2.0, Reduction.NONE); }

    /**
     * {@code torchvision.ops.sigmoid_focal_loss(inputs, targets, alpha, gamma, reduction)}: float32 operands take the
     * fused kernel, float64 (or a mix) the same element functions in double.
     *
     * @param input     logits, float32 or float64
     * @param target    labels of the input's shape, floating
     * @param alpha     weight of the positives; negative for none
     * @param gamma     exponent of (1 - p_t)
     * @param reduction none, mean or sum
     * @return the loss: the input's shape for none, else a scalar
     * @throws IllegalArgumentException for shapes that differ, a non-floating operand, batchmean
     */
    public static Tensor sigmoidFocalLoss(Tensor input, Tensor target, double alpha, double gamma, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        PointwiseSupport.noneMeanSum(reduction);
        int[] shape = BCEWithLogitsLoss.check(input, target, null, null);
        boolean f32 = PointwiseSupport.common(input, target) == DType.FLOAT32;
        SigmoidFocalKernel.Params k = SigmoidFocalKernel.Params.of(alpha, gamma, f32);
        return PointwiseSupport.run(PointwiseSupport.nodeName(reduction, "MulBackward0"), reduction, input, target, shape,
                (x, xo, y, yo, out, gx, gy, o, u, n) -> SigmoidFocalKernel.forward(x, xo, y, yo, out, gx, gy, o, u, k, n),
                (a, out) -> SigmoidFocalKernel.forward(a[0], a[1], out, k), (a, u, g) -> SigmoidFocalKernel.backward(a[0], a[1], u, g[0], g[1], k));
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
