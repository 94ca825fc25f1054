package org.losses4j.nn;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.kernels.BceKernel;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.tensor.LossReduction;

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

    /** A {@code torch.nn.BCELoss} with PyTorch's defaults (weight=None, reduction='mean'). */
    public BCELoss() { this(null, Reduction.MEAN); }

    /**
     * A {@code torch.nn.BCELoss} with the given {@code reduction} and PyTorch's defaults for the rest.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public BCELoss(Reduction reduction) { this(null, reduction); }

    /** @param weight per-element rescaling weight broadcast to the input, or null */
    public BCELoss(Tensor weight) { this(weight, Reduction.MEAN); }

    /**
     * @param weight per-element rescaling weight broadcast to the input, or null
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     */
    public BCELoss(Tensor weight, Reduction reduction) {
        this.weight = weight;
        this.reduction = BinarySupport.standard(reduction);
    }

    /**
     * From PyTorch keywords: weight, reduction (and legacy size_average, reduce).
     *
     * @param o PyTorch's keyword arguments by name (those it does not read are left for {@link Losses#create} to reject)
     * @return the loss, as {@code torch.nn.BCELoss(**kwargs)}
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public static BCELoss fromOptions(LossOptions o) { return new BCELoss(o.getTensor("weight"), o.reduction()); }

    /**
     * The {@code weight} option: broadcast to the input's shape: rescaling weight of each element (PyTorch's default
     * None).
     *
     * @return the tensor, or null when none was given
     */
    public Tensor weight() { return weight; }

    /**
     * How the per-element losses are reduced (PyTorch's {@code reduction}).
     *
     * @return none, mean or sum
     */
    public Reduction reduction() { return reduction; }

    /**
     * Computes the loss ({@code torch.nn.BCELoss.forward}) with this module's options; see the class comment for the
     * formula.
     *
     * @param input (*) probabilities in [0, 1], float32 or float64
     * @param target (*) same shape and dtype as input, values in [0, 1]
     * @return scalar; with reduction='none' the input's shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public Tensor forward(Tensor input, Tensor target) { return binaryCrossEntropy(input, target, weight, reduction); }

    /**
     * {@code F.binary_cross_entropy(input, target)} with mean reduction and no weight.
     *
     * @param input (*) probabilities in [0, 1], float32 or float64
     * @param target (*) same shape and dtype as input, values in [0, 1]
     * @return scalar; with reduction='none' the input's shape
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) { return binaryCrossEntropy(input, target, null, Reduction.MEAN); }

    /**
     * {@code F.binary_cross_entropy(input, target, weight=None, reduction='mean')}.
     *
     * @param input (*) probabilities in [0, 1], float32 or float64
     * @param target (*) same shape and dtype as input, values in [0, 1]
     * @param weight broadcast to the input's shape: rescaling weight of each element (PyTorch's {@code weight},
     *         default None)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the input's shape
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        input = KernelInputs.dense(input);
        target = KernelInputs.dense(target);
        weight = KernelInputs.dense(weight);
        BinarySupport.standard(reduction);
        int[] shape = check(input, target, weight);
        String name = "BinaryCrossEntropyBackward0";
        int n = Shape.numel(shape);
        if (weight == null && BinarySupport.allFloat32(input, target) && !BinarySupport.wantsGrad(target)) {
            // fused float32: l and dl/dx by BinaryLossKernels.bce in one pass
            BinarySupport.F32 x = BinarySupport.F32.of(input), y = BinarySupport.F32.of(target);
            double divisor = BinarySupport.divisor(reduction, n);
            float scale = BinarySupport.scale(divisor);
            return BinarySupport.fused(name, shape, reduction, divisor, 1,
                    (loss, g, unused, lo, len) -> BinarySupport.K.bce(x.a(), x.off() + lo, y.a(), y.off() + lo, loss, g, lo, scale, len),
                    input, target);
        }
        // general: BceKernel in double, the gradients of input and target computed when backward asks
        double[] x = input.toDoubleArray(), y = target.toDoubleArray(), w = BinarySupport.values(weight, shape);
        double[] l = new double[n];
        BceKernel.losses(x, y, w, l);
        Tensor out = LossReduction.output(input.dtype(), l, shape, reduction, n);
        double scale = 1 / BinarySupport.divisor(reduction, n);
        Tensor in = input, tg = target;
        return LossNode.attach(out, name, null, needs -> {
            double[] gx = needs[0] ? new double[n] : null, gy = needs[1] ? new double[n] : null;
            if (gx != null) BceKernel.gradInput(x, y, w, scale, gx);
            if (gy != null) BceKernel.gradTarget(x, w, scale, gy);
            return new Object[] {BinarySupport.local(in, gx), BinarySupport.local(tg, gy)};
        }, LossNode.Upstream.pointwise(shape, reduction != Reduction.NONE), input, target);
    }

    /** Validates the arguments with PyTorch's messages; returns the loss shape (the input's). */
    private static int[] check(Tensor input, Tensor target, Tensor weight) {
        Checks.floating(input, "input", "binary_cross_entropy");
        Checks.notNull(target, "target");
        int[] shape = input.shape();
        if (!Arrays.equals(target.shape(), shape)) {
            throw new IllegalArgumentException("Using a target size (" + BinarySupport.torchSize(target.shape())
                    + ") that is different to the input size (" + BinarySupport.torchSize(shape)
                    + ") is deprecated. Please ensure they have the same size.");
        }
        if (weight != null) {
            // F.binary_cross_entropy: weight.expand(_infer_size(target.size(), weight.size())), then loss.mul_(weight)
            BinarySupport.inPlaceBroadcast(shape, Shape.broadcast(target.shape(), weight.shape()));
        }
        if (target.dtype() != input.dtype()) {
            throw new IllegalArgumentException("Found dtype " + Checks.typeName(target.dtype()) + " but expected " + Checks.typeName(input.dtype()));
        }
        boolean outside;
        if (input.dtype() == DType.FLOAT32) {
            BinarySupport.F32 x = BinarySupport.F32.of(input);
            outside = BinarySupport.K.firstOutsideUnit(x.a(), x.off(), input.numel()) >= 0;
        } else {
            outside = Arrays.stream(input.toDoubleArray()).anyMatch(v -> !(v >= 0 && v <= 1));
        }
        if (outside) throw new IllegalArgumentException("all elements of input should be between 0 and 1");
        return shape;
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
