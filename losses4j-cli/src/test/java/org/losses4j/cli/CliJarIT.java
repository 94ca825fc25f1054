package org.losses4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.losses4j.Tensor;
import org.losses4j.io.NpyTensors;

/** Runs the shaded jar as a user does (java -jar losses4j.jar ...), checking output, files and exit status. */
class CliJarIT {
    record Run(int rc, String out, String err) {}

    static Path jar;

    @TempDir Path tmp;

    @BeforeAll
    static void findJar() {
        jar = Path.of(System.getProperty("losses4j.jar", "target/losses4j.jar"));
        assertTrue(Files.exists(jar), "the shaded jar should exist at " + jar.toAbsolutePath());
    }

    static Run run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command should finish");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void versionAndHelp() throws Exception {
        Run v = run("--version");
        assertEquals(0, v.rc);
        assertTrue(v.out.startsWith("losses4j "), v.out);
        for (String sub : List.of("tour", "list", "eval", "plot", "gradcheck")) {
            Run h = run(sub, "--help");
            assertEquals(0, h.rc, sub + ": " + h.err);
            assertTrue(h.out.contains("Usage: losses4j " + sub), h.out);
        }
    }

    @Test
    void evalRoundTripWritesLossAndGradients() throws Exception {
        Tensor.manualSeed(0);
        Path a = tmp.resolve("a.npy"), b = tmp.resolve("b.npy");
        NpyTensors.write(a, Tensor.randn(3, 5));
        NpyTensors.write(b, Tensor.randn(3, 5));
        Path out = tmp.resolve("out");
        Run r = run("eval", "MSELoss", "--input", a.toString(), "--target", b.toString(), "--out", out.toString());
        assertEquals(0, r.rc, r.err);
        // torch.manual_seed(0); a, b = randn(3,5), randn(3,5); print(nn.MSELoss()(a.requires_grad_(), b))
        assertEquals("tensor(1.6508, grad_fn=<MseLossBackward0>)", r.out.strip());
        Tensor loss = NpyTensors.read(out.resolve("loss.npy"));
        assertEquals(0, loss.dim());
        assertEquals(1.6508, loss.item(), 1e-4);
        assertEquals(15, NpyTensors.read(out.resolve("grad_input.npy")).numel());
        assertTrue(Files.exists(out.resolve("grad_target.npy")));
    }

    @Test
    void badInputExitsTwoWithOneErrorLine() throws Exception {
        Path bad = tmp.resolve("bad.npy");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5});
        Path ok = tmp.resolve("ok.npy");
        NpyTensors.write(ok, Tensor.zeros(3));
        Path wide = tmp.resolve("wide.npy");
        NpyTensors.write(wide, Tensor.zeros(4));
        String[][] cases = {
            {"eval", "NoSuchLoss", "--input", ok.toString()},
            {"eval", "MSELoss", "--input", tmp.resolve("missing.npy").toString(), "--target", ok.toString()},
            {"eval", "MSELoss", "--input", bad.toString(), "--target", ok.toString()},
            {"eval", "MSELoss", "--input", ok.toString(), "--target", wide.toString()},
            {"eval", "MSELoss", "--input", ok.toString(), "--target", ok.toString(), "--no_such_option", "1"},
            {"eval", "MSELoss", "--input", ok.toString()},
            {"nonsense"},
        };
        for (String[] c : cases) {
            Run r = run(c);
            assertEquals(2, r.rc, String.join(" ", c) + " -> " + r.err);
            assertTrue(r.err.startsWith("error: "), r.err);
            assertEquals(1, r.err.strip().lines().count(), "one line: " + r.err);
            assertTrue(!r.err.contains("Exception") && !r.err.contains("\tat "), "no stack trace: " + r.err);
        }
    }

    @Test
    void plotWritesADecodablePngOfTheRequestedSize() throws Exception {
        Path png = tmp.resolve("fig.png");
        Run r = run("plot", "--out", png.toString(), "--width", "640", "--height", "480");
        assertEquals(0, r.rc, r.err);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "decodable PNG");
        assertEquals(640, img.getWidth());
        assertEquals(480, img.getHeight());
        Path svg = tmp.resolve("fig.svg");
        Run s = run("plot", "MSELoss", "L1Loss", "--grad", "--range", "-3:3", "--out", svg.toString());
        assertEquals(0, s.rc, s.err);
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg"), "an SVG document");
    }

    @Test
    void tourThroughTheJarPrintsTheTutorialsValues() throws Exception {
        Path fig = tmp.resolve("tour.png");
        Run r = run("tour", "--figure", fig.toString());
        assertEquals(0, r.rc, r.err);
        for (String v : List.of("KLDivLoss: tensor(-0.3335)", "MultiLabelMarginLoss: tensor(0.4500)", "SoftMarginLoss: tensor(0.6764)",
                "MultiMarginLoss: tensor(0.6000)", "HingeEmbeddingLoss: tensor(0.7667)", "CosineEmbeddingLoss: tensor(0.5000)",
                "BCELoss: tensor(0.6587, grad_fn=<BinaryCrossEntropyBackward0>)")) {
            assertTrue(r.out.contains(v), "tour output should contain " + v);
        }
        assertNotNull(ImageIO.read(fig.toFile()));
        // the tutorial's KLDivLoss() has reduction='mean': PyTorch's warning, as Python prints it, and nothing else
        assertEquals("UserWarning: " + org.losses4j.nn.KLDivLoss.MEAN_WARNING, r.err.strip(), "stderr");
    }

    /** One PyTorch fixture case per loss, through the jar: values and gradients read back from the written files. */
    @Test
    void evalThroughTheJarMatchesTorchForEveryLoss() throws Exception {
        java.util.Set<String> seen = new java.util.TreeSet<>();
        List<Path> files;
        try (var s = Files.list(EvalFixturesTest.FIXTURES)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path f : files) {
            for (var c : org.losses4j.testing.Golden.load("/golden/losses/" + f.getFileName()).getAsJsonArray()) {
                var o = c.getAsJsonObject();
                String loss = o.get("loss").getAsString();
                if (seen.contains(loss) || o.has("error") || !o.has("grads")) continue;
                seen.add(loss);
                List<String> argv = EvalFixturesTest.evalArgs(o, tmp.resolve(o.get("name").getAsString()));
                Run r = run(argv.toArray(String[]::new));
                assertEquals(0, r.rc, loss + ": " + r.err);
                EvalFixturesTest.checkOutputs(o, tmp.resolve(o.get("name").getAsString()).resolve("out"));
            }
        }
        assertEquals(org.losses4j.nn.Losses.NAMES.size(), seen.size(), "one case per loss, got " + seen);
    }

    @Test
    void gradcheckPassesWithExitZero() throws Exception {
        Run r = run("gradcheck", "MSELoss", "--reduction", "sum");
        assertEquals(0, r.rc, r.out + r.err);
        assertTrue(r.out.contains("passed"), r.out);
    }
}
