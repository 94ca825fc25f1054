package org.losses4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.losses4j.DType;
import org.losses4j.Tensor;

/**
 * The options of a loss as the SQL functions take them: one string of PyTorch keywords,
 * {@code "label_smoothing=0.1, weight=[1, 2, 0.5], reduction='sum'"}, values read as Python reads them: a quoted or
 * bare word is a string, {@code True}/{@code False} (any case) a bool, {@code None} null, an integer a long, a
 * number a double ({@code inf}, {@code nan} too), a bracketed (nested) list a tensor. Two keywords belong to the Spark
 * functions, not to the loss: {@code on_bad_row} ({@code 'error'}, the default, or {@code 'skip'}) and {@code wrt}
 * (the argument the per-row gradient is taken with respect to; default the first differentiable one).
 *
 * <p>Immutable and serializable: tensors are kept as their values and shape, and made into a {@link Tensor} of the
 * computation's dtype when a loss is built.
 */
final class Options implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What to do with a bad row: fail the query (the default) or skip the row and count it. */
    static final String ON_BAD_ROW = "on_bad_row";
    /** The argument of the per-row gradient. */
    static final String WRT = "wrt";

    /** A tensor option's values (C order) and shape. */
    static final class TensorValue implements Serializable {
        private static final long serialVersionUID = 1L;
        final double[] data;
        final int[] shape;

        TensorValue(double[] data, int[] shape) {
            this.data = data;
            this.shape = shape;
        }

        Tensor toTensor(DType dtype) {
            if (dtype == DType.FLOAT32) {
                float[] f = new float[data.length];
                for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
                return Tensor.wrap(DType.FLOAT32, f, shape.clone());
            }
            return Tensor.wrap(DType.FLOAT64, data.clone(), shape.clone());
        }

        @Override
        public String toString() { return Arrays.toString(data); }
    }

    private final Map<String, Object> values;

    private Options(Map<String, Object> values) { this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values)); }

    /** No options. */
    static Options empty() { return new Options(Map.of()); }

    /** Options from already typed values (Boolean, Long, Double, String, null, TensorValue). */
    static Options of(Map<String, Object> values) { return new Options(values); }

    /** Every keyword, in the order given. */
    Map<String, Object> values() { return values; }

    /** The loss's own keywords: everything but {@code on_bad_row} and {@code wrt}. */
    Map<String, Object> lossKeywords() {
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.remove(ON_BAD_ROW);
        m.remove(WRT);
        return m;
    }

    /** Whether bad rows are skipped (and counted) rather than failing the query. */
    boolean skipBadRows() {
        Object v = values.get(ON_BAD_ROW);
        if (v == null) return false;
        String s = v.toString().toLowerCase(Locale.ROOT);
        if (s.equals("skip")) return true;
        if (s.equals("error")) return false;
        throw new IllegalArgumentException("on_bad_row must be 'error' or 'skip', got '" + v + "'");
    }

    /** The argument named by {@code wrt}, or null. */
    String wrt() {
        Object v = values.get(WRT);
        return v == null ? null : v.toString();
    }

    /**
     * Parses {@code key=value, key=value}; an empty or blank string is no options.
     *
     * @throws IllegalArgumentException on a malformed string or a keyword given twice
     */
    static Options parse(String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (text == null || text.isBlank()) return new Options(m);
        for (String part : splitTop(text, ',')) {
            if (part.isBlank()) continue;
            int eq = part.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("options: expected key=value, got '" + part.trim() + "' in \"" + text + "\"");
            String key = part.substring(0, eq).trim();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new IllegalArgumentException("options: '" + key + "' is not a keyword name");
            if (m.containsKey(key)) throw new IllegalArgumentException("options: keyword argument repeated: " + key);
            m.put(key, value(part.substring(eq + 1).trim(), key));
        }
        return new Options(m);
    }

    /** A value as Python would read it (see the class comment). */
    static Object value(String v, String key) {
        if (v.isEmpty()) throw new IllegalArgumentException("options: " + key + " has no value");
        if ((v.startsWith("'") && v.endsWith("'") || v.startsWith("\"") && v.endsWith("\"")) && v.length() >= 2) {
            return v.substring(1, v.length() - 1);
        }
        if (v.startsWith("[")) return tensor(v, key);
        String l = v.toLowerCase(Locale.ROOT);
        if (l.equals("true")) return Boolean.TRUE;
        if (l.equals("false")) return Boolean.FALSE;
        if (v.equals("None") || l.equals("null")) return null;
        if (v.matches("[-+]?\\d+")) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                return Double.parseDouble(v);
            }
        }
        Double d = number(v);
        return d != null ? d : v;
    }

    private static Double number(String v) {
        String l = v.toLowerCase(Locale.ROOT);
        if (l.matches("[-+]?(inf|infinity)")) return l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        if (l.matches("[-+]?nan")) return Double.NaN;
        if (v.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) return Double.parseDouble(v);
        return null;
    }

    /** A bracketed, possibly nested, list of numbers: a tensor of its shape. */
    static TensorValue tensor(String v, String key) {
        List<Double> data = new ArrayList<>();
        List<Integer> shape = new ArrayList<>();
        int end = list(v, 0, 0, data, shape, key);
        if (!v.substring(end).isBlank()) throw new IllegalArgumentException("options: " + key + ": unexpected '" + v.substring(end).trim() + "' after the list");
        double[] d = new double[data.size()];
        for (int i = 0; i < d.length; i++) d[i] = data.get(i);
        return new TensorValue(d, shape.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Reads the list starting at v[pos] == '[' at nesting depth; returns the index after its ']'. */
    private static int list(String v, int pos, int depth, List<Double> data, List<Integer> shape, String key) {
        int i = pos + 1, n = 0;
        while (true) {
            while (i < v.length() && Character.isWhitespace(v.charAt(i))) i++;
            if (i >= v.length()) throw new IllegalArgumentException("options: " + key + ": unclosed '[' in " + v);
            char c = v.charAt(i);
            if (c == ']') {
                i++;
                break;
            }
            if (n > 0) {
                if (c != ',') throw new IllegalArgumentException("options: " + key + ": expected ',' in " + v);
                i++;
                while (i < v.length() && Character.isWhitespace(v.charAt(i))) i++;
                if (i < v.length() && v.charAt(i) == ']') {   // a trailing comma, as Python allows
                    i++;
                    break;
                }
                c = i < v.length() ? v.charAt(i) : ' ';
            }
            if (c == '[') {
                i = list(v, i, depth + 1, data, shape, key);
            } else {
                int j = i;
                while (j < v.length() && ",] \t".indexOf(v.charAt(j)) < 0) j++;
                Double d = number(v.substring(i, j));
                if (d == null) throw new IllegalArgumentException("options: " + key + ": '" + v.substring(i, j) + "' is not a number");
                if (shape.size() > depth + 1) throw new IllegalArgumentException("options: " + key + ": ragged nested list " + v);
                data.add(d);
                i = j;
            }
            n++;
        }
        if (shape.size() <= depth) shape.add(n);
        else if (shape.get(depth) != n) throw new IllegalArgumentException("options: " + key + ": ragged nested list " + v);
        return i;
    }

    /** Splits at top-level separators (outside brackets and quotes). */
    private static List<String> splitTop(String s, char sep) {
        List<String> r = new ArrayList<>();
        int depth = 0, start = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == sep && depth == 0) {
                r.add(s.substring(start, i));
                start = i + 1;
            }
        }
        if (quote != 0) throw new IllegalArgumentException("options: unclosed quote in \"" + s + "\"");
        r.add(s.substring(start));
        return r;
    }

    @Override
    public String toString() { return values.toString(); }
}
