package org.losses4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.losses4j.Tensor;
import org.losses4j.io.NpyTensors;

/**
 * {@code --key value} pairs after a loss name, split into tensor arguments (the loss's functional argument
 * names) and constructor keywords, with values typed as Python would read them: a path ending in .npy is a
 * tensor, true/false a bool, an integer a long, a number a double, None null, anything else a string.
 */
final class KeywordArgs {
    final Map<String, Object> options = new LinkedHashMap<>();
    final Map<String, Tensor> tensors = new LinkedHashMap<>();
    /** The tensor arguments read from int32 files (widened to int64 here, int32 in PyTorch's torch.from_numpy). */
    final java.util.Set<String> int32 = new java.util.LinkedHashSet<>();

    static KeywordArgs parse(List<String> raw, List<String> argNames) throws IOException {
        KeywordArgs k = new KeywordArgs();
        for (int i = 0; i < raw.size(); i++) {
            String a = raw.get(i);
            if (!a.startsWith("--") || a.length() == 2) throw new Main.BadInput("unexpected argument '" + a + "' (expected --NAME VALUE)");
            String key = a.substring(2), value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else {
                if (i + 1 >= raw.size()) throw new Main.BadInput("option --" + key + " needs a value");
                value = raw.get(++i);
            }
            if (k.options.containsKey(key) || k.tensors.containsKey(key)) throw new Main.BadInput("--" + key + " given twice");
            if (argNames.contains(key)) {
                if (!value.endsWith(".npy")) throw new Main.BadInput("--" + key + " expects a .npy file, got '" + value + "'");
                org.losses4j.io.NpyArray array = org.losses4j.io.Npy.read(Path.of(value));
                if (array.dtype() == org.losses4j.io.NpyDType.INT32) k.int32.add(key);
                k.tensors.put(key, NpyTensors.toTensor(array));
            } else {
                k.options.put(key, typed(value));
            }
        }
        return k;
    }

    static Object typed(String v) throws IOException {
        if (v.endsWith(".npy")) return NpyTensors.read(Path.of(v));
        if (v.equals("true") || v.equals("True")) return Boolean.TRUE;
        if (v.equals("false") || v.equals("False")) return Boolean.FALSE;
        if (v.equals("None")) return null;
        if (v.matches("[-+]?\\d+")) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                return Double.parseDouble(v);
            }
        }
        if (v.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?") || v.matches("[-+]?(inf|nan)")) {
            return Double.parseDouble(v.replace("inf", "Infinity").replace("nan", "NaN"));
        }
        return v;
    }
}
