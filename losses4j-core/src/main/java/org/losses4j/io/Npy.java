package org.losses4j.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads and writes single arrays in NumPy's {@code .npy} format.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0, little- and big-endian data, and
 * {@code fortran_order: True} arrays (converted to C order). Writing produces version 1.0 (2.0 only
 * if the header would not fit), little-endian, C order, with the header padded so that the data
 * starts at a multiple of 64 bytes: the same bytes {@code numpy.save} writes for the same array.
 *
 * <p>The header is never trusted. Before any array is allocated, the declared size is checked for
 * overflow and, when reading a file, against the bytes actually present; streams are read in bounded
 * chunks so that a header claiming terabytes fails at the end of the real data instead of allocating.
 * Every problem is an {@link NpyFormatException} whose message names the source.
 */
public final class Npy {
    private static final int CHUNK_BYTES = 1 << 16;
    /** Elements allocated up front when the data length cannot be verified (streams). */
    private static final int UNVERIFIED_INITIAL_ELEMENTS = 1 << 14;

    private Npy() {}

    /**
     * Reads a {@code .npy} file. The file must contain exactly one array and nothing after it.
     *
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws NpyFormatException if the file is not a valid, supported {@code .npy} file
     *
     * @param path the file
     * @return the array
     */
    public static NpyArray read(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        try (SeekableByteChannel channel = Files.newByteChannel(path)) {
            long size = channel.size();
            return read(Channels.newInputStream(channel), path.toString(), size, true);
        }
    }

    /**
     * Reads one array from a stream, consuming exactly its bytes (several arrays written one after
     * another can be read back in turn). The stream is not closed.
     *
     * @param sourceNameForErrors the name used in exception messages, e.g. a file or entry name
     * @throws NpyFormatException if the stream does not hold a valid, supported array
     *
     * @param in the stream, positioned at the array's magic string
     * @return the array
     */
    public static NpyArray read(InputStream in, String sourceNameForErrors) throws IOException {
        Objects.requireNonNull(in, "in");
        return read(in, String.valueOf(sourceNameForErrors), -1, false);
    }

