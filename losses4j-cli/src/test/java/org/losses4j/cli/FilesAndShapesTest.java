package org.losses4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.io.NpyArray;
import org.losses4j.io.NpyTensors;
import org.losses4j.io.Npz;
import org.losses4j.nn.Losses;
import org.losses4j.nn.MSELoss;

/**
 * Files in and out of the command: output paths that cannot be written are bad input (exit 2, before any work);
 * {@code eval} reads arrays of .npz archives ({@code FILE.npz:NAME}); {@code gradcheck} takes {@code --shape} and
 * {@code --dtype} and casts tensor options to the check's dtype.
 */
class FilesAndShapesTest {
    @TempDir Path dir;
    Path input, target, aFile;

    @BeforeEach
    void files() throws Exception {
        Generator g = new Generator(3);
        input = dir.resolve("input.npy");
        target = dir.resolve("target.npy");
        NpyTensors.write(input, Tensor.randn(g, DType.FLOAT32, 4, 5));
        NpyTensors.write(target, Tensor.randn(g, DType.FLOAT32, 4, 5));
        aFile = dir.resolve("x.npy");
        Files.writeString(aFile, "not a directory");
    }

    static CliBadInputTest.Run run(String... a) { return CliBadInputTest.run(a); }

    static void assertBad(CliBadInputTest.Run r, String what, String... contains) {
        CliBadInputTest.assertBadInput(r, what);
        for (String c : contains) assertTrue(r.err().contains(c), what + ": stderr should contain '" + c + "': " + r.err());
    }

    // ------------------------------------------------------------------ output paths

    @Test
    void outputPathsUnderAFileExit2BeforeAnyWork() {
        String under = aFile.resolve("o").toString();
        assertBad(run("eval", "MSELoss", "--input", input.toString(), "--target", target.toString(), "--out", under), "eval --out",
                "--out " + under, "is a file, not a directory");
        assertBad(run("eval", "MSELoss", "--input", input.toString(), "--target", target.toString(), "--out", aFile.toString()), "eval --out FILE",
                "is a file, not a directory");
        assertBad(run("plot", "MSELoss", "--out", aFile.resolve("p.png").toString()), "plot --out", "is a file, not a directory");
        assertBad(run("plot", "--out", aFile.resolve("sub").resolve("p.svg").toString()), "plot --out deeper", "is a file, not a directory");
        assertBad(run("tour", "3.5.5", "--figure", aFile.resolve("f.png").toString()), "tour --figure", "is a file, not a directory");
        assertBad(run("tour", "train", "--figure", aFile.resolve("f.png").toString()), "tour train --figure", "is a file, not a directory");
        // bench checks its plot file before it times anything (this would take minutes otherwise)
        assertBad(run("bench", "--sweep", "--out", aFile.resolve("s.png").toString()), "bench --sweep --out", "is a file, not a directory");
        assertBad(run("bench", "--sweep", "--out", dir.resolve("s.pdf").toString()), "bench --sweep --out .pdf", "must end in .png or .svg");
        assertFalse(Files.exists(dir.resolve("losses4j-plot.png")));
    }

    @Test
    void aDirectoryWhereAFileGoesExit2() throws Exception {
        Path d = Files.createDirectories(dir.resolve("plot.png"));
        assertBad(run("plot", "MSELoss", "--out", d.toString()), "plot --out DIR", "is a directory");
    }

    @Test
    void fileSystemErrorsAreBadInputNotInternal() {
        assertEquals("x.npy: Not a directory", Main.fileProblem(new java.nio.file.FileSystemException("x.npy", null, "Not a directory")));
        assertEquals("f.npy: no such file", Main.fileProblem(new java.nio.file.NoSuchFileException("f.npy")));
        assertEquals("d: permission denied", Main.fileProblem(new java.nio.file.AccessDeniedException("d")));
        assertTrue(Main.isBadInput(new java.io.IOException("disk full")));
        assertTrue(Main.isBadInput(new java.io.UncheckedIOException(new java.io.IOException("x"))));
        assertFalse(Main.isBadInput(new IllegalStateException("a bug")));
    }

