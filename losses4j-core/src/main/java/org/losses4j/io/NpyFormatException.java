package org.losses4j.io;

import java.io.IOException;

/**
 * A {@code .npy} or {@code .npz} source is malformed, truncated, lies about its size, or uses a
 * feature this library does not support. The message is {@code "<source>: <problem>"}, e.g.
 * {@code broken.npy: not a .npy file (bad magic)}.
 */
public class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file or source name the problem was found in. */
    private final String source;
    /** What is wrong, without the source name. */
    private final String problem;

    /**
     * @param source  the file or source name the problem was found in
     * @param problem what is wrong, without the source name
     */
    public NpyFormatException(String source, String problem) {
        this(source, problem, null);
    }

    /**
     * @param source  the file or source name the problem was found in
     * @param problem what is wrong, without the source name
     * @param cause   the underlying exception, may be {@code null}
     */
    public NpyFormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /**
     * The file or source name the problem was found in.
     *
     * @return the file or entry name
     */
    public String source() { return source; }

    /**
     * What is wrong, without the source name.
     *
     * @return the problem, without the source
     */
    public String problem() { return problem; }
}
