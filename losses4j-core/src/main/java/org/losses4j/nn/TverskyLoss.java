package org.losses4j.nn;

import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.OverlapKernels;

/**
 * The Tversky loss of a segmentation, MONAI's {@code monai.losses.TverskyLoss} (Salehi et al., Tversky loss function
 * for image segmentation using 3D fully convolutional deep networks, MLMI 2017), as MONAI 1.4 defines it: for an
 * input (N, C, d1, ..., dK) of per-class scores and a target of the same shape (or class indices (N, 1, d1, ..., dK)
 * with {@code to_onehot_y}),
 * <pre>
 *   p = input, sigmoid(input) or softmax(input, 1);   g = target, or one_hot(target, C)
 *   drop channel 0 of p and g unless include_background (only when C &gt; 1)
 *   TP = sum p g,   FP = sum p (1 - g),   FN = sum (1 - p) g      over d1..dK (and over N with batch)
 *   f = 1 - (TP + smooth_nr) / (TP + alpha FP + beta FN + smooth_dr)
 * </pre>
 * one value per (sample, kept channel), or per kept channel with {@code batch}; reduced by mean (default), sum or
 * none, which gives (N, C') or (C',) with batch (C' = C - 1 without the background). alpha = beta = 0.5 is the Dice
 * loss; alpha = beta = 1 the Jaccard (soft IoU) loss. A 2-d input (N, C) without batch gives one value (MONAI's sum
 * over no dimension sums all).
 *
 * <p>The input is differentiable, through the activation; the target is not. MONAI's warnings for a single-channel
 * prediction are raised through {@link org.losses4j.Warnings} with MONAI's texts; {@code other_act} (a Python
 * callable) is not offered. Errors, with MONAI's wording: sigmoid and softmax together ({@code Incompatible values:
 * more than 1 of [sigmoid=True, softmax=True, other_act is not None].}), a target whose shape after one-hot and
 * background removal is not the input's ({@code ground truth has differing shape (...) from input (...)},
 * TverskyLoss's word), class indices whose dimension 1 is not 1 or out of [0, C), a bool target (PyTorch refuses
 * {@code 1 - target} on bool).
 *
 * <pre>{@code
 * TverskyLoss loss = TverskyLoss.builder().sigmoid(true).alpha(0.3).beta(0.7).build();
 * Tensor logits = Tensor.randn(2, 1, 16, 16).requiresGrad_(true);
 * Tensor mask = Tensor.rand(2, 1, 16, 16).gt(Tensor.scalar(0.5)).to(DType.FLOAT32);
 * Tensor output = loss.forward(logits, mask);
 * output.backward();
 * }</pre>
 */
public final class TverskyLoss implements Loss {
    /** What this loss is: arguments, keywords with MONAI's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.external("TverskyLoss", "tversky_loss", "monai.losses.TverskyLoss", TverskyLoss::fromOptions)
            .arg("input", "(N, C, d1, ..., dK) scores (probabilities, or logits with sigmoid / softmax), float32 or float64")
            .constant("target", "same shape as input, or class indices (N, 1, d1, ..., dK) with to_onehot_y")
            .option("include_background", LossSpec.Type.BOOL, "True", "if False, channel 0 (the background) is left out of the sums")
            .option("to_onehot_y", LossSpec.Type.BOOL, "False", "the target holds class indices (N, 1, ...), turned into C one-hot channels")
            .option("sigmoid", LossSpec.Type.BOOL, "False", "apply a sigmoid to the input")
            .option("softmax", LossSpec.Type.BOOL, "False", "apply a softmax over the channels to the input")
            .option("alpha", LossSpec.Type.FLOAT, "0.5", "weight of the false positives")
            .option("beta", LossSpec.Type.FLOAT, "0.5", "weight of the false negatives")
            .reduction()
            .option("smooth_nr", LossSpec.Type.FLOAT, "1e-05", "added to the numerator")
            .option("smooth_dr", LossSpec.Type.FLOAT, "1e-05", "added to the denominator")
            .option("batch", LossSpec.Type.BOOL, "False", "sum over the batch too: one value per channel")
            .gradFn("MeanBackward0", "SumBackward0", "RsubBackward1")
            .output("scalar; with reduction='none' (N, C') per sample and kept channel, or (C',) with batch")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final SegmentationSupport.Options options;
    private final double alpha;
    private final double beta;
    private final double smoothNr;
    private final double smoothDr;

    /** MONAI's defaults: include_background, no one-hot, no activation, alpha = beta = 0.5, mean, smooth_nr = smooth_dr = 1e-5. */
    public TverskyLoss() { this(builder()); }

