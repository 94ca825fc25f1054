package org.losses4j.optim;

import org.losses4j.Tensor;

/**
 * {@code torch.optim.AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False,
 * maximize=False)}: {@link Adam} with decoupled weight decay, p = p * (1 - lr * weight_decay) before the Adam
 * update (instead of adding weight_decay * p to the gradient).
 */
public final class AdamW extends AdamFamily {

    /** {@code AdamW(params, lr)}. */
    public AdamW(Iterable<Tensor> params, double lr) { this(params, builder().lr(lr)); }

    private AdamW(Iterable<Tensor> params, Builder b) { super(params, b.defaults(), true); }

    public static Builder builder() { return new Builder(); }

    /** AdamW's options with PyTorch's defaults (weight_decay 1e-2). */
    public static final class Builder extends AdamFamily.Options<Builder> {
        Builder() { super(1e-2); }

        public AdamW build(Iterable<Tensor> params) { return new AdamW(params, this); }
    }
}
