package org.losses4j.nn;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.Warnings;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.kernels.OverlapKernels;
import org.losses4j.internal.kernels.OverlapKernels.Activation;
import org.losses4j.internal.kernels.OverlapKernels.Formula;
import org.losses4j.internal.kernels.OverlapKernels.Grouping;
import org.losses4j.internal.kernels.OverlapKernels.Layout;
import org.losses4j.internal.kernels.SpareOutputs;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.tensor.LossReduction;

/**
 * The Tensor-level work shared by the segmentation overlap losses ({@link DiceLoss}, {@link TverskyLoss}, MONAI's
 * {@code monai.losses}): MONAI's option checks, warnings and messages, the preparation of the target (MONAI's
 * {@code one_hot} of class indices, the background channel dropped), the shape check, and the glue to
 * {@link OverlapKernels}: one pass for the sums in the forward, one {@link LossNode} whose backward is one more pass
 * from the saved sums.
 */
final class SegmentationSupport {
    private SegmentationSupport() {}

    // ------------------------------------------------------------------ MONAI's warnings and messages, in one place

    /** MONAI's warning when softmax is asked for a single-channel prediction (the softmax is skipped). */
    static final String SOFTMAX_IGNORED = "single channel prediction, `softmax=True` ignored.";
    /** MONAI's warning when to_onehot_y is asked for a single-channel prediction (the target is used as given). */
    static final String TO_ONEHOT_IGNORED = "single channel prediction, `to_onehot_y=True` ignored.";
    /** MONAI's warning when include_background=False is asked for a single-channel prediction (channel 0 is kept). */
    static final String BACKGROUND_IGNORED = "single channel prediction, `include_background=False` ignored.";
    /** MONAI's error for more than one activation. */
    static final String INCOMPATIBLE = "Incompatible values: more than 1 of [sigmoid=True, softmax=True, other_act is not None].";
    /** MONAI's one_hot error for class indices whose dimension 1 is not of size 1. */
    static final String LABELS_CHANNEL = "labels should have a channel with length equal to one.";

    /**
     * Raises one of MONAI's warnings through {@link Warnings} (a {@code UserWarning}, shown once per call site under
     * the default filter, as Python shows MONAI's {@code warnings.warn}).
     */
    static void warn(String text) { Warnings.warn(text); }

    // ------------------------------------------------------------------ options

    /** MONAI's check of the activations: at most one of sigmoid and softmax. */
    static void checkActivation(boolean sigmoid, boolean softmax) {
        if (sigmoid && softmax) throw new IllegalArgumentException(INCOMPATIBLE);
    }

    /** MONAI's reductions: none, mean or sum; anything else fails with MONAI's {@code LossReduction} message. */
    static Reduction reduction(Reduction r) {
        if (r == null) throw new IllegalArgumentException("reduction must not be null");
        if (r == Reduction.BATCHMEAN) throw new IllegalArgumentException("'batchmean' is not a valid LossReduction");
        return r;
    }

    /** MONAI's reduction keyword: {@code 'none'}, {@code 'mean'} or {@code 'sum'}. */
    static Reduction reduction(String s) {
        for (Reduction r : new Reduction[] {Reduction.NONE, Reduction.MEAN, Reduction.SUM}) if (r.torchName().equals(s)) return r;
        throw new IllegalArgumentException("'" + s + "' is not a valid LossReduction");
    }

    /**
     * The options the overlap losses share, MONAI's names in Java case.
     *
     * @param includeBackground whether channel 0 enters the sums (include_background)
     * @param toOnehotY         whether the target holds class indices to turn into one-hot channels (to_onehot_y)
     * @param sigmoid           whether the prediction is sigmoid(input)
     * @param softmax           whether the prediction is softmax(input, 1)
     * @param batch             whether the sums also run over the samples
     * @param reduction         none, mean or sum of the loss values
     */
    record Options(boolean includeBackground, boolean toOnehotY, boolean sigmoid, boolean softmax, boolean batch, Reduction reduction) {
        Options {
            checkActivation(sigmoid, softmax);
            SegmentationSupport.reduction(reduction);
        }

        Activation activation() { return sigmoid ? Activation.SIGMOID : softmax ? Activation.SOFTMAX : Activation.NONE; }
    }

    // ------------------------------------------------------------------ the forward

