package org.losses4j.nn;

import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.kernels.OverlapKernels;

/**
 * The Dice loss of a segmentation, MONAI's {@code monai.losses.DiceLoss} (Milletari et al., V-Net, 3DV 2016), as
 * MONAI 1.4 defines it: for an input (N, C, d1, ..., dK) of per-class scores and a target of the same shape (or class
 * indices (N, 1, d1, ..., dK) with {@code to_onehot_y}),
 * <pre>
 *   p = input, sigmoid(input) or softmax(input, 1);   g = target, or one_hot(target, C)
 *   drop channel 0 of p and g unless include_background (only when C &gt; 1)
 *   I = sum p g,   G = sum g,   P = sum p          over d1..dK (and over N with batch); G, P of g^2, p^2 with squared_pred
 *   f = 1 - (2 I + smooth_nr) / (G + P + smooth_dr);   jaccard: the denominator is 2 (G + P - I) + smooth_dr
 * </pre>
 * one value per (sample, kept channel), or per kept channel with {@code batch}; reduced by mean (default), sum or
 * none, which gives (N, C') or (C',) with batch (C' = C - 1 without the background). (MONAI 1.4's DiceLoss views
 * the 'none' result as (N, C', 1, ..., 1) to broadcast against the input; here it is (N, C') as its TverskyLoss gives
 * it.) A 2-d input (N, C) without batch has no spatial dimension to sum: MONAI's sum over none of them sums over all,
 * so the loss is one value.
 *
 * <p>The input is differentiable, through the activation; the target is not. MONAI's warnings for a single-channel
 * prediction ({@code softmax=True}, {@code to_onehot_y=True} and {@code include_background=False} are then ignored)
 * are raised through {@link org.losses4j.Warnings} with MONAI's texts, once the checks passed. MONAI's
 * {@code other_act} (a Python callable) is not offered: apply the activation to the input before the loss; its
 * {@code weight} (per-class weights, added in MONAI 1.3) is not offered either.
 *
 * <p>Errors, with MONAI's wording: sigmoid and softmax together ({@code Incompatible values: more than 1 of
 * [sigmoid=True, softmax=True, other_act is not None].}), a target whose shape (after one-hot and the background
 * dropped) is not the input's ({@code ground truth has different shape (torch.Size([2, 3, 4])) from input
 * (torch.Size([2, 2, 4]))}), class indices whose dimension 1 is not 1 ({@code labels should have a channel with
 * length equal to one.}) or out of [0, C) ({@code index 5 is out of bounds for dimension 1 with size 3}).
 *
 * <pre>{@code
 * DiceLoss loss = DiceLoss.builder().softmax(true).toOnehotY(true).build();
 * Tensor logits = Tensor.randn(2, 3, 16, 16).requiresGrad_(true);
 * Tensor labels = Tensor.randint(0, 3, 2, 1, 16, 16);
 * Tensor output = loss.forward(logits, labels);     // tensor(0.6..., grad_fn=<MeanBackward0>)
 * output.backward();
 * }</pre>
 */
public final class DiceLoss implements Loss {
    /** What this loss is: arguments, keywords with MONAI's defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.external("DiceLoss", "dice_loss", "monai.losses.DiceLoss", DiceLoss::fromOptions)
            .arg("input", "(N, C, d1, ..., dK) scores (probabilities, or logits with sigmoid / softmax), float32 or float64")
            .constant("target", "same shape as input, or class indices (N, 1, d1, ..., dK) with to_onehot_y")
            .option("include_background", LossSpec.Type.BOOL, "True", "if False, channel 0 (the background) is left out of the sums")
            .option("to_onehot_y", LossSpec.Type.BOOL, "False", "the target holds class indices (N, 1, ...), turned into C one-hot channels")
            .option("sigmoid", LossSpec.Type.BOOL, "False", "apply a sigmoid to the input")
            .option("softmax", LossSpec.Type.BOOL, "False", "apply a softmax over the channels to the input")
            .option("squared_pred", LossSpec.Type.BOOL, "False", "sum the squares of target and prediction in the denominator")
            .option("jaccard", LossSpec.Type.BOOL, "False", "the Jaccard index (soft IoU) instead of Dice")
            .reduction()
            .option("smooth_nr", LossSpec.Type.FLOAT, "1e-05", "added to the numerator")
            .option("smooth_dr", LossSpec.Type.FLOAT, "1e-05", "added to the denominator")
            .option("batch", LossSpec.Type.BOOL, "False", "sum over the batch too: one value per channel")
            .gradFn("MeanBackward0", "SumBackward0", "RsubBackward1")
            .output("scalar; with reduction='none' (N, C') per sample and kept channel, or (C',) with batch")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    private final SegmentationSupport.Options options;
    private final boolean squaredPred;
    private final boolean jaccard;
    private final double smoothNr;
    private final double smoothDr;

    /** MONAI's defaults: include_background, no one-hot, no activation, mean, smooth_nr = smooth_dr = 1e-5. */
    public DiceLoss() { this(builder()); }

