package org.losses4j.nn;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Finds a loss by its PyTorch class name and builds it from PyTorch keywords: the entry point of the CLI's
 * {@code eval} and of the fixture tests. Each loss class declares {@code public static X fromOptions(LossOptions)}.
 */
public final class Losses {
    private Losses() {}

    /** Every torch.nn loss, in PyTorch's documentation order. */
    public static final List<String> NAMES = List.of(
            "L1Loss", "MSELoss", "CrossEntropyLoss", "CTCLoss", "NLLLoss", "PoissonNLLLoss", "GaussianNLLLoss", "KLDivLoss",
            "BCELoss", "BCEWithLogitsLoss", "MarginRankingLoss", "HingeEmbeddingLoss", "MultiLabelMarginLoss", "HuberLoss",
            "SmoothL1Loss", "SoftMarginLoss", "MultiLabelSoftMarginLoss", "CosineEmbeddingLoss", "MultiMarginLoss",
            "TripletMarginLoss", "TripletMarginWithDistanceLoss");

    /** Whether a loss of this name is available. */
    public static boolean exists(String name) {
        return NAMES.contains(name) && find(name) != null;
    }

    private static Method find(String name) {
        try {
            Class<?> c = Class.forName("org.losses4j.nn." + name);
            Method m = c.getMethod("fromOptions", LossOptions.class);
            return Loss.class.isAssignableFrom(m.getReturnType()) ? m : null;
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return null;
        }
    }

    /** Builds {@code name} from keywords; unknown names and keywords fail with IllegalArgumentException. */
    public static Loss create(String name, LossOptions options) {
        Method m = NAMES.contains(name) ? find(name) : null;
        if (m == null) throw new IllegalArgumentException("unknown loss '" + name + "' (known: " + String.join(", ", NAMES) + ")");
        try {
            Loss loss = (Loss) m.invoke(null, options);
            options.requireAllUsed(name);
            return loss;
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) throw (RuntimeException) c;
            throw new IllegalStateException(c);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
