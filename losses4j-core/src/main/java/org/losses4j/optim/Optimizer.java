package org.losses4j.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradMode;

/**
 * {@code torch.optim.Optimizer}: parameter groups, per-parameter state, {@code zero_grad} and {@code step}.
 *
 * <p>Every optimizer here applies PyTorch's single-tensor update ({@code foreach=False}) element by element in
 * PyTorch's order of operations and in the parameter's precision, with a fused multiply-add exactly where
 * PyTorch's CPU kernels compute one ({@code add_(t, alpha=a)} is {@code fma(t, a, self)}, {@code addcmul_(t1, t2,
 * value=v)} is {@code fma(v * t1, t2, self)}, {@code lerp_} is {@code fma(w, end - self, self)}), and Python
 * scalars rounded to the parameter's dtype where PyTorch rounds them. So float32 parameters get PyTorch's bits.
 */
public abstract class Optimizer {
    private final Map<String, Object> defaults;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final Map<Tensor, Map<String, Tensor>> state = new IdentityHashMap<>();

    /**
     * An optimizer with one parameter group holding {@code params} and the {@code defaults}.
     *
     * @param params the parameters to optimise: floating leaf tensors, at least one
     * @param defaults the options by PyTorch's keys, checked by the subclass
     * @throws IllegalArgumentException for no parameters, or a null, non-leaf or non-floating one
     */
    protected Optimizer(Iterable<Tensor> params, Map<String, Object> defaults) {
        this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        List<Tensor> list = new ArrayList<>();
        if (params != null) for (Tensor p : params) list.add(p);
        if (list.isEmpty()) throw new IllegalArgumentException("optimizer got an empty parameter list");
        addParamGroup(list, Map.of());
    }

    /**
     * {@code defaults}: the options a new group takes unless it says otherwise.
     *
     * @return an unmodifiable map by PyTorch's keys
     */
    public final Map<String, Object> defaults() { return defaults; }

    /**
     * {@code param_groups}.
     *
     * @return an unmodifiable list of the groups (each group's options can be changed)
     */
    public final List<ParamGroup> paramGroups() { return Collections.unmodifiableList(groups); }

    /**
     * {@code add_param_group({'params': params, **options})}: options not given are the defaults.
     *
     * @param params the group's parameters: floating leaf tensors in no other group
     * @param options options by PyTorch's keys that differ from the defaults
     * @return the new group
     * @throws IllegalArgumentException for a null, non-leaf or non-floating parameter, or one already in a group
     */
    public final ParamGroup addParamGroup(List<Tensor> params, Map<String, Object> options) {
        for (Tensor p : params) {
            if (p == null) throw new IllegalArgumentException("optimizer can only optimize Tensors, but one of the params is NoneType");
            if (!p.isLeaf()) throw new IllegalArgumentException("can't optimize a non-leaf Tensor");
            if (!p.dtype().isFloatingPoint()) throw new IllegalArgumentException("optimizer can only optimize floating point Tensors, got " + p.dtype().torchName());
        }
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (ParamGroup g : groups) for (Tensor p : g.params()) seen.put(p, Boolean.TRUE);
        Map<Tensor, Boolean> mine = new IdentityHashMap<>();
        for (Tensor p : params) {
            if (seen.containsKey(p)) throw new IllegalArgumentException("some parameters appear in more than one parameter group");
            mine.put(p, Boolean.TRUE);
        }
        Map<String, Object> opts = new LinkedHashMap<>(defaults);
        opts.putAll(options);
        ParamGroup g = new ParamGroup(params, opts);
        groups.add(g);
        return g;
    }

    /**
     * {@code state[p]}: the tensors this optimizer keeps for a parameter (empty before its first step).
     *
     * @param p a parameter
     * @return an unmodifiable map by PyTorch's keys, e.g. {@code exp_avg}
     */
    public final Map<String, Tensor> state(Tensor p) {
        Map<String, Tensor> s = state.get(p);
        return s == null ? Map.of() : Collections.unmodifiableMap(s);
    }

    /**
     * {@code zero_grad()}: drops every parameter's gradient ({@code set_to_none=True}, PyTorch 2.x's default;
     * PyTorch 1.13's default zeroed them in place, which is {@link #zeroGrad(boolean) zeroGrad(false)}).
     */
    public final void zeroGrad() { zeroGrad(true); }

    /**
     * {@code zero_grad(set_to_none)}: drops every parameter's gradient, or zeroes it in place.
     *
     * @param setToNone true to drop the gradients, false to fill them with zeros
     */
    public final void zeroGrad(boolean setToNone) {
        for (ParamGroup g : groups) for (Tensor p : g.params()) p.zeroGrad(setToNone);
    }

    /** {@code step()}: updates every parameter that has a gradient, without recording autograd history. */
    public final void step() {
        try (var s = GradMode.noGrad()) {
            for (ParamGroup g : groups) {
                for (Tensor p : g.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    if (grad.dtype() != p.dtype()) {
                        throw new IllegalArgumentException("expected a gradient of dtype " + p.dtype().torchName() + ", got " + grad.dtype().torchName());
                    }
                    Map<String, Tensor> st = state.computeIfAbsent(p, k -> new LinkedHashMap<>());
                    update(g, p, grad, st);
                }
            }
        }
    }

    /**
     * {@code step(closure)}: evaluates the closure with gradients enabled (it should zero, compute the loss, call
     * backward), then steps; returns its loss.
     *
     * @param closure computes the loss and its gradients
     * @return the closure's loss
     */
    public final Tensor step(Supplier<Tensor> closure) {
        Tensor loss = closure.get();
        step();
        return loss;
    }

    /**
     * Updates one parameter in place from its gradient and state ({@code state} is empty on the first step: the
     * optimizer creates its entries). Runs with gradients disabled.
     *
     * @param group the parameter's group, whose options apply
     * @param param the parameter, updated in place
     * @param grad its gradient, of its shape and dtype
     * @param state the parameter's state, mutable
     */
    protected abstract void update(ParamGroup group, Tensor param, Tensor grad, Map<String, Tensor> state);

    // ------------------------------------------------------------------ helpers for the updates

    /**
     * A new zero tensor shaped and typed like {@code p} (contiguous): {@code torch.zeros_like(p)}.
     *
     * @param p a parameter
     * @return the new tensor
     */
    protected static Tensor zerosLike(Tensor p) { return Tensor.zeros(p.dtype(), p.shape()); }

    /**
     * {@code torch.tensor(0.)}: a float32 step counter.
     *
     * @return a 0-d float32 zero
     */
    protected static Tensor stepCounter() { return Tensor.zeros(DType.FLOAT32); }

    /**
     * Adds 1 to a step counter ({@code step_t += 1}) and returns the new count ({@code step_t.item()}).
     *
     * @param step a counter made by {@link #stepCounter()}
     * @return the new count
     */
    protected static double increment(Tensor step) {
        float[] a = (float[]) step.storage();
        a[step.storageOffset()] += 1f;
        return a[step.storageOffset()];
    }

    /**
     * Checks an option as PyTorch's constructors do: {@code if not 0.0 <= value: raise ValueError(f"Invalid {what}:
     * {value}")}.
     *
     * @param value the option's value
     * @param what its name in the message, e.g. {@code learning rate}
     * @throws IllegalArgumentException when value is negative or nan
     */
    protected static void checkNonNegative(double value, String what) {
        if (!(0.0 <= value)) throw new IllegalArgumentException("Invalid " + what + ": " + PyFloat.repr(value));
    }
}
