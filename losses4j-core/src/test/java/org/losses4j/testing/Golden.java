package org.losses4j.testing;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Tensor;

/** Reads PyTorch golden fixtures (tools/golden/) and compares tensors at torch.testing's tolerances. */
public final class Golden {
    private Golden() {}

    private static final java.util.concurrent.ConcurrentHashMap<String, JsonElement> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * {@link #load} once per resource and test JVM: a test factory that is called again for every test it makes
     * (as a mutation-testing run calls it, to run one test at a time) reads the same parsed tree. The tree is
     * shared: callers must not modify it.
     */
    public static JsonElement loadShared(String resource) {
        return PARSED.computeIfAbsent(resource, Golden::load);
    }

    /** Parses a JSON resource from the test classpath (NaN and Infinity accepted). */
    public static JsonElement load(String resource) {
        var in = Golden.class.getResourceAsStream(resource);
        if (in == null) throw new IllegalStateException("missing test resource " + resource);
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            JsonReader jr = new JsonReader(r);
            jr.setStrictness(Strictness.LENIENT);
            Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues().create();
            return gson.fromJson(jr, JsonElement.class);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DType dtype(String name) {
        switch (name) {
            case "float32": return DType.FLOAT32;
            case "float64": return DType.FLOAT64;
            case "int64": return DType.INT64;
            case "bool": return DType.BOOL;
            default: throw new IllegalArgumentException("unknown dtype " + name);
        }
    }

    public static int[] ints(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsInt();
        return r;
    }

    /** A tensor from {"dtype", "shape", "data"}. */
    public static Tensor tensor(JsonElement spec) {
        JsonObject o = spec.getAsJsonObject();
        DType dt = dtype(o.get("dtype").getAsString());
        int[] shape = ints(o.get("shape"));
        JsonArray d = o.get("data").getAsJsonArray();
        int n = d.size();
        Object data;
        switch (dt) {
            case FLOAT32: { float[] f = new float[n]; for (int i = 0; i < n; i++) f[i] = (float) num(d.get(i)); data = f; break; }
            case FLOAT64: { double[] f = new double[n]; for (int i = 0; i < n; i++) f[i] = num(d.get(i)); data = f; break; }
            case INT64: { long[] f = new long[n]; for (int i = 0; i < n; i++) f[i] = d.get(i).getAsLong(); data = f; break; }
            default: { boolean[] f = new boolean[n]; for (int i = 0; i < n; i++) f[i] = d.get(i).getAsBoolean(); data = f; break; }
        }
        return Tensor.wrap(dt, data, shape);
    }

    private static double num(JsonElement e) {
        String s = e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
        if (s != null) return Double.parseDouble(s.replace("Infinity", "Infinity"));
        return e.getAsDouble();
    }

    /** Tolerances of torch.testing.assert_close for a dtype: {rtol, atol}. */
    public static double[] tolerance(DType dt) {
        return dt == DType.FLOAT64 ? new double[] {1e-7, 1e-7} : new double[] {1.3e-6, 1e-5};
    }

    /** Asserts same dtype, shape, and values within tolerance (nan equals nan, infinities must match). */
    public static void assertClose(Tensor expected, Tensor actual, String what) {
        assertClose(expected, actual, what, 1.0);
    }

    /** As {@link #assertClose(Tensor, Tensor, String)} with tolerances multiplied by {@code scale}. */
    public static void assertClose(Tensor expected, Tensor actual, String what, double scale) {
        if (actual == null) throw new AssertionError(what + ": expected a tensor, got null");
        if (expected.dtype() != actual.dtype()) {
            throw new AssertionError(what + ": dtype " + actual.dtype().torchName() + " != expected " + expected.dtype().torchName());
        }
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            throw new AssertionError(what + ": shape " + Arrays.toString(actual.shape()) + " != expected " + Arrays.toString(expected.shape()));
        }
        if (!expected.dtype().isFloatingPoint()) {
            long[] e = expected.toLongArray(), a = actual.toLongArray();
            for (int i = 0; i < e.length; i++) {
                if (e[i] != a[i]) throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + e[i]);
            }
            return;
        }
        double[] tol = tolerance(expected.dtype());
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            if (!close(e[i], a[i], tol[0] * scale, tol[1] * scale)) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + e[i] + " (rtol " + tol[0] * scale + ", atol "
                        + tol[1] * scale + ")");
            }
        }
    }

    public static boolean close(double e, double a, double rtol, double atol) {
        if (Double.isNaN(e) || Double.isNaN(a)) return Double.isNaN(e) && Double.isNaN(a);
        if (Double.isInfinite(e) || Double.isInfinite(a)) return e == a;
        return Math.abs(e - a) <= atol + rtol * Math.abs(e);
    }
}
