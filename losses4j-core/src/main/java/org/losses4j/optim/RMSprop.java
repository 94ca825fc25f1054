package org.losses4j.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.losses4j.Tensor;

/**
 * {@code torch.optim.RMSprop(params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False,
 * maximize=False)}, PyTorch 2.x's single-tensor update, per element:
 * <pre>
 * g = maximize ? -grad : grad
 * if weight_decay != 0:  g = g + weight_decay * p
 * sq = alpha * sq + (1 - alpha) * g * g                  (square_avg.mul_(alpha).addcmul_(g, g, value=1 - alpha))
 * if centered:  ga = lerp(ga, g, 1 - alpha);  avg = sqrt(sq - ga * ga) + eps
 * else:         avg = sqrt(sq) + eps
 * if momentum > 0:  buf = momentum * buf + g / avg;  p = p - lr * buf
 * else:             p = p + (-lr * g) / avg
 * </pre>
 * PyTorch 1.13 averaged the centred gradient as {@code grad_avg.mul_(alpha).add_(g, alpha=1 - alpha)}; this
 * follows 2.x's lerp (OptimGoldenTest pins both). State: {@code step}, {@code square_avg}, {@code momentum_buffer}
 * (momentum > 0), {@code grad_avg} (centered).
 */
public final class RMSprop extends Optimizer {

    /**
     * {@code RMSprop(params, lr)}.
     *
     * @param params the parameters to optimise: floating leaf tensors, at least one
     * @param lr the learning rate, at least 0
     * @throws IllegalArgumentException for no parameters, a non-leaf or non-floating one, or a negative lr, with
     *         PyTorch's messages
     */
    public RMSprop(Iterable<Tensor> params, double lr) { this(params, builder().lr(lr)); }

    private RMSprop(Iterable<Tensor> params, Builder b) { super(params, b.defaults()); }

    /**
     * The options with PyTorch's defaults, to set by name and then {@code build(params)}.
     *
     * @return a new builder
     */
    public static Builder builder() { return new Builder(); }

    /** Options with PyTorch's defaults. */
    public static final class Builder {
        private double lr = 1e-2, alpha = 0.99, eps = 1e-8, weightDecay, momentum;
        private boolean centered, maximize;

        /**
         * Sets {@code lr}: the learning rate (default 1e-2).
         *
         * @param v the value
         * @return this builder
         */
        public Builder lr(double v) { lr = v; return this; }
        /**
         * Sets {@code alpha}: the smoothing constant (default 0.99).
         *
         * @param v the value
         * @return this builder
         */
        public Builder alpha(double v) { alpha = v; return this; }
        /**
         * Sets {@code eps}: added to the denominator (default 1e-8).
         *
         * @param v the value
         * @return this builder
         */
        public Builder eps(double v) { eps = v; return this; }
        /**
         * Sets {@code weight_decay}: the L2 penalty, {@code weight_decay} (default 0).
         *
         * @param v the value
         * @return this builder
         */
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        /**
         * Sets {@code momentum}: the momentum factor (default 0).
         *
         * @param v the value
         * @return this builder
         */
        public Builder momentum(double v) { momentum = v; return this; }
        /**
         * Sets {@code centered}: normalise by the estimated variance of the gradient (default false).
         *
         * @param v the value
         * @return this builder
         */
        public Builder centered(boolean v) { centered = v; return this; }
        /**
         * Sets {@code maximize}: maximise the objective instead of minimising it (default false).
         *
         * @param v the value
         * @return this builder
         */
        public Builder maximize(boolean v) { maximize = v; return this; }

        Map<String, Object> defaults() {
            checkNonNegative(lr, "learning rate");
            checkNonNegative(eps, "epsilon value");
            checkNonNegative(momentum, "momentum value");
            checkNonNegative(weightDecay, "weight_decay value");
            checkNonNegative(alpha, "alpha value");
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("lr", lr);
            d.put("momentum", momentum);
            d.put("alpha", alpha);
            d.put("eps", eps);
            d.put("centered", centered);
            d.put("weight_decay", weightDecay);
            d.put("maximize", maximize);
            return d;
        }

