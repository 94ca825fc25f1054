package org.losses4j.bench.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.losses4j.DType;
import org.losses4j.Losses4j;
import org.losses4j.Tensor;
import org.losses4j.optim.Adagrad;
import org.losses4j.optim.Adam;
import org.losses4j.optim.AdamW;
import org.losses4j.optim.Optimizer;
import org.losses4j.optim.RMSprop;
import org.losses4j.optim.SGD;

/**
 * The optimizer cases of {@code golden/train/optim.json} run three ways in one JVM, parameters compared bit for
 * bit at every checkpoint: losses4j's optimizers; PyTorch 2.x's single-tensor updates as TorchScript
 * ({@code bench/torchscript_optim.py}) executed by libtorch 2.7.1 through DJL, so every element-wise operation
 * ({@code lerp_}, {@code addcmul_}, {@code addcdiv_}, {@code add_(alpha=)}, {@code maximum}, {@code sqrt}, the
 * division by a Python float) is libtorch 2.7.1's own kernel; and the fixture's stored "expected" (2.x's update
 * on 1.13's kernels) and "torch113" (1.13's optimizer) values.
 *
 * <p>DJL's NDArray API has no {@code lerp}, {@code addcmul}, {@code addcdiv} or {@code add} with alpha, and a
 * composition of its operations rounds differently from the fused kernels; DJL's PyTorch engine runs TorchScript
 * ({@link PtSymbolBlock}), which reaches every ATen operator. The graph executor's optimisations are turned off
 * ({@code JniUtils.setGraphExecutorOptimize(false)}), so the operators run one by one as written.
 *
 * <pre>
 * /usr/bin/python3 bench/torchscript_optim.py target/optim.pt
 * java -Dai.djl.offline=true -cp ... org.losses4j.bench.djl.DjlOptimCheck --module target/optim.pt
 *      [--fixture losses4j-core/src/test/resources/golden/train/optim.json] [--verbose]
 * </pre>
 * Runs every case twice: the updates as PyTorch writes them, and the same with float32 square roots taken in
 * float64 (correctly rounded), which tells differences in libtorch's float32 {@code sqrt} from everything else.
 * Prints the cases that differ from losses4j and a summary for each; exits with status 1 if, with correctly
 * rounded square roots, a float32 case is not bit-identical or a float64 case is off by more than 1e-12.
 */
public final class DjlOptimCheck {
    private DjlOptimCheck() {}

    /** State tensors per parameter in the TorchScript module: step, then up to four buffers. */
    private static final int SLOTS = 5;

