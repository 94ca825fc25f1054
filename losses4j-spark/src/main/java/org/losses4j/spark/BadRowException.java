package org.losses4j.spark;

/**
 * A row a loss cannot take: a NULL, an array of the wrong length, a NaN, a target out of range, or anything else the
 * loss's own checks refuse (PyTorch's message). The message names the SQL function and loss, the column, the problem
 * and the row's value, e.g. {@code losses4j_loss(CrossEntropyLoss): column label (target): Target 7 is out of
 * bounds.; value: 7}. Thrown inside a Spark task, it fails the query (Spark reports it as the cause of the job's
 * failure); with the option {@code on_bad_row='skip'} such rows are skipped and counted instead.
 */
public final class BadRowException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * A bad row.
     *
     * @param message the whole message: function, loss, column, problem, value
     */
    public BadRowException(String message) { super(message); }
}
