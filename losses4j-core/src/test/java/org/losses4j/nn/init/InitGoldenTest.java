package org.losses4j.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.nn.Linear;
import org.losses4j.nn.Module;
import org.losses4j.nn.ReLU;
import org.losses4j.nn.Sequential;
import org.losses4j.nn.Sigmoid;
import org.losses4j.nn.Tanh;
import org.losses4j.testing.Golden;

/**
 * nn.init and the modules' initial parameters against PyTorch after torch.manual_seed(0, 1, 42)
 * (tools/golden/gen_init.py): float32 bit for bit, float64 uniforms bit for bit, float64 normals within 2 ulps
 * (PyTorch takes them from glibc's log/sin/cos, see Generator).
 */
class InitGoldenTest {
    static final JsonObject FIX = Golden.load("/golden/train/init.json").getAsJsonObject();

    static Tensor call(String fn, int[] shape, DType dt, JsonObject kw) {
        Tensor t = Tensor.empty(dt, shape);
        switch (fn) {
            case "uniform_": return Init.uniform_(t, num(kw, "a", 0), num(kw, "b", 1));
            case "normal_": return Init.normal_(t, num(kw, "mean", 0), num(kw, "std", 1));
            case "constant_": return Init.constant_(t, num(kw, "val", 0));
            case "zeros_": return Init.zeros_(t);
            case "ones_": return Init.ones_(t);
            case "xavier_uniform_": return Init.xavierUniform_(t, gain(kw));
            case "xavier_normal_": return Init.xavierNormal_(t, gain(kw));
            case "kaiming_uniform_": return Init.kaimingUniform_(t, num(kw, "a", 0), mode(kw), str(kw, "nonlinearity", "leaky_relu"));
            case "kaiming_normal_": return Init.kaimingNormal_(t, num(kw, "a", 0), mode(kw), str(kw, "nonlinearity", "leaky_relu"));
            default: throw new IllegalArgumentException(fn);
        }
    }

    static double gain(JsonObject kw) {
        if (!kw.has("gain")) return 1.0;
        JsonElement g = kw.get("gain");
        return g.getAsJsonPrimitive().isString() ? Init.calculateGain(g.getAsString()) : g.getAsDouble();
    }

    static Init.FanMode mode(JsonObject kw) { return Init.FanMode.of(str(kw, "mode", "fan_in")); }

    static double num(JsonObject kw, String k, double d) { return kw.has(k) ? kw.get(k).getAsDouble() : d; }

    static String str(JsonObject kw, String k, String d) { return kw.has(k) ? kw.get(k).getAsString() : d; }

