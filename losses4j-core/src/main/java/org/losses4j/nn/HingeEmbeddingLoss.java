package org.losses4j.nn;

import java.util.List;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.KernelInputs;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;
import org.losses4j.internal.kernels.BinaryKernels;
import org.losses4j.internal.kernels.HingeEmbeddingKernel;

/**
 * Hinge embedding loss, {@code torch.nn.HingeEmbeddingLoss}: l_n = x_n where y_n = 1 and
 * max(0, margin - x_n) where y_n = -1; for any other target value PyTorch's formula adds both terms
 * ([y != 1] max(0, margin - x) + [y != -1] x), and so does this. Reduced by mean (default), sum or none over
 * the broadcast of input and target.
 *
 * <p>Options: {@code margin} (default 1.0), {@code reduction} (and legacy {@code size_average} / {@code reduce}
 * through {@link #fromOptions}). The target may be any numeric dtype (the tutorial passes integers); only the
 * input is differentiable. PyTorch composes this loss from elementary ops, so its {@code grad_fn} is
 * {@code AddBackward0} (none), {@code MeanBackward0} (mean) or {@code SumBackward0} (sum); ours is one fused node
 * with the same name.
 *
 * <pre>{@code
 * Tensor inputs = Tensor.of(new float[][] {{1f, 0.8f, 0.5f}});
 * Tensor target = Tensor.of(new long[][] {{1, 1, -1}});
 * new HingeEmbeddingLoss().forward(inputs, target);   // tensor(0.7667)
 * }</pre>
 */
public final class HingeEmbeddingLoss implements Loss {
    /** What this loss is: arguments, keywords with PyTorch's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.torchNn("HingeEmbeddingLoss", "hinge_embedding_loss", HingeEmbeddingLoss::fromOptions)
            .arg("input", "(*) distances, float32 or float64")
            .constant("target", "(*) broadcastable with input, values 1 or -1, any numeric dtype")
            .option("margin", LossSpec.Type.FLOAT, "1.0", "x where target is 1, max(0, margin - x) where target is -1")
            .sizeAverage().reduce().reduction()
            .gradFn("AddBackward0", "MeanBackward0", "SumBackward0")
            .output("scalar; with reduction='none' the broadcast shape")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final double margin;
    private final Reduction reduction;

    public HingeEmbeddingLoss() { this(1.0, Reduction.MEAN); }

    public HingeEmbeddingLoss(Reduction reduction) { this(1.0, reduction); }

    public HingeEmbeddingLoss(double margin) { this(margin, Reduction.MEAN); }

    public HingeEmbeddingLoss(double margin, Reduction reduction) {
        this.margin = margin;
        this.reduction = BinaryKernels.standard(reduction);
    }

    /** From PyTorch keywords: margin, reduction (and legacy size_average, reduce). */
    public static HingeEmbeddingLoss fromOptions(LossOptions o) {
        return new HingeEmbeddingLoss(o.getDouble("margin", 1.0), o.reduction());
    }

    public double margin() { return margin; }

    public Reduction reduction() { return reduction; }

    public Tensor forward(Tensor input, Tensor target) { return hingeEmbeddingLoss(input, target, margin, reduction); }

    /** {@code F.hinge_embedding_loss(input, target)} with margin 1.0 and mean reduction. */
    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target) { return hingeEmbeddingLoss(input, target, 1.0, Reduction.MEAN); }

    /** {@code F.hinge_embedding_loss(input, target, margin=1.0, reduction='mean')}. */
    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target, double margin, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        BinaryKernels.standard(reduction);
        int[] shape = HingeEmbeddingKernel.check(input, target);
        String name = reduction == Reduction.NONE ? "AddBackward0" : reduction == Reduction.SUM ? "SumBackward0" : "MeanBackward0";
        if (HingeEmbeddingKernel.fusable(input, target)) return HingeEmbeddingKernel.fused(input, target, margin, shape, reduction, name);
        Tensor out = HingeEmbeddingKernel.forward(input, target, margin, shape, reduction);
        if (Autograd.needsGraph(input)) { // the target only selects terms: no gradient flows to it
            final Tensor x = input.detach(), y = target.detach();
            out.attachGradFn(new Node(name, input) {
                @Override protected Tensor[] backward(Tensor g) {
                    return new Tensor[] {BinaryKernels.gradFor(x, HingeEmbeddingKernel.backward(x, y, margin, shape, reduction, g), shape)};
                }
            });
        }
        return out;
    }

    @Override public String name() { return "HingeEmbeddingLoss"; }

    @Override public List<String> argNames() { return List.of("input", "target"); }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
