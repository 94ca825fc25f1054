package org.losses4j.reference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.losses4j.Tensor;
import org.losses4j.nn.PoissonNLLLoss;
import org.losses4j.nn.Reduction;

/**
 * Confirmed bugs found by the issue-7 suites, kept out of the suites so CI stays green until the kernel work is
 * merged, and checked by {@link #knownBugsStillReproduce()} so the list cannot go stale: when a fix lands, that
 * test fails and points at the entry (and the fixture names in tools/golden/gen_losses_extreme.py's FAILING) to
 * remove. Each entry: loss, input, observed vs PyTorch 1.13.
 *
 * <p>The property suites ({@link LossReferenceProperties}, {@link LossBadInputProperties}) currently exclude
 * nothing: {@link #excludes} is the hook for entries that a generator can hit.
 */
public class KnownBugs {

    /** One confirmed bug: {@code stillOccurs} returns true while the wrong behaviour is still there. */
    public record Bug(String id, String loss, String input, String observed, String pytorch, List<String> fixtures, BooleanSupplier stillOccurs) {}

    static final double INF = Double.POSITIVE_INFINITY;

    public static final List<Bug> BUGS = List.of(
            new Bug("poisson-f32-eps-in-double", "PoissonNLLLoss",
                    "log_input=false, reduction none, float32 input [1.0], target [1e30]",
                    "-1.0E22 (x + eps evaluated in double, so log(1 + 1e-8) != 0)",
                    "1.0 (float32: 1 + 1e-8 rounds to 1, log gives 0, 1 - 1e30 * 0 = 1)",
                    List.of("x_poisson_1e30_none_f32"),
                    () -> {
                        Tensor out = PoissonNLLLoss.builder().logInput(false).reduction(Reduction.NONE).build()
                                .forward(Tensor.of(1.0f), Tensor.of(1e30f));
                        return out.toDoubleArray()[0] != 1.0;
                    }));

    static List<String> fixtures(String pattern, boolean f64Too) {
        List<String> r = new java.util.ArrayList<>();
        for (String red : new String[] {"none", "mean", "sum"}) {
            r.add(String.format(pattern, red, "f32"));
            if (f64Too) r.add(String.format(pattern, red, "f64"));
        }
        return r;
    }

    /** Generated cases a property must skip because of a listed bug (none at present). */
    public static boolean excludes(LossCase c) { return false; }

    /** Generated bad inputs a property must skip because of a listed bug (none at present). */
    public static boolean excludes(Mutations.Mutated m) { return false; }

    @TestFactory
    List<DynamicTest> knownBugsStillReproduce() {
        assertFalse(BUGS.isEmpty());
        return BUGS.stream().map(b -> DynamicTest.dynamicTest(b.id(), () -> assertTrue(b.stillOccurs().getAsBoolean(),
                "bug '" + b.id() + "' (" + b.loss() + ") no longer reproduces: remove it from KnownBugs and its fixtures " + b.fixtures()
                        + " from FAILING in tools/golden/gen_losses_extreme.py, then regenerate extreme.json"))).toList();
    }
}
