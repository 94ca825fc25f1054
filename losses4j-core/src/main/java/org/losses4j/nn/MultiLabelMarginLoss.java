package org.losses4j.nn;

import java.util.List;
import org.losses4j.Reduction;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.KernelInputs;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;
import org.losses4j.internal.kernels.LossReduction;
import org.losses4j.internal.kernels.MarginKernels;

/**
 * Multi-label hinge loss, {@code torch.nn.MultiLabelMarginLoss}: for each row x (C classes) whose target lists
 * class indices padded with -1 (only the labels before the first -1 count),
 * <pre>  l = sum_{j labels} sum_{i not a label} max(0, 1 - (x[y_j] - x[i])) / C</pre>
 * reduced by mean over rows (default), sum or none. Input (N, C), unbatched (C) or 0-d; target int64 of the same
 * shape (an unbatched input gives a 0-d output even for reduction none). A label listed twice counts twice, as
 * in PyTorch. Options: {@code reduction} (and legacy {@code size_average} / {@code reduce}).
 *
 * <pre>{@code
 * MultiLabelMarginLoss loss = new MultiLabelMarginLoss();
 * Tensor x = Tensor.of(new float[][] {{0.1f, 0.2f, 0.4f, 0.8f}}).requiresGrad_(true);
 * Tensor y = Tensor.of(new long[][] {{3, 0, -1, 1}});   // labels 3 and 0
 * Tensor out = loss.forward(x, y);                      // tensor(0.8500, ...)
 * }</pre>
 */
public final class MultiLabelMarginLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("MultiLabelMarginLoss", "multilabel_margin_loss", MultiLabelMarginLoss::fromOptions)
            .arg("input", "(C) or (N, C), float32 or float64")
            .constant("target", "int64 like input: class indices, ended by the first -1")
            .sizeAverage().reduce().reduction()
            .gradFn("MultilabelMarginLossBackward0")
            .output("scalar; with reduction='none' (N), or () for (C) input")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final Reduction reduction;

    public MultiLabelMarginLoss() { this(Reduction.MEAN); }

    public MultiLabelMarginLoss(Reduction reduction) {
        if (reduction == Reduction.BATCHMEAN) throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        this.reduction = reduction;
    }

    /** From PyTorch keywords: reduction (and legacy size_average, reduce). */
    public static MultiLabelMarginLoss fromOptions(LossOptions o) { return new MultiLabelMarginLoss(o.reduction()); }

    public Reduction reduction() { return reduction; }

    public Tensor forward(Tensor input, Tensor target) { return multilabelMarginLoss(input, target, reduction); }

    /** {@code F.multilabel_margin_loss(input, target, reduction='mean')}. */
    public static Tensor multilabelMarginLoss(Tensor input, Tensor target, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        if (reduction == Reduction.BATCHMEAN) throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        MarginKernels.Geometry g = MarginKernels.multiLabelMarginCheck(input, target);
        if (MarginKernels.fusable(input)) return fused(input, target, reduction, g);
        Tensor out = MarginKernels.multiLabelMarginForward(input, target, reduction, g);
        if (Autograd.needsGraph(input)) {
            final Tensor x = input.detach(), y = target.detach();
            out.attachGradFn(new Node("MultilabelMarginLossBackward0", input) {
                @Override protected Tensor[] backward(Tensor go) {
                    double[] gx = MarginKernels.multiLabelMarginBackward(x, y, reduction, g, go);
                    return new Tensor[] {LossReduction.fromDoubles(x.dtype(), gx, x.shape())};
                }
            });
        }
        return out;
    }

    /** Float32 contiguous input: loss and gradient in one pass (the gradient handed to backward, see FusedGrads). */
    private static Tensor fused(Tensor input, Tensor target, Reduction reduction, MarginKernels.Geometry g) {
        boolean grad = Autograd.needsGraph(input);
        MarginKernels.Fused f = MarginKernels.multiLabelMarginFused(input, target, reduction, g, grad);
        Tensor out = f.output();
        if (grad) {
            final Tensor x = input.detach(), y = target.detach();
            final MarginKernels.FusedGrads grads = new MarginKernels.FusedGrads(new float[][] {f.grad()},
                    () -> new float[][] {MarginKernels.multiLabelMarginFused(x, y, reduction, g, true).grad()});
            out.attachGradFn(new Node("MultilabelMarginLossBackward0", input) {
                @Override protected Tensor[] backward(Tensor go) {
                    float[] gx = grads.take()[0];
                    MarginKernels.applyUpstream(gx, g.nframe(), g.dim(), go, reduction);
                    return new Tensor[] {Tensor.wrap(DType.FLOAT32, gx, x.shape())};
                }

                @Override protected void releaseSavedState() { grads.release(); }
            });
        }
        return out;
    }

    @Override public String name() { return "MultiLabelMarginLoss"; }

    @Override public List<String> argNames() { return List.of("input", "target"); }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
