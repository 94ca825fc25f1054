package org.losses4j.nn;

import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.kernels.PointwiseFused;
import org.losses4j.internal.kernels.RegressionKernels;

/**
 * Negative log likelihood of a Poisson target, {@code torch.nn.PoissonNLLLoss}:
 * l_n = exp(x_n) - y_n x_n when {@code logInput} (default), else l_n = x_n - y_n log(x_n + eps); with
 * {@code full} the Stirling term y log y - y + 0.5 log(2 pi y) is added where y > 1. Reduced by mean
 * (default), sum or none. Input and target broadcast; both receive gradients, as in PyTorch (which composes
 * the loss from ops, so with {@code full} the target gradient is NaN where target &lt;= 0).
 *
 * <p>Options: {@code logInput} (true), {@code full} (false), {@code eps} (1e-8, used only when logInput is
 * false), {@code reduction} (MEAN; legacy {@code size_average} / {@code reduce} through {@link #fromOptions}).
 *
 * <pre>{@code
 * PoissonNLLLoss loss = new PoissonNLLLoss();                        // log_input, mean
 * PoissonNLLLoss rates = PoissonNLLLoss.builder().logInput(false).full(true).reduction(Reduction.SUM).build();
 * Tensor output = loss.forward(Tensor.randn(5, 2).requiresGrad_(true), Tensor.randn(5, 2));
 * output.backward();                                                 // grad_fn=<MeanBackward0>
 * }</pre>
 */