    /**
     * The loss of input and target.
     *
     * @param name       the loss class, for messages
     * @param differing  MONAI's word in the shape message: {@code different} (DiceLoss) or {@code differing} (TverskyLoss)
     */
    static Tensor forward(String name, String differing, Tensor input, Tensor target, Options o, Formula fm) {
        input = KernelInputs.dense(input);
        Checks.floating(input, "input", name);
        Checks.notNull(target, "target");
        int[] shape = input.shape();
        if (shape.length < 2) {
            throw new IndexOutOfBoundsException(name + " expects input of shape (N, C, ...) with a channel dimension, got "
                    + BinarySupport.torchSize(shape) + ": tuple index out of range");
        }
        int c = shape[1];
        boolean single = c == 1;
        Activation act = single && o.softmax() ? Activation.NONE : o.activation();
        boolean oneHot = o.toOnehotY() && !single;
        int c0 = !o.includeBackground() && !single ? 1 : 0;

        // the target as MONAI sees it: one_hot(labels) (float32), or as given
        int[] tshape;
        long[] labels = null;
        int labelsOff = 0;
        if (oneHot) {
            int[] lshape = target.shape();
            if (lshape.length < 2) {
                int[] padded = new int[] {1, 1};
                for (int i = 0; i < lshape.length; i++) padded[i] = lshape[i];
                lshape = padded;
            }
            if (lshape[1] != 1) throw new IllegalArgumentException(LABELS_CHANNEL);
            tshape = lshape.clone();
            tshape[1] = c;
            Tensor lt = target.dtype() == DType.INT64 ? target.detach().contiguous() : null;
            labels = lt != null ? (long[]) lt.storage() : labelsOf(target);
            labelsOff = lt != null ? lt.storageOffset() : 0;
            int nl = target.numel();
            for (int i = 0; i < nl; i++) {
                long v = labels[labelsOff + i];
                if (v < 0 || v >= c) throw new IndexOutOfBoundsException("index " + v + " is out of bounds for dimension 1 with size " + c);
            }
        } else {
            tshape = target.shape();
            if (target.dtype() == DType.BOOL && fm.tversky()) {
                // MONAI's 1 - target
                throw new IllegalArgumentException("Subtraction, the `-` operator, with a bool tensor is not supported. "
                        + "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
            }
        }
        int[] ishape = shape.clone();
        if (c0 == 1) {
            if (tshape.length < 2) throw new IndexOutOfBoundsException("too many indices for tensor of dimension " + tshape.length);
            tshape = tshape.clone();
            tshape[1] = Math.max(0, tshape[1] - 1);
            ishape[1] = Math.max(0, c - 1);
        }
        if (!Arrays.equals(tshape, ishape)) {
            throw new IllegalArgumentException("ground truth has " + differing + " shape (" + BinarySupport.torchSize(tshape) + ") from input ("
                    + BinarySupport.torchSize(ishape) + ")");
        }

        // MONAI's warnings, in its order, once the checks passed (MONAI warns before its shape check fails)
        if (single && o.softmax()) warn(SOFTMAX_IGNORED);
        if (single && o.toOnehotY()) warn(TO_ONEHOT_IGNORED);
        if (single && !o.includeBackground()) warn(BACKGROUND_IGNORED);

        // the groups: (n, c); c with batch; all of it for a 2-d input without batch (MONAI sums over dim=[], which sums all)
        int n = shape[0];
        int s = positions(shape);
        Grouping grouping = o.batch() ? Grouping.BATCH : shape.length == 2 ? Grouping.ALL : Grouping.PER_SAMPLE;
        Layout layout = new Layout(n, c, s, c0, grouping);
        int kept = layout.kept();
        int[] outShape = grouping == Grouping.PER_SAMPLE ? new int[] {n, kept} : grouping == Grouping.BATCH ? new int[] {kept} : new int[0];

        // dtypes: the one-hot target is float32 (MONAI's one_hot default); a float64 target promotes the result
        DType outType = !oneHot && target.dtype() == DType.FLOAT64 ? DType.FLOAT64 : input.dtype();
        OverlapKernels.Input x = input.dtype() == DType.FLOAT32
                ? OverlapKernels.Input.of((float[]) input.storage(), input.storageOffset())
                : OverlapKernels.Input.of(input.toDoubleArray(), 0);
        OverlapKernels.Target t;
        if (oneHot) {
            t = OverlapKernels.Target.labels(labels, labelsOff);
        } else if (target.dtype() == DType.FLOAT64) {
            t = OverlapKernels.Target.dense(target.toDoubleArray(), 0);
        } else if (target.dtype() == DType.FLOAT32 && input.dtype() == DType.FLOAT32) {
            Tensor tc = target.detach().contiguous();
            t = OverlapKernels.Target.dense((float[]) tc.storage(), tc.storageOffset());
        } else if (input.dtype() == DType.FLOAT32) {
            // int64 or bool values multiply a float32 input as float32
            t = OverlapKernels.Target.dense(target.to(DType.FLOAT32).detach().contiguous().toFloatArray(), 0);
        } else {
            t = OverlapKernels.Target.dense(target.toDoubleArray(), 0);
        }

        // with an activation, the forward keeps p in the array the first backward writes the gradient into (as PyTorch
        // keeps its softmax output): that backward computes no exponential; a later one (retain_graph) computes p again
        DType inType = input.dtype();
        int numel = input.numel();
        boolean keep = act != Activation.NONE && BinarySupport.wantsGrad(input);
        float[] keepF = keep && inType == DType.FLOAT32 ? SpareOutputs.take(numel) : null;
        double[] keepD = keep && inType == DType.FLOAT64 ? new double[numel] : null;
        double[] sums = OverlapKernels.sums(x, t, layout, act, fm, keepF, keepD);
        int groups = layout.groups();
        double[] f = new double[groups];
        for (int k = 0; k < groups; k++) f[k] = fm.loss(sums[3 * k], sums[3 * k + 1], sums[3 * k + 2]);
        Reduction r = o.reduction();
        Tensor out = LossReduction.output(outType, f, outShape, r, groups);

        String gradFn = BinarySupport.composedName(r, "RsubBackward1");
        Object[] held = {keepF != null ? keepF : keepD};
        LossNode.ChainGradients chain = (needs, gradOutput) -> {
            if (!needs[0]) return new Object[1];
            double[] w = weights(gradOutput, r, groups);
            double[] ab = new double[2 * groups];
            for (int k = 0; k < groups; k++) fm.coefficients(sums[3 * k], sums[3 * k + 1], sums[3 * k + 2], w[k], ab, 2 * k);
            Object saved = held[0];
            held[0] = null; // handed over: the gradient overwrites it
            float[] gf = inType == DType.FLOAT32 ? (saved != null ? (float[]) saved : SpareOutputs.take(numel)) : null;
            double[] gd = inType == DType.FLOAT64 ? (saved != null ? (double[]) saved : new double[numel]) : null;
            OverlapKernels.gradient(x, t, layout, act, fm, ab, gf, gd, saved != null);
            return new Object[] {gf != null ? gf : gd};
        };
        return LossNode.attach(out, gradFn, null, null, chain, new LossNode.Upstream[] {LossNode.Upstream.elementwise(shape)}, input);
    }

    /** The product of the sizes after the first two (the positions per sample), 1 for a 2-d shape. */
    private static int positions(int[] shape) {
        int s = 1;
        for (int i = 2; i < shape.length; i++) s *= shape[i];
        return s;
    }

    /**
     * Class indices as MONAI's one_hot reads them, {@code labels.long()}: floats truncated toward zero; NaN, infinities
     * and values beyond the int64 range as PyTorch's cast gives them on x86 (the int64 minimum, out of bounds).
     */
    private static long[] labelsOf(Tensor target) {
        if (target.dtype() == DType.BOOL) {
            boolean[] b = target.toBooleanArray();
            long[] r = new long[b.length];
            for (int i = 0; i < b.length; i++) r[i] = b[i] ? 1 : 0;
            return r;
        }
        double[] v = target.toDoubleArray();
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            double d = v[i];
            r[i] = Double.isFinite(d) && Math.abs(d) < 0x1p63 ? (long) d : Long.MIN_VALUE;
        }
        return r;
    }

    /** Each loss value's upstream weight: the output's gradient per value ('none'), or its scalar times 1 / groups ('mean') or 1 ('sum'). */
    private static double[] weights(Tensor gradOutput, Reduction r, int groups) {
        if (r == Reduction.NONE) return gradOutput.toDoubleArray();
        double u = gradOutput.item();
        if (r == Reduction.MEAN) u /= groups;
        double[] w = new double[groups];
        Arrays.fill(w, u);
        return w;
    }
}
