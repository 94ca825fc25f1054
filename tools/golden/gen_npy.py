#!/usr/bin/env python3
"""Generate the golden .npy/.npz fixtures for org.losses4j.io tests.

Run from the repository root with a Python that has NumPy:

    /usr/bin/python3 tools/golden/gen_npy.py

Writes losses4j-core/src/test/resources/golden/npy/: one .npy file per case, written by NumPy
itself (np.save, or numpy.lib.format.write_array for explicit header versions), two archives
(np.savez, np.savez_compressed) and expected.json describing every array (dtype, shape, values
flattened in C order; non-finite floats as the strings "nan", "inf", "-inf").

The C-order little-endian files double as byte-exact references for the Java writer: a Java test
writes the same array and compares bytes, which proves NumPy can read what we write.
Tests never run Python; re-run this script only when the fixtures need to change.
"""
import json
import math
import os

import numpy as np
import numpy.lib.format as fmt

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "..", "..", "losses4j-core", "src", "test", "resources", "golden", "npy")

NAMES = {np.dtype("float32"): "float32", np.dtype("float64"): "float64", np.dtype("int64"): "int64",
         np.dtype("int32"): "int32", np.dtype("bool"): "bool"}


def jsonable(x):
    if isinstance(x, float):
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
    return x


def describe(a):
    dt = a.dtype.newbyteorder("=") if a.dtype.byteorder == ">" else a.dtype
    return {"dtype": NAMES[np.dtype(dt.str.replace(">", "<"))],
            "shape": list(a.shape),
            "fortran": bool(a.flags.f_contiguous and not a.flags.c_contiguous),
            "values": [jsonable(v) for v in np.ascontiguousarray(a).ravel(order="C").tolist()]}


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    expected = {}

    def save(name, a, version=None):
        path = os.path.join(OUT, name)
        if version is None:
            np.save(path, a, allow_pickle=False)
        else:
            with open(path, "wb") as fh:
                fmt.write_array(fh, a, version=version, allow_pickle=False)
        back = np.load(path, allow_pickle=False)
        assert back.dtype == a.dtype and back.shape == a.shape and np.array_equal(back, a, equal_nan=a.dtype.kind == "f")
        expected[name] = describe(a)

    # Every dtype, little-endian, C order: these are also the byte-exact references for writing.
    save("f4_2x3.npy", (np.arange(6, dtype=np.float32) * 0.25 - 1).reshape(2, 3))
    save("f8_5.npy", np.arange(5, dtype=np.float64) / 3 - 0.5)
    save("i8_2x3x4.npy", np.arange(24, dtype=np.int64).reshape(2, 3, 4) - 12)
    save("i4_7.npy", np.array([0, 1, -1, 2**31 - 1, -2**31, 42, -42], dtype=np.int32))
    save("b1_2x3.npy", (np.arange(6) % 3 == 0).reshape(2, 3))
    save("f8_0d.npy", np.array(3.5))
    save("i8_0d.npy", np.array(-7, dtype=np.int64))
    save("f4_empty_0x3.npy", np.zeros((0, 3), dtype=np.float32))
    save("f8_special.npy", np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324, np.finfo(np.float64).max]))
    save("i8_extremes.npy", np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max, 0], dtype=np.int64))
    # A first axis with many digits changes NumPy's spare header padding.
    save("f4_1234567x0.npy", np.zeros((1234567, 0), dtype=np.float32))

    # Fortran order, converted to C order on read.
    save("i8_fortran_2x3x4.npy", np.asfortranarray(np.arange(24, dtype=np.int64).reshape(2, 3, 4)))
    save("f4_fortran_3x2.npy", np.asfortranarray((np.arange(6, dtype=np.float32) * 1.5).reshape(3, 2)))

    # Big-endian.
    save("be_f4_2x2.npy", (np.arange(4, dtype=">f4") - 1.5).reshape(2, 2))
    save("be_f8_3.npy", np.array([1.0 / 3, -2.5, 1e300], dtype=">f8"))
    save("be_i8_3.npy", np.array([1, -2, 2**40 + 3], dtype=">i8"))
    save("be_i4_3.npy", np.array([1, -2, 2**30 + 3], dtype=">i4"))

    # Explicit header versions 2.0 and 3.0.
    save("v2_f8_2x2.npy", np.arange(4, dtype=np.float64).reshape(2, 2) + 0.5, version=(2, 0))
    save("v3_i4_3.npy", np.array([3, 2, 1], dtype=np.int32), version=(3, 0))

    # Archives: entries in this order.
    members = {"weights": (np.arange(6, dtype=np.float32) / 4).reshape(3, 2),
               "labels": np.array([2, 0, 1], dtype=np.int64),
               "mask": np.array([True, False, True]),
               "scalar": np.array(2.25)}
    for name, saver in (("arrays.npz", np.savez), ("arrays_compressed.npz", np.savez_compressed)):
        saver(os.path.join(OUT, name), **members)
        expected[name] = {k: describe(v) for k, v in members.items()}

    with open(os.path.join(OUT, "expected.json"), "w") as fh:
        json.dump(expected, fh, indent=1, sort_keys=True)
        fh.write("\n")
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f"wrote {len(os.listdir(OUT))} files, {total} bytes, numpy {np.__version__}")


if __name__ == "__main__":
    main()
