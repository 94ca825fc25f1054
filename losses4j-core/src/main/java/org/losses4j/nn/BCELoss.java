package org.losses4j.nn;

import java.util.List;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.KernelInputs;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;
import org.losses4j.internal.kernels.BceKernel;
import org.losses4j.internal.kernels.BinaryKernels;
import org.losses4j.internal.kernels.LossReduction;

/**
 * Binary cross entropy on probabilities, {@code torch.nn.BCELoss}:
 * l_n = -w_n [y_n log x_n + (1 - y_n) log(1 - x_n)], each log clamped below at -100 (so x = 0 or 1 gives a
 * finite loss), reduced by mean (default), sum or none.
 *
 * <p>Options: {@code weight} (rescales each element; broadcast to the input's shape, not enlarging it),
 * {@code reduction} (and legacy {@code size_average} / {@code reduce} through {@link #fromOptions}).
 * Input and target must have the same shape and dtype; every input element must lie in [0, 1]. Both input
 * and target are differentiable: dL/dx = w (x - y) / max((1 - x) x, 1e-12), dL/dy = w (log(1 - x) - log x).
 *
 * <pre>{@code
 * Tensor input = Tensor.randn(3).requiresGrad_(true);
 * Tensor target = Tensor.empty(3).random_(2);
 * Tensor output = new BCELoss().forward(input.sigmoid(), target);
 * output.backward();      // output prints as tensor(0.xxxx, grad_fn=<BinaryCrossEntropyBackward0>)
 * }</pre>
 */
public final class BCELoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("BCELoss", "binary_cross_entropy", BCELoss::fromOptions)
            .arg("input", "(*) probabilities in [0, 1], float32 or float64")
            .arg("target", "(*) same shape and dtype as input, values in [0, 1]")
            .weight("broadcast to the input's shape: rescaling weight of each element")
            .sizeAverage().reduce().reduction()
            .gradFn("BinaryCrossEntropyBackward0")
            .output("scalar; with reduction='none' the input's shape")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final Tensor weight;
    private final Reduction reduction;

    public BCELoss() { this(null, Reduction.MEAN); }

    public BCELoss(Reduction reduction) { this(null, reduction); }

    /** @param weight per-element rescaling weight broadcast to the input, or null */
    public BCELoss(Tensor weight) { this(weight, Reduction.MEAN); }

    /** @param weight per-element rescaling weight broadcast to the input, or null */
    public BCELoss(Tensor weight, Reduction reduction) {
        this.weight = weight;
        this.reduction = BinaryKernels.standard(reduction);
    }

    /** From PyTorch keywords: weight, reduction (and legacy size_average, reduce). */
    public static BCELoss fromOptions(LossOptions o) { return new BCELoss(o.getTensor("weight"), o.reduction()); }

    public Tensor weight() { return weight; }

    public Reduction reduction() { return reduction; }

    public Tensor forward(Tensor input, Tensor target) { return binaryCrossEntropy(input, target, weight, reduction); }

    /** {@code F.binary_cross_entropy(input, target)} with mean reduction and no weight. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) { return binaryCrossEntropy(input, target, null, Reduction.MEAN); }

    /** {@code F.binary_cross_entropy(input, target, weight=None, reduction='mean')}. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        weight = KernelInputs.dense(weight);
        BinaryKernels.standard(reduction);
        int[] shape = BceKernel.check(input, target, weight);
        if (BceKernel.fusable(input, target, weight)) return BceKernel.fused(input, target, shape, reduction);
        Tensor out = BceKernel.forward(input, target, weight, shape, reduction);
        if (Autograd.needsGraph(input, target)) {
            final Tensor x = input.detach(), y = target.detach(), w = weight == null ? null : weight.detach();
            out.attachGradFn(new Node("BinaryCrossEntropyBackward0", input, target) {
                @Override protected Tensor[] backward(Tensor g) {
                    Tensor gi = null, gt = null;
                    if (needsInputGrad(0)) gi = LossReduction.fromDoubles(x.dtype(), BceKernel.backwardInput(x, y, w, shape, reduction, g), shape);
                    if (needsInputGrad(1)) gt = LossReduction.fromDoubles(y.dtype(), BceKernel.backwardTarget(x, w, shape, reduction, g), shape);
                    return new Tensor[] {gi, gt};
                }
            });
        }
        return out;
    }

    @Override public String name() { return "BCELoss"; }

    @Override public List<String> argNames() { return List.of("input", "target"); }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
