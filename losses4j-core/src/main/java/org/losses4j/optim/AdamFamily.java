package org.losses4j.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.losses4j.Tensor;

/** What {@link Adam} and {@link AdamW} share: the options, the state and the update (see {@link Adam} for the formula). */
abstract class AdamFamily extends Optimizer {
    private final boolean decoupled;

    AdamFamily(Iterable<Tensor> params, Map<String, Object> defaults, boolean decoupledWeightDecay) {
        super(params, defaults);
        this.decoupled = decoupledWeightDecay;
    }

    /** The options Adam and AdamW share (they differ in the default weight decay and in how it applies). */
    abstract static class Options<B extends Options<B>> {
        double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay;
        boolean amsgrad, maximize;

        Options(double weightDecay) { this.weightDecay = weightDecay; }

        @SuppressWarnings("unchecked")
        private B self() { return (B) this; }

        /**
         * Sets {@code lr}: the learning rate (default 1e-3).
         *
         * @param v the value, at least 0
         * @return this builder
         */
        public B lr(double v) { lr = v; return self(); }
        /**
         * Sets {@code betas}: the decay rates of the first and second moment estimates (default (0.9, 0.999)).
         *
         * @param b1 beta1, in [0, 1)
         * @param b2 beta2, in [0, 1)
         * @return this builder
         */
        public B betas(double b1, double b2) { beta1 = b1; beta2 = b2; return self(); }
        /**
         * Sets {@code eps}: added to the denominator (default 1e-8).
         *
         * @param v the value, at least 0
         * @return this builder
         */
        public B eps(double v) { eps = v; return self(); }
        /**
         * Sets {@code weight_decay} (default 0 for Adam, 1e-2 for AdamW).
         *
         * @param v the value, at least 0
         * @return this builder
         */
        public B weightDecay(double v) { weightDecay = v; return self(); }
        /**
         * Sets {@code amsgrad}: use the maximum of past second moments (default false).
         *
         * @param v the value
         * @return this builder
         */
        public B amsgrad(boolean v) { amsgrad = v; return self(); }
        /**
         * Sets {@code maximize}: maximise the objective instead of minimising it (default false).
         *
         * @param v the value
         * @return this builder
         */
        public B maximize(boolean v) { maximize = v; return self(); }

        Map<String, Object> defaults() {
            checkNonNegative(lr, "learning rate");
            checkNonNegative(eps, "epsilon value");
            if (!(0.0 <= beta1 && beta1 < 1.0)) throw new IllegalArgumentException("Invalid beta parameter at index 0: " + PyFloat.repr(beta1));
            if (!(0.0 <= beta2 && beta2 < 1.0)) throw new IllegalArgumentException("Invalid beta parameter at index 1: " + PyFloat.repr(beta2));
            checkNonNegative(weightDecay, "weight_decay value");
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("lr", lr);
            d.put("betas", new double[] {beta1, beta2});
            d.put("eps", eps);
            d.put("weight_decay", weightDecay);
            d.put("amsgrad", amsgrad);
            d.put("maximize", maximize);
            return d;
        }
    }

    @Override
    protected final void update(ParamGroup group, Tensor param, Tensor grad, Map<String, Tensor> state) {
        double lr = group.lr(), eps = group.getDouble("eps"), wd = group.getDouble("weight_decay");
        double[] betas = (double[]) group.get("betas");
        double beta1 = betas[0], beta2 = betas[1];
        boolean amsgrad = group.getBoolean("amsgrad"), maximize = group.getBoolean("maximize");
        if (state.isEmpty()) {
            state.put("step", stepCounter());
            state.put("exp_avg", zerosLike(param));
            state.put("exp_avg_sq", zerosLike(param));
        }
        if (amsgrad && !state.containsKey("max_exp_avg_sq")) state.put("max_exp_avg_sq", zerosLike(param));
        double step = increment(state.get("step"));
        double bc1 = 1 - StrictMath.pow(beta1, step);
        double bc2 = 1 - StrictMath.pow(beta2, step);
        double stepSize = lr / bc1;
        double bc2Sqrt = Math.sqrt(bc2);
        double scale = decoupled && wd != 0 ? 1 - lr * wd : 1; // AdamW: param.mul_(1 - lr * weight_decay)
        boolean l2 = !decoupled && wd != 0;
        Flat p = Flat.of(param), g = Flat.of(grad), m = Flat.of(state.get("exp_avg")), v = Flat.of(state.get("exp_avg_sq"));
        Flat mx = amsgrad ? Flat.of(state.get("max_exp_avg_sq")) : null;
        if (p.isFloat()) {
            float[] pa = p.f(), ga = g.f(), ma = m.f(), va = v.f(), xa = mx == null ? null : mx.f();
            float fScale = (float) scale, fWd = (float) wd, w1 = (float) (1 - beta1), b2 = (float) beta2, omb2 = (float) (1 - beta2);
            float fBc2 = (float) bc2Sqrt, fEps = (float) eps, negStep = (float) -stepSize;
            for (int i = 0; i < p.n; i++) {
                float pi = pa[p.offset + i];
                if (scale != 1) pi = pi * fScale;
                float gi = maximize ? -ga[g.offset + i] : ga[g.offset + i];
                if (l2) gi = Math.fma(pi, fWd, gi);
                float mi = Updates.lerp(ma[m.offset + i], gi, w1);
                float vi = Math.fma(omb2 * gi, gi, va[v.offset + i] * b2);
                ma[m.offset + i] = mi;
                va[v.offset + i] = vi;
                if (xa != null) vi = xa[mx.offset + i] = Updates.maximum(xa[mx.offset + i], vi);
                float denom = Updates.sqrt(vi) / fBc2 + fEps;
                pa[p.offset + i] = pi + negStep * mi / denom;
            }
        } else {
            double[] pa = p.d(), ga = g.d(), ma = m.d(), va = v.d(), xa = mx == null ? null : mx.d();
            double w1 = 1 - beta1, omb2 = 1 - beta2, negStep = -stepSize;
            for (int i = 0; i < p.n; i++) {
                double pi = pa[p.offset + i];
                if (scale != 1) pi = pi * scale;
                double gi = maximize ? -ga[g.offset + i] : ga[g.offset + i];
                if (l2) gi = Math.fma(pi, wd, gi);
                double mi = Updates.lerp(ma[m.offset + i], gi, w1);
                double vi = Math.fma(omb2 * gi, gi, va[v.offset + i] * beta2);
                ma[m.offset + i] = mi;
                va[v.offset + i] = vi;
                if (xa != null) vi = xa[mx.offset + i] = Updates.maximum(xa[mx.offset + i], vi);
                double denom = Math.sqrt(vi) / bc2Sqrt + eps;
                pa[p.offset + i] = pi + negStep * mi / denom;
            }
        }
        p.writeBack();
        m.writeBack();
        v.writeBack();
        if (mx != null) mx.writeBack();
    }
}
