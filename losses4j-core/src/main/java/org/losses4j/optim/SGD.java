package org.losses4j.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.losses4j.Tensor;

/**
 * {@code torch.optim.SGD(params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, maximize=False)}
 * (PyTorch 2.x's default lr; PyTorch 1.13 had no default), PyTorch's single-tensor update, per element:
 * <pre>
 * g = maximize ? -grad : grad
 * if weight_decay != 0:  g = g + weight_decay * p                   (grad.add(p, alpha=wd): one fma)
 * if momentum != 0:
 *     buf = first step ? g : momentum * buf + (1 - dampening) * g   (buf.mul_(m).add_(g, alpha=1-d))
 *     g = nesterov ? g + momentum * buf : buf
 * p = p - lr * g                                                    (p.add_(g, alpha=-lr): one fma)
 * </pre>
 * State: {@code momentum_buffer} (when momentum != 0).
 */
public final class SGD extends Optimizer {

    /**
     * {@code SGD(params, lr)}.
     *
     * @param params the parameters to optimise: floating leaf tensors, at least one
     * @param lr the learning rate, at least 0
     * @throws IllegalArgumentException for no parameters, a non-leaf or non-floating one, or a negative lr, with
     *         PyTorch's messages
     */
    public SGD(Iterable<Tensor> params, double lr) { this(params, builder().lr(lr)); }

    private SGD(Iterable<Tensor> params, Builder b) {
        super(params, b.defaults());
    }

    /**
     * The options with PyTorch's defaults, to set by name and then {@code build(params)}.
     *
     * @return a new builder
     */
    public static Builder builder() { return new Builder(); }

    /** Options with PyTorch's defaults; {@link #build(Iterable)} checks them with PyTorch's messages. */
    public static final class Builder {
        private double lr = 1e-3, momentum, dampening, weightDecay;
        private boolean nesterov, maximize;

        /**
         * Sets {@code lr}: the learning rate (default 1e-3).
         *
         * @param v the value
         * @return this builder
         */
        public Builder lr(double v) { lr = v; return this; }
        /**
         * Sets {@code momentum}: the momentum factor (default 0).
         *
         * @param v the value
         * @return this builder
         */
        public Builder momentum(double v) { momentum = v; return this; }
        /**
         * Sets {@code dampening}: the dampening of the momentum (default 0).
         *
         * @param v the value
         * @return this builder
         */
        public Builder dampening(double v) { dampening = v; return this; }
        /**
         * Sets {@code weight_decay}: the L2 penalty, {@code weight_decay} (default 0).
         *
         * @param v the value
         * @return this builder
         */
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        /**
         * Sets {@code nesterov}: Nesterov momentum (default false; needs momentum and zero dampening).
         *
         * @param v the value
         * @return this builder
         */
        public Builder nesterov(boolean v) { nesterov = v; return this; }
        /**
         * Sets {@code maximize}: maximise the objective instead of minimising it (default false).
         *
         * @param v the value
         * @return this builder
         */
        public Builder maximize(boolean v) { maximize = v; return this; }

        Map<String, Object> defaults() {
            checkNonNegative(lr, "learning rate");
            checkNonNegative(momentum, "momentum value");
            checkNonNegative(weightDecay, "weight_decay value");
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("lr", lr);
            d.put("momentum", momentum);
            d.put("dampening", dampening);
            d.put("weight_decay", weightDecay);
            d.put("nesterov", nesterov);
            d.put("maximize", maximize);
            return d;
        }

        /**
         * {@code torch.optim.SGD(params, **options)}.
         *
         * @param params the parameters to optimise: floating leaf tensors, at least one
         * @return the optimizer, with one parameter group
         * @throws IllegalArgumentException for an option out of range (PyTorch's "Invalid ... value: x") or a bad
         *         parameter
         */
        public SGD build(Iterable<Tensor> params) { return new SGD(params, this); }
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, Map<String, Tensor> state) {
        double lr = group.lr(), momentum = group.getDouble("momentum"), dampening = group.getDouble("dampening");
        double wd = group.getDouble("weight_decay");
        boolean nesterov = group.getBoolean("nesterov"), maximize = group.getBoolean("maximize");
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
        boolean first = false;
        Tensor buf = null;
        if (momentum != 0) {
            buf = state.get("momentum_buffer");
            if (buf == null) {
                buf = zerosLike(param);
                state.put("momentum_buffer", buf);
                first = true;
            }
        }
        Flat p = Flat.of(param), g = Flat.of(grad);
        Flat b = buf == null ? null : Flat.of(buf);
        if (p.isFloat()) {
            step(p.f(), p.offset, g.f(), g.offset, b == null ? null : b.f(), b == null ? 0 : b.offset,
                    (float) lr, (float) momentum, (float) (1 - dampening), (float) wd, wd != 0, momentum != 0, first, nesterov, maximize, p.n);
        } else {
            step(p.d(), p.offset, g.d(), g.offset, b == null ? null : b.d(), b == null ? 0 : b.offset,
                    lr, momentum, 1 - dampening, wd, wd != 0, momentum != 0, first, nesterov, maximize, p.n);
        }
        p.writeBack();
        if (b != null) b.writeBack();
    }

    /** The float32 update; {@code lr} etc. are PyTorch's scalars rounded to float, as its kernels take them. */
    static void step(float[] p, int po, float[] g, int go, float[] buf, int bo, float lr, float momentum, float oneMinusDampening,
            float wd, boolean decay, boolean useMomentum, boolean first, boolean nesterov, boolean maximize, int n) {
        float negLr = -lr;
        for (int i = 0; i < n; i++) {
            float d = maximize ? -g[go + i] : g[go + i];
            if (decay) d = Math.fma(p[po + i], wd, d);
            if (useMomentum) {
                float bv = first ? d : Math.fma(d, oneMinusDampening, buf[bo + i] * momentum);
                buf[bo + i] = bv;
                d = nesterov ? Math.fma(bv, momentum, d) : bv;
            }
            p[po + i] = Math.fma(d, negLr, p[po + i]);
        }
    }

    /** The float64 update: the same operations in double. */
    static void step(double[] p, int po, double[] g, int go, double[] buf, int bo, double lr, double momentum, double oneMinusDampening,
            double wd, boolean decay, boolean useMomentum, boolean first, boolean nesterov, boolean maximize, int n) {
        double negLr = -lr;
        for (int i = 0; i < n; i++) {
            double d = maximize ? -g[go + i] : g[go + i];
            if (decay) d = Math.fma(p[po + i], wd, d);
            if (useMomentum) {
                double bv = first ? d : Math.fma(d, oneMinusDampening, buf[bo + i] * momentum);
                buf[bo + i] = bv;
                d = nesterov ? Math.fma(bv, momentum, d) : bv;
            }
            p[po + i] = Math.fma(d, negLr, p[po + i]);
        }
    }
}