    /**
     * With a reduction and the other defaults.
     *
     * @param reduction none, mean or sum
     */
    public TverskyLoss(Reduction reduction) { this(builder().reduction(reduction)); }

    private TverskyLoss(Builder b) {
        this.options = new SegmentationSupport.Options(b.includeBackground, b.toOnehotY, b.sigmoid, b.softmax, b.batch, b.reduction);
        this.alpha = b.alpha;
        this.beta = b.beta;
        this.smoothNr = b.smoothNr;
        this.smoothDr = b.smoothDr;
    }

    /**
     * A builder with MONAI's defaults.
     *
     * @return a new builder
     */
    public static Builder builder() { return new Builder(); }

    /** TverskyLoss's options by name (MONAI's keywords in Java case); {@link #build()} checks them. */
    public static final class Builder {
        private boolean includeBackground = true;
        private boolean toOnehotY;
        private boolean sigmoid;
        private boolean softmax;
        private double alpha = 0.5;
        private double beta = 0.5;
        private Reduction reduction = Reduction.MEAN;
        private double smoothNr = 1e-5;
        private double smoothDr = 1e-5;
        private boolean batch;

        private Builder() {}

        /**
         * Sets includeBackground: if false, channel 0 (the background) is left out of the sums (include_background, default true).
         *
         * @param v the value
         * @return this builder
         */
        public Builder includeBackground(boolean v) { includeBackground = v; return this; }

        /**
         * Sets toOnehotY: the target holds class indices (N, 1, ...) to turn into one-hot channels (to_onehot_y, default false).
         *
         * @param v the value
         * @return this builder
         */
        public Builder toOnehotY(boolean v) { toOnehotY = v; return this; }

        /**
         * Sets sigmoid: apply a sigmoid to the input (default false).
         *
         * @param v the value
         * @return this builder
         */
        public Builder sigmoid(boolean v) { sigmoid = v; return this; }

        /**
         * Sets softmax: apply a softmax over the channels to the input (default false).
         *
         * @param v the value
         * @return this builder
         */
        public Builder softmax(boolean v) { softmax = v; return this; }

        /**
         * Sets alpha: weight of the false positives (default 0.5).
         *
         * @param v the value
         * @return this builder
         */
        public Builder alpha(double v) { alpha = v; return this; }

        /**
         * Sets beta: weight of the false negatives (default 0.5).
         *
         * @param v the value
         * @return this builder
         */
        public Builder beta(double v) { beta = v; return this; }

        /**
         * Sets reduction: none, mean (default) or sum.
         *
         * @param v the value
         * @return this builder
         */
        public Builder reduction(Reduction v) { reduction = v; return this; }

        /**
         * Sets smoothNr: added to the numerator (smooth_nr, default 1e-5).
         *
         * @param v the value
         * @return this builder
         */
        public Builder smoothNr(double v) { smoothNr = v; return this; }

        /**
         * Sets smoothDr: added to the denominator (smooth_dr, default 1e-5).
         *
         * @param v the value
         * @return this builder
         */
        public Builder smoothDr(double v) { smoothDr = v; return this; }

        /**
         * Sets batch: sum over the batch too, one value per channel (default false).
         *
         * @param v the value
         * @return this builder
         */
        public Builder batch(boolean v) { batch = v; return this; }

        /**
         * The loss.
         *
         * @return the loss with these options
         * @throws IllegalArgumentException for sigmoid and softmax together, or a null or batchmean reduction
         */
        public TverskyLoss build() { return new TverskyLoss(this); }
    }

