package org.losses4j.io;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npz} archives: zip files holding one {@code .npy} entry per array,
 * as written by {@code numpy.savez} (stored entries) and {@code numpy.savez_compressed} (deflated).
 *
 * <p>Array names are entry names without the {@code .npy} suffix, as {@code numpy.load} reports them.
 * Each entry is read with the same checks as {@link Npy#read(Path)}, and its declared size is never
 * trusted for allocation (a compressed entry's real size is only known after inflating it).
 */
public final class Npz {
    private static final String SUFFIX = ".npy";

    private Npz() {}

    /**
     * Reads every array of an archive, in archive order.
     *
     * @return a mutable {@link LinkedHashMap} from array name to array
     * @throws NoSuchFileException if the file does not exist
     * @throws NpyFormatException if the file is not a zip archive or an entry is not a valid,
     *                            supported {@code .npy} array; the message names the archive and entry
     *
     * @param path the archive
     */
    public static Map<String, NpyArray> read(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        String archive = path.toString();
        if (!Files.exists(path)) throw new NoSuchFileException(archive);
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new NpyFormatException(archive, "not a .npz file (not a zip archive: " + e.getMessage() + ")", e);
        }
        try (zip) {
            Map<String, NpyArray> arrays = new LinkedHashMap<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) continue;
                String entryName = entry.getName();
                String source = archive + " (entry '" + entryName + "')";
                String name = entryName.endsWith(SUFFIX)
                        ? entryName.substring(0, entryName.length() - SUFFIX.length()) : entryName;
                NpyArray array;
                try (InputStream in = zip.getInputStream(entry)) {
                    array = Npy.read(in, source, -1, true);
                } catch (ZipException | EOFException e) {
                    throw new NpyFormatException(source, "corrupt zip entry (" + e.getMessage() + ")", e);
                }
                if (arrays.put(name, array) != null) {
                    throw new NpyFormatException(source, "duplicate array name '" + name + "'");
                }
            }
            return arrays;
        } catch (ZipException e) {
            throw new NpyFormatException(archive, "corrupt zip archive (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Writes the arrays as an uncompressed archive, like {@code numpy.savez(path, **arrays)}: entry
     * {@code name + ".npy"} per array, in the map's iteration order.
     *
     * @param path the archive, replaced when it exists
     * @param arrays the arrays by name
     * @throws IOException when the file cannot be written
     */
    public static void write(Path path, Map<String, NpyArray> arrays) throws IOException {
        write(path, arrays, false);
    }

    /**
     * Writes the arrays as a deflated archive, like {@code numpy.savez_compressed(path, **arrays)}.
     *
     * @param path the archive, replaced when it exists
     * @param arrays the arrays by name
     * @throws IOException when the file cannot be written
     */
    public static void writeCompressed(Path path, Map<String, NpyArray> arrays) throws IOException {
        write(path, arrays, true);
    }

    private static void write(Path path, Map<String, NpyArray> arrays, boolean compressed) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(arrays, "arrays");
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            Objects.requireNonNull(e.getKey(), "array name");
            Objects.requireNonNull(e.getValue(), () -> "array '" + e.getKey() + "'");
        }
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16))) {
            zip.setMethod(compressed ? ZipOutputStream.DEFLATED : ZipOutputStream.STORED);
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey() + SUFFIX);
                if (!compressed) {
                    // Stored entries need size and CRC up front: one extra serialisation pass,
                    // instead of buffering a possibly multi-gigabyte copy of the array.
                    CRC32 crc = new CRC32();
                    try (OutputStream sink = new CheckedOutputStream(OutputStream.nullOutputStream(), crc)) {
                        Npy.write(sink, e.getValue());
                    }
                    long size = Npy.encodedSize(e.getValue());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(size);
                    entry.setCompressedSize(size);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                Npy.write(zip, e.getValue());
                zip.closeEntry();
            }
        }
    }
}
