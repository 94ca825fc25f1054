package org.losses4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.io.NpyTensors;

/**
 * The CLI under bad input, in process: corrupt, truncated and oversized .npy files, wrong magic,
 * unknown options, keywords and losses, missing files, and inputs the loss rejects. Each must exit 2 with exactly
 * one line on stderr, starting with {@code error:} (and not {@code error: internal}), within a time limit.
 */
class CliBadInputTest {
    @TempDir Path dir;
    Path input, target;

    @BeforeEach
    void files() throws IOException {
        input = dir.resolve("input.npy");
        target = dir.resolve("target.npy");
        NpyTensors.write(input, Tensor.wrap(DType.FLOAT64, new double[] {0.1, -0.4, 1.5, 2.0, -3.0, 0.25}, 2, 3));
        NpyTensors.write(target, Tensor.wrap(DType.FLOAT64, new double[] {0.0, 1.0, 1.0, -2.0, 0.5, 0.0}, 2, 3));
    }

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            StringWriter so = new StringWriter(), se = new StringWriter();
            int rc = Main.run(args, new PrintWriter(so, true), new PrintWriter(se, true));
            return new Run(rc, so.toString(), se.toString());
        });
    }

    static void assertBadInput(Run r, String what) {
        assertEquals(2, r.status(), what + ": exit status; stderr: " + r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), what + ": exactly one stderr line, got: " + r.err());
        assertTrue(lines.get(0).startsWith("error:"), what + ": " + lines.get(0));
        assertTrue(!lines.get(0).startsWith("error: internal"), what + ": reported as internal: " + lines.get(0));
    }

    Path withBytes(String name, byte[] b) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, b);
        return p;
    }

    Run evalMse(Path in) { return run("eval", "MSELoss", "--input", in.toString(), "--target", target.toString()); }

    @Test
    void validCallSucceeds() {
        Run r = evalMse(input);
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void truncatedFilesAtEveryLengthExit2() throws IOException {
        byte[] b = Files.readAllBytes(input);
        for (int len = 0; len < b.length; len++) {
            assertBadInput(evalMse(withBytes("t" + len + ".npy", Arrays.copyOf(b, len))), "truncated to " + len + " of " + b.length + " bytes");
        }
    }

    @Test
    void wrongMagicExit2() throws IOException {
        byte[] b = Files.readAllBytes(input);
        for (int i = 0; i < 6; i++) {
            byte[] m = b.clone();
            m[i] ^= 0x20;
            assertBadInput(evalMse(withBytes("magic" + i + ".npy", m)), "magic byte " + i);
        }
        assertBadInput(evalMse(withBytes("text.npy", "hello, world\n".getBytes(StandardCharsets.US_ASCII))), "a text file");
        assertBadInput(evalMse(withBytes("version.npy", patch(b, 6, (byte) 9))), "unknown format version");
    }

    static byte[] patch(byte[] b, int at, byte v) {
        byte[] m = b.clone();
        m[at] = v;
        return m;
    }

    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of("huge shape", "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000, 1000000000), }"),
                Arguments.of("huge 1-d shape", "{'descr': '<f8', 'fortran_order': False, 'shape': (2147483647,), }"),
                Arguments.of("shape product overflowing long", "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }"),
                Arguments.of("negative dim", "{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 6), }"),
                Arguments.of("shape larger than data", "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 4), }"),
                Arguments.of("unknown dtype", "{'descr': '<c16', 'fortran_order': False, 'shape': (2, 3), }"),
                Arguments.of("object dtype", "{'descr': '|O', 'fortran_order': False, 'shape': (2, 3), }"),
                Arguments.of("not a dict", "[1, 2, 3]"),
                Arguments.of("missing shape", "{'descr': '<f8', 'fortran_order': False, }"),
                Arguments.of("garbage", "{{{{(((('''"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void corruptHeaderExit2(String what, String header) throws IOException {
        byte[] data = new byte[48];
        assertBadInput(evalMse(withBytes("h.npy", npy(header, data))), what);
    }

    /** A version 1.0 .npy file with this header text (padded to 64 bytes) and data. */
    static byte[] npy(String header, byte[] data) {
        StringBuilder h = new StringBuilder(header);
        while ((10 + h.length() + 1) % 64 != 0) h.append(' ');
        h.append('\n');
        byte[] hb = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + hb.length + data.length];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (hb.length & 0xff), (byte) (hb.length >> 8)};
        System.arraycopy(magic, 0, out, 0, 10);
        System.arraycopy(hb, 0, out, 10, hb.length);
        System.arraycopy(data, 0, out, 10 + hb.length, data.length);
        return out;
    }

    @Test
    void randomCorruptionNeverCrashes() throws IOException {
        byte[] b = Files.readAllBytes(input);
        Random r = new Random(7);
        for (int k = 0; k < 200; k++) {
            byte[] m = b.clone();
            for (int j = 0; j < 1 + r.nextInt(4); j++) m[r.nextInt(Math.min(m.length, 128))] = (byte) r.nextInt(256);
            Run run = evalMse(withBytes("c" + k + ".npy", m));
            if (run.status() == 0) continue;   // a flip inside the data or the padding leaves a valid file
            assertBadInput(run, "corruption " + k);
        }
    }

    @Test
    void unknownOptionsAndLossesExit2() {
        assertBadInput(run("eval", "MSELoss", "--input", input.toString(), "--target", target.toString(), "--no_such_keyword", "1"), "unknown keyword");
        assertBadInput(run("eval", "NoSuchLoss", "--input", input.toString(), "--target", target.toString()), "unknown loss");
        assertBadInput(run("eval", "MSELoss", "--input", input.toString()), "missing target");
        assertBadInput(run("eval", "MSELoss", "--input", input.toString(), "--target", target.toString(), "--reduction", "avg"), "bad reduction");
        assertBadInput(run("eval", "MSELoss", "--input", input.toString(), "--target", dir.resolve("missing.npy").toString()), "missing file");
        assertBadInput(run("--no-such-flag"), "unknown top-level option");
        assertBadInput(run("no-such-command"), "unknown command");
        assertBadInput(run("gradcheck", "NoSuchLoss"), "gradcheck of an unknown loss");
        assertBadInput(run("eval", "CrossEntropyLoss", "--input", input.toString(), "--target", target.toString(), "--ignore_index", "x"), "non-integer keyword");
    }

    @Test
    void inputsTheLossRejectsExit2() throws IOException {
        Path idx = dir.resolve("idx.npy"), wide = dir.resolve("wide.npy");
        NpyTensors.write(idx, Tensor.of(0L, 7L));
        NpyTensors.write(wide, Tensor.zeros(DType.FLOAT64, 3, 4));
        List<String[]> bad = new ArrayList<>();
        bad.add(new String[] {"eval", "CrossEntropyLoss", "--input", input.toString(), "--target", idx.toString()});   // target 7 out of bounds
        bad.add(new String[] {"eval", "MSELoss", "--input", input.toString(), "--target", wide.toString()});          // shapes do not broadcast
        bad.add(new String[] {"eval", "NLLLoss", "--input", input.toString(), "--target", target.toString()});        // float target
        for (String[] a : bad) assertBadInput(run(a), String.join(" ", a));
    }
}