    /**
     * From MONAI's keywords: include_background, to_onehot_y, sigmoid, softmax, alpha, beta, reduction, smooth_nr,
     * smooth_dr, batch.
     *
     * @param o the keywords
     * @return the loss
     */
    public static TverskyLoss fromOptions(LossOptions o) {
        return builder().includeBackground(o.getBool("include_background", true)).toOnehotY(o.getBool("to_onehot_y", false))
                .sigmoid(o.getBool("sigmoid", false)).softmax(o.getBool("softmax", false)).alpha(o.getDouble("alpha", 0.5))
                .beta(o.getDouble("beta", 0.5)).reduction(SegmentationSupport.reduction(o.getString("reduction", "mean")))
                .smoothNr(o.getDouble("smooth_nr", 1e-5)).smoothDr(o.getDouble("smooth_dr", 1e-5)).batch(o.getBool("batch", false)).build();
    }

    /** @return include_background */
    public boolean includeBackground() { return options.includeBackground(); }

    /** @return to_onehot_y */
    public boolean toOnehotY() { return options.toOnehotY(); }

    /** @return sigmoid */
    public boolean sigmoid() { return options.sigmoid(); }

    /** @return softmax */
    public boolean softmax() { return options.softmax(); }

    /** @return alpha, the weight of the false positives */
    public double alpha() { return alpha; }

    /** @return beta, the weight of the false negatives */
    public double beta() { return beta; }

    /** @return the reduction */
    public Reduction reduction() { return options.reduction(); }

    /** @return smooth_nr */
    public double smoothNr() { return smoothNr; }

    /** @return smooth_dr */
    public double smoothDr() { return smoothDr; }

    /** @return batch */
    public boolean batch() { return options.batch(); }

    /**
     * The loss of input and target with this loss's options.
     *
     * @param input  (N, C, d1, ..., dK) scores, float32 or float64
     * @param target the same shape, or class indices (N, 1, d1, ..., dK) with to_onehot_y
     * @return the loss: a scalar, or (N, C') / (C',) with reduction none
     */
    public Tensor forward(Tensor input, Tensor target) {
        return SegmentationSupport.forward("TverskyLoss", "differing", input, target, options,
                OverlapKernels.Formula.tversky(alpha, beta, smoothNr, smoothDr));
    }

    /**
     * {@code TverskyLoss()(input, target)}: MONAI's defaults.
     *
     * @param input  (N, C, d1, ..., dK) probabilities, float32 or float64
     * @param target the same shape
     * @return the mean Tversky loss
     */
    public static Tensor tverskyLoss(Tensor input, Tensor target) { return new TverskyLoss().forward(input, target); }

    /**
     * {@code TverskyLoss(include_background, to_onehot_y, sigmoid, softmax, alpha=..., beta=..., reduction=...,
     * smooth_nr=..., smooth_dr=..., batch=...)(input, target)}, in MONAI's keyword order.
     *
     * @param input             (N, C, d1, ..., dK) scores, float32 or float64
     * @param target            the same shape, or class indices (N, 1, d1, ..., dK) with toOnehotY
     * @param includeBackground if false, channel 0 is left out of the sums (when C &gt; 1)
     * @param toOnehotY         the target holds class indices
     * @param sigmoid           apply a sigmoid to the input
     * @param softmax           apply a softmax over the channels to the input
     * @param alpha             weight of the false positives
     * @param beta              weight of the false negatives
     * @param reduction         none, mean or sum
     * @param smoothNr          added to the numerator
     * @param smoothDr          added to the denominator
     * @param batch             sum over the batch too
     * @return the loss
     * @throws IllegalArgumentException for sigmoid and softmax together, mismatched shapes, or bad class indices
     */
    public static Tensor tverskyLoss(Tensor input, Tensor target, boolean includeBackground, boolean toOnehotY, boolean sigmoid, boolean softmax,
                                     double alpha, double beta, Reduction reduction, double smoothNr, double smoothDr, boolean batch) {
        return builder().includeBackground(includeBackground).toOnehotY(toOnehotY).sigmoid(sigmoid).softmax(softmax).alpha(alpha).beta(beta)
                .reduction(reduction).smoothNr(smoothNr).smoothDr(smoothDr).batch(batch).build().forward(input, target);
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
