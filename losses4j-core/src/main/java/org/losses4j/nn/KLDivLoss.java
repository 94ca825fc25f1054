package org.losses4j.nn;

import org.losses4j.Reduction;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.Warnings;
import java.util.Arrays;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.kernels.KlDivKernel;
import org.losses4j.internal.kernels.SpareOutputs;

/**
 * Kullback-Leibler divergence, {@code torch.nn.KLDivLoss}, with {@code input} a log-probability:
 * l = target (log target - input) (0 where target is 0, PyTorch's xlogy), or with {@code logTarget}
 * l = exp(target) (target - input). Reductions: mean (default; the element-wise mean, which PyTorch warns
 * about), batchmean (the sum divided by input.size(0), the KL divergence proper; for a 0-d input the sum),
 * sum, none. Input and target broadcast; both receive gradients (PyTorch's target gradient at target 0 is
 * NaN, and so is this one).
 *
 * <p>Options: {@code reduction} (MEAN), {@code logTarget} (false); legacy {@code size_average} /
 * {@code reduce} through {@link #fromOptions}.
 *
 * <pre>{@code
 * Tensor inputs = Tensor.of(new float[][] {{0.5f, 0.3f, 0.2f}, {0.2f, 0.3f, 0.5f}});
 * Tensor target = Tensor.of(new float[][] {{0.9f, 0.05f, 0.05f}, {0.1f, 0.7f, 0.2f}});
 * new KLDivLoss().forward(inputs, target);                          // tensor(-0.3335)
 * KLDivLoss kl = KLDivLoss.builder().reduction(Reduction.BATCHMEAN).logTarget(true).build();
 * }</pre>
 */
