package org.losses4j.nn;

import java.util.List;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.KernelInputs;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;
import org.losses4j.internal.kernels.LossReduction;
import org.losses4j.internal.kernels.MseKernel;
import org.losses4j.internal.kernels.PointwiseFused;

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
            .arg("input", "(*) float32 or float64")
            .arg("target", "(*) broadcastable with input, same dtype")
            .sizeAverage().reduce().reduction()
            .gradFn("MseLossBackward0")
            .output("scalar; with reduction='none' the broadcast shape of input and target")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final Reduction reduction;

    public MSELoss() { this(Reduction.MEAN); }

    public MSELoss(Reduction reduction) {
        if (reduction == Reduction.BATCHMEAN) throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        this.reduction = reduction;
    }

    /** From PyTorch keywords: reduction (and legacy size_average, reduce). */
    public static MSELoss fromOptions(LossOptions o) { return new MSELoss(o.reduction()); }

    public Reduction reduction() { return reduction; }

    public Tensor forward(Tensor input, Tensor target) { return mseLoss(input, target, reduction); }

    /** {@code F.mse_loss}. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        int[] shape = MseKernel.check(input, target);
        if (PointwiseFused.applies(reduction, input, target)) return MseKernel.fused(input, target, reduction);
        Tensor out = MseKernel.forward(input, target, shape, reduction);
        if (Autograd.needsGraph(input, target)) {
            final Tensor x = input.detach(), y = target.detach();
            out.attachGradFn(new Node("MseLossBackward0", input, target) {
                @Override protected Tensor[] backward(Tensor g) {
                    double[] gx = MseKernel.backward(x, y, shape, reduction, g);
                    Tensor gi = null, gt = null;
                    if (needsInputGrad(0)) gi = Autograd.sumToShape(LossReduction.fromDoubles(x.dtype(), gx, shape), x.shape());
                    if (needsInputGrad(1)) {
                        double[] neg = gx.clone();
                        for (int i = 0; i < neg.length; i++) neg[i] = -neg[i];
                        gt = Autograd.sumToShape(LossReduction.fromDoubles(y.dtype(), neg, shape), y.shape());
                    }
                    return new Tensor[] {gi, gt};
                }
            });
        }
        return out;
    }

    @Override public String name() { return "MSELoss"; }

    @Override public List<String> argNames() { return List.of("input", "target"); }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
