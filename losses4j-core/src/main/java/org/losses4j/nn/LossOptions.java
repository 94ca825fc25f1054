package org.losses4j.nn;

import java.util.HashSet;
import org.losses4j.Reduction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.losses4j.Tensor;

/**
 * Constructor keywords of a loss by PyTorch's names ({@code reduction}, {@code ignore_index},
 * {@code label_smoothing}, {@code pos_weight}, ...), as the CLI and fixtures pass them. Values may be
 * Number, Boolean, String, Tensor or null. Every loss reads what it knows and then calls
 * {@link #requireAllUsed(String)}, so a misspelt keyword fails as in Python.
 */
public final class LossOptions {
    private final Map<String, Object> values;
    private final Set<String> used = new HashSet<>();

    /**
     * Keywords by PyTorch's names, e.g. {@code Map.of("reduction", "sum", "ignore_index", 0)}.
     *
     * @param values the keywords (copied); a value may be a Number, Boolean, String, Tensor or null (None)
     */
    public LossOptions(Map<String, ?> values) { this.values = new LinkedHashMap<>(values); }

    /**
     * No keywords: every option takes PyTorch's default.
     *
     * @return empty options
     */
    public static LossOptions empty() { return new LossOptions(Map.of()); }

    /**
     * Whether a keyword is given with a value other than None (does not mark it read).
     *
     * @param key PyTorch's keyword
     * @return whether it is present and not null
     */
    public boolean has(String key) { return values.containsKey(key) && values.get(key) != null; }

    private Object raw(String key) {
        used.add(key);
        return values.get(key);
    }

    private IllegalArgumentException bad(String key, Object v, String want) {
        return new IllegalArgumentException("option " + key + " expects " + want + ", got " + (v == null ? "None" : v));
    }

    /**
     * A float keyword: a Number, or a String Python's {@code float()} would read ({@code "inf"} too).
     *
     * @param key PyTorch's keyword
     * @param def the default when absent or None
     * @return the value
     * @throws IllegalArgumentException when the value is not a number ("option k expects a number, got v")
     */
    public double getDouble(String key, double def) {
        Object v = raw(key);
        if (v == null) return def;
        if (v instanceof Number) return ((Number) v).doubleValue();
        if (v instanceof String) {
            try { return Double.parseDouble(((String) v).trim().replace("inf", "Infinity")); } catch (NumberFormatException e) { throw bad(key, v, "a number"); }
        }
        throw bad(key, v, "a number");
    }

    /**
     * An int keyword: an integral Number or a String of digits.
     *
     * @param key PyTorch's keyword
     * @param def the default when absent or None
     * @return the value
     * @throws IllegalArgumentException when the value is not an integer
     */
    public long getLong(String key, long def) {
        Object v = raw(key);
        if (v == null) return def;
        if (v instanceof Number) {
            double d = ((Number) v).doubleValue();
            if (d != Math.rint(d)) throw bad(key, v, "an integer");
            return ((Number) v).longValue();
        }
        if (v instanceof String) {
            try { return Long.parseLong(((String) v).trim()); } catch (NumberFormatException e) { throw bad(key, v, "an integer"); }
        }
        throw bad(key, v, "an integer");
    }

    /**
     * A bool keyword: a Boolean, a Number (non-zero is true) or
     * {@code "true"}/{@code "false"}/{@code "1"}/{@code "0"}.
     *
     * @param key PyTorch's keyword
     * @param def the default when absent or None
     * @return the value
     * @throws IllegalArgumentException when the value is none of these
     */
    public boolean getBool(String key, boolean def) {
        Object v = raw(key);
        if (v == null) return def;
        return toBool(key, v);
    }

    /**
     * A tri-state boolean: null when absent (for legacy size_average / reduce).
     *
     * @param key PyTorch's keyword
     * @return the value, or null when absent or None
     * @throws IllegalArgumentException when the value is not a boolean
     */
    public Boolean getBoolOrNull(String key) {
        Object v = raw(key);
        return v == null ? null : toBool(key, v);
    }

