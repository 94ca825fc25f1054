package org.losses4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Compares {@link Generator} with PyTorch 1.13 CPU output recorded by
 * {@code tools/golden/gen_rng.py} in {@code golden/rng.json}.
 *
 * <p>Every call is compared bit for bit, with one documented exception: float64 results of
 * {@code normal_}/{@code randn}. Those go through libm's double {@code log}, {@code sin} and
 * {@code cos}; PyTorch uses glibc's, which are not correctly rounded (about 0.1-0.2% of
 * arguments come out one ulp away from the correctly rounded value), and Java has no way to call
 * them, so {@link Generator} uses {@link Math}'s, which differ from glibc's by one ulp on a
 * similar small fraction of arguments. For those values only, each element must be within a few
 * ulps of PyTorch's, and {@link #float64NormalMismatchesAreRareAndTiny()} bounds how many may
 * differ at all. float32 normals (both kernels), every other distribution, and the generator
 * state after every call (checked by the calls that follow) are exact.
 */
class GeneratorTest {

    /** Max fraction of float64 normal samples allowed to differ (in the last bits) from PyTorch. */
    private static final double MAX_F64_NORMAL_MISMATCH_FRACTION = 0.005;

    private static JsonObject golden;

    private static synchronized JsonObject golden() throws Exception {
        if (golden == null) {
            try (InputStream in = GeneratorTest.class.getResourceAsStream("/golden/rng.json")) {
                assertNotNull(in, "golden/rng.json missing; run tools/golden/gen_rng.py");
                try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    golden = JsonParser.parseReader(r).getAsJsonObject();
                }
            }
        }
        return golden;
    }

    /** Counts of float64 normal samples: total and not bit-identical. */
    private static final class Stats {
        long f64NormalTotal;
        long f64NormalMismatch;
        final List<String> examples = new ArrayList<>();
    }

    @TestFactory
    Stream<DynamicTest> goldenCases() throws Exception {
        JsonArray cases = golden().getAsJsonArray("cases");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement e : cases) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString() + " [seed " + c.get("seed").getAsLong() + "]";
            tests.add(DynamicTest.dynamicTest(name, () -> runCase(c, new Stats())));
        }
        return tests.stream();
    }

    @Test
    void float64NormalMismatchesAreRareAndTiny() throws Exception {
        Stats stats = new Stats();
        for (JsonElement e : golden().getAsJsonArray("cases")) {
            runCase(e.getAsJsonObject(), stats);
        }
        assertTrue(stats.f64NormalTotal > 5_000, "too few float64 normal samples: " + stats.f64NormalTotal);
        double frac = (double) stats.f64NormalMismatch / stats.f64NormalTotal;
        System.out.printf("float64 normal: %d of %d samples differ from PyTorch in the last bits (%.4f%%)%s%n",
                stats.f64NormalMismatch, stats.f64NormalTotal, 100 * frac,
                stats.examples.isEmpty() ? "" : ", e.g. " + stats.examples);
        assertTrue(frac <= MAX_F64_NORMAL_MISMATCH_FRACTION,
                "float64 normal mismatch fraction " + frac + " too high: " + stats.examples);
    }

    private static Generator generatorFor(JsonObject c) {
        long seed = c.get("seed").getAsLong();
        if (c.has("unseeded") && c.get("unseeded").getAsBoolean()) {
            // An unseeded torch.Generator(): PyTorch's default_rng_seed_val.
            assertEquals(Generator.DEFAULT_SEED, seed);
            return new Generator(Generator.DEFAULT_SEED);
        }
        if (c.get("default_generator").getAsBoolean()) {
            Generator.manualSeedDefault(seed);
            Generator g = Generator.defaultGenerator();
            assertEquals(seed, g.initialSeed());
            return g;
        }
        Generator g = new Generator(seed);
        assertEquals(seed, g.initialSeed());
        return g;
    }

    private static void runCase(JsonObject c, Stats stats) {
        Generator g = generatorFor(c);
        int idx = 0;
        for (JsonElement ce : c.getAsJsonArray("calls")) {
            JsonObject call = ce.getAsJsonObject();
            String where = c.get("name").getAsString() + " seed=" + c.get("seed").getAsLong() + " call#" + idx++
                    + " " + call.get("op").getAsString();
            runCall(g, call, where, stats);
        }
    }

    private static int numel(JsonObject call) {
        int n = 1;
        for (JsonElement d : call.getAsJsonArray("shape")) {
            n *= d.getAsInt();
        }
        return n;
    }

    private static void runCall(Generator g, JsonObject call, String where, Stats stats) {
        String op = call.get("op").getAsString();
        String dtype = call.has("dtype") ? call.get("dtype").getAsString() : "float32";
        JsonArray exp = call.getAsJsonArray("expected");
        if (op.equals("randperm")) {
            assertArrayEquals(toLongs(exp), g.randperm(call.get("n").getAsInt()), where);
            return;
        }
        int n = numel(call);
        assertEquals(n, exp.size(), where);
        if (op.equals("randint")) {
            long[] out = new long[n];
            g.randint(out, call.get("low").getAsLong(), call.get("high").getAsLong());
            assertArrayEquals(toLongs(exp), out, where);
            return;
        }
        if (op.equals("random") || op.equals("random_to")) {
            long from = op.equals("random") ? call.get("from").getAsLong() : 0L;
            long to = call.get("to").getAsLong();
            switch (dtype) {
                case "int64": {
                    long[] out = new long[n];
                    g.random(out, from, to);
                    assertArrayEquals(toLongs(exp), out, where);
                    return;
                }
                case "float32": {
                    float[] out = new float[n];
                    g.random(out, from, to);
                    assertFloatsExact(exp, out, where);
                    return;
                }
                case "float64": {
                    double[] out = new double[n];
                    g.random(out, from, to);
                    assertDoublesExact(exp, out, where);
                    return;
                }
                default:
                    fail("dtype " + dtype);
            }
        }
        boolean isNormal = op.equals("randn") || op.equals("normal") || op.equals("randn_grad")
                || op.equals("randn_sign");
        double mean = op.equals("normal") ? call.get("mean").getAsDouble() : 0.0;
        double std = op.equals("normal") ? call.get("std").getAsDouble() : 1.0;
        if (dtype.equals("float32")) {
            float[] out = new float[n];
            switch (op) {
                case "randn":
                case "randn_grad":
                    g.randn(out);
                    break;
                case "randn_sign":
                    g.randn(out);
                    for (int i = 0; i < n; i++) {
                        out[i] = Math.signum(out[i]);
                    }
                    break;
                case "normal":
                    g.normal(out, mean, std);
                    break;
                case "rand":
                    g.rand(out);
                    break;
                case "uniform":
                    g.uniform(out, call.get("from").getAsDouble(), call.get("to").getAsDouble());
                    break;
                default:
                    fail("op " + op);
            }
            assertFloatsExact(exp, out, where);
        } else if (dtype.equals("float64")) {
            double[] out = new double[n];
            switch (op) {
                case "randn":
                case "randn_grad":
                    g.randn(out);
                    break;
                case "normal":
                    g.normal(out, mean, std);
                    break;
                case "rand":
                    g.rand(out);
                    break;
                case "uniform":
                    g.uniform(out, call.get("from").getAsDouble(), call.get("to").getAsDouble());
                    break;
                default:
                    fail("op " + op);
            }
            if (isNormal) {
                assertLibmClose(exp, out, mean, std, where, stats);
            } else {
                assertDoublesExact(exp, out, where);
            }
        } else {
            fail("dtype " + dtype);
        }
    }

    private static long[] toLongs(JsonArray a) {
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).getAsLong();
        }
        return r;
    }

    private static void assertFloatsExact(JsonArray exp, float[] out, String where) {
        for (int i = 0; i < out.length; i++) {
            double e = exp.get(i).getAsDouble();
            float ef = (float) e;
            assertEquals(e, (double) ef, 0.0, where + ": golden value is not a float32");
            if (Float.floatToRawIntBits(ef) != Float.floatToRawIntBits(out[i])) {
                fail(where + " [" + i + "]: expected " + ef + " but was " + out[i]);
            }
        }
    }

    private static void assertDoublesExact(JsonArray exp, double[] out, String where) {
        for (int i = 0; i < out.length; i++) {
            double e = exp.get(i).getAsDouble();
            if (Double.doubleToRawLongBits(e) != Double.doubleToRawLongBits(out[i])) {
                fail(where + " [" + i + "]: expected " + e + " but was " + out[i]);
            }
        }
    }

    /** float64 normal samples: within 8 ulps of the sample's scale; count non-identical ones. */
    private static void assertLibmClose(JsonArray exp, double[] out, double mean, double std, String where,
            Stats stats) {
        for (int i = 0; i < out.length; i++) {
            double e = exp.get(i).getAsDouble();
            stats.f64NormalTotal++;
            if (Double.doubleToRawLongBits(e) != Double.doubleToRawLongBits(out[i])) {
                stats.f64NormalMismatch++;
                if (stats.examples.size() < 5) {
                    stats.examples.add(where + "[" + i + "] " + e + " vs " + out[i]);
                }
                double tol = 8 * Math.ulp(Math.abs(e) + Math.abs(mean) + std);
                if (!(Math.abs(e - out[i]) <= tol)) {
                    fail(where + " [" + i + "]: expected " + e + " but was " + out[i] + " (beyond libm tolerance)");
                }
            }
        }
    }

    // ------------------------------------------------------------------ non-golden checks

    @Test
    void defaultGeneratorSeedAndStaticSeeding() {
        assertEquals(67280421310721L, Generator.DEFAULT_SEED);
        Generator.manualSeedDefault(7);
        assertEquals(7, Generator.defaultGenerator().initialSeed());
        float[] a = new float[20];
        Generator.defaultGenerator().randn(a);
        float[] b = new float[20];
        new Generator(7).randn(b);
        assertArrayEquals(b, a);
    }

    @Test
    void manualSeedResetsStateAndNormalCache() {
        Generator g = new Generator(3);
        float[] first = new float[3];
        g.randn(first); // leaves a cached sample
        g.manualSeed(3);
        float[] again = new float[3];
        g.randn(again);
        assertArrayEquals(first, again);
    }

    @Test
    void copyIsIndependentAndIdentical() {
        Generator g = new Generator(11);
        g.randn(new double[3]); // cached normal pending
        Generator h = g.copy();
        double[] a = new double[5];
        double[] b = new double[5];
        g.randn(a);
        h.randn(b);
        assertArrayEquals(a, b);
    }

    @Test
    void mersenneTwisterReferenceOutputs() {
        // Standard MT19937 with init_genrand(5489): the 10000th output is 4123659995.
        MT19937 mt = new MT19937(5489);
        int v = 0;
        for (int i = 0; i < 10000; i++) {
            v = mt.nextInt();
        }
        assertEquals(4123659995L, Integer.toUnsignedLong(v));
        // Only the low 32 bits of the seed are used.
        assertEquals(new MT19937(1L << 32 | 5).nextInt(), new MT19937(5).nextInt());
    }

    @Test
    void random64IsHighWordFirst() {
        Generator a = new Generator(99);
        Generator b = new Generator(99);
        long hi = b.random32();
        long lo = b.random32();
        assertEquals((hi << 32) | lo, a.random64());
    }

    @Test
    void argumentChecks() {
        Generator g = new Generator(0);
        assertThrows(IllegalArgumentException.class, () -> g.random(new long[1], 5, 5));
        assertThrows(IllegalArgumentException.class, () -> g.uniform(new float[1], 2, 1));
        assertThrows(IllegalArgumentException.class, () -> g.normal(new double[1], 0, -1));
        assertThrows(IllegalArgumentException.class, () -> g.randperm(-1));
    }
}
