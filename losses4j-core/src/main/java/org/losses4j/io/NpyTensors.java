package org.losses4j.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.losses4j.DType;
import org.losses4j.Tensor;

/**
 * Tensors to and from NumPy files. int32 arrays become int64 tensors (our integer dtype), as
 * {@code torch.from_numpy(a).long()} would; everything else keeps its dtype.
 *
 * <pre>{@code
 * Tensor x = NpyTensors.read(Path.of("input.npy"));
 * NpyTensors.write(Path.of("loss.npy"), loss.detach());
 * }</pre>
 */
public final class NpyTensors {
    private NpyTensors() {}

    /**
     * Reads a .npy file as a tensor.
     *
     * @param file a .npy file of float32, float64, int64, int32 (read as int64) or bool
     * @return a new tensor, not requiring grad
     * @throws NpyFormatException when the file is not a valid, supported .npy file
     * @throws IOException when the file cannot be read (NoSuchFileException when it does not exist)
     */
    public static Tensor read(Path file) throws IOException {
        return toTensor(Npy.read(file));
    }

    /**
     * Reads every array of a .npz archive, by name, in archive order.
     *
     * @param npz a .npz archive
     * @return a mutable map from array name (without {@code .npy}) to tensor
     * @throws NpyFormatException when the file is not a zip archive or an entry is not a valid, supported array
     * @throws IOException when the file cannot be read (NoSuchFileException when it does not exist)
     */
    public static Map<String, Tensor> readAll(Path npz) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : Npz.read(npz).entrySet()) out.put(e.getKey(), toTensor(e.getValue()));
        return out;
    }

    /**
     * Writes a tensor (any layout) as a C-order .npy file.
     *
     * @param file the file, replaced when it exists
     * @param t the tensor (its data, without autograd)
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, Tensor t) throws IOException {
        Npy.write(file, fromTensor(t));
    }

    /**
     * Writes tensors into an uncompressed .npz archive.
     *
     * @param npz the archive, replaced when it exists
     * @param tensors the tensors by array name, in the map's iteration order
     * @throws IOException when the file cannot be written
     */
    public static void writeAll(Path npz, Map<String, Tensor> tensors) throws IOException {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        tensors.forEach((k, v) -> m.put(k, fromTensor(v)));
        Npz.write(npz, m);
    }

    /**
     * The array's data as a tensor (copied, so later changes to either do not leak).
     *
     * @param a the array
     * @return a new tensor: float32, float64, int64 (from int64 or int32) or bool
     */
    public static Tensor toTensor(NpyArray a) {
        int[] shape = a.shape();
        switch (a.dtype()) {
            case FLOAT32: return Tensor.wrap(DType.FLOAT32, a.floats().clone(), shape);
            case FLOAT64: return Tensor.wrap(DType.FLOAT64, a.doubles().clone(), shape);
            case INT64: return Tensor.wrap(DType.INT64, a.longs().clone(), shape);
            case INT32: {
                int[] v = a.ints();
                long[] l = new long[v.length];
                for (int i = 0; i < v.length; i++) l[i] = v[i];
                return Tensor.wrap(DType.INT64, l, shape);
            }
            default: return Tensor.wrap(DType.BOOL, a.bools().clone(), shape);
        }
    }

    /**
     * A tensor's values (C order) as an array for writing.
     *
     * @param t the tensor
     * @return a new array of the tensor's shape and dtype
     */
    public static NpyArray fromTensor(Tensor t) {
        int[] shape = t.shape();
        switch (t.dtype()) {
            case FLOAT32: return NpyArray.ofFloats(shape, t.toFloatArray());
            case FLOAT64: return NpyArray.ofDoubles(shape, t.toDoubleArray());
            case INT64: return NpyArray.ofLongs(shape, t.toLongArray());
            default: return NpyArray.ofBools(shape, t.toBooleanArray());
        }
    }
}
