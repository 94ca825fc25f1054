package org.losses4j.optim;

import org.losses4j.Tensor;

/**
 * {@code torch.optim.AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False,
 * maximize=False)}: {@link Adam} with decoupled weight decay, p = p * (1 - lr * weight_decay) before the Adam
 * update (instead of adding weight_decay * p to the gradient).
 */
public final class AdamW extends AdamFamily {

    /**
     * {@code AdamW(params, lr)}.
     *
     * @param params the parameters to optimise: floating leaf tensors, at least one
     * @param lr the learning rate, at least 0
     * @throws IllegalArgumentException for no parameters, a non-leaf or non-floating one, or a negative lr, with
     *         PyTorch's messages
     */
    public AdamW(Iterable<Tensor> params, double lr) { this(params, builder().lr(lr)); }

    private AdamW(Iterable<Tensor> params, Builder b) { super(params, b.defaults(), true); }

    /**
     * The options with PyTorch's defaults, to set by name and then {@code build(params)}.
     *
     * @return a new builder
     */
    public static Builder builder() { return new Builder(); }

    /** AdamW's options with PyTorch's defaults (weight_decay 1e-2). */
    public static final class Builder extends AdamFamily.Options<Builder> {
        Builder() { super(1e-2); }

        /**
         * {@code torch.optim.AdamW(params, **options)}.
         *
         * @param params the parameters to optimise: floating leaf tensors, at least one
         * @return the optimizer, with one parameter group
         * @throws IllegalArgumentException for an option out of range (PyTorch's "Invalid ... value: x") or a bad
         *         parameter
         */
        public AdamW build(Iterable<Tensor> params) { return new AdamW(params, this); }
    }
}
