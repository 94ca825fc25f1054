package org.losses4j.io;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpzTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"arrays.npz", "arrays_compressed.npz"})
    void readsNumpyArchivesInArchiveOrder(String name) throws IOException {
        Map<String, NpyArray> arrays = Npz.read(Golden.file(name));
        assertEquals(List.of("weights", "labels", "mask", "scalar"), new ArrayList<>(arrays.keySet()));
        JsonObject expected = Golden.expected().getAsJsonObject(name);
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            Golden.assertSameArray(Golden.arrayFrom(expected.getAsJsonObject(e.getKey())), e.getValue(), name + "/" + e.getKey());
        }
    }

    @Test
    void goldenArchivesUseBothCompressionMethods() throws IOException {
        assertEquals(ZipEntry.STORED, firstMethod(Golden.file("arrays.npz")));
        assertEquals(ZipEntry.DEFLATED, firstMethod(Golden.file("arrays_compressed.npz")));
    }

    @Test
    void roundTripStoredAndCompressed() throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("z", NpyArray.ofFloats(new int[] {2, 2}, new float[] {1, 2, 3, Float.NaN}));
        arrays.put("a", NpyArray.ofBools(new int[] {}, new boolean[] {true}));
        arrays.put("m", NpyArray.ofLongs(new int[] {0}, new long[0]));
        double[] big = new double[50_000];
        for (int i = 0; i < big.length; i++) big[i] = i % 17;
        arrays.put("big", NpyArray.ofDoubles(new int[] {100, 500}, big));

        Path stored = tmp.resolve("s.npz");
        Npz.write(stored, arrays);
        Path deflated = tmp.resolve("c.npz");
        Npz.writeCompressed(deflated, arrays);

        for (Path p : new Path[] {stored, deflated}) {
            Map<String, NpyArray> back = Npz.read(p);
            assertEquals(List.of("z", "a", "m", "big"), new ArrayList<>(back.keySet()), p.toString());
            assertEquals(arrays, back);
        }
        assertEquals(ZipEntry.STORED, firstMethod(stored));
        assertEquals(ZipEntry.DEFLATED, firstMethod(deflated));
        assertTrue(Files.size(deflated) < Files.size(stored) / 4, "compressed archive should be much smaller");
        try (ZipFile zip = new ZipFile(stored.toFile())) {
            assertEquals("z.npy", zip.entries().nextElement().getName());
            // Each stored entry is exactly what Npy.write produces, so numpy.load reads it.
            assertEquals(Npy.encodedSize(arrays.get("big")), zip.getEntry("big.npy").getSize());
        }
    }

    @Test
    void notAZipFile() throws IOException {
        Path p = Files.write(tmp.resolve("plain.npz"), "definitely not a zip".getBytes(StandardCharsets.US_ASCII));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(p));
        assertTrue(e.getMessage().startsWith(p + ": not a .npz file"), e.getMessage());
        // A .npy file is not an archive either.
        NpyFormatException f = assertThrows(NpyFormatException.class, () -> Npz.read(Golden.file("f4_2x3.npy")));
        assertTrue(f.getMessage().contains("not a .npz file"), f.getMessage());
    }

    @ParameterizedTest(name = "deflated={0}")
    @ValueSource(booleans = {false, true})
    void badEntryIsReportedWithArchiveAndEntryName(boolean deflated) throws IOException {
        Path p = tmp.resolve("bad.npz");
        byte[] good = bytesOf(NpyArray.ofInts(new int[] {1}, new int[] {5}));
        byte[] lying = NpyMalformedTest.npy(NpyMalformedTest.dict("<f4", "(1000000000,)"), 80); // claims 4 GB
        writeZip(p, deflated, "ok.npy", good, "huge.npy", lying);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(p));
        assertTrue(e.getMessage().startsWith(p + " (entry 'huge.npy'): truncated: header declares shape (1000000000,)"
                + " of float32 (4000000000 bytes) but only 80 bytes of data follow"), e.getMessage());

        writeZip(p, deflated, "garbage.npy", "nope".getBytes(StandardCharsets.US_ASCII));
        NpyFormatException g = assertThrows(NpyFormatException.class, () -> Npz.read(p));
        assertEquals(p + " (entry 'garbage.npy'): not a .npy file (bad magic)", g.getMessage());

        byte[] trailing = Arrays.copyOf(good, good.length + 3);
        writeZip(p, deflated, "t.npy", trailing);
        NpyFormatException t = assertThrows(NpyFormatException.class, () -> Npz.read(p));
        assertTrue(t.getMessage().contains("(entry 't.npy')") && t.getMessage().contains("trailing"), t.getMessage());
    }

    @Test
    void duplicateNamesAfterStrippingSuffix() throws IOException {
        Path p = tmp.resolve("dup.npz");
        byte[] good = bytesOf(NpyArray.ofInts(new int[] {1}, new int[] {5}));
        writeZip(p, false, "a.npy", good, "a", good);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(p));
        assertTrue(e.getMessage().contains("duplicate array name 'a'"), e.getMessage());
    }

    @Test
    void corruptDeflateStream() throws IOException {
        Path p = tmp.resolve("corrupt.npz");
        writeZip(p, true, "x.npy", bytesOf(NpyArray.ofFloats(new int[] {1000}, new float[1000])));
        byte[] zip = Files.readAllBytes(p);
        // Scribble over the compressed data (after the 30-byte local header and the 5-byte name).
        for (int i = 40; i < 60 && i < zip.length; i++) zip[i] ^= (byte) 0x5A;
        Files.write(p, zip);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(p));
        assertTrue(e.getMessage().startsWith(p + " (entry 'x.npy'): corrupt zip entry"), e.getMessage());
    }

    private static byte[] bytesOf(NpyArray a) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Npy.write(out, a);
        return out.toByteArray();
    }

    private static void writeZip(Path p, boolean deflated, Object... nameThenBytes) throws IOException {
        try (OutputStream f = Files.newOutputStream(p); ZipOutputStream zip = new ZipOutputStream(f)) {
            for (int i = 0; i < nameThenBytes.length; i += 2) {
                ZipEntry entry = new ZipEntry((String) nameThenBytes[i]);
                byte[] b = (byte[]) nameThenBytes[i + 1];
                if (!deflated) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(b);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(b.length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(b);
                zip.closeEntry();
            }
        }
    }

    private static int firstMethod(Path p) throws IOException {
        try (ZipFile zip = new ZipFile(p.toFile())) {
            return zip.entries().nextElement().getMethod();
        }
    }
}
