package org.losses4j.nn;

import java.util.List;
import org.losses4j.Reduction;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.KernelInputs;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;
import org.losses4j.internal.kernels.LossReduction;
import org.losses4j.internal.kernels.KlDivKernel;
import org.losses4j.internal.kernels.RegressionKernels;
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

    private final Reduction reduction;
    private final boolean logTarget;

    public KLDivLoss() { this(Reduction.MEAN); }

    public KLDivLoss(Reduction reduction) { this(builder().reduction(reduction)); }

    private KLDivLoss(Builder b) {
        if (b.reduction == null) throw new IllegalArgumentException("None is not a valid value for reduction");
        this.reduction = b.reduction;
        this.logTarget = b.logTarget;
    }

    public static Builder builder() { return new Builder(); }

    /** Options with PyTorch's defaults: reduction='mean', log_target=False. */
    public static final class Builder {
        private Reduction reduction = Reduction.MEAN;
        private boolean logTarget = false;

        private Builder() {}

        public Builder reduction(Reduction v) { reduction = v; return this; }

        public Builder logTarget(boolean v) { logTarget = v; return this; }

        public KLDivLoss build() { return new KLDivLoss(this); }
    }

    /** From PyTorch keywords: reduction, log_target (and legacy size_average, reduce). */
    public static KLDivLoss fromOptions(LossOptions o) {
        return builder().reduction(o.reduction()).logTarget(o.getBool("log_target", false)).build();
    }

    public Reduction reduction() { return reduction; }

    public boolean logTarget() { return logTarget; }

    public Tensor forward(Tensor input, Tensor target) { return klDiv(input, target, reduction, logTarget); }

    /** {@code F.kl_div(input, target, reduction, log_target)} (legacy size_average / reduce omitted). */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        int[] shape = KlDivKernel.check(input, target);
        final Tensor x = input.detach(), y = target.detach();
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
            node = RegressionKernels.composedNodeName(reduction, logTarget ? "MulBackward0" : "SubBackward0");
        }
        boolean targetGrad = Autograd.needsGraph(target);
        if (KlDivKernel.fusable(input, target, logTarget, targetGrad)) return fused(input, x, y, shape, r, divisor, node);
        double[] l = KlDivKernel.forward(x, y, shape, logTarget);
        Tensor out = LossReduction.output(RegressionKernels.common(input, target), l, shape, r, divisor);
        return RegressionKernels.record(out, node, shape, r, divisor, new Tensor[] {input, target}, null,
                (g, needs) -> KlDivKernel.backward(x, y, shape, logTarget, g, needs));
    }

    /** float32 probabilities, input only differentiated: loss and gradient in one pass; the node hands the gradient over once. */
    private static Tensor fused(Tensor input, Tensor x, Tensor y, int[] shape, Reduction r, double divisor, String node) {
        boolean grad = Autograd.needsGraph(input);
        int n = Shape.numel(shape);
        float[] out = r == Reduction.NONE ? SpareOutputs.take(n) : null;
        float[] gx = grad ? SpareOutputs.take(n) : null;
        double gradScale = r == Reduction.SUM || r == Reduction.NONE ? 1 : 1 / divisor;
        double sum = KlDivKernel.fused(x, y, out, gx, gradScale, SpareOutputs.replacing(out, gx));
        Tensor res = out != null ? Tensor.wrap(DType.FLOAT32, out, shape)
                : Tensor.wrap(DType.FLOAT32, new float[] {(float) (r == Reduction.SUM ? sum : sum / divisor)}, new int[0]);
        if (!grad) return res;
        final Reduction red = r;
        res.attachGradFn(new Node(node, input, y) {
            private float[] fresh = gx;

            @Override protected Tensor[] backward(Tensor g) {
                float[] d = fresh;
                fresh = null;
                if (d == null || red == Reduction.NONE || g.item() != 1.0) {
                    if (d == null) d = new float[n];
                    KlDivKernel.gradInto(d, y, red, divisor, g);
                }
                return new Tensor[] {Tensor.wrap(DType.FLOAT32, d, shape), null};
            }

            @Override protected void releaseSavedState() { fresh = null; }
        });
        return res;
    }

    @Override public String name() { return "KLDivLoss"; }

    @Override public List<String> argNames() { return List.of("input", "target"); }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