    /**
     * Runs the check.
     *
     * @param args {@code --module FILE.pt} (required), {@code --fixture FILE.json}, {@code --verbose}
     * @throws Exception when the fixture or the module cannot be read
     */
    public static void main(String[] args) throws Exception {
        Path module = null, fixture = Path.of("losses4j-core/src/test/resources/golden/train/optim.json");
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--module": module = Path.of(args[++i]); break;
                case "--fixture": fixture = Path.of(args[++i]); break;
                case "--verbose": verbose = true; break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (module == null) throw new IllegalArgumentException("--module FILE.pt is required");
        JsonObject fx;
        try (Reader r = Files.newBufferedReader(fixture)) {
            fx = JsonParser.parseReader(r).getAsJsonObject();
        }
        Engine engine = Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(1);
        Losses4j.setNumThreads(1);
        JniUtils.setGraphExecutorOptimize(false);
        String cap = System.getenv("ATEN_CPU_CAPABILITY");
        System.out.println("# DJL " + Engine.getDjlVersion() + ", PyTorch " + engine.getVersion() + ", ATEN_CPU_CAPABILITY="
                + (cap == null ? "(unset: the CPU's best)" : cap) + ", module " + module);
        boolean ok = true;
        try (PtNDManager m = (PtNDManager) engine.newBaseManager()) {
            PtSymbolBlock step = JniUtils.loadModule(m, module, false, new String[0], new String[0], false);
            for (boolean exactSqrt : new boolean[] {false, true}) {
                System.out.println(exactSqrt
                        ? "## the same, with float32 square roots taken in float64 (correctly rounded) instead of libtorch's float32 sqrt kernel"
                        : "## PyTorch 2.x's updates as written, every operation a libtorch " + engine.getVersion() + " kernel");
                int cases = 0, f32Cases = 0, oursEqual = 0, oursEqual32 = 0, f64Within = 0, expectedEqual = 0, lerpCases = 0, torch113Equal = 0;
                for (JsonElement e : fx.getAsJsonArray("cases")) {
                    JsonObject c = e.getAsJsonObject();
                    boolean f32 = c.get("dtype").getAsString().equals("float32");
                    Outcome o = run(fx, c, m, step, exactSqrt);
                    cases++;
                    if (f32) f32Cases++;
                    if (o.oursDiff.elements == 0) {
                        oursEqual++;
                        if (f32) oursEqual32++;
                    }
                    if (!f32 && o.oursDiff.maxRel <= 1e-12) f64Within++;
                    if (o.expectedDiff.elements == 0) expectedEqual++;
                    if (o.torch113Diff != null) {
                        lerpCases++;
                        if (o.torch113Diff.elements == 0) torch113Equal++;
                    }
                    if (verbose || o.oursDiff.elements != 0) {
                        System.out.printf(Locale.ROOT, "  %-96s vs losses4j: %s; vs fixture: %s%s%n", c.get("name").getAsString(),
                                o.oursDiff, o.expectedDiff, o.torch113Diff == null ? "" : "; vs 1.13's optimizer: " + o.torch113Diff);
                    }
                }
                System.out.printf(Locale.ROOT, "  %d cases x %d checkpoints: libtorch %s gives losses4j's parameters bit for bit in %d of %d float32 cases"
                                + " and %d of %d float64 cases (%d of them within 1e-12 relative); the fixture's expected in %d cases;"
                                + " 1.13's optimizer (where its update differs from 2.x's) in %d of %d%n",
                        cases, fx.getAsJsonArray("checkpoints").size(), engine.getVersion(), oursEqual32, f32Cases, oursEqual - oursEqual32,
                        cases - f32Cases, f64Within, expectedEqual, torch113Equal, lerpCases);
                if (exactSqrt) ok = oursEqual32 == f32Cases && f64Within == cases - f32Cases;
            }
        }
        if (!ok) System.exit(1);
    }

    /** Differences over every checkpoint of a case: elements that differ, and the largest distance in ulps. */
    static final class Diff {
        long elements;
        long maxUlps;
        double maxRel;

        void add(double a, double b, boolean f32) {
            long d = f32 ? Math.abs((long) ordered((float) a) - ordered((float) b)) : Math.abs(ordered(a) - ordered(b));
            if (d != 0) {
                elements++;
                maxUlps = Math.max(maxUlps, d);
                maxRel = Math.max(maxRel, Math.abs(a - b) / Math.max(1, Math.abs(a)));
            }
        }

        @Override
        public String toString() {
            return elements == 0 ? "bit-identical" : String.format(Locale.ROOT, "%d elements differ, up to %d ulp (%.1e)", elements, maxUlps, maxRel);
        }
    }

    private static int ordered(float f) {
        int b = Float.floatToIntBits(f);
        return b < 0 ? Integer.MIN_VALUE - b : b;
    }

    private static long ordered(double d) {
        long b = Double.doubleToLongBits(d);
        return b < 0 ? Long.MIN_VALUE - b : b;
    }

    private record Outcome(Diff oursDiff, Diff expectedDiff, Diff torch113Diff) {}

