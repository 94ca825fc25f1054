package org.losses4j.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.losses4j.Tensor;

/**
 * {@code torch.optim.Adagrad(params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10,
 * maximize=False)}, PyTorch's single-tensor update, per element at step t:
 * <pre>
 * g = maximize ? -grad : grad
 * if weight_decay != 0:  g = g + weight_decay * p
 * clr = lr / (1 + (t - 1) * lr_decay)
 * sum = sum + g * g                                (state_sum.addcmul_(g, g, value=1))
 * p = p + (-clr * g) / (sqrt(sum) + eps)           (p.addcdiv_(g, state_sum.sqrt().add_(eps), value=-clr))
 * </pre>
 * State: {@code step}, {@code sum} (starting at initial_accumulator_value; created with the optimizer, as PyTorch).
 */
public final class Adagrad extends Optimizer {

    /**
     * {@code Adagrad(params, lr)}.
     *
     * @param params the parameters to optimise: floating leaf tensors, at least one
     * @param lr the learning rate, at least 0
     * @throws IllegalArgumentException for no parameters, a non-leaf or non-floating one, or a negative lr, with
     *         PyTorch's messages
     */
    public Adagrad(Iterable<Tensor> params, double lr) { this(params, builder().lr(lr)); }

    private Adagrad(Iterable<Tensor> params, Builder b) { super(params, b.defaults()); }

    /**
     * The options with PyTorch's defaults, to set by name and then {@code build(params)}.
     *
     * @return a new builder
     */
    public static Builder builder() { return new Builder(); }

    /** Options with PyTorch's defaults. */
    public static final class Builder {
        private double lr = 1e-2, lrDecay, weightDecay, initialAccumulatorValue, eps = 1e-10;
        private boolean maximize;

        /**
         * Sets {@code lr}: the learning rate (default 1e-2).
         *
         * @param v the value
         * @return this builder
         */
        public Builder lr(double v) { lr = v; return this; }
        /**
         * Sets {@code lr_decay}: the learning rate decay, {@code lr_decay} (default 0).
         *
         * @param v the value
         * @return this builder
         */
        public Builder lrDecay(double v) { lrDecay = v; return this; }
        /**
         * Sets {@code weight_decay}: the L2 penalty, {@code weight_decay} (default 0).
         *
         * @param v the value
         * @return this builder
         */
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        /**
         * Sets {@code initial_accumulator_value}: the starting value of the sum of squares,
         * {@code initial_accumulator_value} (default 0).
         *
         * @param v the value
         * @return this builder
         */
        public Builder initialAccumulatorValue(double v) { initialAccumulatorValue = v; return this; }
        /**
         * Sets {@code eps}: added to the denominator (default 1e-10).
         *
         * @param v the value
         * @return this builder
         */
        public Builder eps(double v) { eps = v; return this; }
        /**
         * Sets {@code maximize}: maximise the objective instead of minimising it (default false).
         *
         * @param v the value
         * @return this builder
         */
        public Builder maximize(boolean v) { maximize = v; return this; }

        Map<String, Object> defaults() {
            checkNonNegative(lr, "learning rate");
            checkNonNegative(lrDecay, "lr_decay value");
            checkNonNegative(weightDecay, "weight_decay value");
            checkNonNegative(initialAccumulatorValue, "initial_accumulator_value value");
            checkNonNegative(eps, "epsilon value");
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("lr", lr);
            d.put("lr_decay", lrDecay);
            d.put("eps", eps);
            d.put("weight_decay", weightDecay);
            d.put("initial_accumulator_value", initialAccumulatorValue);
            d.put("maximize", maximize);
            return d;
        }

        /**
         * {@code torch.optim.Adagrad(params, **options)}.
         *
         * @param params the parameters to optimise: floating leaf tensors, at least one
         * @return the optimizer, with one parameter group
         * @throws IllegalArgumentException for an option out of range (PyTorch's "Invalid ... value: x") or a bad
         *         parameter
         */
        public Adagrad build(Iterable<Tensor> params) { return new Adagrad(params, this); }
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, Map<String, Tensor> state) {
        double lr = group.lr(), lrDecay = group.getDouble("lr_decay"), wd = group.getDouble("weight_decay"), eps = group.getDouble("eps");
        boolean maximize = group.getBoolean("maximize");
        if (state.isEmpty()) {
            state.put("step", stepCounter());
            state.put("sum", Tensor.full(param.dtype(), group.getDouble("initial_accumulator_value"), param.shape()));
        }
        double step = increment(state.get("step"));
        double clr = lr / (1 + (step - 1) * lrDecay);
        boolean decay = wd != 0;
        Flat p = Flat.of(param), g = Flat.of(grad), s = Flat.of(state.get("sum"));
        if (p.isFloat()) {
            float[] pa = p.f(), gg = g.f(), sa = s.f();
            float fWd = (float) wd, fEps = (float) eps, negClr = (float) -clr;
            for (int i = 0; i < p.n; i++) {
                float gi = maximize ? -gg[g.offset + i] : gg[g.offset + i];
                if (decay) gi = Math.fma(pa[p.offset + i], fWd, gi);
                float si = Math.fma(gi, gi, sa[s.offset + i]);
                sa[s.offset + i] = si;
                float std = Updates.sqrt(si) + fEps;
                pa[p.offset + i] = pa[p.offset + i] + negClr * gi / std;
            }
        } else {
            double[] pa = p.d(), gg = g.d(), sa = s.d();
            double negClr = -clr;
            for (int i = 0; i < p.n; i++) {
                double gi = maximize ? -gg[g.offset + i] : gg[g.offset + i];
                if (decay) gi = Math.fma(pa[p.offset + i], wd, gi);
                double si = Math.fma(gi, gi, sa[s.offset + i]);
                sa[s.offset + i] = si;
                double std = Math.sqrt(si) + eps;
                pa[p.offset + i] = pa[p.offset + i] + negClr * gi / std;
            }
        }
        p.writeBack();
        s.writeBack();
    }
}
