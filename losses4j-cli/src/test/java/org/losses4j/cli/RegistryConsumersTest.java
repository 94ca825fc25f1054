package org.losses4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.io.NpyTensors;
import org.losses4j.nn.Loss;
import org.losses4j.nn.LossOptions;
import org.losses4j.nn.LossSpec;
import org.losses4j.nn.Losses;

/**
 * Every declared loss ({@link Losses#ALL}) is reachable from each command: {@code list} shows it with all its
 * arguments and keywords, {@code eval} computes it on gradcheck's sample inputs and writes a gradient for exactly the
 * floating arguments its declaration calls differentiable, {@code gradcheck} passes, {@code plot} draws it (or says it
 * has no curve). The CLI's own data ({@link Catalog}) covers every declared loss exactly once.
 */
class RegistryConsumersTest {
    @TempDir Path dir;

    @Test
    void catalogCoversEveryDeclaredLossExactlyOnceInTheRegistrysOrder() {
        List<LossSpec> keys = new ArrayList<>();
        for (Catalog.Entry e : Catalog.ENTRIES) keys.add(e.spec());
        assertEquals(Losses.ALL, keys);
        assertEquals(keys.size(), new HashSet<>(keys).size());
        for (Catalog.Entry e : Catalog.ENTRIES) {
            Map<String, Tensor> sample = e.sample().apply(new Generator(0));
            assertEquals(Set.copyOf(e.spec().argNames()), sample.keySet(), e.name() + ": gradcheck's sample gives every argument");
        }
    }

    @Test
    void listShowsEveryLossWithItsArgumentsKeywordsDefaultsAndGradFns() {
        CliBadInputTest.Run r = CliBadInputTest.run("list");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        int at = 0;
        for (LossSpec s : Losses.ALL) {
            while (at < lines.size() && !lines.get(at).startsWith(s.name() + "  (")) at++;
            assertTrue(at < lines.size(), s.name() + " missing or out of order in list");
            int end = at + 1;
            while (end < lines.size() && lines.get(end).startsWith(" ")) end++;
            String block = String.join("\n", lines.subList(at, end));
            assertTrue(block.contains("arguments: --" + String.join(" --", s.argNames())), block);
            for (LossSpec.Arg a : s.args()) assertTrue(block.contains(a.accepts()), s.name() + " " + a.name());
            for (LossSpec.Option o : s.options()) {
                assertTrue(block.contains(o.name() + "=" + o.defaultValue()), s.name() + " " + o);
                assertTrue(block.contains(o.description()), s.name() + " " + o);
            }
            assertTrue(block.contains("grad_fn:   " + String.join(", ", s.gradFns())), block);
            at = end;
        }
    }

    @Test
    void evalComputesEveryLossAndDifferentiatesExactlyTheDeclaredArguments() throws Exception {
        for (Catalog.Entry e : Catalog.ENTRIES) {
            LossSpec s = e.spec();
            Map<String, Tensor> sample = e.sample().apply(new Generator(0));
            Path d = Files.createDirectories(dir.resolve(s.name()));
            List<String> args = new ArrayList<>(List.of("eval", s.name()));
            for (String a : s.argNames()) {
                Path p = d.resolve(a + ".npy");
                NpyTensors.write(p, sample.get(a));
                args.add("--" + a);
                args.add(p.toString());
            }
            args.add("--out");
            args.add(d.resolve("out").toString());
            CliBadInputTest.Run r = CliBadInputTest.run(args.toArray(String[]::new));
            assertEquals(0, r.status(), s.name() + ": " + r.err());
            assertTrue(r.out().startsWith("tensor("), s.name() + ": " + r.out());
            assertTrue(Files.exists(d.resolve("out").resolve("loss.npy")));
            for (LossSpec.Arg a : s.args()) {
                boolean expected = a.differentiable() && sample.get(a.name()).dtype().isFloatingPoint();
                assertEquals(expected, Files.exists(d.resolve("out").resolve("grad_" + a.name() + ".npy")), s.name() + " grad_" + a.name());
            }
        }
    }

    @Test
    void gradcheckPassesForEveryLoss() {
        for (LossSpec s : Losses.ALL) {
            CliBadInputTest.Run r = CliBadInputTest.run("gradcheck", s.name());
            assertEquals(0, r.status(), s.name() + ": " + r.out() + r.err());
            assertTrue(r.out().contains("passed"), r.out());
        }
    }

    @Test
    void plotDrawsEveryLossWithACurveAndRefusesTheOthers() throws Exception {
        int drawn = 0;
        Set<String> refused = new java.util.TreeSet<>();
        for (Catalog.Entry e : Catalog.ENTRIES) {
            Path out = dir.resolve(e.name() + ".svg");
            CliBadInputTest.Run r = CliBadInputTest.run("plot", e.name(), "--grad", "--points", "50", "--out", out.toString());
            if (e.curve() == null) {
                CliBadInputTest.assertBadInput(r, "plot " + e.name());
                assertTrue(r.err().contains(e.name() + " has no per-element curve to plot"), r.err());
                refused.add(e.name());
            } else {
                assertEquals(0, r.status(), e.name() + ": " + r.err());
                assertTrue(Files.size(out) > 1000, e.name());
                drawn++;
            }
        }
        // a row of these depends on the others (CTC: the frames of a sequence; InfoNCE: the batch, its negatives)
        assertEquals(Set.of("CTCLoss", "InfoNCELoss"), refused, "the losses without a per-element curve");
        assertEquals(Catalog.ENTRIES.size() - 2, drawn, "every other loss has a per-element curve");
    }

    /** The sample's grad_fn is a declared one; each declared default, passed explicitly, gives the same value. */
    @Test
    void declaredGradFnsAndDefaultsAgreeWithTheLossOnTheSamples() {
        for (Catalog.Entry e : Catalog.ENTRIES) {
            LossSpec s = e.spec();
            Map<String, Tensor> sample = e.sample().apply(new Generator(0));
            Tensor[] in = new Tensor[s.args().size()];
            for (int i = 0; i < in.length; i++) {
                Tensor t = sample.get(s.argNames().get(i));
                in[i] = t.dtype().isFloatingPoint() && s.args().get(i).differentiable() ? t.detach().requiresGrad_(true) : t;
            }
            Tensor base = Losses.create(s.name(), LossOptions.empty()).apply(in);
            assertTrue(s.gradFns().contains(base.gradFn().name()), s.name() + ": " + base.gradFn().name());
            for (LossSpec.Option o : s.options()) {
                Map<String, Object> kw = new HashMap<>();
                kw.put(o.name(), KeywordArgsDefault.of(o));
                Loss l = Losses.create(s.name(), new LossOptions(kw));
                Tensor v = l.apply(in);
                // element by element: a loss whose default reduction is 'none' (SigmoidFocalLoss) gives a tensor
                org.junit.jupiter.api.Assertions.assertArrayEquals(base.toDoubleArray(), v.toDoubleArray(), 0.0, s.name() + " with " + o + " given explicitly");
                assertEquals(base.gradFn().name(), v.gradFn().name(), s.name() + " with " + o);
            }
        }
    }

    /** A declared default typed as the command line types it (KeywordArgs), with quotes removed from strings. */
    static final class KeywordArgsDefault {
        static Object of(LossSpec.Option o) {
            String v = o.defaultValue();
            if (v.startsWith("'") && v.endsWith("'")) return v.substring(1, v.length() - 1);
            try {
                return KeywordArgs.typed(v);
            } catch (java.io.IOException ex) {
                throw new AssertionError(ex);
            }
        }
    }
}
