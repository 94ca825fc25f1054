package org.losses4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input always gives an NpyFormatException naming the source and the problem, never a crash. */
class NpyMalformedTest {
    @TempDir
    Path tmp;

    /** A .npy file with the given raw header text (no padding) and data bytes. */
    static byte[] npy(int major, String header, byte[] data) {
        byte[] h = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(NpyHeader.MAGIC);
        out.write(major);
        out.write(0);
        out.write(h.length & 0xFF);
        out.write((h.length >>> 8) & 0xFF);
        if (major != 1) {
            out.write((h.length >>> 16) & 0xFF);
            out.write((h.length >>> 24) & 0xFF);
        }
        out.writeBytes(h);
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] npy(String header, int dataBytes) {
        return npy(1, header, new byte[dataBytes]);
    }

    static String dict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }\n";
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    /** Reads as a file and as a stream; both must fail naming the source and containing each fragment. */
    private NpyFormatException assertRejected(String name, byte[] bytes, String... fragments) throws IOException {
        Path p = file(name, bytes);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(p));
        assertNames(e, p.toString(), fragments);
        NpyFormatException s = assertThrows(NpyFormatException.class,
                () -> Npy.read(new ByteArrayInputStream(bytes), name));
        assertNames(s, name, fragments);
        return e;
    }

    private static void assertNames(NpyFormatException e, String source, String... fragments) {
        String msg = e.getMessage();
        assertTrue(msg.startsWith(source + ": "), "message must start with the source: " + msg);
        assertEquals(source, e.source());
        for (String f : fragments) assertTrue(msg.contains(f), "message lacks '" + f + "': " + msg);
    }

    @Test
    void badMagic() throws IOException {
        NpyFormatException e = assertRejected("broken.npy", "PK\u0003\u0004 not numpy at all".getBytes(StandardCharsets.ISO_8859_1),
                "not a .npy file (bad magic)");
        assertEquals("not a .npy file (bad magic)", e.problem());
        assertRejected("text.npy", "hello".getBytes(StandardCharsets.US_ASCII), "bad magic");
    }

    @Test
    void emptyFile() throws IOException {
        assertRejected("empty.npy", new byte[0], "not a .npy file (empty)");
    }

    @Test
    void truncatedInsideMagicAndPreamble() throws IOException {
        assertRejected("short.npy", Arrays.copyOf(NpyHeader.MAGIC, 4), "truncated", "magic");
        byte[] full = npy(dict("<f4", "(2,)"), 8);
        assertRejected("preamble.npy", Arrays.copyOf(full, 9), "truncated", "preamble");
    }

    @Test
    void unsupportedVersion() throws IOException {
        byte[] b = npy(dict("<f4", "(2,)"), 8);
        b[6] = 4;
        assertRejected("v4.npy", b, "unsupported .npy format version 4.0");
        b[6] = 1;
        b[7] = 1;
        assertRejected("v11.npy", b, "version 1.1");
    }

    @Test
    void headerLengthBeyondFileOrLimit() throws IOException {
        byte[] b = npy(dict("<f4", "(2,)"), 8);
        b[8] = (byte) 0xFF;
        b[9] = (byte) 0xFF;
        Path p = file("hlen.npy", b);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(p));
        assertNames(e, p.toString(), "bad header length 65535", "only " + b.length + " bytes");
        NpyFormatException s = assertThrows(NpyFormatException.class, () -> Npy.read(new ByteArrayInputStream(b), "hlen.npy"));
        assertNames(s, "hlen.npy", "truncated", "header length is 65535");

        // Version 2.0 lets the header length claim 4 GiB: rejected before reading or allocating it.
        byte[] v2 = npy(2, dict("<f4", "(2,)"), new byte[8]);
        v2[8] = v2[9] = v2[10] = v2[11] = (byte) 0xFF;
        assertRejected("hlen2.npy", v2, "bad header length 4294967295");
    }

    @Test
    void truncatedHeader() throws IOException {
        byte[] b = npy(dict("<f4", "(2,)"), 0);
        assertRejected("cut.npy", Arrays.copyOf(b, 30), "truncated");
    }

    @Test
    void garbageHeader() throws IOException {
        assertRejected("garbage.npy", npy("this is not a dict\n", 0), "malformed header", "expected '{'");
        assertRejected("unclosed.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)\n", 8),
                "malformed header");
        assertRejected("junk.npy", npy(dict("<f4", "(2,)") + " x", 8), "malformed header", "after the header dict");
        assertRejected("unterminated.npy", npy("{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}\n", 8),
                "malformed header");
        assertRejected("expr.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2*3,)}", 24),
                "malformed header");
        assertRejected("call.npy", npy("{'descr': '<f4', 'fortran_order': __import__('os'), 'shape': (2,)}", 8),
                "malformed header");
        assertRejected("float.npy", npy(dict("<f4", "(2.5,)"), 8), "malformed header", "malformed number");
        assertRejected("deep.npy", npy(dict("<f4", "(".repeat(100) + ")".repeat(100)), 8), "nesting too deep");
        byte[] badUtf8 = npy(3, dict("<f4", "(2,)"), new byte[8]);
        badUtf8[12 + 3] = (byte) 0xC3; // lone UTF-8 lead byte inside 'descr'
        assertRejected("utf8.npy", badUtf8, "not valid UTF-8");
    }

    @Test
    void missingUnexpectedAndDuplicateKeys() throws IOException {
        assertRejected("nokey.npy", npy("{'descr': '<f4', 'shape': (2,)}", 8), "missing the 'fortran_order' key");
        assertRejected("noshape.npy", npy("{'descr': '<f4', 'fortran_order': False}", 8), "missing the 'shape' key");
        assertRejected("extra.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", 8),
                "unexpected key 'x'");
        assertRejected("dup.npy", npy("{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", 8),
                "duplicate key 'descr'");
        assertRejected("intkey.npy", npy("{1: '<f4'}", 0), "keys must be strings");
    }

    @Test
    void wrongValueTypes() throws IOException {
        assertRejected("fo.npy", npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", 8),
                "'fortran_order' must be True or False, got 0");
        // In Python "(3)" is the int 3, not a tuple, and NumPy rejects it too.
        assertRejected("paren.npy", npy(dict("<f4", "(3)"), 12), "'shape' must be a tuple of integers, got (3)");
        assertRejected("list.npy", npy(dict("<f4", "[3]"), 12), "must be a tuple");
        assertRejected("strdim.npy", npy(dict("<f4", "('3',)"), 12), "must be a tuple");
    }

    @Test
    void unsupportedDtype() throws IOException {
        assertRejected("complex.npy", npy(dict("<c8", "(2,)"), 16), "unsupported dtype '<c8'");
        assertRejected("u1.npy", npy(dict("|u1", "(2,)"), 2), "unsupported dtype '|u1'");
        assertRejected("native.npy", npy(dict("|f4", "(2,)"), 8), "unsupported dtype '|f4'");
        assertRejected("object.npy", npy(dict("|O", "(2,)"), 16), "unsupported dtype '|O'");
        assertRejected("struct.npy", npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,)}", 8),
                "unsupported dtype [('a', '<f4')]");
    }

    @Test
    void negativeDimension() throws IOException {
        assertRejected("neg.npy", npy(dict("<f4", "(-1, 3)"), 12), "negative dimension", "(-1, 3)");
    }

    @Test
    void lyingHugeShapeIsRejectedWithoutAllocating() throws IOException {
        Path p = file("x.npy", npy(dict("<f4", "(1000000000, 1000)"), 80));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(p));
        assertEquals(p + ": header declares shape (1000000000, 1000) of float32 (4000000000000 bytes)"
                + " but only 80 bytes of data follow", e.getMessage());

        // Through a stream the length is unknown: elements beyond what a Java array holds are refused,
        // and a large-but-possible claim fails at the real end of data after bounded reads.
        byte[] b = npy(dict("<f4", "(1000000000, 1000)"), 80);
        NpyFormatException s = assertThrows(NpyFormatException.class, () -> Npy.read(new ByteArrayInputStream(b), "x.npy"));
        assertNames(s, "x.npy", "more than a Java array can hold");
        byte[] c = npy(dict("<f8", "(250000000,)"), 80); // claims 2 GB
        NpyFormatException t = assertThrows(NpyFormatException.class, () -> Npy.read(new ByteArrayInputStream(c), "y.npy"));
        assertEquals("y.npy: truncated: header declares shape (250000000,) of float64 (2000000000 bytes)"
                + " but only 80 bytes of data follow", t.getMessage());
    }

    @Test
    void sizeOverflowAndOversizedDims() throws IOException {
        assertRejected("overflow.npy", npy(dict("<f8", "(4294967296, 4294967296)"), 8), "larger than a Java array");
        assertRejected("overflow2.npy", npy(dict("<f8", "(2147483647, 2147483647, 2147483647)"), 8),
                "overflows 64 bits");
        assertRejected("bigdim.npy", npy(dict("<f8", "(99999999999999999999999999999999,)"), 8),
                "dimension 99999999999999999999999999999999");
    }

    @Test
    void truncatedData() throws IOException {
        byte[] full = npy(dict("<f8", "(2, 3)"), 48);
        assertRejected("trunc.npy", Arrays.copyOf(full, full.length - 5),
                "shape (2, 3) of float64 (48 bytes) but only 43 bytes of data follow");
    }

    @Test
    void trailingBytesInAFileAreRejectedButAStreamStopsAtTheArray() throws IOException {
        byte[] b = npy(dict("<i4", "(2,)"), 12);
        Path p = file("trailing.npy", b);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(p));
        assertNames(e, p.toString(), "12 bytes of data follow (4 unexpected trailing bytes)");
        InputStream in = new ByteArrayInputStream(b);
        assertArrayEquals(new int[] {0, 0}, Npy.read(in, "trailing.npy").ints());
        assertEquals(4, in.available(), "stream read stops right after the array");
    }

    @Test
    void headerParsingIsLenientWhereNumpyIs() throws IOException {
        byte[] data = new byte[24];
        data[0] = 1; // first int32 element = 1
        String[] headers = {
            "{'shape': (2, 3), 'fortran_order': False, 'descr': '<i4'}",
            "{ 'descr' : '<i4' , 'fortran_order' : False , 'shape' : ( 2 , 3 , ) , }   \n",
            "{\"descr\": \"<i4\", \"fortran_order\": False, \"shape\": (2,3)}",
            "{'descr': '<i4', 'fortran_order': False, 'shape': (2L, 3L), }\n",
            "\t{'descr':'<i4','fortran_order':False,'shape':(2,3)}\n",
        };
        for (String h : headers) {
            NpyArray a = Npy.read(new ByteArrayInputStream(npy(1, h, data)), h);
            assertArrayEquals(new int[] {2, 3}, a.shape(), h);
            assertEquals(1, a.ints()[0], h);
        }
        assertArrayEquals(new int[] {}, Npy.read(new ByteArrayInputStream(npy(1, dict("<i4", "()"), new byte[4])), "0d").shape());
        assertArrayEquals(new int[] {3}, Npy.read(new ByteArrayInputStream(npy(1, dict("<i4", "(3,)"), new byte[12])), "1d").shape());
    }

    @Test
    void version3HeaderIsUtf8AndOlderOnesLatin1() throws IOException {
        String h = "{'descr': '\u00e9', 'fortran_order': False, 'shape': (1,)}";
        assertRejected("v3.npy", npy(3, h, new byte[4]), "unsupported dtype '\u00e9'");
        byte[] v1 = npy(1, h, new byte[4]);
        assertRejected("v1.npy", v1, "unsupported dtype '\u00e9'");
        byte[] v1utf8 = npy(1, "", new byte[0]);
        byte[] u = h.getBytes(StandardCharsets.UTF_8);
        v1utf8 = Arrays.copyOf(v1utf8, 10 + u.length + 4);
        v1utf8[8] = (byte) u.length;
        System.arraycopy(u, 0, v1utf8, 10, u.length);
        // UTF-8 bytes in a 1.0 header are read as Latin-1, as NumPy does.
        assertRejected("v1utf8.npy", v1utf8, "unsupported dtype '\u00c3\u00a9'");
    }
}
