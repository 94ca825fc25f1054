package org.losses4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class TensorFormatterTest {

    /** golden/str.json, parsed once per test JVM (the factory below may be called once per test it makes). */
    private static JsonArray loadGolden() {
        return org.losses4j.testing.Golden.loadShared("/golden/str.json").getAsJsonArray();
    }

    private static String run(JsonObject c) {
        DType dtype = switch (c.get("dtype").getAsString()) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            case "int64" -> DType.INT64;
            case "bool" -> DType.BOOL;
            default -> throw new IllegalArgumentException(c.get("dtype").getAsString());
        };
        JsonArray shapeJson = c.getAsJsonArray("shape");
        int[] shape = new int[shapeJson.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = shapeJson.get(i).getAsInt();
        JsonArray data = c.getAsJsonArray("data");
        double[] floats = null;
        long[] ints = null;
        boolean[] bools = null;
        switch (dtype) {
            case FLOAT32, FLOAT64 -> {
                floats = new double[data.size()];
                for (int i = 0; i < floats.length; i++) floats[i] = data.get(i).getAsDouble();
            }
            case INT64 -> {
                ints = new long[data.size()];
                for (int i = 0; i < ints.length; i++) ints[i] = data.get(i).getAsLong();
            }
            case BOOL -> {
                bools = new boolean[data.size()];
                for (int i = 0; i < bools.length; i++) bools[i] = data.get(i).getAsBoolean();
            }
        }
        JsonElement g = c.get("grad_fn");
        String gradFn = (g == null || g.isJsonNull()) ? null : g.getAsString();
        boolean requiresGrad = c.get("requires_grad").getAsBoolean();
        return TensorFormatter.format(dtype, shape, floats, ints, bools, gradFn, requiresGrad);
    }

    @TestFactory
    Stream<DynamicTest> goldenMatchesPyTorch() {
        JsonArray cases = loadGolden();
        assertTrue(cases.size() >= 60, "expected at least 60 golden cases, got " + cases.size());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement e : cases) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            tests.add(DynamicTest.dynamicTest(name, () ->
                    assertEquals(c.get("expected").getAsString(), run(c), "golden case " + name)));
        }
        return tests.stream();
    }

    private static String f32(int[] shape, double... v) {
        return TensorFormatter.format(DType.FLOAT32, shape, v, null, null, null, false);
    }

    @Test
    void handWrittenScalars() {
        assertEquals("tensor(0.5732)", f32(new int[0], (double) 0.5732f));
        assertEquals("tensor(3.)", f32(new int[0], 3.0));
        assertEquals("tensor(-0.)", f32(new int[0], -0.0));
        assertEquals("tensor(nan)", f32(new int[0], Double.NaN));
        assertEquals("tensor(7)", TensorFormatter.format(DType.INT64, new int[0], null, new long[] {7}, null));
        assertEquals("tensor(True)",
                TensorFormatter.format(DType.BOOL, new int[0], null, null, new boolean[] {true}));
    }

    @Test
    void handWrittenVectors() {
        assertEquals("tensor([1., 2., 3.])", f32(new int[] {3}, 1, 2, 3));
        assertEquals("tensor([1.0000e-05, 5.0000e-01])", f32(new int[] {2}, 1e-5, 0.5));
        assertEquals("tensor([nan, 1.])", f32(new int[] {2}, Double.NaN, 1));
        assertEquals("tensor([ True, False])",
                TensorFormatter.format(DType.BOOL, new int[] {2}, null, null, new boolean[] {true, false}));
        assertEquals("tensor([  -5,  100, 1000])",
                TensorFormatter.format(DType.INT64, new int[] {3}, null, new long[] {-5, 100, 1000}, null));
        // half-even on the exact binary value, as Python does: 0.03125 -> 0.0312
        assertEquals("tensor([0.0312, 1.0000], dtype=torch.float64)",
                TensorFormatter.format(DType.FLOAT64, new int[] {2}, new double[] {0.03125, 1.0}, null, null));
    }

    @Test
    void handWrittenSuffixes() {
        assertEquals("tensor([], size=(0, 3))", f32(new int[] {0, 3}));
        assertEquals("tensor([])", f32(new int[] {0}));
        assertEquals("tensor([], dtype=torch.int64)",
                TensorFormatter.format(DType.INT64, new int[] {0}, null, new long[0], null));
        assertEquals("tensor(2., grad_fn=<MeanBackward0>)",
                TensorFormatter.format(DType.FLOAT32, new int[0], new double[] {2}, null, null,
                        "MeanBackward0", true));
        assertEquals("tensor([1., 2.], requires_grad=True)",
                TensorFormatter.format(DType.FLOAT32, new int[] {2}, new double[] {1, 2}, null, null, null, true));
        assertEquals("tensor([ 1.1874, -0.4578, -0.0181, -0.8034], dtype=torch.float64,\n"
                        + "       requires_grad=True)",
                TensorFormatter.format(DType.FLOAT64, new int[] {4},
                        new double[] {1.1874, -0.4578, -0.0181, -0.8034}, null, null, null, true));
    }

    @Test
    void handWrittenSummary() {
        double[] v = new double[2000];
        for (int i = 0; i < v.length; i++) v[i] = i + 1000; // max/min < 1000: int mode, not sci
        assertEquals("tensor([1000., 1001., 1002.,  ..., 2997., 2998., 2999.])", f32(new int[] {2000}, v));
    }

    @Test
    void pythonNumberFormatting() {
        assertEquals("1.2346e+08", TensorFormatter.formatSci(123456789.0, 4));
        assertEquals("1.0000e+10", TensorFormatter.formatSci(9.99996e9, 4));
        assertEquals("-0.0000e+00", TensorFormatter.formatSci(-0.0, 4));
        assertEquals("1.0000e+200", TensorFormatter.formatSci(1e200, 4));
        assertEquals("-0.0000", TensorFormatter.formatFixed(-0.00001, 4));
        assertEquals("2", TensorFormatter.formatFixed(2.5, 0));
        assertEquals("(5,)", TensorFormatter.shapeTuple(new int[] {5}));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> TensorFormatter.format(DType.FLOAT32, new int[] {2}, new double[3], null, null));
        assertThrows(IllegalArgumentException.class,
                () -> TensorFormatter.format(DType.INT64, new int[] {1}, new double[1], null, null));
        assertThrows(IllegalArgumentException.class,
                () -> TensorFormatter.format(DType.FLOAT32, new int[] {1}, new double[1], new long[1], null));
    }
}
