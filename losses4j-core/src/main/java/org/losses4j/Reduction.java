package org.losses4j;

/** How a loss reduces its per-element values: PyTorch's {@code reduction=} strings. */
public enum Reduction {
    /** {@code 'none'}: the per-element losses, shaped like the input (or the batch). */
    NONE("none"),
    /** {@code 'mean'}: their mean (weighted where the loss says so). */
    MEAN("mean"),
    /** {@code 'sum'}: their sum. */
    SUM("sum"),
    /** {@code 'batchmean'} (KLDivLoss only): the sum divided by the batch size. */
    BATCHMEAN("batchmean");

    private final String torchName;

    Reduction(String torchName) { this.torchName = torchName; }

    /**
     * PyTorch's string for it.
     *
     * @return {@code "none"}, {@code "mean"}, {@code "sum"} or {@code "batchmean"}
     */
    public String torchName() { return torchName; }

    /**
     * Parses PyTorch's string, with PyTorch's message for anything else.
     *
     * @param s {@code "none"}, {@code "mean"}, {@code "sum"} or {@code "batchmean"}
     * @return the reduction
     * @throws IllegalArgumentException for any other string ("x is not a valid value for reduction")
     */
    public static Reduction of(String s) {
        for (Reduction r : values()) if (r.torchName.equals(s)) return r;
        throw new IllegalArgumentException(s + " is not a valid value for reduction");
    }

    /**
     * This reduction, for a loss that knows only none/mean/sum: 'batchmean' (KLDivLoss's) fails with PyTorch's
     * message, {@code batchmean is not a valid value for reduction}.
     *
     * @throws IllegalArgumentException for {@link #BATCHMEAN}
     *
     * @return this reduction
     */
    public Reduction notBatchmean() {
        if (this == BATCHMEAN) throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        return this;
    }

    /**
     * PyTorch's mapping of the legacy {@code size_average} / {@code reduce} arguments (null = not given):
     * both default to true; reduce=false gives 'none'; else size_average=false gives 'sum'; else 'mean'. Raises
     * PyTorch's {@link #LEGACY_WARNING} with the result through {@link Warnings}, as {@code _Reduction.legacy_get_string}
     * does (PyTorch's losses call it when either is given).
     *
     * @param sizeAverage the legacy {@code size_average}, or null
     * @param reduce      the legacy {@code reduce}, or null
     * @return the reduction they stand for
     */
    public static Reduction legacy(Boolean sizeAverage, Boolean reduce) {
        boolean sa = sizeAverage == null || sizeAverage;
        boolean rd = reduce == null || reduce;
        Reduction r = !rd ? NONE : sa ? MEAN : SUM;
        Warnings.warn(LEGACY_WARNING, r.torchName);
        return r;
    }

    /** PyTorch's warning when the legacy {@code size_average} / {@code reduce} are given; {@code %s} is the reduction they stand for. */
    public static final String LEGACY_WARNING = "size_average and reduce args will be deprecated, please use reduction='%s' instead.";
}
