package org.losses4j.optim;

import org.losses4j.Tensor;

/**
 * {@code torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False,
 * maximize=False)}, PyTorch 2.x's single-tensor update, per element, at step t:
 * <pre>
 * g = maximize ? -grad : grad
 * if weight_decay != 0:  g = g + weight_decay * p              (Adam; AdamW instead scales p by 1 - lr * weight_decay first)
 * m = lerp(m, g, 1 - beta1)                                    (exp_avg.lerp_(g, 1 - beta1))
 * v = beta2 * v + (1 - beta2) * g * g                          (exp_avg_sq.mul_(beta2).addcmul_(g, g, value=1 - beta2))
 * vmax = max(vmax, v)  (amsgrad)
 * denom = sqrt(amsgrad ? vmax : v) / sqrt(1 - beta2^t) + eps
 * p = p + (-lr / (1 - beta1^t)) * m / denom                    (p.addcdiv_(m, denom, value=-step_size))
 * </pre>
 * PyTorch 1.13 computed the first moment as {@code exp_avg.mul_(beta1).add_(g, alpha=1 - beta1)}, which differs
 * from 2.x's lerp in the last bit for about a quarter of the elements after the first step; this follows 2.x
 * (OptimGoldenTest pins both). State: {@code step} (a float32 count), {@code exp_avg}, {@code exp_avg_sq},
 * {@code max_exp_avg_sq} (amsgrad).
 */
public final class Adam extends AdamFamily {

    /**
     * {@code Adam(params, lr)}.
     *
     * @param params the parameters to optimise: floating leaf tensors, at least one
     * @param lr the learning rate, at least 0
     * @throws IllegalArgumentException for no parameters, a non-leaf or non-floating one, or a negative lr, with
     *         PyTorch's messages
     */
    public Adam(Iterable<Tensor> params, double lr) { this(params, builder().lr(lr)); }

    private Adam(Iterable<Tensor> params, Builder b) { super(params, b.defaults(), false); }

    /**
     * The options with PyTorch's defaults, to set by name and then {@code build(params)}.
     *
     * @return a new builder
     */
    public static Builder builder() { return new Builder(); }

    /** Adam's options with PyTorch's defaults (weight_decay 0). */
    public static final class Builder extends AdamFamily.Options<Builder> {
        Builder() { super(0); }

        /**
         * {@code torch.optim.Adam(params, **options)}.
         *
         * @param params the parameters to optimise: floating leaf tensors, at least one
         * @return the optimizer, with one parameter group
         * @throws IllegalArgumentException for an option out of range (PyTorch's "Invalid ... value: x") or a bad
         *         parameter
         */
        public Adam build(Iterable<Tensor> params) { return new Adam(params, this); }
    }
}