    private static Outcome run(JsonObject fx, JsonObject c, PtNDManager m, PtSymbolBlock module, boolean exactSqrt) {
        String dt = c.get("dtype").getAsString();
        boolean f32 = dt.equals("float32");
        String cls = c.get("optimizer").getAsString();
        JsonObject kw = c.getAsJsonObject("options");
        JsonArray init = fx.getAsJsonObject("init").getAsJsonArray(dt);
        Torch t = torch(cls, kw);

        List<Tensor> ours = new ArrayList<>();
        List<PtNDArray> theirs = new ArrayList<>(), state = new ArrayList<>();
        for (JsonElement s : init) {
            double[] v = data(s);
            long[] shape = shape(s);
            ours.add(Tensor.wrap(f32 ? DType.FLOAT32 : DType.FLOAT64, f32 ? floats(v) : v, ints(shape)).requiresGrad_(true));
            PtNDArray p = array(m, v, shape, f32);
            theirs.add(p);
            state.add((PtNDArray) m.create(0f)); // 2.x keeps step as a 0-dim float32 tensor
            for (int k = 1; k < SLOTS; k++) {
                PtNDArray z = (PtNDArray) m.zeros(p.getShape(), p.getDataType());
                if (k == 1 && t.initialSum != 0) {
                    z.close();
                    z = JniUtils.full(m, p.getShape(), t.initialSum, p.getDataType(), p.getDevice(), SparseFormat.DENSE);
                }
                state.add(z);
            }
        }
        Optimizer opt = ours(cls, kw, ours);
        Diff oursDiff = new Diff(), expectedDiff = new Diff(), torch113Diff = c.has("torch113") ? new Diff() : null;
        JsonArray grads = fx.getAsJsonObject("grads").getAsJsonArray(dt);
        for (int step = 0; step < grads.size(); step++) {
            JsonArray gs = grads.get(step).getAsJsonArray();
            List<PtNDArray> g = new ArrayList<>();
            opt.zeroGrad();
            for (int i = 0; i < gs.size(); i++) {
                double[] v = data(gs.get(i));
                ours.get(i).setGrad(Tensor.wrap(f32 ? DType.FLOAT32 : DType.FLOAT64, f32 ? floats(v) : v, ints(shape(gs.get(i)))));
                g.add(array(m, v, shape(gs.get(i)), f32));
            }
            opt.step();
            try (IValue kind = IValue.from(t.kind + (exactSqrt ? 10 : 0));
                 IValue ps = IValue.listFrom(theirs.toArray(new PtNDArray[0]));
                 IValue gl = IValue.listFrom(g.toArray(new PtNDArray[0]));
                 IValue sl = IValue.listFrom(state.toArray(new PtNDArray[0]));
                 IValue hp = IValue.listFrom(t.hp);
                 IValue fl = IValue.listFrom(t.flags);
                 IValue out = module.forward(kind, ps, gl, sl, hp, fl)) {
                out.getType(); // the parameters, updated in place
            }
            for (PtNDArray a : g) a.close();
            String cp = Integer.toString(step + 1);
            if (!c.getAsJsonObject("expected").has(cp)) continue;
            for (int i = 0; i < theirs.size(); i++) {
                double[] lib = f32 ? doubles(theirs.get(i).toFloatArray()) : theirs.get(i).toDoubleArray();
                double[] mine = ours.get(i).toDoubleArray();
                double[] exp = data(c.getAsJsonObject("expected").getAsJsonArray(cp).get(i));
                double[] old = torch113Diff == null ? null : data(c.getAsJsonObject("torch113").getAsJsonArray(cp).get(i));
                for (int k = 0; k < lib.length; k++) {
                    oursDiff.add(lib[k], mine[k], f32);
                    expectedDiff.add(lib[k], exp[k], f32);
                    if (old != null) torch113Diff.add(lib[k], old[k], f32);
                }
            }
        }
        for (NDArray a : theirs) a.close();
        for (NDArray a : state) a.close();
        return new Outcome(oursDiff, expectedDiff, torch113Diff);
    }

    /** The TorchScript module's arguments for a case: kind, hyper-parameters, flags, Adagrad's initial sum. */
    private record Torch(long kind, double[] hp, boolean[] flags, double initialSum) {}

    private static Torch torch(String cls, JsonObject kw) {
        switch (cls) {
            case "SGD":
                return new Torch(0, new double[] {d(kw, "lr", 0), d(kw, "momentum", 0), d(kw, "dampening", 0), d(kw, "weight_decay", 0)},
                        new boolean[] {b(kw, "nesterov"), b(kw, "maximize")}, 0);
            case "Adam": case "AdamW": {
                double b1 = kw.has("betas") ? kw.getAsJsonArray("betas").get(0).getAsDouble() : 0.9;
                double b2 = kw.has("betas") ? kw.getAsJsonArray("betas").get(1).getAsDouble() : 0.999;
                return new Torch(cls.equals("Adam") ? 1 : 2,
                        new double[] {d(kw, "lr", 1e-3), b1, b2, d(kw, "eps", 1e-8), d(kw, "weight_decay", cls.equals("Adam") ? 0 : 1e-2)},
                        new boolean[] {b(kw, "amsgrad"), b(kw, "maximize")}, 0);
            }
            case "RMSprop":
                return new Torch(3, new double[] {d(kw, "lr", 1e-2), d(kw, "alpha", 0.99), d(kw, "eps", 1e-8), d(kw, "weight_decay", 0), d(kw, "momentum", 0)},
                        new boolean[] {b(kw, "centered"), b(kw, "maximize")}, 0);
            case "Adagrad":
                return new Torch(4, new double[] {d(kw, "lr", 1e-2), d(kw, "lr_decay", 0), d(kw, "weight_decay", 0), d(kw, "eps", 1e-10)},
                        new boolean[] {b(kw, "maximize")}, d(kw, "initial_accumulator_value", 0));
            default: throw new IllegalArgumentException(cls);
        }
    }

