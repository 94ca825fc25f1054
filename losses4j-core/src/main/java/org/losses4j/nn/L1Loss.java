package org.losses4j.nn;

import org.losses4j.Reduction;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.Shape;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.kernels.PointwiseFused;
import org.losses4j.internal.kernels.RegressionKernels;

/**
 * Mean absolute error, {@code torch.nn.L1Loss}: l_n = |x_n - y_n|, reduced by mean (default), sum or none.
 * Input and target broadcast as in PyTorch; both may require grad. The gradient at x_n == y_n is 0
 * (PyTorch differentiates |d| with sgn(d)). An int64 target is promoted to the input's dtype.
 *
 * <p>Options: {@code reduction} ({@link Reduction#MEAN} by default; legacy {@code size_average} / {@code reduce}
 * through {@link #fromOptions}).
 *
 * <pre>{@code
 * L1Loss loss = new L1Loss();                         // reduction = mean
 * Tensor input = Tensor.randn(3, 5).requiresGrad_(true);
 * Tensor target = Tensor.randn(3, 5);
 * Tensor output = loss.forward(input, target);        // tensor(..., grad_fn=<MeanBackward0>)
 * output.backward();
 * }</pre>
 *
 * <p>PyTorch builds {@code l1_loss} from {@code abs} and a reduction, so grad_fn prints {@code MeanBackward0},
 * {@code SumBackward0} or {@code AbsBackward0}; this single node carries the same names.
 */
public final class L1Loss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("L1Loss", "l1_loss", L1Loss::fromOptions)
            .arg("input", "(*) float32 or float64 (int64 promotes to the target's dtype)")
            .arg("target", "(*) broadcastable with input, float32, float64 or int64")
            .sizeAverage().reduce().reduction()
            .gradFn("AbsBackward0", "MeanBackward0", "SumBackward0")
            .output("scalar; with reduction='none' the broadcast shape of input and target")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final Reduction reduction;

    /** A {@code torch.nn.L1Loss} with PyTorch's defaults (reduction='mean'). */
    public L1Loss() { this(Reduction.MEAN); }

    /**
     * A {@code torch.nn.L1Loss} with the given {@code reduction} and PyTorch's defaults for the rest.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public L1Loss(Reduction reduction) {
        this.reduction = reduction.notBatchmean();
    }

    /**
     * From PyTorch keywords: reduction (and legacy size_average, reduce).
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.L1Loss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static L1Loss fromOptions(LossOptions o) { return new L1Loss(o.reduction()); }

    /**
     * How the per-element losses are reduced (PyTorch's {@code reduction}).
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * Computes the loss ({@code torch.nn.L1Loss.forward}) with this module's options; see the class comment for the
     * formula.
     *
     * @param input (*) float32 or float64 (int64 promotes to the target's dtype)
     * @param target (*) broadcastable with input, float32, float64 or int64
     * @return scalar; with reduction='none' the broadcast shape of input and target
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input, Tensor target) { return l1Loss(input, target, reduction); }

    // l = |x - y| ; dL/dx = u sgn(x - y) (0 where x == y or NaN) ; dL/dy = -dL/dx
    /**
     * {@code F.l1_loss(input, target, reduction)}: float32 operands of one shape take the fused kernel
     * ({@code PointwiseKernels.l1}), the rest {@link RegressionKernels#l1}'s double form.
     *
     * @param input (*) float32 or float64 (int64 promotes to the target's dtype)
     * @param target (*) broadcastable with input, float32, float64 or int64
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the broadcast shape of input and target
     */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        return l1(input, target, reduction, true);
    }

    /** {@link #l1Loss}, warning or not (not: the kernel PyTorch's {@code smooth_l1_loss} calls for beta = 0). */
    static Tensor l1(Tensor input, Tensor target, Reduction reduction, boolean warn) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        reduction.notBatchmean();
        if (RegressionSupport.bothLong(input, target)) return longL1(input, target, reduction, warn);
        input = RegressionSupport.promotedInput(input, target); // PyTorch: input - target promotes an int64 input
        int[] shape = RegressionSupport.inputTarget(input, target, "l1_loss");
        if (warn) RegressionSupport.warnTargetSize(input, target);
        String node = RegressionSupport.composedNodeName(reduction, "AbsBackward0");
        Tensor[] operands = {input, target};
        if (RegressionSupport.fusable(reduction, input, target)) {
            return RegressionSupport.fused(node, reduction, operands, PointwiseFused.GRAIN_STREAMING,
                    (k, x, xo, y, yo, v, vo, out, oo, g, go, s, n) -> k.l1(x, xo, y, yo, out, oo, g, go, s, n), null);
        }
        return RegressionSupport.general(node, RegressionSupport.common(input, target), shape, reduction, Shape.numel(shape), operands,
                (a, out) -> RegressionKernels.l1(a[0], a[1], out), (a, u, g) -> RegressionKernels.l1Backward(a[0], a[1], u, g[0], g[1]));
    }

    /**
     * Two int64 operands, as PyTorch's composite {@code (input - target).abs()} then the reduction computes them: int64
     * values for 'none' and 'sum' (no gradient: integers have none), and the error of {@code mean()} of an int64 tensor.
     */
    private static Tensor longL1(Tensor input, Tensor target, Reduction reduction, boolean warn) {
        int[] shape = Shape.broadcast(input.shape(), target.shape());
        if (warn) RegressionSupport.warnTargetSize(input, target);
        if (reduction == Reduction.MEAN) {
            throw new IllegalArgumentException("mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype."
                    + " Got: Long");
        }
        long[] x = input.expand(shape).toLongArray(), y = target.expand(shape).toLongArray();
        long[] d = new long[x.length];
        long sum = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(x[i] - y[i]); // wraps as int64 arithmetic does
            sum += d[i];
        }
        return reduction == Reduction.SUM ? Tensor.wrap(DType.INT64, new long[] {sum}) : Tensor.wrap(DType.INT64, d, shape);
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
