/**
 * Reading and writing NumPy {@code .npy} and {@code .npz} files, independent of the tensor classes.
 *
 * <p>{@link org.losses4j.io.Npy} reads format versions 1.0, 2.0 and 3.0 (little- or big-endian,
 * C or Fortran order) and writes version 1.0 exactly as {@code numpy.save} does;
 * {@link org.losses4j.io.Npz} reads archives written by {@code numpy.savez} and
 * {@code numpy.savez_compressed} and writes both kinds. Arrays are held as
 * {@link org.losses4j.io.NpyArray}: a dtype, a shape and a primitive array in C (row-major) order.
 *
 * <p>Headers are never trusted: every malformed, truncated or lying file is reported as an
 * {@link org.losses4j.io.NpyFormatException} naming the file and the problem, and no array is
 * allocated for data that is not actually present.
 */
package org.losses4j.io;