    /** losses4j's optimizer for a case, the options as the fixture gives them. */
    private static Optimizer ours(String cls, JsonObject kw, List<Tensor> params) {
        switch (cls) {
            case "SGD": {
                var b = SGD.builder();
                if (kw.has("lr")) b.lr(d(kw, "lr", 0));
                if (kw.has("momentum")) b.momentum(d(kw, "momentum", 0));
                if (kw.has("dampening")) b.dampening(d(kw, "dampening", 0));
                if (kw.has("weight_decay")) b.weightDecay(d(kw, "weight_decay", 0));
                b.nesterov(b(kw, "nesterov")).maximize(b(kw, "maximize"));
                return b.build(params);
            }
            case "Adam": {
                var b = Adam.builder();
                if (kw.has("lr")) b.lr(d(kw, "lr", 0));
                if (kw.has("betas")) b.betas(kw.getAsJsonArray("betas").get(0).getAsDouble(), kw.getAsJsonArray("betas").get(1).getAsDouble());
                if (kw.has("eps")) b.eps(d(kw, "eps", 0));
                if (kw.has("weight_decay")) b.weightDecay(d(kw, "weight_decay", 0));
                return b.amsgrad(b(kw, "amsgrad")).maximize(b(kw, "maximize")).build(params);
            }
            case "AdamW": {
                var b = AdamW.builder();
                if (kw.has("lr")) b.lr(d(kw, "lr", 0));
                if (kw.has("betas")) b.betas(kw.getAsJsonArray("betas").get(0).getAsDouble(), kw.getAsJsonArray("betas").get(1).getAsDouble());
                if (kw.has("eps")) b.eps(d(kw, "eps", 0));
                if (kw.has("weight_decay")) b.weightDecay(d(kw, "weight_decay", 0));
                return b.amsgrad(b(kw, "amsgrad")).maximize(b(kw, "maximize")).build(params);
            }
            case "RMSprop": {
                var b = RMSprop.builder();
                if (kw.has("lr")) b.lr(d(kw, "lr", 0));
                if (kw.has("alpha")) b.alpha(d(kw, "alpha", 0));
                if (kw.has("eps")) b.eps(d(kw, "eps", 0));
                if (kw.has("weight_decay")) b.weightDecay(d(kw, "weight_decay", 0));
                if (kw.has("momentum")) b.momentum(d(kw, "momentum", 0));
                return b.centered(b(kw, "centered")).maximize(b(kw, "maximize")).build(params);
            }
            case "Adagrad": {
                var b = Adagrad.builder();
                if (kw.has("lr")) b.lr(d(kw, "lr", 0));
                if (kw.has("lr_decay")) b.lrDecay(d(kw, "lr_decay", 0));
                if (kw.has("weight_decay")) b.weightDecay(d(kw, "weight_decay", 0));
                if (kw.has("initial_accumulator_value")) b.initialAccumulatorValue(d(kw, "initial_accumulator_value", 0));
                if (kw.has("eps")) b.eps(d(kw, "eps", 0));
                return b.maximize(b(kw, "maximize")).build(params);
            }
            default: throw new IllegalArgumentException(cls);
        }
    }

    private static double d(JsonObject o, String k, double dflt) { return o.has(k) ? o.get(k).getAsDouble() : dflt; }

    private static boolean b(JsonObject o, String k) { return o.has(k) && o.get(k).getAsBoolean(); }

    private static double[] data(JsonElement spec) {
        JsonArray a = spec.getAsJsonObject().getAsJsonArray("data");
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsDouble();
        return v;
    }

    private static long[] shape(JsonElement spec) {
        JsonArray a = spec.getAsJsonObject().getAsJsonArray("shape");
        long[] s = new long[a.size()];
        for (int i = 0; i < s.length; i++) s[i] = a.get(i).getAsLong();
        return s;
    }

    private static PtNDArray array(PtNDManager m, double[] v, long[] shape, boolean f32) {
        return (PtNDArray) (f32 ? m.create(floats(v), new Shape(shape)) : m.create(v, new Shape(shape)));
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    private static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    private static int[] ints(long[] s) {
        int[] r = new int[s.length];
        for (int i = 0; i < s.length; i++) r[i] = Math.toIntExact(s[i]);
        return r;
    }
}