    /**
     * With a reduction and the other defaults.
     *
     * @param reduction none, mean or sum
     */
    public DiceLoss(Reduction reduction) { this(builder().reduction(reduction)); }

    private DiceLoss(Builder b) {
        this.options = new SegmentationSupport.Options(b.includeBackground, b.toOnehotY, b.sigmoid, b.softmax, b.batch, b.reduction);
        this.squaredPred = b.squaredPred;
        this.jaccard = b.jaccard;
        this.smoothNr = b.smoothNr;
        this.smoothDr = b.smoothDr;
    }

    /**
     * A builder with MONAI's defaults.
     *
     * @return a new builder
     */
    public static Builder builder() { return new Builder(); }

    /** DiceLoss's options by name (MONAI's keywords in Java case); {@link #build()} checks them. */
    public static final class Builder {
        private boolean includeBackground = true;
        private boolean toOnehotY;
        private boolean sigmoid;
        private boolean softmax;
        private boolean squaredPred;
        private boolean jaccard;
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
         * Sets squaredPred: sum the squares of target and prediction in the denominator (squared_pred, default false).
         *
         * @param v the value
         * @return this builder
         */
        public Builder squaredPred(boolean v) { squaredPred = v; return this; }

        /**
         * Sets jaccard: the Jaccard index (soft IoU) instead of Dice (default false).
         *
         * @param v the value
         * @return this builder
         */
        public Builder jaccard(boolean v) { jaccard = v; return this; }

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
        public DiceLoss build() { return new DiceLoss(this); }
    }

    /**
     * From MONAI's keywords: include_background, to_onehot_y, sigmoid, softmax, squared_pred, jaccard, reduction,
     * smooth_nr, smooth_dr, batch.
     *
     * @param o the keywords
     * @return the loss
     */
    public static DiceLoss fromOptions(LossOptions o) {
        return builder().includeBackground(o.getBool("include_background", true)).toOnehotY(o.getBool("to_onehot_y", false))
                .sigmoid(o.getBool("sigmoid", false)).softmax(o.getBool("softmax", false)).squaredPred(o.getBool("squared_pred", false))
                .jaccard(o.getBool("jaccard", false)).reduction(SegmentationSupport.reduction(o.getString("reduction", "mean")))
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

    /** @return squared_pred */
    public boolean squaredPred() { return squaredPred; }

    /** @return jaccard */
    public boolean jaccard() { return jaccard; }

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
        return SegmentationSupport.forward("DiceLoss", "different", input, target, options, formula(squaredPred, jaccard, smoothNr, smoothDr));
    }

    /**
     * {@code DiceLoss()(input, target)}: MONAI's defaults.
     *
     * @param input  (N, C, d1, ..., dK) probabilities, float32 or float64
     * @param target the same shape
     * @return the mean Dice loss
     */
    public static Tensor diceLoss(Tensor input, Tensor target) { return new DiceLoss().forward(input, target); }

    /**
     * {@code DiceLoss(include_background, to_onehot_y, sigmoid, softmax, squared_pred=..., jaccard=..., reduction=...,
     * smooth_nr=..., smooth_dr=..., batch=...)(input, target)}, in MONAI's keyword order.
     *
     * @param input             (N, C, d1, ..., dK) scores, float32 or float64
     * @param target            the same shape, or class indices (N, 1, d1, ..., dK) with toOnehotY
     * @param includeBackground if false, channel 0 is left out of the sums (when C &gt; 1)
     * @param toOnehotY         the target holds class indices
     * @param sigmoid           apply a sigmoid to the input
     * @param softmax           apply a softmax over the channels to the input
     * @param squaredPred       sum squares in the denominator
     * @param jaccard           the Jaccard index instead of Dice
     * @param reduction         none, mean or sum
     * @param smoothNr          added to the numerator
     * @param smoothDr          added to the denominator
     * @param batch             sum over the batch too
     * @return the loss
     * @throws IllegalArgumentException for sigmoid and softmax together, mismatched shapes, or bad class indices
     */
    public static Tensor diceLoss(Tensor input, Tensor target, boolean includeBackground, boolean toOnehotY, boolean sigmoid, boolean softmax,
                                  boolean squaredPred, boolean jaccard, Reduction reduction, double smoothNr, double smoothDr, boolean batch) {
        return builder().includeBackground(includeBackground).toOnehotY(toOnehotY).sigmoid(sigmoid).softmax(softmax).squaredPred(squaredPred)
                .jaccard(jaccard).reduction(reduction).smoothNr(smoothNr).smoothDr(smoothDr).batch(batch).build().forward(input, target);
    }

    private static OverlapKernels.Formula formula(boolean squaredPred, boolean jaccard, double smoothNr, double smoothDr) {
        return OverlapKernels.Formula.dice(squaredPred, jaccard, smoothNr, smoothDr);
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
