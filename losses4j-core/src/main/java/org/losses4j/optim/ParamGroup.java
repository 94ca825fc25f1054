package org.losses4j.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.losses4j.Tensor;

/**
 * One entry of {@code optimizer.param_groups}: parameters and their options under PyTorch's keys
 * ({@code "lr"}, {@code "momentum"}, {@code "betas"} as a {@code double[2]}, ...). A scheduler changes
 * {@code "lr"} here; the optimizer reads every option at each step.
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Object> options;

    ParamGroup(List<Tensor> params, Map<String, Object> options) {
        this.params = Collections.unmodifiableList(new ArrayList<>(params));
        this.options = new LinkedHashMap<>(options);
    }

    /** The parameters, in the order given. */
    public List<Tensor> params() { return params; }

    /** The options by PyTorch's key (the live map: put a key to change an option). */
    public Map<String, Object> options() { return options; }

    public Object get(String key) {
        Object v = options.get(key);
        if (v == null && !options.containsKey(key)) throw new IllegalArgumentException("parameter group has no option '" + key + "'");
        return v;
    }

    public double getDouble(String key) { return ((Number) get(key)).doubleValue(); }

    public boolean getBoolean(String key) { return (Boolean) get(key); }

    /** {@code group['lr']}. */
    public double lr() { return getDouble("lr"); }

    /** {@code group['lr'] = lr}. */
    public void setLr(double lr) { options.put("lr", lr); }

    public void set(String key, Object value) { options.put(key, value); }
}