public final class PoissonNLLLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("PoissonNLLLoss", "poisson_nll_loss", PoissonNLLLoss::fromOptions)
            .arg("input", "(*) the log rate (log_input=True) or the rate, float32 or float64 (int64 promotes)")
            .arg("target", "(*) same shape as input: observed counts")
            .option("log_input", LossSpec.Type.BOOL, "True", "input is log(rate): exp(input) - target * input; else input - target * log(input + eps)")
            .option("full", LossSpec.Type.BOOL, "False", "add the Stirling term target * log(target) - target + 0.5 log(2 pi target) for target > 1")
            .sizeAverage()
            .option("eps", LossSpec.Type.FLOAT, "1e-08", "added to input inside the log when log_input=False")
            .reduce().reduction()
            .gradFn("AddBackward0", "SubBackward0", "MeanBackward0", "SumBackward0")
            .output("scalar; with reduction='none' the input's shape")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final boolean logInput;
    private final boolean full;
    private final double eps;
    private final Reduction reduction;

    /**
     * A {@code torch.nn.PoissonNLLLoss} with PyTorch's defaults (log_input=True, full=False, eps=1e-08,
     * reduction='mean').
     */
    public PoissonNLLLoss() { this(builder()); }

    /**
     * A {@code torch.nn.PoissonNLLLoss} with the given {@code reduction} and PyTorch's defaults for the rest.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public PoissonNLLLoss(Reduction reduction) { this(builder().reduction(reduction)); }

    private PoissonNLLLoss(Builder b) {
        this.logInput = b.logInput;
        this.full = b.full;
        this.eps = b.eps;
        this.reduction = checkReduction(b.reduction);
    }

    private static Reduction checkReduction(Reduction r) { return RegressionSupport.noneMeanSum(r); }

    /**
     * A builder with PyTorch's defaults.
     *
     * @return a new builder
     */
    public static Builder builder() { return new Builder(); }

    /** Options with PyTorch's defaults: log_input=True, full=False, eps=1e-8, reduction='mean'. */
    public static final class Builder {
        private boolean logInput = true;
        private boolean full = false;
        private double eps = 1e-8;
        private Reduction reduction = Reduction.MEAN;

        private Builder() {}

        /**
         * Sets PyTorch's {@code log_input} option.
         *
         * @param v input is log(rate): exp(input) - target * input; else input - target * log(input + eps) (PyTorch's
         *         {@code log_input}, default True)
         * @return this builder
         */
        public Builder logInput(boolean v) { logInput = v; return this; }

        /**
         * Sets PyTorch's {@code full} option.
         *
         * @param v add the Stirling term target * log(target) - target + 0.5 log(2 pi target) for target &gt; 1
         *         (PyTorch's {@code full}, default False)
         * @return this builder
         */
        public Builder full(boolean v) { full = v; return this; }

        /**
         * Sets PyTorch's {@code eps} option.
         *
         * @param v added to input inside the log when log_input=False (PyTorch's {@code eps}, default 1e-08)
         * @return this builder
         */
        public Builder eps(double v) { eps = v; return this; }

        /**
         * Sets PyTorch's {@code reduction} option.
         *
         * @param v how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's
         *         default) or {@link Reduction#SUM}
         * @return this builder
         */
        public Builder reduction(Reduction v) { reduction = v; return this; }

        /**
         * The loss with the options set so far.
         *
         * @return a new {@code PoissonNLLLoss}
         */
        public PoissonNLLLoss build() { return new PoissonNLLLoss(this); }
    }

    /**
     * From PyTorch keywords: log_input, full, eps, reduction (and legacy size_average, reduce).
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.PoissonNLLLoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static PoissonNLLLoss fromOptions(LossOptions o) {
        Builder b = builder().logInput(o.getBool("log_input", true)).full(o.getBool("full", false)).eps(o.getDouble("eps", 1e-8));
        if (o.has("size_average") || o.has("reduce")) return b.reduction(o.reduction()).build();
        o.getBoolOrNull("size_average");
        o.getBoolOrNull("reduce");
        return b.reduction(RegressionSupport.noneMeanSum(o.getString("reduction", "mean"))).build();
    }

    /**
     * The {@code log_input} option: input is log(rate): exp(input) - target * input; else input - target * log(input
     * + eps) (PyTorch's default True).
     *
     * @return the value
     */
    public boolean logInput() { return logInput; }

    /**
     * The {@code full} option: add the Stirling term target * log(target) - target + 0.5 log(2 pi target) for target
     * &gt; 1 (PyTorch's default False).
     *
     * @return the value
     */
    public boolean full() { return full; }

    /**
     * The {@code eps} option: added to input inside the log when log_input=False (PyTorch's default 1e-08).
     *
     * @return the value
     */
    public double eps() { return eps; }

    /**
     * How the per-element losses are reduced (PyTorch's {@code reduction}).
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * Computes the loss ({@code torch.nn.PoissonNLLLoss.forward}) with this module's options; see the class comment
     * for the formula.
     *
     * @param input (*) the log rate (log_input=True) or the rate, float32 or float64 (int64 promotes)
     * @param target (*) same shape as input: observed counts
     * @return scalar; with reduction='none' the input's shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input, Tensor target) { return poissonNllLoss(input, target, logInput, full, eps, reduction); }

    // log_input:  l = exp(x) - y x             dL/dx = u exp(x) - u y          dL/dy = -u x
    // otherwise:  l = x - y log(x + eps)       dL/dx = u - u y / (x + eps)     dL/dy = -u log(x + eps)
    // full adds y log y - y + 0.5 log(2 pi y) where y > 1 (see RegressionKernels.poissonNllBackward for its gradient)
    /**
     * {@code F.poisson_nll_loss(input, target, log_input, full, eps, reduction)} (legacy size_average / reduce
     * omitted): float32 operands of one shape with log_input, not full and the target not differentiated take the
     * fused kernel ({@code PointwiseKernels.poissonLogInput}), the rest {@link RegressionKernels#poissonNll}'s double
     * form. The fused gradient is u (exp(x) - y); for a non-finite upstream u the node takes the double form's
     * u exp(x) - u y, PyTorch's (inf - inf is NaN).
     *
     * @param input (*) the log rate (log_input=True) or the rate, float32 or float64 (int64 promotes)
     * @param target (*) same shape as input: observed counts
     * @param logInput input is log(rate): exp(input) - target * input; else input - target * log(input + eps)
     *         (PyTorch's {@code log_input}, default True)
     * @param full add the Stirling term target * log(target) - target + 0.5 log(2 pi target) for target &gt; 1
     *         (PyTorch's {@code full}, default False)
     * @param eps added to input inside the log when log_input=False (PyTorch's {@code eps}, default 1e-08)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the input's shape
     */
    public static Tensor poissonNllLoss(Tensor input, Tensor target, boolean logInput, boolean full, double eps, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        checkReduction(reduction);
        // an int64 input promotes (to float32 against an int64 target); PyTorch forms its exp(input) or input + eps in
        // the default dtype, float32, whatever the target's dtype
        boolean longInput = input != null && input.dtype() == DType.INT64 && target != null
                && (target.dtype().isFloatingPoint() || target.dtype() == DType.INT64);
        if (longInput) input = input.to(target.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32);
        RegressionSupport.floating(input, "input", "poisson_nll_loss");
        RegressionSupport.numericTarget(target, "target", "poisson_nll_loss");
        int[] shape = Shape.broadcast(target.shape(), input.shape()); // PyTorch's first broadcasting op is target * input
        boolean f32 = longInput || (input.dtype() != DType.FLOAT64 && target.dtype() != DType.FLOAT64);
        Tensor[] operands = {input, target};
        int n = Shape.numel(shape);
        RegressionSupport.Backward backward = (a, u, g) -> RegressionKernels.poissonNllBackward(a[0], a[1], u, g[0], g[1], logInput, full, eps, f32);
        if (logInput && !full && RegressionSupport.fusable(reduction, input, target) && !RegressionSupport.differentiated(target)) {
            LossNode.ChainGradients chain = RegressionSupport.chain(shape, reduction, n, operands, backward);
            return RegressionSupport.fused(RegressionSupport.composedNodeName(reduction, "SubBackward0"), reduction, operands, PointwiseFused.GRAIN,
                    (k, x, xo, y, yo, v, vo, out, oo, g, go, s, m) -> k.poissonLogInput(x, xo, y, yo, out, oo, g, go, s, m), chain);
        }
        String node = RegressionSupport.composedNodeName(reduction, full ? "AddBackward0" : "SubBackward0");
        return RegressionSupport.general(node, RegressionSupport.common(input, target), shape, reduction, n, operands,
                (a, out) -> RegressionKernels.poissonNll(a[0], a[1], out, logInput, full, eps, f32), backward);
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
