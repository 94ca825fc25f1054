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

    /**
     * The parameters, in the order given.
     *
     * @return an unmodifiable list
     */
    public List<Tensor> params() { return params; }

    /**
     * The options by PyTorch's key (the live map: put a key to change an option).
     *
     * @return the options
     */
    public Map<String, Object> options() { return options; }

    /**
     * An option's value ({@code group[key]}).
     *
     * @param key PyTorch's key, e.g. {@code "momentum"}
     * @return the value
     * @throws IllegalArgumentException when the group has no such option
     */
    public Object get(String key) {
        Object v = options.get(key);
        if (v == null && !options.containsKey(key)) throw new IllegalArgumentException("parameter group has no option '" + key + "'");
        return v;
    }

    /**
     * A numeric option.
     *
     * @param key PyTorch's key
     * @return the value
     * @throws IllegalArgumentException when the group has no such option
     * @throws ClassCastException when the value is not a number
     */
    public double getDouble(String key) { return ((Number) get(key)).doubleValue(); }

    /**
     * A boolean option.
     *
     * @param key PyTorch's key
     * @return the value
     * @throws IllegalArgumentException when the group has no such option
     * @throws ClassCastException when the value is not a Boolean
     */
    public boolean getBoolean(String key) { return (Boolean) get(key); }

    /**
     * {@code group['lr']}.
     *
     * @return the learning rate
     */
    public double lr() { return getDouble("lr"); }

    /**
     * {@code group['lr'] = lr}.
     *
     * @param lr the new learning rate
     */
    public void setLr(double lr) { options.put("lr", lr); }

    /**
     * Sets an option ({@code group[key] = value}); the optimizer reads it at its next step.
     *
     * @param key PyTorch's key
     * @param value the value, of the type the optimizer expects
     */
    public void set(String key, Object value) { options.put(key, value); }
}
