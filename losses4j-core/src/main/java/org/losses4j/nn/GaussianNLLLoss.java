package org.losses4j.nn;

import java.util.Arrays;
import org.losses4j.Reduction;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.kernels.PointwiseFused;
import org.losses4j.internal.kernels.RegressionKernels;

/**
 * Gaussian negative log likelihood, {@code torch.nn.GaussianNLLLoss}:
 * l = 0.5 (log v + (input - target)^2 / v) with v = max(var, eps), plus 0.5 log(2 pi) when {@code full};
 * reduced by mean (default), sum or none.
 *
 * <p>var has the input's shape (heteroscedastic), or the input's shape with last dimension 1, or one
 * dimension fewer (then unsqueezed at the end); anything else fails with {@code var is of incorrect size}, a
 * negative entry with {@code var has negative entry/entries}. input, target and var broadcast and all three
 * receive gradients. The clamp to eps is invisible to autograd (PyTorch clamps a clone under no_grad), so
 * var's gradient is the derivative at the clamped value passed straight through. As in PyTorch 2.x, var may
 * also be a plain number ({@link #gaussianNllLoss(Tensor, Tensor, double, boolean, double, Reduction)}).
 *
 * <p>Options: {@code full} (false), {@code eps} (1e-6), {@code reduction} (MEAN). No legacy keywords.
 *
 * <pre>{@code
 * GaussianNLLLoss loss = GaussianNLLLoss.builder().full(true).build();
 * Tensor input = Tensor.randn(5, 2).requiresGrad_(true);
 * Tensor target = Tensor.randn(5, 2);
 * Tensor var = Tensor.ones(5, 1).requiresGrad_(true);             // homoscedastic
 * loss.forward(input, target, var).backward();                    // grad_fn=<MeanBackward0>
 * }</pre>
 */