    private boolean toBool(String key, Object v) {
        if (v instanceof Boolean) return (Boolean) v;
        if (v instanceof String) {
            String s = ((String) v).trim().toLowerCase(java.util.Locale.ROOT);
            if (s.equals("true") || s.equals("1")) return true;
            if (s.equals("false") || s.equals("0")) return false;
        }
        if (v instanceof Number) return ((Number) v).doubleValue() != 0;
        throw bad(key, v, "true or false");
    }

    /**
     * A str keyword: the value's {@code toString()}.
     *
     * @param key PyTorch's keyword
     * @param def the default when absent or None
     * @return the value
     */
    public String getString(String key, String def) {
        Object v = raw(key);
        return v == null ? def : v.toString();
    }

    /**
     * A list of numbers ({@code quantiles}): a {@code double[]}, a collection of numbers, one number, or text as the
     * command line gives it, {@code 0.1,0.5,0.9} (square brackets and spaces allowed: {@code [0.1, 0.5, 0.9]}).
     * Returns a copy; {@code def} (copied) when absent.
     *
     * @param key the keyword
     * @param def the default
     * @return the values
     * @throws IllegalArgumentException when the value is not such a list
     */
    public double[] getDoubleList(String key, double[] def) {
        Object v = raw(key);
        if (v == null) return def == null ? null : def.clone();
        if (v instanceof double[]) return ((double[]) v).clone();
        if (v instanceof Number) return new double[] {((Number) v).doubleValue()};
        if (v instanceof java.util.Collection<?>) {
            java.util.Collection<?> c = (java.util.Collection<?>) v;
            double[] r = new double[c.size()];
            int i = 0;
            for (Object e : c) {
                if (!(e instanceof Number)) throw bad(key, v, "a list of numbers");
                r[i++] = ((Number) e).doubleValue();
            }
            return r;
        }
        if (v instanceof String) {
            String s = ((String) v).trim();
            if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1).trim();
            if (s.isEmpty()) return new double[0];
            String[] parts = s.split(",", -1);
            double[] r = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    r[i] = Double.parseDouble(parts[i].trim().replace("inf", "Infinity"));
                } catch (NumberFormatException e) {
                    throw bad(key, v, "a list of numbers such as 0.1,0.5,0.9");
                }
            }
            return r;
        }
        throw bad(key, v, "a list of numbers");
    }

    /**
     * A tensor option (weight, pos_weight), or null when absent.
     *
     * @param key PyTorch's keyword
     * @return the tensor, or null when absent or None
     * @throws IllegalArgumentException when the value is not a Tensor
     */
    public Tensor getTensor(String key) {
        Object v = raw(key);
        if (v == null) return null;
        if (v instanceof Tensor) return (Tensor) v;
        throw bad(key, v, "a tensor");
    }

    /**
     * Any value, marked used (for options a loss interprets itself).
     *
     * @param key PyTorch's keyword
     * @return the raw value, or null
     */
    public Object get(String key) { return raw(key); }

    /**
     * The reduction, honouring the legacy {@code size_average} and {@code reduce} keywords as PyTorch does:
     * when either is given it overrides {@code reduction}.
     *
     * @return the reduction
     * @throws IllegalArgumentException for a reduction string PyTorch does not know
     */
    public Reduction reduction() {
        Boolean sa = getBoolOrNull("size_average");
        Boolean rd = getBoolOrNull("reduce");
        String r = getString("reduction", "mean");
        if (sa != null || rd != null) return Reduction.legacy(sa, rd);
        return Reduction.of(r);
    }

    /** The keywords read so far, given or not (the tests compare them with a loss's declared options). */
    Set<String> keysRead() { return Set.copyOf(used); }

    /**
     * Fails on any keyword no getter read: {@code X.__init__() got an unexpected keyword argument 'k'}.
     *
     * @param lossName the class name, for the message
     * @throws IllegalArgumentException naming the first keyword no getter read
     */
    public void requireAllUsed(String lossName) {
        for (String k : values.keySet()) {
            if (!used.contains(k)) throw new IllegalArgumentException(lossName + ".__init__() got an unexpected keyword argument '" + k + "'");
        }
    }
}
