package org.losses4j.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Access to the NumPy-written fixtures from {@code tools/golden/gen_npy.py}. */
final class Golden {
    private static JsonObject expected;

    private Golden() {}

    static Path dir() {
        URL url = Golden.class.getResource("/golden/npy/expected.json");
        if (url == null) throw new IllegalStateException("golden/npy fixtures missing; run tools/golden/gen_npy.py");
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path file(String name) {
        return dir().resolve(name);
    }

    static synchronized JsonObject expected() {
        if (expected == null) {
            try {
                expected = JsonParser.parseString(Files.readString(file("expected.json"), StandardCharsets.UTF_8))
                        .getAsJsonObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return expected;
    }

    /** Builds the array the fixture's description says NumPy saved (C order). */
    static NpyArray arrayFrom(JsonObject d) {
        JsonArray s = d.getAsJsonArray("shape");
        int[] shape = new int[s.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = s.get(i).getAsInt();
        JsonArray v = d.getAsJsonArray("values");
        int n = v.size();
        switch (d.get("dtype").getAsString()) {
            case "float32": {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) a[i] = (float) toDouble(v.get(i));
                return NpyArray.ofFloats(shape, a);
            }
            case "float64": {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) a[i] = toDouble(v.get(i));
                return NpyArray.ofDoubles(shape, a);
            }
            case "int64": {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) a[i] = v.get(i).getAsLong();
                return NpyArray.ofLongs(shape, a);
            }
            case "int32": {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) a[i] = v.get(i).getAsInt();
                return NpyArray.ofInts(shape, a);
            }
            case "bool": {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) a[i] = v.get(i).getAsBoolean();
                return NpyArray.ofBools(shape, a);
            }
            default:
                throw new IllegalArgumentException(d.get("dtype").getAsString());
        }
    }

    private static double toDouble(JsonElement e) {
        if (e.getAsJsonPrimitive().isString()) {
            switch (e.getAsString()) {
                case "nan": return Double.NaN;
                case "inf": return Double.POSITIVE_INFINITY;
                case "-inf": return Double.NEGATIVE_INFINITY;
                default: throw new IllegalArgumentException(e.getAsString());
            }
        }
        return e.getAsDouble();
    }

    /** Asserts dtype, shape and every element (bit-exact for floats, so -0.0 and NaN count). */
    static void assertSameArray(NpyArray expected, NpyArray actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        switch (expected.dtype()) {
            case FLOAT32: {
                float[] e = expected.floats(), a = actual.floats();
                assertEquals(e.length, a.length, what + ": length");
                for (int i = 0; i < e.length; i++) {
                    assertEquals(Float.floatToIntBits(e[i]), Float.floatToIntBits(a[i]),
                            what + ": element " + i + " expected " + e[i] + " got " + a[i]);
                }
                break;
            }
            case FLOAT64: {
                double[] e = expected.doubles(), a = actual.doubles();
                assertEquals(e.length, a.length, what + ": length");
                for (int i = 0; i < e.length; i++) {
                    assertEquals(Double.doubleToLongBits(e[i]), Double.doubleToLongBits(a[i]),
                            what + ": element " + i + " expected " + e[i] + " got " + a[i]);
                }
                break;
            }
            case INT64: assertArrayEquals(expected.longs(), actual.longs(), what); break;
            case INT32: assertArrayEquals(expected.ints(), actual.ints(), what); break;
            default: assertArrayEquals(expected.bools(), actual.bools(), what);
        }
    }
}
