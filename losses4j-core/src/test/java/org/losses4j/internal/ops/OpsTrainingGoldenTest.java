package org.losses4j.internal.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradMode;
import org.losses4j.testing.Golden;

/**
 * The training ops against PyTorch 1.13 (tools/golden/gen_ops_training.py): matmul in every documented case and its
 * relatives, gather / index_select / scatter_add / cat / stack / where (values, gradients, grad_fn), PyTorch's
 * messages for bad shapes, dtypes and indices, in-place arithmetic bit for bit, and the in-place rules (leaves, views,
 * version counters) as named scenarios that repeat the generator's calls.
 */
class OpsTrainingGoldenTest {

    private static Tensor leaf() { return Tensor.randn(3).requiresGrad_(true); }

    /** The generator's scenarios, call for call. */
    static final Map<String, Runnable> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("exp_output_modified", () -> { Tensor y = leaf().exp(); y.add_(1); y.sum().backward(); });
        SCENARIOS.put("mul_input_rebased", () -> { Tensor y = leaf().mul(2); Tensor z = y.mul(y); y.add_(1); z.sum().backward(); });
        SCENARIOS.put("mul_leaf_modified_under_no_grad", () -> {
            Tensor x = leaf(); Tensor z = x.mul(x);
            try (var s = GradMode.noGrad()) { x.add_(1); }
            z.sum().backward();
        });
        SCENARIOS.put("mm_leaf_modified_under_no_grad", () -> {
            Tensor w = Tensor.randn(new org.losses4j.Generator(1), DType.FLOAT64, 2, 3).requiresGrad_(true); Tensor z = w.mm(w.t());
            try (var s = GradMode.noGrad()) { w.mul_(2); }
            z.sum().backward();
        });
        SCENARIOS.put("matmul_weight_modified", () -> {
            Tensor x = Tensor.randn(4, 3).requiresGrad_(true), w = Tensor.randn(3, 2); Tensor z = x.matmul(w);
            w.add_(1);
            z.sum().backward();
        });
        SCENARIOS.put("sigmoid_output_modified", () -> { Tensor y = leaf().sigmoid(); y.mul_(2); y.sum().backward(); });
        SCENARIOS.put("pow_input_zeroed", () -> { Tensor y = leaf().mul(1); Tensor z = y.pow(2); y.zero_(); z.sum().backward(); });
        SCENARIOS.put("div_divisor_filled", () -> { Tensor x = leaf(); Tensor d = Tensor.rand(3).add(1); Tensor z = x.div(d); d.fill_(2); z.sum().backward(); });
        SCENARIOS.put("leaf_add_", () -> leaf().add_(1));
        SCENARIOS.put("leaf_sub_", () -> leaf().sub_(Tensor.ones(3), 2));
        SCENARIOS.put("leaf_mul_", () -> leaf().mul_(2));
        SCENARIOS.put("leaf_div_", () -> leaf().div_(2));
        SCENARIOS.put("leaf_zero_", () -> leaf().zero_());
        SCENARIOS.put("leaf_fill_", () -> leaf().fill_(1));
        SCENARIOS.put("leaf_clamp_", () -> leaf().clamp_(0.0, 1.0));
        SCENARIOS.put("leaf_copy_", () -> leaf().copy_(Tensor.ones(3)));
        SCENARIOS.put("leaf_scatter_add_", () -> leaf().scatterAdd_(0, Tensor.of(0L), Tensor.ones(1)));
        SCENARIOS.put("leaf_uniform_", () -> leaf().uniform_(0, 1));
        SCENARIOS.put("leaf_normal_", () -> leaf().normal_(0, 1));
        SCENARIOS.put("view_of_leaf_add_", () -> leaf().select(0, 0).add_(1));
        SCENARIOS.put("view_of_leaf_mul_", () -> leaf().view(3).mul_(2));
        SCENARIOS.put("inplace_int_from_float", () -> Tensor.ones(DType.INT64, 3).add_(1.5));
        SCENARIOS.put("inplace_broadcast_self", () -> Tensor.ones(3).add_(Tensor.ones(2, 3)));
        SCENARIOS.put("inplace_int_div", () -> Tensor.ones(DType.INT64, 3).div_(2));
        SCENARIOS.put("inplace_int_alpha", () -> Tensor.ones(DType.INT64, 3).sub_(Tensor.ones(DType.INT64, 3), 2.5));
    }

    @TestFactory
    Stream<DynamicTest> matchesTorch() {
        var cases = Golden.load("/golden/ops_training.json").getAsJsonArray();
        assertTrue(cases.size() >= 150, "expected the full fixture set, got " + cases.size());
        List<DynamicTest> tests = new ArrayList<>();
        int scenarios = 0;
        for (JsonElement c : cases) {
            JsonObject o = c.getAsJsonObject();
            if (o.has("scenario")) scenarios++;
            tests.add(DynamicTest.dynamicTest(o.get("name").getAsString(), () -> run(o)));
        }
        assertEquals(SCENARIOS.size(), scenarios, "every Java scenario has a fixture and the reverse");
        return tests.stream();
    }

    private static void run(JsonObject c) {
        String name = c.get("name").getAsString();
        if (c.has("scenario")) {
            Runnable r = SCENARIOS.get(c.get("scenario").getAsString());
            assertNotNull(r, "no Java scenario " + name);
            RuntimeException e = assertThrows(RuntimeException.class, r::run, name);
            assertEquals(c.get("error").getAsString(), e.getMessage(), name);
            return;
        }
        String op = c.get("op").getAsString();
        JsonObject kw = c.getAsJsonObject("kwargs");
        if (c.has("exact")) {
            runInPlace(c, op, kw, name);
            return;
        }
        List<Tensor> args = new ArrayList<>();
        for (JsonElement a : c.getAsJsonArray("args")) args.add(Golden.tensor(a));
        if (c.has("error")) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> call(op, args, kw), name);
            assertEquals(c.get("error").getAsString(), e.getMessage(), name);
            return;
        }
        for (Tensor t : args) if (t.dtype().isFloatingPoint()) t.requiresGrad_(true);
        Tensor out = call(op, args, kw);
        Golden.assertClose(Golden.tensor(c.get("out")), out, name + " out");
        JsonElement fn = c.get("grad_fn");
        if (fn != null && !fn.isJsonNull()) assertEquals(fn.getAsString(), out.gradFn() == null ? null : out.gradFn().name(), name + " grad_fn");
        JsonElement go = c.get("grad_out");
        if (go == null || go.isJsonNull()) return;
        out.backward(Golden.tensor(go));
        var grads = c.getAsJsonArray("grads");
        for (int i = 0; i < args.size(); i++) {
            if (grads.get(i).isJsonNull()) continue;
            Golden.assertClose(Golden.tensor(grads.get(i)), args.get(i).grad(), name + " grad[" + i + "]");
        }
    }

    private static Tensor call(String op, List<Tensor> a, JsonObject kw) {
        Tensor x = a.get(0);
        switch (op) {
            case "matmul": return x.matmul(a.get(1));
            case "mm": return x.mm(a.get(1));
            case "bmm": return x.bmm(a.get(1));
            case "dot": return x.dot(a.get(1));
            case "mv": return x.mv(a.get(1));
            case "gather": return x.gather(kw.get("dim").getAsInt(), a.get(1));
            case "index_select": return x.indexSelect(kw.get("dim").getAsInt(), a.get(1));
            case "scatter_add": return x.scatterAdd(kw.get("dim").getAsInt(), a.get(1), a.get(2));
            case "cat": return Tensor.cat(kw.get("dim").getAsInt(), a.toArray(new Tensor[0]));
            case "stack": return Tensor.stack(kw.get("dim").getAsInt(), a.toArray(new Tensor[0]));
            case "where": return Tensor.where(x, a.get(1), a.get(2));
            default: throw new IllegalArgumentException("unknown op " + op);
        }
    }

    private static void runInPlace(JsonObject c, String op, JsonObject kw, String name) {
        var args = c.getAsJsonArray("args");
        Tensor self = Golden.tensor(args.get(0));
        JsonElement o = args.size() > 1 ? args.get(1) : null;
        boolean scalar = o != null && o.getAsJsonObject().has("scalar");
        Tensor other = o == null || scalar ? null : Golden.tensor(o);
        double s = scalar ? o.getAsJsonObject().get("scalar").getAsDouble() : 0;
        double alpha = kw.has("alpha") ? kw.get("alpha").getAsDouble() : 1;
        switch (op) {
            case "add_": if (scalar) self.add_(s); else self.add_(other, alpha); break;
            case "sub_": if (scalar) self.sub_(s); else self.sub_(other, alpha); break;
            case "mul_": if (scalar) self.mul_(s); else self.mul_(other); break;
            case "div_": if (scalar) self.div_(s); else self.div_(other); break;
            case "clamp_": self.clamp_(kw.has("min") ? kw.get("min").getAsDouble() : null, kw.has("max") ? kw.get("max").getAsDouble() : null); break;
            case "copy_": self.copy_(other); break;
            default: throw new IllegalArgumentException("unknown in-place op " + op);
        }
        Tensor expected = Golden.tensor(c.get("out"));
        assertEquals(expected.dtype(), self.dtype(), name);
        if (self.dtype() == DType.INT64) assertArrayEquals(expected.toLongArray(), self.toLongArray(), name);
        else assertArrayEquals(expected.toDoubleArray(), self.toDoubleArray(), 0.0, name + " (bit for bit)");
    }
}
