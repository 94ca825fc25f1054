package org.losses4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.losses4j.Tensor;
import org.losses4j.io.NpyTensors;

/**
 * {@code --key value} pairs after a loss name, split into tensor arguments (the loss's functional argument
 * names) and constructor keywords, with values typed as Python would read them: a NumPy file is a tensor
 * ({@code FILE.npy}, or an array of an archive, {@code FILE.npz:NAME}), true/false a bool, an integer a long, a
 * number a double, None null, anything else a string.
 */
final class KeywordArgs {
    final Map<String, Object> options = new LinkedHashMap<>();
    final Map<String, Tensor> tensors = new LinkedHashMap<>();
    /** The tensor arguments read from int32 files (widened to int64 here, int32 in PyTorch's torch.from_numpy). */
    final java.util.Set<String> int32 = new java.util.LinkedHashSet<>();

    static KeywordArgs parse(List<String> raw, List<String> argNames) throws IOException {
        KeywordArgs k = new KeywordArgs();
        NumpyFiles files = new NumpyFiles();
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
                if (!NumpyFiles.isArray(value)) {
                    throw new Main.BadInput("--" + key + " expects a .npy file or an array of a .npz file (FILE.npz:NAME), got '" + value + "'");
                }
                org.losses4j.io.NpyArray array = files.array(value, key);
                if (array.dtype() == org.losses4j.io.NpyDType.INT32) k.int32.add(key);
                k.tensors.put(key, NpyTensors.toTensor(array));
            } else {
                k.options.put(key, typed(value, key, files));
            }
        }
        return k;
    }

    static Object typed(String v) throws IOException { return typed(v, null, new NumpyFiles()); }

    private static Object typed(String v, String key, NumpyFiles files) throws IOException {
        if (NumpyFiles.isArray(v)) return files.read(v, key);
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

    /**
     * NumPy files named on the command line: {@code FILE.npy}; {@code FILE.npz:NAME}, one array of an archive; or
     * {@code FILE.npz} alone, the archive's array named after the argument, or its only array. Each archive is read
     * once.
     */
    static final class NumpyFiles {
        private final Map<Path, Map<String, org.losses4j.io.NpyArray>> archives = new HashMap<>();

        /** Whether a command-line value names a NumPy array (rather than a number or a word). */
        static boolean isArray(String v) {
            return v.endsWith(".npy") || v.endsWith(".npz") || v.contains(".npz:");
        }

        /** Reads the array {@code v} names; {@code key} (the argument or keyword, may be null) picks a member of a bare archive. */
        Tensor read(String v, String key) throws IOException { return NpyTensors.toTensor(array(v, key)); }

        /** The array {@code v} names as stored (its NumPy dtype kept: an int32 file is still int32 here). */
        org.losses4j.io.NpyArray array(String v, String key) throws IOException {
            if (v.endsWith(".npy")) return org.losses4j.io.Npy.read(Path.of(v));
            int at = v.lastIndexOf(".npz:");
            Path file = Path.of(at < 0 ? v : v.substring(0, at + 4));
            String member = at < 0 ? null : v.substring(at + 5);
            Map<String, org.losses4j.io.NpyArray> arrays = archives.get(file);
            if (arrays == null) {
                arrays = org.losses4j.io.Npz.read(file);
                archives.put(file, arrays);
            }
            if (member != null) {
                org.losses4j.io.NpyArray t = arrays.get(member);
                if (t == null) throw new Main.BadInput(file + " has no array '" + member + "' (it holds: " + names(arrays) + ")");
                return t;
            }
            if (key != null && arrays.containsKey(key)) return arrays.get(key);
            if (arrays.size() == 1) return arrays.values().iterator().next();
            if (arrays.isEmpty()) throw new Main.BadInput(file + " holds no array");
            String first = arrays.keySet().iterator().next();
            throw new Main.BadInput(file + " holds " + arrays.size() + " arrays (" + names(arrays) + "): name one, as " + file + ":" + first);
        }

        private static String names(Map<String, ?> arrays) { return String.join(", ", arrays.keySet()); }
    }
}