public final class GaussianNLLLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("GaussianNLLLoss", "gaussian_nll_loss", GaussianNLLLoss::fromOptions)
            .arg("input", "(N, *) or (*) the expected value, float32 or float64 (int64 promotes)")
            .arg("target", "like input")
            .arg("var", "like input, or input's shape with the last dim 1, or one dim fewer; every element >= 0")
            .option("full", LossSpec.Type.BOOL, "False", "add the constant 0.5 log(2 pi)")
            .option("eps", LossSpec.Type.FLOAT, "1e-06", "var is raised to at least eps for the value; autograd does not see the clamp (as PyTorch, under no_grad)")
            .reduction()
            .gradFn("AddBackward0", "MulBackward0", "MeanBackward0", "SumBackward0")
            .output("scalar; with reduction='none' the input's shape")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final boolean full;
    private final double eps;
    private final Reduction reduction;

    /** A {@code torch.nn.GaussianNLLLoss} with PyTorch's defaults (full=False, eps=1e-06, reduction='mean'). */
    public GaussianNLLLoss() { this(builder()); }

    /**
     * A {@code torch.nn.GaussianNLLLoss} with the given {@code reduction} and PyTorch's defaults for the rest.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public GaussianNLLLoss(Reduction reduction) { this(builder().reduction(reduction)); }

    private GaussianNLLLoss(Builder b) {
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

    /** Options with PyTorch's defaults: full=False, eps=1e-6, reduction='mean'. */
    public static final class Builder {
        private boolean full = false;
        private double eps = 1e-6;
        private Reduction reduction = Reduction.MEAN;

        private Builder() {}

        /**
         * Sets PyTorch's {@code full} option.
         *
         * @param v add the constant 0.5 log(2 pi) (PyTorch's {@code full}, default False)
         * @return this builder
         */
        public Builder full(boolean v) { full = v; return this; }

        /**
         * Sets PyTorch's {@code eps} option.
         *
         * @param v var is raised to at least eps for the value; autograd does not see the clamp (as PyTorch, under
         *         no_grad) (PyTorch's {@code eps}, default 1e-06)
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
         * @return a new {@code GaussianNLLLoss}
         */
        public GaussianNLLLoss build() { return new GaussianNLLLoss(this); }
    }

    /**
     * From PyTorch keywords: full, eps, reduction.
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.GaussianNLLLoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static GaussianNLLLoss fromOptions(LossOptions o) {
        Builder b = builder().full(o.getBool("full", false)).eps(o.getDouble("eps", 1e-6));
        return b.reduction(RegressionSupport.noneMeanSum(o.getString("reduction", "mean"))).build();
    }

    /**
     * The {@code full} option: add the constant 0.5 log(2 pi) (PyTorch's default False).
     *
     * @return the value
     */
    public boolean full() { return full; }

    /**
     * The {@code eps} option: var is raised to at least eps for the value; autograd does not see the clamp (as
     * PyTorch, under no_grad) (PyTorch's default 1e-06).
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
     * Computes the loss ({@code torch.nn.GaussianNLLLoss.forward}) with this module's options; see the class comment
     * for the formula.
     *
     * @param input (N, *) or (*) the expected value, float32 or float64 (int64 promotes)
     * @param target like input
     * @param var like input, or input's shape with the last dim 1, or one dim fewer; every element &gt;= 0
     * @return scalar; with reduction='none' the input's shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input, Tensor target, Tensor var) { return gaussianNllLoss(input, target, var, full, eps, reduction); }

    /**
     * With a scalar variance used for every element (PyTorch 2.x).
     *
     * @param input (N, *) or (*) the expected value, float32 or float64 (int64 promotes)
     * @param target like input
     * @param var like input, or input's shape with the last dim 1, or one dim fewer; every element &gt;= 0
     * @return scalar; with reduction='none' the input's shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input, Tensor target, double var) { return gaussianNllLoss(input, target, var, full, eps, reduction); }

    // w = max(var, eps): l = 0.5 (log w + (x - y)^2 / w) [+ 0.5 log(2 pi) when full]
    // dL/dx = u (x - y) / w ; dL/dy = -dL/dx ; dL/dvar = 0.5 u / w - 0.5 u ((x - y)^2 / w / w)  (the clamp is invisible to autograd)
    /**
     * {@code F.gaussian_nll_loss(input, target, var, full, eps, reduction)}: float32 operands of one shape with var
     * not
     * differentiated take the fused kernel ({@code PointwiseKernels.gaussian}), the rest
     * {@link RegressionKernels#gaussianNll}'s double form. A var one dimension short is unsqueezed at the end, as
     * PyTorch does, so its gradient flows back through that view.
     *
     * @param input (N, *) or (*) the expected value, float32 or float64 (int64 promotes)
     * @param target like input
     * @param var like input, or input's shape with the last dim 1, or one dim fewer; every element &gt;= 0
     * @param full add the constant 0.5 log(2 pi) (PyTorch's {@code full}, default False)
     * @param eps var is raised to at least eps for the value; autograd does not see the clamp (as PyTorch, under
     *         no_grad) (PyTorch's {@code eps}, default 1e-06)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the input's shape
     */
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var, boolean full, double eps, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        var = KernelInputs.dense(var);
        checkReduction(reduction);
        var = checkVar(input, target, var);
        Tensor[] promoted = RegressionSupport.promoted(RegressionSupport.common(input, target, var), input, target); // int64 input, target
        input = promoted[0];
        target = promoted[1];
        int[] shape = Shape.broadcast(Shape.broadcast(input.shape(), target.shape()), var.shape());
        String node = RegressionSupport.composedNodeName(reduction, full ? "AddBackward0" : "MulBackward0");
        Tensor[] operands = {input, target, var};
        if (RegressionSupport.fusable(reduction, input, target, var) && !RegressionSupport.differentiated(var)) {
            final float e = (float) eps, c = full ? (float) RegressionKernels.HALF_LOG_TWO_PI : 0f;
            return RegressionSupport.fused(node, reduction, operands, PointwiseFused.GRAIN,
                    (k, x, xo, y, yo, v, vo, out, oo, g, go, s, n) -> k.gaussian(x, xo, y, yo, v, vo, out, oo, g, go, s, e, c, n), null);
        }
        return RegressionSupport.general(node, RegressionSupport.common(input, target, var), shape, reduction, Shape.numel(shape), operands,
                (a, out) -> RegressionKernels.gaussianNll(a[0], a[1], a[2], out, full, eps),
                (a, u, g) -> RegressionKernels.gaussianNllBackward(a[0], a[1], a[2], u, g[0], g[1], g[2], eps));
    }

    /**
     * gaussian_nll_loss's checks in PyTorch's order: dtypes, var's size, then negative entries (broadcasting is checked
     * by the caller). Returns var as it takes part: unsqueezed at the end when one dimension short of the input.
     */
    private static Tensor checkVar(Tensor input, Tensor target, Tensor var) {
        if (input == null || input.dtype() != DType.INT64) RegressionSupport.floating(input, "input", "gaussian_nll_loss");
        RegressionSupport.numericTarget(target, "target", "gaussian_nll_loss");
        if (var == null || var.dtype() != DType.INT64) RegressionSupport.floating(var, "var", "gaussian_nll_loss");
        int[] in = input.shape(), v = var.shape();
        Tensor res = var;
        if (!Arrays.equals(v, in)) {
            int[] inHead = in.length == 0 ? in : Arrays.copyOf(in, in.length - 1);
            if (Arrays.equals(inHead, v)) {
                int[] vs = Arrays.copyOf(v, v.length + 1);
                vs[v.length] = 1;
                res = var.reshape(vs);
            } else if (!(v.length > 0 && Arrays.equals(inHead, Arrays.copyOf(v, v.length - 1)) && v[v.length - 1] == 1)) {
                throw new IllegalArgumentException("var is of incorrect size");
            }
        }
        if (RegressionSupport.anyNegative(var)) throw new IllegalArgumentException("var has negative entry/entries");
        // PyTorch then clamps a clone of var in place to eps, a float: an int64 var cannot hold the result
        if (var.dtype() == DType.INT64) throw new IllegalArgumentException("result type Float can't be cast to the desired output type long int");
        return res;
    }

    /**
     * {@code F.gaussian_nll_loss(input, target, var: float, ...)} (PyTorch 2.x): var is used for every element
     * of the input and receives no gradient; a negative var fails as a negative tensor entry does.
     *
     * @param input (N, *) or (*) the expected value, float32 or float64 (int64 promotes)
     * @param target like input
     * @param var like input, or input's shape with the last dim 1, or one dim fewer; every element &gt;= 0
     * @param full add the constant 0.5 log(2 pi) (PyTorch's {@code full}, default False)
     * @param eps var is raised to at least eps for the value; autograd does not see the clamp (as PyTorch, under
     *         no_grad) (PyTorch's {@code eps}, default 1e-06)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the input's shape
     */
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, double var, boolean full, double eps, Reduction reduction) {
        if (var < 0) throw new IllegalArgumentException("var has negative entry/entries");
        if (input == null) throw new IllegalArgumentException("input must be a tensor, got null");
        DType dt = input.dtype().isFloatingPoint() ? input.dtype() : DType.FLOAT32;
        return gaussianNllLoss(input, target, Tensor.full(dt, var, input.shape()), full, eps, reduction);
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1], args[2]); }
}
