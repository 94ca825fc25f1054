package org.losses4j.bench.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Which rounding each float32 element-wise kernel of the optimizer updates has in the libtorch that DJL loads:
 * runs one operation at a time ({@code Probe} of {@code bench/torchscript_optim.py}) on seeded data and counts, for
 * each candidate formula (with or without a fused multiply-add, in one order or another), the elements it does not
 * reproduce, separately for the kernel's vectorised body (the first n - n mod 32 elements: PyTorch's CPU loops take
 * two vectors at a time, 32 floats with AVX-512, 16 with AVX2) and its scalar tail.
 *
 * <pre>
 * java -Dai.djl.offline=true -cp ... org.losses4j.bench.djl.DjlOpProbe --module target/optim_probe.pt
 * </pre>
 */
public final class DjlOpProbe {
    private DjlOpProbe() {}

    private interface F3 {
        float apply(float a, float b, float c, double s);
    }

    /**
     * Runs the probe.
     *
     * @param args {@code --module FILE.pt} (the probe module)
     */
    public static void main(String[] args) {
        Path module = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--module")) module = Path.of(args[++i]);
            else throw new IllegalArgumentException("unknown option " + args[i]);
        }
        if (module == null) throw new IllegalArgumentException("--module FILE.pt is required");
        Engine engine = Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(1);
        JniUtils.setGraphExecutorOptimize(false);
        String cap = System.getenv("ATEN_CPU_CAPABILITY");
        System.out.println("# PyTorch " + engine.getVersion() + " through DJL " + Engine.getDjlVersion() + ", ATEN_CPU_CAPABILITY="
                + (cap == null ? "(unset)" : cap) + "; mismatching elements per candidate: vector body / scalar tail");
        try (PtNDManager m = (PtNDManager) engine.newBaseManager()) {
            PtSymbolBlock probe = JniUtils.loadModule(m, module, false, new String[0], new String[0], false);
            probe(m, probe, 0, "addcmul_(b, c, value=s)", new double[] {1 - 0.999, 1 - 0.9, -1}, false, Map.of(
                    "fma(s*b, c, a)", (a, b, c, s) -> Math.fma((float) s * b, c, a),
                    "a + (s*b)*c", (a, b, c, s) -> a + (float) s * b * c,
                    "fma(s, b*c, a)", (a, b, c, s) -> Math.fma((float) s, b * c, a)));
            probe(m, probe, 1, "addcdiv_(b, c, value=s)", new double[] {-0.01, -0.0123456789}, true, Map.of(
                    "a + (s*b)/c", (a, b, c, s) -> a + (float) s * b / c,
                    "fma(s, b/c, a)", (a, b, c, s) -> Math.fma((float) s, b / c, a),
                    "a + s*(b/c)", (a, b, c, s) -> a + (float) s * (b / c),
                    "fma(s*b, 1/c, a)", (a, b, c, s) -> Math.fma((float) s * b, 1f / c, a)));
            probe(m, probe, 2, "lerp_(b, w)", new double[] {1 - 0.9, 1 - 0.3, 1 - 0.99}, false, Map.of(
                    "fma: w<0.5 fma(w, b-a, a), else fma(w-1, b-a, b)", (a, b, c, s) -> {
                        float w = (float) s, d = b - a;
                        return Math.abs(w) < 0.5f ? Math.fma(w, d, a) : Math.fma(w - 1f, d, b);
                    },
                    "unfused: w<0.5 a + w*(b-a), else b - (b-a)*(1-w)", (a, b, c, s) -> {
                        float w = (float) s, d = b - a;
                        return Math.abs(w) < 0.5f ? a + w * d : b - d * (1f - w);
                    }));
            probe(m, probe, 3, "add_(b, alpha=s)", new double[] {-0.01, 0.9, 1 - 0.5}, false, Map.of(
                    "fma(b, s, a)", (a, b, c, s) -> Math.fma(b, (float) s, a),
                    "a + s*b", (a, b, c, s) -> a + (float) s * b));
            probe(m, probe, 4, "sqrt()", new double[] {0}, true, Map.of(
                    "correctly rounded", (a, b, c, s) -> (float) Math.sqrt(a)));
            probe(m, probe, 9, "pow(0.5)", new double[] {0}, true, Map.of(
                    "correctly rounded", (a, b, c, s) -> (float) Math.sqrt(a)));
            probe(m, probe, 10, "double().sqrt().float()", new double[] {0}, true, Map.of(
                    "correctly rounded", (a, b, c, s) -> (float) Math.sqrt(a)));
            probe(m, probe, 5, "a / s (s a Python float)", new double[] {Math.sqrt(1 - Math.pow(0.999, 3)), Math.sqrt(1 - 0.99)}, false, Map.of(
                    "a / (float) s", (a, b, c, s) -> a / (float) s,
                    "a * (float) (1 / s)", (a, b, c, s) -> a * (float) (1 / s),
                    "a * (1 / (float) s)", (a, b, c, s) -> a * (1f / (float) s)));
            probe(m, probe, 6, "add_(s)", new double[] {1e-8, 1e-6}, true, Map.of(
                    "a + (float) s", (a, b, c, s) -> a + (float) s));
            probe(m, probe, 7, "mul_(s)", new double[] {0.999, 0.9}, false, Map.of(
                    "a * (float) s", (a, b, c, s) -> a * (float) s));
        }
    }

    private static int ordered(float f) {
        int b = Float.floatToIntBits(f);
        return b < 0 ? Integer.MIN_VALUE - b : b;
    }

    private static void probe(PtNDManager m, PtSymbolBlock probe, long op, String what, double[] scalars, boolean positive,
                              Map<String, F3> candidates) {
        Random r = new Random(42 + op);
        for (int n : new int[] {35, 1031}) {
            float[] a = new float[n], b = new float[n], c = new float[n];
            for (int i = 0; i < n; i++) {
                // magnitudes over several decades, as optimizer states have
                a[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(5) - 3));
                b[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(3) - 1));
                c[i] = (float) (Math.abs(r.nextGaussian()) * Math.pow(10, r.nextInt(3) - 1) + 1e-3);
                if (positive) a[i] = Math.abs(a[i]);
            }
            int body = n - n % 32;
            for (double s : scalars) {
                float[] got;
                try (PtNDArray x = (PtNDArray) m.create(a, new Shape(n)); PtNDArray y = (PtNDArray) m.create(b, new Shape(n));
                     PtNDArray z = (PtNDArray) m.create(c, new Shape(n));
                     IValue out = probe.forward(IValue.from(op), IValue.from(x), IValue.from(y), IValue.from(z), IValue.from(s));
                     PtNDArray res = out.toTensor(m)) {
                    got = res.toFloatArray();
                }
                Map<String, String> line = new LinkedHashMap<>();
                for (var e : candidates.entrySet()) {
                    int inBody = 0, inTail = 0;
                    long maxUlps = 0;
                    for (int i = 0; i < n; i++) {
                        float want = e.getValue().apply(a[i], b[i], c[i], s);
                        if (Float.floatToIntBits(want) != Float.floatToIntBits(got[i])) {
                            if (i < body) inBody++;
                            else inTail++;
                            maxUlps = Math.max(maxUlps, Math.abs((long) ordered(want) - ordered(got[i])));
                        }
                    }
                    line.put(e.getKey(), inBody + "/" + body + " " + inTail + "/" + (n - body) + (maxUlps == 0 ? "" : " (<= " + maxUlps + " ulp)"));
                }
                System.out.printf(Locale.ROOT, "%-26s s=%-22s n=%-5d %s%n", what, s, n, line);
            }
        }
    }
}