        /**
         * {@code torch.optim.RMSprop(params, **options)}.
         *
         * @param params the parameters to optimise: floating leaf tensors, at least one
         * @return the optimizer, with one parameter group
         * @throws IllegalArgumentException for an option out of range (PyTorch's "Invalid ... value: x") or a bad
         *         parameter
         */
        public RMSprop build(Iterable<Tensor> params) { return new RMSprop(params, this); }
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, Map<String, Tensor> state) {
        double lr = group.lr(), alpha = group.getDouble("alpha"), eps = group.getDouble("eps"), wd = group.getDouble("weight_decay");
        double momentum = group.getDouble("momentum");
        boolean centered = group.getBoolean("centered"), maximize = group.getBoolean("maximize");
        if (state.isEmpty()) {
            state.put("step", stepCounter());
            state.put("square_avg", zerosLike(param));
        }
        if (momentum > 0 && !state.containsKey("momentum_buffer")) state.put("momentum_buffer", zerosLike(param));
        if (centered && !state.containsKey("grad_avg")) state.put("grad_avg", zerosLike(param));
        increment(state.get("step"));
        boolean decay = wd != 0, useMomentum = momentum > 0;
        Flat p = Flat.of(param), g = Flat.of(grad), sq = Flat.of(state.get("square_avg"));
        Flat ga = centered ? Flat.of(state.get("grad_avg")) : null, buf = useMomentum ? Flat.of(state.get("momentum_buffer")) : null;
        if (p.isFloat()) {
            float[] pa = p.f(), gg = g.f(), sa = sq.f(), aa = ga == null ? null : ga.f(), ba = buf == null ? null : buf.f();
            float fWd = (float) wd, fAlpha = (float) alpha, oma = (float) (1 - alpha), fEps = (float) eps, fMom = (float) momentum;
            float negLr = (float) -lr;
            for (int i = 0; i < p.n; i++) {
                float gi = maximize ? -gg[g.offset + i] : gg[g.offset + i];
                if (decay) gi = Math.fma(pa[p.offset + i], fWd, gi);
                float si = Math.fma(oma * gi, gi, sa[sq.offset + i] * fAlpha);
                sa[sq.offset + i] = si;
                float avg;
                if (aa != null) {
                    float ai = Updates.lerp(aa[ga.offset + i], gi, oma);
                    aa[ga.offset + i] = ai;
                    avg = Updates.sqrt(Math.fma(-ai, ai, si)) + fEps; // square_avg.addcmul(ga, ga, value=-1).sqrt_().add_(eps)
                } else {
                    avg = Updates.sqrt(si) + fEps;
                }
                if (ba != null) {
                    float bi = ba[buf.offset + i] * fMom + gi / avg; // buf.mul_(momentum).addcdiv_(g, avg)
                    ba[buf.offset + i] = bi;
                    pa[p.offset + i] = Math.fma(bi, negLr, pa[p.offset + i]);
                } else {
                    pa[p.offset + i] = pa[p.offset + i] + negLr * gi / avg;
                }
            }
        } else {
            double[] pa = p.d(), gg = g.d(), sa = sq.d(), aa = ga == null ? null : ga.d(), ba = buf == null ? null : buf.d();
            double oma = 1 - alpha, negLr = -lr;
            for (int i = 0; i < p.n; i++) {
                double gi = maximize ? -gg[g.offset + i] : gg[g.offset + i];
                if (decay) gi = Math.fma(pa[p.offset + i], wd, gi);
                double si = Math.fma(oma * gi, gi, sa[sq.offset + i] * alpha);
                sa[sq.offset + i] = si;
                double avg;
                if (aa != null) {
                    double ai = Updates.lerp(aa[ga.offset + i], gi, oma);
                    aa[ga.offset + i] = ai;
                    avg = Math.sqrt(Math.fma(-ai, ai, si)) + eps;
                } else {
                    avg = Math.sqrt(si) + eps;
                }
                if (ba != null) {
                    double bi = ba[buf.offset + i] * momentum + gi / avg;
                    ba[buf.offset + i] = bi;
                    pa[p.offset + i] = Math.fma(bi, negLr, pa[p.offset + i]);
                } else {
                    pa[p.offset + i] = pa[p.offset + i] + negLr * gi / avg;
                }
            }
        }
        p.writeBack();
        sq.writeBack();
        if (ga != null) ga.writeBack();
        if (buf != null) buf.writeBack();
    }
}