    /**
     * Writes {@code array} to {@code path}, replacing any existing file.
     *
     * @param path the file
     * @param array the array
     * @throws IOException when the file cannot be written
     */
    public static void write(Path path, NpyArray array) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(array, "array");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), CHUNK_BYTES)) {
            write(out, array);
        }
    }

    /**
     * Writes {@code array} in {@code .npy} format to a stream, which is not closed.
     *
     * @param out the stream
     * @param array the array
     * @throws IOException when the stream cannot be written
     */
    public static void write(OutputStream out, NpyArray array) throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(array, "array");
        out.write(NpyHeader.encode(array.dtype(), array.shape()));
        writeData(out, array);
    }

    /** Bytes {@link #write(OutputStream, NpyArray)} produces for {@code array}. */
    static long encodedSize(NpyArray array) {
        return NpyHeader.encode(array.dtype(), array.shape()).length
                + (long) array.size() * array.dtype().itemSize();
    }

    // ------------------------------------------------------------------------------------------
    // Reading
    // ------------------------------------------------------------------------------------------

    /**
     * @param totalLength the exact number of bytes in the source, or -1 if unknown; when known it
     *                    is trusted (it is a real file length) and used to reject lying headers
     *                    before allocating
     * @param requireEnd  whether bytes after the array's data are an error
     */
    static NpyArray read(InputStream in, String source, long totalLength, boolean requireEnd) throws IOException {
        byte[] magic = in.readNBytes(NpyHeader.MAGIC.length);
        if (magic.length == 0) {
            throw new NpyFormatException(source, "not a .npy file (empty)");
        }
        if (!Arrays.equals(magic, Arrays.copyOf(NpyHeader.MAGIC, magic.length))) {
            throw new NpyFormatException(source, "not a .npy file (bad magic)");
        }
        if (magic.length < NpyHeader.MAGIC.length) {
            throw new NpyFormatException(source, "truncated: the file ends inside the magic string");
        }
        byte[] version = readPrefix(in, 2, source);
        int major = version[0] & 0xFF;
        int minor = version[1] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw new NpyFormatException(source, "unsupported .npy format version " + major + "." + minor
                    + " (supported: 1.0, 2.0, 3.0)");
        }
        int lenBytes = major == 1 ? 2 : 4;
        byte[] len = readPrefix(in, lenBytes, source);
        long headerLength = 0;
        for (int i = lenBytes - 1; i >= 0; i--) headerLength = (headerLength << 8) | (len[i] & 0xFF);
        long dataOffset = NpyHeader.MAGIC.length + 2 + lenBytes + headerLength;
        if (headerLength > NpyHeader.MAX_HEADER_LENGTH) {
            throw new NpyFormatException(source, "bad header length " + headerLength
                    + " (more than the " + NpyHeader.MAX_HEADER_LENGTH + " bytes allowed)");
        }
        if (totalLength >= 0 && dataOffset > totalLength) {
            throw new NpyFormatException(source, "truncated file or bad header length " + headerLength
                    + ": the header would end at byte " + dataOffset + " but the file has only " + totalLength + " bytes");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new NpyFormatException(source, "truncated: header length is " + headerLength
                    + " bytes but only " + headerBytes.length + " follow");
        }
        NpyHeader header = NpyHeader.parse(decodeHeader(headerBytes, major, source), source);

        if (totalLength >= 0) {
            long available = totalLength - dataOffset;
            if (available < header.byteSize) {
                throw new NpyFormatException(source, "header declares " + header.describe()
                        + " but only " + available + " bytes of data follow");
            }
            if (requireEnd && available > header.byteSize) {
                throw new NpyFormatException(source, "header declares " + header.describe()
                        + " but " + available + " bytes of data follow (" + (available - header.byteSize)
                        + " unexpected trailing bytes)");
            }
        }
        if (header.count > NpyArray.MAX_ELEMENTS) {
            throw new NpyFormatException(source, "header declares " + header.describe() + " with "
                    + header.count + " elements, more than a Java array can hold");
        }

        Object data = readData(in, header, source, totalLength >= 0);
        if (requireEnd && totalLength < 0 && in.read() != -1) {
            throw new NpyFormatException(source, "header declares " + header.describe()
                    + " but more data follows (unexpected trailing bytes)");
        }
        if (header.fortranOrder && header.shape.length > 1) {
            data = fortranToC(data, header.dtype, header.shape);
        }
        return NpyArray.of(header.dtype, header.shape, data);
    }

    private static byte[] readPrefix(InputStream in, int n, String source) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new NpyFormatException(source, "truncated: the file ends inside the header preamble");
        }
        return b;
    }

    private static String decodeHeader(byte[] bytes, int major, String source) throws NpyFormatException {
        if (major < 3) return new String(bytes, StandardCharsets.ISO_8859_1);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new NpyFormatException(source, "malformed header: version 3.0 header is not valid UTF-8", e);
        }
    }

    /**
     * Reads {@code header.byteSize} bytes in bounded chunks, decoding as it goes. When the length was
     * not verified against a real file length, the array starts small and grows only as data arrives.
     */
    private static Object readData(InputStream in, NpyHeader header, String source, boolean verified)
            throws IOException {
        int count = (int) header.count;
        int itemSize = header.dtype.itemSize();
        int capacity = verified ? count : Math.min(count, UNVERIFIED_INITIAL_ELEMENTS);
        Object data = newArray(header.dtype, capacity);
        ByteOrder order = header.bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, Math.max(header.byteSize, 1))];
        long done = 0;
        int element = 0;
        while (done < header.byteSize) {
            int want = (int) Math.min(chunk.length, header.byteSize - done);
            int got = in.readNBytes(chunk, 0, want);
            if (got < want) {
                throw new NpyFormatException(source, "truncated: header declares " + header.describe()
                        + " but only " + (done + got) + " bytes of data follow");
            }
            int n = got / itemSize;
            if (element + n > capacity) {
                capacity = (int) Math.min(count, Math.max((long) capacity * 2, (long) element + n));
                data = grow(data, capacity);
            }
            decode(ByteBuffer.wrap(chunk, 0, got).order(order), header.dtype, data, element, n);
            element += n;
            done += got;
        }
        return data;
    }

    private static Object newArray(NpyDType dtype, int n) {
        switch (dtype) {
            case FLOAT32: return new float[n];
            case FLOAT64: return new double[n];
            case INT64: return new long[n];
            case INT32: return new int[n];
            default: return new boolean[n];
        }
    }

    private static Object grow(Object data, int n) {
        if (data instanceof float[]) return Arrays.copyOf((float[]) data, n);
        if (data instanceof double[]) return Arrays.copyOf((double[]) data, n);
        if (data instanceof long[]) return Arrays.copyOf((long[]) data, n);
        if (data instanceof int[]) return Arrays.copyOf((int[]) data, n);
        return Arrays.copyOf((boolean[]) data, n);
    }

    private static void decode(ByteBuffer buf, NpyDType dtype, Object data, int offset, int n) {
        switch (dtype) {
            case FLOAT32: buf.asFloatBuffer().get((float[]) data, offset, n); break;
            case FLOAT64: buf.asDoubleBuffer().get((double[]) data, offset, n); break;
            case INT64: buf.asLongBuffer().get((long[]) data, offset, n); break;
            case INT32: buf.asIntBuffer().get((int[]) data, offset, n); break;
            default: {
                boolean[] b = (boolean[]) data;
                for (int i = 0; i < n; i++) b[offset + i] = buf.get(i) != 0;
            }
        }
    }

    /** Copies Fortran-ordered (column-major) data into a new C-ordered (row-major) array. */
    private static Object fortranToC(Object src, NpyDType dtype, int[] shape) {
        int count = java.lang.reflect.Array.getLength(src);
        Object dst = newArray(dtype, count);
        if (count == 0) return dst;
        int nd = shape.length;
        long[] fstride = new long[nd];
        fstride[0] = 1;
        for (int k = 1; k < nd; k++) fstride[k] = fstride[k - 1] * shape[k - 1];
        int[] idx = new int[nd];
        long f = 0; // Fortran offset of the C-order element at idx
        for (int c = 0; c < count; c++) {
            copyElement(src, (int) f, dst, c);
            for (int k = nd - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    f += fstride[k];
                    break;
                }
                idx[k] = 0;
                f -= fstride[k] * (shape[k] - 1);
            }
        }
        return dst;
    }

    private static void copyElement(Object src, int from, Object dst, int to) {
        if (src instanceof float[]) ((float[]) dst)[to] = ((float[]) src)[from];
        else if (src instanceof double[]) ((double[]) dst)[to] = ((double[]) src)[from];
        else if (src instanceof long[]) ((long[]) dst)[to] = ((long[]) src)[from];
        else if (src instanceof int[]) ((int[]) dst)[to] = ((int[]) src)[from];
        else ((boolean[]) dst)[to] = ((boolean[]) src)[from];
    }

    // ------------------------------------------------------------------------------------------
    // Writing
    // ------------------------------------------------------------------------------------------

    private static void writeData(OutputStream out, NpyArray array) throws IOException {
        Object data = array.data();
        int itemSize = array.dtype().itemSize();
        int count = array.size();
        int perChunk = CHUNK_BYTES / itemSize;
        byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, Math.max((long) count * itemSize, 1))];
        for (int start = 0; start < count; start += perChunk) {
            int n = Math.min(perChunk, count - start);
            ByteBuffer buf = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
            switch (array.dtype()) {
                case FLOAT32: buf.asFloatBuffer().put((float[]) data, start, n); break;
                case FLOAT64: buf.asDoubleBuffer().put((double[]) data, start, n); break;
                case INT64: buf.asLongBuffer().put((long[]) data, start, n); break;
                case INT32: buf.asIntBuffer().put((int[]) data, start, n); break;
                default: {
                    boolean[] b = (boolean[]) data;
                    for (int i = 0; i < n; i++) chunk[i] = (byte) (b[start + i] ? 1 : 0);
                }
            }
            out.write(chunk, 0, n * itemSize);
        }
    }
}