public final class KLDivLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("KLDivLoss", "kl_div", KLDivLoss::fromOptions)
            .arg("input", "(*) log-probabilities, float32 or float64")
            .arg("target", "(*) probabilities (log-probabilities with log_target=True), same shape as input")
            .sizeAverage().reduce()
            .reduction("'none' | 'batchmean' (sum divided by the batch size: the true KL divergence) | 'sum' | 'mean'")
            .option("log_target", LossSpec.Type.BOOL, "False", "target is given as log-probabilities")
            .gradFn("SubBackward0", "MulBackward0", "MeanBackward0", "SumBackward0", "DivBackward0")
            .output("scalar; with reduction='none' the input's shape")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    /** PyTorch's warning for {@code reduction='mean'}, raised by every forward with it (missing spaces and all). */
    public static final String MEAN_WARNING = "reduction: 'mean' divides the total loss by both the batch size and the support size."
            + "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
            + "'mean' will be changed to behave the same as 'batchmean' in the next major release.";

    private final Reduction reduction;
    private final boolean logTarget;

    /** A {@code torch.nn.KLDivLoss} with PyTorch's defaults (log_target=False, reduction='mean'). */
    public KLDivLoss() { this(Reduction.MEAN); }

    /**
     * A {@code torch.nn.KLDivLoss} with the given {@code reduction} and PyTorch's defaults for the rest.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public KLDivLoss(Reduction reduction) { this(builder().reduction(reduction)); }

    private KLDivLoss(Builder b) {
        if (b.reduction == null) throw new IllegalArgumentException("None is not a valid value for reduction");
        this.reduction = b.reduction;
        this.logTarget = b.logTarget;
    }

    /**
     * A builder with PyTorch's defaults.
     *
     * @return a new builder
     */
    public static Builder builder() { return new Builder(); }

    /** Options with PyTorch's defaults: reduction='mean', log_target=False. */
    public static final class Builder {
        private Reduction reduction = Reduction.MEAN;
        private boolean logTarget = false;

        private Builder() {}

        /**
         * Sets PyTorch's {@code reduction} option.
         *
         * @param v how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's
         *         default) or {@link Reduction#SUM}
         * @return this builder
         */
        public Builder reduction(Reduction v) { reduction = v; return this; }

        /**
         * Sets PyTorch's {@code log_target} option.
         *
         * @param v target is given as log-probabilities (PyTorch's {@code log_target}, default False)
         * @return this builder
         */
        public Builder logTarget(boolean v) { logTarget = v; return this; }

        /**
         * The loss with the options set so far.
         *
         * @return a new {@code KLDivLoss}
         */
        public KLDivLoss build() { return new KLDivLoss(this); }
    }

    /**
     * From PyTorch keywords: reduction, log_target (and legacy size_average, reduce).
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.KLDivLoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static KLDivLoss fromOptions(LossOptions o) {
        return builder().reduction(o.reduction()).logTarget(o.getBool("log_target", false)).build();
    }

    /**
     * How the per-element losses are reduced (PyTorch's {@code reduction}).
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * The {@code log_target} option: target is given as log-probabilities (PyTorch's default False).
     *
     * @return the value
     */
    public boolean logTarget() { return logTarget; }

    /**
     * Computes the loss ({@code torch.nn.KLDivLoss.forward}) with this module's options; see the class comment for
     * the formula.
     *
     * @param input (*) log-probabilities, float32 or float64
     * @param target (*) probabilities (log-probabilities with log_target=True), same shape as input
     * @return scalar; with reduction='none' the input's shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input, Tensor target) { return klDiv(input, target, reduction, logTarget); }

    // log_target: l = exp(t) (t - x)       dL/dx = -u exp(t)   dL/dt = u (t - x) exp(t) + u exp(t)
    // otherwise:  l = xlogy(t, t) - t x    dL/dx = -u t        dL/dt = u xlogy(t != 0, t) + u t / t - u x  (NaN at t = 0)
    /**
     * {@code F.kl_div(input, target, reduction, log_target)} (legacy size_average / reduce omitted): float32
     * probability targets of the input's shape, the target not differentiated, take the fused kernel
     * ({@link KlDivKernel#fused}), the rest {@link KlDivKernel#klDiv}'s double form.
     *
     * @param input (*) log-probabilities, float32 or float64
     * @param target (*) probabilities (log-probabilities with log_target=True), same shape as input
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @param logTarget target is given as log-probabilities (PyTorch's {@code log_target}, default False)
     * @return scalar; with reduction='none' the input's shape
     */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        Checks.notNull(input, "input");
        Checks.notNull(target, "target");
        if (!input.dtype().isFloatingPoint() || !target.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("kl_div: Integral inputs not supported.");
        }
        int[] shape = Shape.broadcast(target.shape(), input.shape()); // PyTorch's first broadcasting op is target * input
        if (reduction == Reduction.MEAN) Warnings.warn(MEAN_WARNING); // once the checks passed (PyTorch warns before them)
        // batchmean: sum / input.size(0), except a 0-d input, which PyTorch leaves as the plain sum
        Reduction r = reduction;
        double divisor = Shape.numel(shape);
        String node;
        if (reduction == Reduction.BATCHMEAN) {
            if (input.dim() == 0) {
                r = Reduction.SUM;
                node = "SumBackward0";
            } else {
                divisor = input.size(0);
                node = "DivBackward0";
            }
        } else {
            node = RegressionSupport.composedNodeName(reduction, logTarget ? "MulBackward0" : "SubBackward0");
        }
        Tensor[] operands = {input, target};
        if (!logTarget && !RegressionSupport.differentiated(target) && input.dtype() == DType.FLOAT32 && target.dtype() == DType.FLOAT32
                && Arrays.equals(input.shape(), target.shape())) {
            return fused(node, r, divisor, operands);
        }
        return RegressionSupport.general(node, RegressionSupport.common(input, target), shape, r, divisor, operands,
                (a, out) -> KlDivKernel.klDiv(a[0], a[1], out, logTarget), (a, u, g) -> KlDivKernel.klDivBackward(a[0], a[1], u, g[0], g[1], logTarget));
    }

    /** float32 probabilities, the input only differentiated: the loss and the input's local gradient -t / divisor in one pass. */
    private static Tensor fused(String node, Reduction r, double divisor, Tensor[] operands) {
        Tensor input = operands[0];
        final Tensor x = RegressionSupport.contiguous(input), t = RegressionSupport.contiguous(operands[1]);
        boolean grad = Autograd.needsGraph(input);
        int[] shape = input.shape();
        int n = input.numel();
        float[] out = r == Reduction.NONE ? SpareOutputs.take(n) : null;
        float[] gx = grad ? SpareOutputs.take(n) : null;
        double scale = r == Reduction.SUM || r == Reduction.NONE ? 1 : 1 / divisor;
        double sum = KlDivKernel.fused((float[]) x.storage(), x.storageOffset(), (float[]) t.storage(), t.storageOffset(), out, gx, scale, n,
                SpareOutputs.replacing(out, gx));
        Tensor res = out != null ? Tensor.wrap(DType.FLOAT32, out, shape)
                : Tensor.wrap(DType.FLOAT32, new float[] {(float) (r == Reduction.SUM ? sum : sum / divisor)}, new int[0]);
        if (!grad) return res;
        LossNode.Gradients again = needs -> {
            float[] g = new float[n];
            KlDivKernel.fused((float[]) x.storage(), x.storageOffset(), (float[]) t.storage(), t.storageOffset(), null, g, scale, n, null);
            return new Object[] {g, null};
        };
        return LossNode.attach(res, node, new Object[] {gx, null}, again, LossNode.Upstream.pointwise(shape, r != Reduction.NONE), operands);
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
