package org.losses4j.nn;

import java.util.List;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.KernelInputs;
import org.losses4j.internal.kernels.LossReduction;
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
            .arg("input", "(*) float32 or float64")
            .arg("target", "(*) broadcastable with input, same dtype")
            .sizeAverage().reduce().reduction()
            .gradFn("AbsBackward0", "MeanBackward0", "SumBackward0")
            .output("scalar; with reduction='none' the broadcast shape of input and target")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final Reduction reduction;

    public L1Loss() { this(Reduction.MEAN); }

    public L1Loss(Reduction reduction) {
        this.reduction = RegressionKernels.noBatchmean(reduction, "batchmean is not a valid value for reduction");
    }

    /** From PyTorch keywords: reduction (and legacy size_average, reduce). */
    public static L1Loss fromOptions(LossOptions o) { return new L1Loss(o.reduction()); }

    public Reduction reduction() { return reduction; }

    public Tensor forward(Tensor input, Tensor target) { return l1Loss(input, target, reduction); }

    /** {@code F.l1_loss(input, target, reduction)}. */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        RegressionKernels.noBatchmean(reduction, "batchmean is not a valid value for reduction");
        int[] shape = RegressionKernels.l1Check(input, target);
        if (PointwiseFused.applies(reduction, input, target)) return RegressionKernels.l1Fused(input, target, reduction);
        final Tensor x = input.detach(), y = target.detach();
        double[] l = RegressionKernels.l1Forward(x, y, shape);
        Tensor out = LossReduction.output(RegressionKernels.common(input, target), l, shape, reduction, l.length);
        return RegressionKernels.record(out, RegressionKernels.composedNodeName(reduction, "AbsBackward0"), shape, reduction, l.length,
                new Tensor[] {input, target}, null, (g, needs) -> RegressionKernels.l1Backward(x, y, shape, g, needs));
    }

    @Override public String name() { return "L1Loss"; }

    @Override public List<String> argNames() { return List.of("input", "target"); }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
