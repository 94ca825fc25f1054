package org.losses4j.nn;

import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.Shape;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.kernels.PointwiseFused;
import org.losses4j.internal.kernels.RegressionKernels;

/**
 * {@code torch.nn.SmoothL1Loss}: with d = x_n - y_n, l_n = 0.5 d^2 / beta if |d| &lt; beta, else |d| - 0.5 beta;
 * reduced by mean (default), sum or none. Input and target broadcast; both may require grad.
 *
 * <p>Options: {@code reduction} (MEAN), {@code beta} (1.0, must be >= 0; legacy {@code size_average} /
 * {@code reduce} through {@link #fromOptions}). {@code beta = 0} is exactly {@link L1Loss}, value, gradient
 * (0 at x == y) and grad_fn name, as PyTorch 2.x routes it to {@code l1_loss}; PyTorch 1.13 ran its
 * smooth-L1 kernel, whose gradient at x == y is +1 instead.
 *
 * <pre>{@code
 * SmoothL1Loss loss = new SmoothL1Loss();                          // mean, beta = 1
 * SmoothL1Loss narrow = new SmoothL1Loss(Reduction.SUM, 0.5);
 * Tensor output = loss.forward(Tensor.randn(3, 5).requiresGrad_(true), Tensor.randn(3, 5));
 * output.backward();                                               // grad_fn=<SmoothL1LossBackward0>
 * }</pre>
 */
public final class SmoothL1Loss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("SmoothL1Loss", "smooth_l1_loss", SmoothL1Loss::fromOptions)
            .arg("input", "(*) float32 or float64 (int64 promotes to the target's dtype)")
            .arg("target", "(*) broadcastable with input, float32, float64 or int64")
            .sizeAverage().reduce().reduction()
            .option("beta", LossSpec.Type.FLOAT, "1.0", ">= 0: quadratic below beta, linear above (beta=0 is L1Loss)")
            .gradFn("SmoothL1LossBackward0", "AbsBackward0", "MeanBackward0", "SumBackward0")
            .output("scalar; with reduction='none' the broadcast shape of input and target")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final Reduction reduction;
    private final double beta;

    /** A {@code torch.nn.SmoothL1Loss} with PyTorch's defaults (beta=1.0, reduction='mean'). */
    public SmoothL1Loss() { this(Reduction.MEAN, 1.0); }

    /**
     * A {@code torch.nn.SmoothL1Loss} with the given {@code reduction} and PyTorch's defaults for the rest.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public SmoothL1Loss(Reduction reduction) { this(reduction, 1.0); }

    /**
     * A negative beta is accepted here and rejected by forward, as in PyTorch.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @param beta &gt;= 0: quadratic below beta, linear above (beta=0 is L1Loss) (PyTorch's {@code beta}, default
     *         1.0)
     */
    public SmoothL1Loss(Reduction reduction, double beta) {
        this.reduction = reduction.notBatchmean();
        this.beta = beta;
    }

    /**
     * From PyTorch keywords: reduction, beta (and legacy size_average, reduce).
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.SmoothL1Loss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static SmoothL1Loss fromOptions(LossOptions o) { return new SmoothL1Loss(o.reduction(), o.getDouble("beta", 1.0)); }

    /**
     * How the per-element losses are reduced (PyTorch's {@code reduction}).
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * The {@code beta} option: &gt;= 0: quadratic below beta, linear above (beta=0 is L1Loss) (PyTorch's default
     * 1.0).
     *
     * @return the value
     */
    public double beta() { return beta; }

    /**
     * Computes the loss ({@code torch.nn.SmoothL1Loss.forward}) with this module's options; see the class comment for
     * the formula.
     *
     * @param input (*) float32 or float64 (int64 promotes to the target's dtype)
     * @param target (*) broadcastable with input, float32, float64 or int64
     * @return scalar; with reduction='none' the broadcast shape of input and target
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input, Tensor target) { return smoothL1Loss(input, target, reduction, beta); }

    // d = x - y: l = 0.5 d^2 / beta if |d| < beta else |d| - 0.5 beta
    // dL/dx = u (-1 if d <= -beta ; 1 if d >= beta ; d / beta otherwise) ; dL/dy = -dL/dx
    /**
     * {@code F.smooth_l1_loss(input, target, reduction, beta)}: float32 operands of one shape take the fused kernel
     * ({@code PointwiseKernels.smoothL1}), the rest {@link RegressionKernels#smoothL1}'s double form.
     *
     * @param input (*) float32 or float64 (int64 promotes to the target's dtype)
     * @param target (*) broadcastable with input, float32, float64 or int64
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @param beta &gt;= 0: quadratic below beta, linear above (beta=0 is L1Loss) (PyTorch's {@code beta}, default
     *         1.0)
     * @return scalar; with reduction='none' the broadcast shape of input and target
     */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        reduction.notBatchmean();
        if (beta < 0) throw new IllegalArgumentException("smooth_l1_loss does not support negative values for beta.");
        if (RegressionSupport.bothLong(input, target)) throw RegressionSupport.notImplementedForLong("smooth_l1_cpu"); // PyTorch 1.13, beta = 0 too
        input = RegressionSupport.promotedInput(input, target);
        int[] shape = RegressionSupport.inputTarget(input, target, "smooth_l1_loss");
        RegressionSupport.warnTargetSize(input, target);
        if (beta == 0) return L1Loss.l1(input, target, reduction, false); // PyTorch 2.x: exactly l1_loss (its kernel: no second warning)
        Tensor[] operands = {input, target};
        if (RegressionSupport.fusable(reduction, input, target)) {
            final float b = (float) beta;
            return RegressionSupport.fused("SmoothL1LossBackward0", reduction, operands, PointwiseFused.GRAIN_STREAMING,
                    (k, x, xo, y, yo, v, vo, out, oo, g, go, s, n) -> k.smoothL1(x, xo, y, yo, out, oo, g, go, s, b, n), null);
        }
        return RegressionSupport.general("SmoothL1LossBackward0", RegressionSupport.common(input, target), shape, reduction, Shape.numel(shape),
                operands, (a, out) -> RegressionKernels.smoothL1(a[0], a[1], out, beta),
                (a, u, g) -> RegressionKernels.smoothL1Backward(a[0], a[1], u, g[0], g[1], beta));
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
