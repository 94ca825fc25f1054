package org.losses4j.nn;

import java.util.List;
import org.losses4j.Reduction;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.KernelInputs;
import org.losses4j.internal.kernels.LossReduction;
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
            .arg("input", "(N, *) or (*) the expected value, float32 or float64")
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

    public GaussianNLLLoss() { this(builder()); }

    public GaussianNLLLoss(Reduction reduction) { this(builder().reduction(reduction)); }

    private GaussianNLLLoss(Builder b) {
        this.full = b.full;
        this.eps = b.eps;
        this.reduction = checkReduction(b.reduction);
    }

    private static Reduction checkReduction(Reduction r) {
        return RegressionKernels.noBatchmean(r, "batchmean is not valid");
    }

    public static Builder builder() { return new Builder(); }

    /** Options with PyTorch's defaults: full=False, eps=1e-6, reduction='mean'. */
    public static final class Builder {
        private boolean full = false;
        private double eps = 1e-6;
        private Reduction reduction = Reduction.MEAN;

        private Builder() {}

        public Builder full(boolean v) { full = v; return this; }

        public Builder eps(double v) { eps = v; return this; }

        public Builder reduction(Reduction v) { reduction = v; return this; }

        public GaussianNLLLoss build() { return new GaussianNLLLoss(this); }
    }

    /** From PyTorch keywords: full, eps, reduction. */
    public static GaussianNLLLoss fromOptions(LossOptions o) {
        Builder b = builder().full(o.getBool("full", false)).eps(o.getDouble("eps", 1e-6));
        String r = o.getString("reduction", "mean");
        if (!r.equals("none") && !r.equals("mean") && !r.equals("sum")) throw new IllegalArgumentException(r + " is not valid");
        return b.reduction(Reduction.of(r)).build();
    }

    public boolean full() { return full; }

    public double eps() { return eps; }

    public Reduction reduction() { return reduction; }

    public Tensor forward(Tensor input, Tensor target, Tensor var) { return gaussianNllLoss(input, target, var, full, eps, reduction); }

    /** With a scalar variance used for every element (PyTorch 2.x). */
    public Tensor forward(Tensor input, Tensor target, double var) { return gaussianNllLoss(input, target, var, full, eps, reduction); }

    /** {@code F.gaussian_nll_loss(input, target, var, full, eps, reduction)}. */
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var, boolean full, double eps, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        var = KernelInputs.dense(var);
        checkReduction(reduction);
        int[][] shapes = RegressionKernels.gaussianCheck(input, target, var);
        final int[] shape = shapes[0], varShape = shapes[1];
        if (RegressionKernels.gaussianFusable(input, target, var, reduction)) return RegressionKernels.gaussianFused(input, target, var, full, eps, reduction);
        final Tensor x = input.detach(), y = target.detach(), v = var.detach();
        double[] l = RegressionKernels.gaussianForward(x, y, v, shape, varShape, full, eps);
        Tensor out = LossReduction.output(RegressionKernels.common(input, target, var), l, shape, reduction, l.length);
        String node = RegressionKernels.composedNodeName(reduction, full ? "AddBackward0" : "MulBackward0");
        return RegressionKernels.record(out, node, shape, reduction, l.length, new Tensor[] {input, target, var},
                new int[][] {null, null, varShape}, (g, needs) -> RegressionKernels.gaussianBackward(x, y, v, shape, varShape, eps, g, needs));
    }

    /**
     * {@code F.gaussian_nll_loss(input, target, var: float, ...)} (PyTorch 2.x): var is used for every element
     * of the input and receives no gradient; a negative var fails as a negative tensor entry does.
     */
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, double var, boolean full, double eps, Reduction reduction) {
        if (var < 0) throw new IllegalArgumentException("var has negative entry/entries");
        if (input == null) throw new IllegalArgumentException("input must be a tensor, got null");
        DType dt = input.dtype().isFloatingPoint() ? input.dtype() : DType.FLOAT32;
        return gaussianNllLoss(input, target, Tensor.full(dt, var, input.shape()), full, eps, reduction);
    }

    @Override public String name() { return "GaussianNLLLoss"; }

    @Override public List<String> argNames() { return List.of("input", "target", "var"); }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1], args[2]); }
}
