package org.losses4j.nn;

import org.losses4j.Reduction;
import org.losses4j.DType;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.Tensor;
import org.losses4j.Shape;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.kernels.PointwiseFused;
import org.losses4j.internal.kernels.RegressionKernels;

/**
 * {@code torch.nn.HuberLoss}: with d = x_n - y_n, l_n = 0.5 d^2 if |d| &lt; delta, else delta (|d| - 0.5 delta);
 * reduced by mean (default), sum or none. Input and target broadcast; both may require grad. The output has
 * the input's dtype, as PyTorch's kernel writes into a tensor like the input.
 *
 * <p>Options: {@code reduction} (MEAN), {@code delta} (1.0, must be > 0). HuberLoss has no legacy
 * {@code size_average} / {@code reduce} keywords.
 *
 * <pre>{@code
 * HuberLoss loss = new HuberLoss(Reduction.MEAN, 0.5);
 * Tensor output = loss.forward(Tensor.randn(3, 5).requiresGrad_(true), Tensor.randn(3, 5));
 * output.backward();                                  // grad_fn=<HuberLossBackward0>
 * }</pre>
 */
public final class HuberLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("HuberLoss", "huber_loss", HuberLoss::fromOptions)
            .arg("input", "(*) float32 or float64")
            .arg("target", "(*) broadcastable with input, float32, float64 or int64")
            .reduction()
            .option("delta", LossSpec.Type.FLOAT, "1.0", "> 0: quadratic below delta, delta-scaled linear above")
            .gradFn("HuberLossBackward0")
            .output("scalar; with reduction='none' the broadcast shape of input and target")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final Reduction reduction;
    private final double delta;

    /** A {@code torch.nn.HuberLoss} with PyTorch's defaults (delta=1.0, reduction='mean'). */
    public HuberLoss() { this(Reduction.MEAN, 1.0); }

    /**
     * A {@code torch.nn.HuberLoss} with the given {@code reduction} and PyTorch's defaults for the rest.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public HuberLoss(Reduction reduction) { this(reduction, 1.0); }

    /**
     * A non-positive delta is accepted here and rejected by forward, as in PyTorch.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @param delta &gt; 0: quadratic below delta, delta-scaled linear above (PyTorch's {@code delta}, default 1.0)
     */
    public HuberLoss(Reduction reduction, double delta) {
        this.reduction = reduction.notBatchmean();
        this.delta = delta;
    }

    /**
     * From PyTorch keywords: reduction, delta.
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.HuberLoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static HuberLoss fromOptions(LossOptions o) {
        return new HuberLoss(Reduction.of(o.getString("reduction", "mean")), o.getDouble("delta", 1.0));
    }

    /**
     * How the per-element losses are reduced (PyTorch's {@code reduction}).
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * The {@code delta} option: &gt; 0: quadratic below delta, delta-scaled linear above (PyTorch's default 1.0).
     *
     * @return the value
     */
    public double delta() { return delta; }

    /**
     * Computes the loss ({@code torch.nn.HuberLoss.forward}) with this module's options; see the class comment for
     * the formula.
     *
     * @param input (*) float32 or float64
     * @param target (*) broadcastable with input, float32, float64 or int64
     * @return scalar; with reduction='none' the broadcast shape of input and target
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input, Tensor target) { return huberLoss(input, target, reduction, delta); }

    // d = x - y: l = 0.5 d^2 if |d| < delta else delta (|d| - 0.5 delta)
    // dL/dx = u (-delta if d <= -delta ; delta if d >= delta ; d otherwise) ; dL/dy = -dL/dx
    /**
     * {@code F.huber_loss(input, target, reduction, delta)}: float32 operands of one shape take the fused kernel
     * ({@code PointwiseKernels.huber}), the rest {@link RegressionKernels#huber}'s double form.
     *
     * @param input (*) float32 or float64
     * @param target (*) broadcastable with input, float32, float64 or int64
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @param delta &gt; 0: quadratic below delta, delta-scaled linear above (PyTorch's {@code delta}, default 1.0)
     * @return scalar; with reduction='none' the broadcast shape of input and target
     */
    public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        reduction.notBatchmean();
        if (!(delta > 0)) throw new IllegalArgumentException("huber_loss does not support non-positive values for delta.");
        if (RegressionSupport.bothLong(input, target)) throw RegressionSupport.notImplementedForLong("huber_cpu");
        if (input != null && input.dtype() == DType.INT64 && target != null && target.dtype().isFloatingPoint()) {
            // PyTorch's huber kernel writes into a tensor of the input's dtype
            throw new IllegalArgumentException("result type " + Checks.typeName(target.dtype()) + " can't be cast to the desired output type Long");
        }
        int[] shape = RegressionSupport.inputTarget(input, target, "huber_loss");
        RegressionSupport.warnTargetSize(input, target);
        Tensor[] operands = {input, target};
        if (RegressionSupport.fusable(reduction, input, target)) {
            final float dl = (float) delta;
            return RegressionSupport.fused("HuberLossBackward0", reduction, operands, PointwiseFused.GRAIN_STREAMING,
                    (k, x, xo, y, yo, v, vo, out, oo, g, go, s, n) -> k.huber(x, xo, y, yo, out, oo, g, go, s, dl, n), null);
        }
        return RegressionSupport.general("HuberLossBackward0", input.dtype(), shape, reduction, Shape.numel(shape), operands,
                (a, out) -> RegressionKernels.huber(a[0], a[1], out, delta),
                (a, u, g) -> RegressionKernels.huberBackward(a[0], a[1], u, g[0], g[1], delta));
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
