package org.losses4j.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * Every loss, by its declaration: the one list the command line, the benchmarks and the tests read. A loss is
 * declared once, in its own class ({@code public static final LossSpec SPEC}), and listed once, in {@link #ALL}.
 * {@link #create} builds a loss by class name from PyTorch keywords (the entry point of the CLI's {@code eval} and
 * of the fixture tests).
 */
public final class Losses {
    private Losses() {}

    /** Every loss's declaration: the 21 torch.nn losses in PyTorch's documentation order, then those from other libraries and papers. */
    public static final List<LossSpec> ALL = List.of(
            L1Loss.SPEC, MSELoss.SPEC, CrossEntropyLoss.SPEC, CTCLoss.SPEC, NLLLoss.SPEC, PoissonNLLLoss.SPEC, GaussianNLLLoss.SPEC,
            KLDivLoss.SPEC, BCELoss.SPEC, BCEWithLogitsLoss.SPEC, MarginRankingLoss.SPEC, HingeEmbeddingLoss.SPEC,
            MultiLabelMarginLoss.SPEC, HuberLoss.SPEC, SmoothL1Loss.SPEC, SoftMarginLoss.SPEC, MultiLabelSoftMarginLoss.SPEC,
            CosineEmbeddingLoss.SPEC, MultiMarginLoss.SPEC, TripletMarginLoss.SPEC, TripletMarginWithDistanceLoss.SPEC,
            // beyond torch.nn, in the order of the README's table (the issue's)
            SigmoidFocalLoss.SPEC, FocalLoss.SPEC, PolyLoss.SPEC, DiceLoss.SPEC, TverskyLoss.SPEC, LogCoshLoss.SPEC, MSLELoss.SPEC, MAPELoss.SPEC,
            SquaredHingeLoss.SPEC, CategoricalHingeLoss.SPEC, QuantileLoss.SPEC, InfoNCELoss.SPEC);

    /** Every loss's class name, in the order of {@link #ALL}. */
    public static final List<String> NAMES = names();

    private static List<String> names() {
        List<String> r = new ArrayList<>(ALL.size());
        for (LossSpec s : ALL) {
            if (r.contains(s.name())) throw new IllegalStateException("loss " + s.name() + " listed twice");
            r.add(s.name());
        }
        return List.copyOf(r);
    }

    /**
     * Whether a loss of this name is available.
     *
     * @param name a class name, e.g. {@code MSELoss}
     * @return whether {@link #ALL} declares it
     */
    public static boolean exists(String name) { return find(name) != null; }

    /**
     * The declaration of the loss of this class name, or null.
     *
     * @param name a class name, e.g. {@code MSELoss} (case-sensitive)
     * @return the declaration, or null
     */
    public static LossSpec find(String name) {
        for (LossSpec s : ALL) if (s.name().equals(name)) return s;
        return null;
    }

    /**
     * The declaration of the loss of this class name; an unknown name fails with IllegalArgumentException.
     *
     * @param name a class name, e.g. {@code MSELoss}
     * @return the declaration
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static LossSpec spec(String name) {
        LossSpec s = find(name);
        if (s == null) throw new IllegalArgumentException("unknown loss '" + name + "' (known: " + String.join(", ", NAMES) + ")");
        return s;
    }

    /**
     * Builds {@code name} from keywords; unknown names and keywords fail with IllegalArgumentException.
     *
     * @param name a class name, e.g. {@code CrossEntropyLoss}
     * @param options PyTorch's keywords by name
     * @return a new loss, as {@code torch.nn.<name>(**options)}
     * @throws IllegalArgumentException for an unknown name, an unknown keyword (PyTorch's "__init__() got an
     *         unexpected keyword argument") or a value of the wrong type
     */
    public static Loss create(String name, LossOptions options) {
        Loss loss = spec(name).create(options);
        options.requireAllUsed(name);
        return loss;
    }
}
