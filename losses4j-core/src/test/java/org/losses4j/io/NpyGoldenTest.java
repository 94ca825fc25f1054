package org.losses4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads NumPy-written files and writes byte-identical ones. */
class NpyGoldenTest {

    static List<String> npyFixtures() {
        return Golden.expected().keySet().stream().filter(k -> k.endsWith(".npy")).sorted().collect(Collectors.toList());
    }

    /** Fixtures NumPy wrote with np.save in C order, little-endian, version 1.0: what our writer must reproduce. */
    static List<String> writerReferences() {
        return npyFixtures().stream()
                .filter(k -> !k.startsWith("be_") && !k.startsWith("v2_") && !k.startsWith("v3_"))
                .filter(k -> !Golden.expected().getAsJsonObject(k).get("fortran").getAsBoolean())
                .collect(Collectors.toList());
    }

    @Test
    void fixturesCoverEveryDtypeAndLayout() {
        List<String> all = npyFixtures();
        assertTrue(all.size() >= 19, "fixtures: " + all);
        for (String dtype : new String[] {"float32", "float64", "int64", "int32", "bool"}) {
            assertTrue(all.stream().anyMatch(k -> Golden.expected().getAsJsonObject(k).get("dtype").getAsString().equals(dtype)),
                    "no fixture of dtype " + dtype);
        }
        assertTrue(writerReferences().size() >= 10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("npyFixtures")
    void readsNumpyFile(String name) throws IOException {
        NpyArray expected = Golden.arrayFrom(Golden.expected().getAsJsonObject(name));
        NpyArray actual = Npy.read(Golden.file(name));
        Golden.assertSameArray(expected, actual, name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("npyFixtures")
    void readsNumpyFileFromStream(String name) throws IOException {
        NpyArray expected = Golden.arrayFrom(Golden.expected().getAsJsonObject(name));
        try (InputStream in = Files.newInputStream(Golden.file(name))) {
            NpyArray actual = Npy.read(in, name);
            Golden.assertSameArray(expected, actual, name);
            assertEquals(-1, in.read(), "stream read must consume exactly the array");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writerReferences")
    void writesTheBytesNumpyWrites(String name) throws IOException {
        NpyArray array = Golden.arrayFrom(Golden.expected().getAsJsonObject(name));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, array);
        byte[] numpy = Files.readAllBytes(Golden.file(name));
        assertArrayEquals(numpy, out.toByteArray(), name + ": Java-written bytes differ from numpy.save");
        assertEquals(0, headerEnd(out.toByteArray()) % 64, "data must start at a multiple of 64 bytes");
    }

    @Test
    void fortranFixturesReallyAreFortranOrderOnDisk() throws IOException {
        // Guards the conversion test: NumPy must have written the column-major layout.
        String header = headerText("i8_fortran_2x3x4.npy");
        assertTrue(header.contains("'fortran_order': True"), header);
        assertTrue(headerText("f4_fortran_3x2.npy").contains("'fortran_order': True"));
        long[] c = Npy.read(Golden.file("i8_fortran_2x3x4.npy")).longs();
        for (int i = 0; i < 24; i++) assertEquals(i, c[i], "C-order element " + i);
    }

    @Test
    void bigEndianAndVersionFixturesHaveTheHeadersTheyClaim() throws IOException {
        assertTrue(headerText("be_f8_3.npy").contains("'>f8'"));
        assertTrue(headerText("be_i4_3.npy").contains("'>i4'"));
        assertEquals(2, Files.readAllBytes(Golden.file("v2_f8_2x2.npy"))[6]);
        assertEquals(3, Files.readAllBytes(Golden.file("v3_i4_3.npy"))[6]);
    }

    @Test
    void zeroDimensionalArrayHoldsOneElement() throws IOException {
        NpyArray a = Npy.read(Golden.file("f8_0d.npy"));
        assertEquals(0, a.ndim());
        assertEquals(1, a.size());
        assertEquals(3.5, a.doubles()[0]);
        assertEquals(-7L, Npy.read(Golden.file("i8_0d.npy")).longs()[0]);
    }

    @Test
    void emptyArrayKeepsItsShape() throws IOException {
        NpyArray a = Npy.read(Golden.file("f4_empty_0x3.npy"));
        assertArrayEquals(new int[] {0, 3}, a.shape());
        assertEquals(0, a.floats().length);
        assertArrayEquals(new int[] {1234567, 0}, Npy.read(Golden.file("f4_1234567x0.npy")).shape());
    }

    @Test
    void specialFloatsSurviveBitExact() throws IOException {
        double[] d = Npy.read(Golden.file("f8_special.npy")).doubles();
        assertTrue(Double.isNaN(d[0]));
        assertEquals(Double.POSITIVE_INFINITY, d[1]);
        assertEquals(Double.NEGATIVE_INFINITY, d[2]);
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(d[3]));
        assertEquals(Double.MIN_VALUE, d[4]);
        assertEquals(Double.MAX_VALUE, d[5]);
        assertFalse(Double.isNaN(d[5]));
    }

    private static String headerText(String name) throws IOException {
        byte[] b = Files.readAllBytes(Golden.file(name));
        return new String(b, 0, headerEnd(b), StandardCharsets.ISO_8859_1);
    }

    /** Offset of the first data byte, from the version 1.0 header length. */
    private static int headerEnd(byte[] b) {
        if (b[6] == 1) return 10 + ((b[8] & 0xFF) | (b[9] & 0xFF) << 8);
        return 12 + ((b[8] & 0xFF) | (b[9] & 0xFF) << 8 | (b[10] & 0xFF) << 16);
    }
}
