package org.losses4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyRoundTripTest {
    @TempDir
    Path tmp;

    static List<NpyArray> samples() {
        Random r = new Random(42);
        float[] f = new float[24];
        for (int i = 0; i < f.length; i++) f[i] = r.nextFloat() * 2 - 1;
        f[3] = Float.NaN;
        f[4] = -0.0f;
        f[5] = Float.NEGATIVE_INFINITY;
        double[] d = new double[7];
        for (int i = 0; i < d.length; i++) d[i] = r.nextGaussian() * 1e100;
        return List.of(
                NpyArray.ofFloats(new int[] {2, 3, 4}, f),
                NpyArray.ofDoubles(new int[] {7}, d),
                NpyArray.ofDoubles(new int[] {}, new double[] {Math.PI}),
                NpyArray.ofLongs(new int[] {2, 2}, new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}),
                NpyArray.ofInts(new int[] {1, 3, 1}, new int[] {Integer.MIN_VALUE, 7, Integer.MAX_VALUE}),
                NpyArray.ofBools(new int[] {5}, new boolean[] {true, false, false, true, true}),
                NpyArray.ofFloats(new int[] {0, 3}, new float[0]),
                NpyArray.ofInts(new int[] {4, 0, 2}, new int[0]));
    }

    @Test
    void pathRoundTripPreservesEveryDtypeAndShape() throws IOException {
        int i = 0;
        for (NpyArray a : samples()) {
            Path p = tmp.resolve("a" + (i++) + ".npy");
            Npy.write(p, a);
            NpyArray back = Npy.read(p);
            Golden.assertSameArray(a, back, a.toString());
            assertEquals(a, back);
            assertEquals(0, headerLength(Files.readAllBytes(p)) % 64, "data offset aligned to 64");
        }
    }

    @Test
    void severalArraysCanShareOneStream() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<NpyArray> arrays = samples();
        for (NpyArray a : arrays) Npy.write(out, a);
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        for (NpyArray a : arrays) Golden.assertSameArray(a, Npy.read(in, "multi"), a.toString());
        assertEquals(-1, in.read());
    }

    @Test
    void largeArrayCrossesChunkBoundariesOnPathAndStream() throws IOException {
        // 300007 doubles = 2.4 MB: many 64 KiB chunks, an uneven tail, and growth of the
        // unverified-stream buffer from its small initial size.
        double[] d = new double[300_007];
        for (int i = 0; i < d.length; i++) d[i] = i * 0.5 - 7;
        NpyArray a = NpyArray.ofDoubles(new int[] {d.length}, d);
        Path p = tmp.resolve("big.npy");
        Npy.write(p, a);
        assertEquals(a, Npy.read(p));
        try (InputStream in = Files.newInputStream(p)) {
            NpyArray back = Npy.read(in, "big.npy");
            assertEquals(d.length, back.size());
            assertEquals(d[d.length - 1], back.doubles()[d.length - 1]);
            assertEquals(a, back);
        }
        boolean[] b = new boolean[200_003];
        for (int i = 0; i < b.length; i += 3) b[i] = true;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, NpyArray.ofBools(new int[] {b.length}, b));
        assertArrayEquals(b, Npy.read(new ByteArrayInputStream(out.toByteArray()), "bools").bools());
    }

    @Test
    void writtenHeaderIsVersion1LittleEndianCOrder() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, NpyArray.ofInts(new int[] {2, 3}, new int[6]));
        byte[] b = out.toByteArray();
        assertEquals(1, b[6]);
        assertEquals(0, b[7]);
        int hl = headerLength(b);
        String header = new String(b, 10, hl - 10, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }"), header);
        assertTrue(header.endsWith(" \n"), "header ends with padding and a newline");
        assertEquals(hl + 24, b.length);
    }

    @Test
    void littleEndianOnDisk() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, NpyArray.ofInts(new int[] {1}, new int[] {0x01020304}));
        byte[] b = out.toByteArray();
        assertArrayEquals(new byte[] {4, 3, 2, 1}, java.util.Arrays.copyOfRange(b, b.length - 4, b.length));
    }

    @Test
    void missingFileIsTheUsualNoSuchFileException() {
        assertThrows(NoSuchFileException.class, () -> Npy.read(tmp.resolve("absent.npy")));
        assertThrows(NoSuchFileException.class, () -> Npz.read(tmp.resolve("absent.npz")));
    }

    private static int headerLength(byte[] b) {
        return 10 + ((b[8] & 0xFF) | (b[9] & 0xFF) << 8);
    }
}