    /** Bit-for-bit comparison (float64 normals: within 2 ulps), or the SHA-256 of the bytes for big tensors. */
    static void assertSame(JsonObject spec, Tensor actual, boolean f64Normal, String what) throws Exception {
        assertEquals(Golden.dtype(spec.get("dtype").getAsString()), actual.dtype(), what);
        assertTrue(java.util.Arrays.equals(Golden.ints(spec.get("shape")), actual.shape()), what);
        if (spec.has("sha256")) {
            JsonArray head = spec.getAsJsonArray("head");
            float[] a = actual.contiguous().toFloatArray();
            for (int i = 0; i < head.size(); i++) assertEquals(Float.floatToIntBits((float) head.get(i).getAsDouble()), Float.floatToIntBits(a[i]), what + " [" + i + "]");
            ByteBuffer bb = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : a) bb.putFloat(v);
            String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bb.array()));
            assertEquals(spec.get("sha256").getAsString(), hex, what + ": SHA-256 of the float32 bytes");
            return;
        }
        Tensor expected = Golden.tensor(spec);
        if (actual.dtype() == DType.FLOAT32) {
            float[] e = expected.toFloatArray(), a = actual.toFloatArray();
            for (int i = 0; i < e.length; i++) assertEquals(Float.floatToIntBits(e[i]), Float.floatToIntBits(a[i]), what + " [" + i + "]: " + e[i] + " vs " + a[i]);
        } else {
            double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
            for (int i = 0; i < e.length; i++) {
                if (f64Normal) assertTrue(Math.abs(e[i] - a[i]) <= 2 * Math.ulp(e[i]), what + " [" + i + "]: " + e[i] + " vs " + a[i]);
                else assertEquals(Double.doubleToLongBits(e[i]), Double.doubleToLongBits(a[i]), what + " [" + i + "]");
            }
        }
    }

    @Test
    void everyInitFunctionDrawsPyTorchsValuesInSequence() throws Exception {
        int checked = 0;
        for (JsonElement s : FIX.getAsJsonArray("sequences")) {
            JsonObject seq = s.getAsJsonObject();
            long seed = seq.get("seed").getAsLong();
            Tensor.manualSeed(seed);
            for (JsonElement c : seq.getAsJsonArray("calls")) {
                JsonObject call = c.getAsJsonObject();
                String fn = call.get("fn").getAsString();
                DType dt = Golden.dtype(call.get("dtype").getAsString());
                Tensor out = call(fn, Golden.ints(call.get("shape")), dt, call.getAsJsonObject("kwargs"));
                assertSame(call.getAsJsonObject("out"), out, dt == DType.FLOAT64 && fn.contains("normal"), "seed " + seed + " " + fn + " " + call.get("kwargs"));
                checked++;
            }
        }
        assertEquals(72, checked);
    }

    @Test
    void gainsAndFansArePyTorchs() {
        for (JsonElement e : FIX.getAsJsonArray("gains")) {
            JsonObject g = e.getAsJsonObject();
            Double p = g.get("param").isJsonNull() ? null : g.get("param").getAsDouble();
            assertEquals(g.get("gain").getAsDouble(), Init.calculateGain(g.get("nonlinearity").getAsString(), p), 0.0, g.toString());
        }
        for (JsonElement e : FIX.getAsJsonArray("fans")) {
            JsonObject f = e.getAsJsonObject();
            int[] fan = Init.calculateFanInAndFanOut(Tensor.empty(Golden.ints(f.get("shape"))));
            assertEquals(f.get("fan_in").getAsInt(), fan[0], f.toString());
            assertEquals(f.get("fan_out").getAsInt(), fan[1], f.toString());
        }
    }

    @Test
    void errorsSayWhatPyTorchSays() {
        Map<String, Runnable> calls = Map.of(
                "fan_1d", () -> Init.xavierUniform_(Tensor.empty(5)),
                "gain_unknown", () -> Init.calculateGain("swish"),
                "mode_unknown", () -> Init.kaimingUniform_(Tensor.empty(3, 4), 0, Init.FanMode.of("fan_avg"), "leaky_relu"));
        for (JsonElement e : FIX.getAsJsonArray("errors")) {
            JsonObject o = e.getAsJsonObject();
            var ex = assertThrows(IllegalArgumentException.class, calls.get(o.get("name").getAsString())::run);
            assertEquals(o.get("message").getAsString(), ex.getMessage());
        }
    }

    static Module make(String name) {
        switch (name) {
            case "linear_4_16": return new Linear(4, 16);
            case "linear_3_2_nobias": return new Linear(3, 2, false);
            case "linear_784_256": return new Linear(784, 256);
            case "mlp_4_16_3": return new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
            case "mlp_tanh_sigmoid": return new Sequential(new Linear(5, 8), new Tanh(), new Linear(8, 8), new Sigmoid(), new Linear(8, 1));
            default: throw new IllegalArgumentException(name);
        }
    }

    @Test
    void modulesStartFromPyTorchsParametersWithPyTorchsNamesAndRepr() throws Exception {
        for (JsonElement e : FIX.getAsJsonArray("modules")) {
            JsonObject m = e.getAsJsonObject();
            String what = m.get("name").getAsString() + " seed " + m.get("seed").getAsLong();
            Tensor.manualSeed(m.get("seed").getAsLong());
            Module mod = make(m.get("name").getAsString());
            assertEquals(m.get("repr").getAsString(), mod.toString(), what);
            List<String> names = new ArrayList<>();
            for (JsonElement p : m.getAsJsonArray("parameters")) names.add(p.getAsJsonObject().get("name").getAsString());
            assertEquals(names, new ArrayList<>(mod.namedParameters().keySet()), what);
            int i = 0;
            for (Tensor p : mod.parameters()) {
                JsonObject spec = m.getAsJsonArray("parameters").get(i++).getAsJsonObject();
                assertTrue(p.requiresGrad() && p.isLeaf(), what);
                assertSame(spec.getAsJsonObject("value"), p, false, what + " " + spec.get("name").getAsString());
            }
        }
    }
}
