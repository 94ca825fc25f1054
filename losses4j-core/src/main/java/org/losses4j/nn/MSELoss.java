package org.losses4j.nn;

import org.losses4j.Reduction;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.kernels.MseKernel;
import org.losses4j.internal.kernels.PointwiseFused;
import org.losses4j.Shape;

/**
 * Mean squared error, {@code torch.nn.MSELoss}: l_n = (x_n - y_n)^2, reduced by mean (default), sum or none.
 * Input and target broadcast (PyTorch warns when their sizes differ); both may require grad.
 *
 * <pre>{@code
 * MSELoss loss = new MSELoss();                      // reduction = mean
 * Tensor input = Tensor.randn(3, 5).requiresGrad_(true);
 * Tensor target = Tensor.randn(3, 5);
 * Tensor output = loss.forward(input, target);
 * output.backward();
 * }</pre>
 */
public final class MSELoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("MSELoss", "mse_loss", MSELoss::fromOptions)
            .arg("input", "(*) float32 or float64 (an int64 operand promotes to the other's dtype)")
            .arg("target", "(*) broadcastable with input, float32, float64 or int64")
            .sizeAverage().reduce().reduction()
            .gradFn("MseLossBackward0")
            .output("scalar; with reduction='none' the broadcast shape of input and target")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final Reduction reduction;

    /** A {@code torch.nn.MSELoss} with PyTorch's defaults (reduction='mean'). */
    public MSELoss() { this(Reduction.MEAN); }

    /**
     * A {@code torch.nn.MSELoss} with the given {@code reduction} and PyTorch's defaults for the rest.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public MSELoss(Reduction reduction) { this.reduction = reduction.notBatchmean(); }

    /**
     * From PyTorch keywords: reduction (and legacy size_average, reduce).
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.MSELoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static MSELoss fromOptions(LossOptions o) { return new MSELoss(o.reduction()); }

    /**
     * How the per-element losses are reduced (PyTorch's {@code reduction}).
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * Computes the loss ({@code torch.nn.MSELoss.forward}) with this module's options; see the class comment for the
     * formula.
     *
     * @param input (*) float32 or float64 (an int64 operand promotes to the other's dtype)
     * @param target (*) broadcastable with input, float32, float64 or int64
     * @return scalar; with reduction='none' the broadcast shape of input and target
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input, Tensor target) { return mseLoss(input, target, reduction); }

    // l = (x - y)^2 ; dL/dx = 2 (x - y) u ; dL/dy = -dL/dx   (u the upstream gradient, / N for mean)
    /**
     * {@code F.mse_loss}: float32 operands of one shape take the fused kernel ({@code PointwiseKernels.mse}), the
     * rest
     * {@link MseKernel}'s double form over the broadcast shape.
     *
     * @param input (*) float32 or float64 (an int64 operand promotes to the other's dtype)
     * @param target (*) broadcastable with input, float32, float64 or int64
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the broadcast shape of input and target
     */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        reduction.notBatchmean();
        // an int64 operand promotes to the other's floating dtype, as PyTorch's mse kernel does; two int64 ones fail there
        if (RegressionSupport.bothLong(input, target)) throw RegressionSupport.notImplementedForLong("mse_cpu");
        if (input == null || input.dtype() != DType.INT64) Checks.floating(input, "input", "mse_loss");
        if (target == null || target.dtype() != DType.INT64) Checks.floating(target, "target", "mse_loss");
        Tensor[] promoted = RegressionSupport.promoted(RegressionSupport.common(input, target), input, target);
        input = promoted[0];
        target = promoted[1];
        int[] shape = Shape.broadcast(input.shape(), target.shape());
        RegressionSupport.warnTargetSize(input, target);
        Tensor[] operands = {input, target};
        if (RegressionSupport.fusable(reduction, input, target)) {
            return RegressionSupport.fused("MseLossBackward0", reduction, operands, PointwiseFused.GRAIN_STREAMING,
                    (k, x, xo, y, yo, v, vo, out, oo, g, go, s, n) -> k.mse(x, xo, y, yo, out, oo, g, go, s, n), null);
        }
        return RegressionSupport.general("MseLossBackward0", RegressionSupport.common(input, target), shape, reduction, Shape.numel(shape),
                operands, (a, out) -> MseKernel.mse(a[0], a[1], out), (a, u, g) -> MseKernel.mseBackward(a[0], a[1], u, g[0], g[1]));
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