    @Test
    void evalCreatesItsOutputDirectory() throws Exception {
        Path out = dir.resolve("a").resolve("b");
        CliBadInputTest.Run r = run("eval", "MSELoss", "--input", input.toString(), "--target", target.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.exists(out.resolve("grad_input.npy")));
    }

    // ------------------------------------------------------------------ .npz input

    @Test
    void evalReadsArraysOfNpzArchives() throws Exception {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("input", NpyTensors.read(input));
        arrays.put("target", NpyTensors.read(target));
        arrays.put("upstream", Tensor.full(DType.FLOAT32, 2.0));
        Path npz = dir.resolve("f.npz");
        NpyTensors.writeAll(npz, arrays);
        Path zipped = dir.resolve("z.npz");
        Map<String, NpyArray> raw = new LinkedHashMap<>();
        arrays.forEach((k, v) -> raw.put(k, NpyTensors.fromTensor(v)));
        Npz.writeCompressed(zipped, raw);
        Path expectedDir = dir.resolve("expected");
        CliBadInputTest.Run expected = run("eval", "MSELoss", "--input", input.toString(), "--target", target.toString(), "--out", expectedDir.toString());
        assertEquals(0, expected.status(), expected.err());
        Tensor expectedGrad = NpyTensors.read(expectedDir.resolve("grad_input.npy"));
        for (List<String> args : List.of(List.of("--input", npz + ":input", "--target", npz + ":target"), List.of("--input", npz.toString(),
                "--target", npz.toString()), List.of("--input", zipped + ":input", "--target", zipped + ":target"))) {
            Path o = dir.resolve("o" + args.hashCode());
            List<String> argv = new java.util.ArrayList<>(List.of("eval", "MSELoss"));
            argv.addAll(args);
            argv.addAll(List.of("--out", o.toString()));
            CliBadInputTest.Run r = run(argv.toArray(String[]::new));
            assertEquals(0, r.status(), args + ": " + r.err());
            assertEquals(expected.out(), r.out(), args.toString());
            assertEquals(expectedGrad.toString(), NpyTensors.read(o.resolve("grad_input.npy")).toString(), args.toString());
        }
        // an upstream gradient from the archive: mean reduction, so grad = 2 x the default's
        Path o2 = dir.resolve("o2");
        CliBadInputTest.Run r = run("eval", "MSELoss", "--input", npz + ":input", "--target", npz + ":target", "--grad-output", npz + ":upstream",
                "--out", o2.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(expectedGrad.mul(2).toString(), NpyTensors.read(o2.resolve("grad_input.npy")).toString());
    }

    @Test
    void npzTensorOptionsMatchNpyOnes() throws Exception {
        Path w = dir.resolve("w.npy"), idx = dir.resolve("idx.npy"), npz = dir.resolve("opts.npz");
        Tensor weight = Tensor.of(0.5f, 1f, 2f, 1f, 0.25f);
        NpyTensors.write(w, weight);
        NpyTensors.write(idx, Tensor.of(0L, 4L, 2L, 1L));
        NpyTensors.writeAll(npz, Map.of("w", weight));
        CliBadInputTest.Run a = run("eval", "CrossEntropyLoss", "--weight", w.toString(), "--input", input.toString(), "--target", idx.toString());
        CliBadInputTest.Run b = run("eval", "CrossEntropyLoss", "--weight", npz + ":w", "--input", input.toString(), "--target", idx.toString());
        CliBadInputTest.Run c = run("eval", "CrossEntropyLoss", "--weight", npz.toString(), "--input", input.toString(), "--target", idx.toString());
        assertEquals(0, a.status(), a.err());
        assertEquals(a.out(), b.out());
        assertEquals(a.out(), c.out());
        CliBadInputTest.Run unweighted = run("eval", "CrossEntropyLoss", "--input", input.toString(), "--target", idx.toString());
        assertFalse(unweighted.out().equals(a.out()), "the weight is used");
    }

    @Test
    void badNpzReferencesExit2WithTheArchivesNames() throws Exception {
        Path npz = dir.resolve("f.npz");
        NpyTensors.writeAll(npz, Map.of("a", Tensor.zeros(3)));
        Path two = dir.resolve("two.npz");
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("a", Tensor.zeros(3));
        m.put("b", Tensor.zeros(3));
        NpyTensors.writeAll(two, m);
        assertBad(run("eval", "MSELoss", "--input", npz + ":nope", "--target", target.toString()), "missing member",
                "has no array 'nope' (it holds: a)");
        assertBad(run("eval", "MSELoss", "--input", two.toString(), "--target", target.toString()), "ambiguous archive",
                "holds 2 arrays (a, b): name one, as " + two + ":a");
        assertBad(run("eval", "MSELoss", "--input", dir.resolve("missing.npz") + ":a", "--target", target.toString()), "missing archive",
                "missing.npz: no such file");
        assertBad(run("eval", "MSELoss", "--input", input.toString() + ".txt", "--target", target.toString()), "not an array",
                "expects a .npy file or an array of a .npz file");
        Path notZip = dir.resolve("bad.npz");
        Files.writeString(notZip, "hello");
        assertBad(run("eval", "MSELoss", "--input", notZip + ":a", "--target", target.toString()), "not a zip", "not a .npz file");
    }

    // ------------------------------------------------------------------ gradcheck --shape --dtype

    static CliBadInputTest.Run passes(String... a) {
        CliBadInputTest.Run r = run(a);
        assertEquals(0, r.status(), String.join(" ", a) + ": " + r.out() + r.err());
        assertTrue(r.out().contains("passed"), r.out());
        return r;
    }

    @Test
    void gradcheckTakesTheShapeAPosWeightNeeds() throws Exception {
        Path pw = dir.resolve("pw.npy");
        NpyTensors.write(pw, Tensor.of(1f, 2f, 3f, 0.5f, 1f, 1f, 2f, 4f, 1f, 0.25f));   // float32, 10 classes
        // the default sample is (3, 5): the 10 weights do not broadcast, and the loss says so as PyTorch would
        CliBadInputTest.assertBadInput(run("gradcheck", "BCEWithLogitsLoss", "--pos_weight", pw.toString()), "pos_weight against (3, 5)");
        CliBadInputTest.Run r = passes("gradcheck", "BCEWithLogitsLoss", "--pos_weight", pw.toString(), "--shape", "4,10");
        assertTrue(r.out().contains("input (4, 10) float64") && r.out().contains("over 80 input elements"), r.out());
        passes("gradcheck", "BCEWithLogitsLoss", "--pos_weight", pw.toString(), "--shape", "(2, 3, 10)");
        passes("gradcheck", "BCEWithLogitsLoss", "--pos_weight", pw.toString(), "--shape", "4x10", "--dtype", "float32");
    }

    @Test
    void gradcheckCastsFloat32TensorOptions() throws Exception {
        Path w = dir.resolve("w.npy");
        NpyTensors.write(w, Tensor.of(0.5f, 1f, 2f, 1f, 0.25f));
        // eval keeps PyTorch's rule: a float32 weight with float64 logits is an error
        Path x64 = dir.resolve("x64.npy"), idx = dir.resolve("idx.npy");
        NpyTensors.write(x64, Tensor.randn(new Generator(1), DType.FLOAT64, 4, 5));
        NpyTensors.write(idx, Tensor.of(0L, 4L, 2L, 1L));
        CliBadInputTest.assertBadInput(run("eval", "CrossEntropyLoss", "--weight", w.toString(), "--input", x64.toString(), "--target",
                idx.toString()), "eval with mixed dtypes");
        passes("gradcheck", "CrossEntropyLoss", "--weight", w.toString());
        passes("gradcheck", "NLLLoss", "--weight", w.toString(), "--reduction", "sum");
        passes("gradcheck", "MultiLabelSoftMarginLoss", "--weight", w.toString());
        passes("gradcheck", "CrossEntropyLoss", "--weight", w.toString(), "--dtype", "float32");
    }

    @Test
    void gradcheckShapesFollowTheFirstArgument() {
        passes("gradcheck", "CrossEntropyLoss", "--shape", "7");
        passes("gradcheck", "CrossEntropyLoss", "--shape", "2,3,4");
        passes("gradcheck", "NLLLoss", "--shape", "2,4,3", "--reduction", "none");
        passes("gradcheck", "CTCLoss", "--shape", "20,3,6");
        passes("gradcheck", "CTCLoss", "--shape", "8,4");
        passes("gradcheck", "CTCLoss", "--shape", "3,2,2");
        passes("gradcheck", "MultiLabelMarginLoss", "--shape", "6");
        passes("gradcheck", "MultiMarginLoss", "--shape", "4,7", "--p", "2");
        passes("gradcheck", "CosineEmbeddingLoss", "--shape", "9");
        passes("gradcheck", "TripletMarginLoss", "--shape", "2,3");
        passes("gradcheck", "MSELoss", "--shape", "()");
        passes("gradcheck", "GaussianNLLLoss", "--shape", "2,2,2");
        passes("gradcheck", "MarginRankingLoss", "--shape", "(11,)");
        CliBadInputTest.Run r = passes("gradcheck", "KLDivLoss", "--shape", "2x6", "--reduction", "batchmean");
        assertTrue(r.out().contains("input (2, 6)"), r.out());
    }

    @Test
    void everyLossPassesInFloat32() {
        for (String name : Losses.NAMES) {
            CliBadInputTest.Run r = passes("gradcheck", name, "--dtype", "float32");
            assertTrue(r.out().contains(" float32;"), r.out());
        }
    }

    @Test
    void shapeParsing() {
        assertEquals(List.of(4, 10), box(GradcheckCommand.parseShape("4,10")));
        assertEquals(List.of(4, 10), box(GradcheckCommand.parseShape("4x10")));
        assertEquals(List.of(4, 10), box(GradcheckCommand.parseShape(" (4, 10) ")));
        assertEquals(List.of(4, 10), box(GradcheckCommand.parseShape("[4,10]")));
        assertEquals(List.of(7), box(GradcheckCommand.parseShape("(7,)")));
        assertEquals(List.of(), box(GradcheckCommand.parseShape("()")));
        for (String bad : List.of("4,,10", "4,-1", "0", "x", "4.5", "5000", "100,100", "1,1,1,1,1,1,1,1,1")) {
            assertThrows(Main.BadInput.class, () -> GradcheckCommand.parseShape(bad), bad);
        }
        assertEquals(DType.FLOAT32, GradcheckCommand.parseDtype("torch.float32"));
        assertEquals(DType.FLOAT64, GradcheckCommand.parseDtype("float64"));
    }

    static List<Integer> box(int[] a) { return java.util.Arrays.stream(a).boxed().toList(); }

    /** An entry declared with a sample of one fixed shape (the older form) takes that shape only. */
    @Test
    void aFixedShapeEntryTakesItsOwnShapeOnly() {
        Catalog.Entry fixed = new Catalog.Entry(MSELoss.SPEC, g -> Map.of("input", Tensor.zeros(DType.FLOAT64, 2, 2), "target",
                Tensor.zeros(DType.FLOAT64, 2, 2)), false, null);
        assertEquals(2, fixed.sample(new Generator(0), new int[] {2, 2}).get("input").dim());
        Main.BadInput e = assertThrows(Main.BadInput.class, () -> fixed.sample(new Generator(0), new int[] {3}));
        assertTrue(e.getMessage().contains("fixed shape (2, 2)"), e.getMessage());
    }
}
