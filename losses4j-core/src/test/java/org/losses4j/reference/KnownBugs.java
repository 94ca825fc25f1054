package org.losses4j.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

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

    /** Empty: every bug the issue-7 suites found has been fixed (CE +inf logit, cosine float32 overflow, PoissonNLL eps). */
    public static final List<Bug> BUGS = List.of();

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
        return BUGS.stream().map(b -> DynamicTest.dynamicTest(b.id(), () -> assertTrue(b.stillOccurs().getAsBoolean(),
                "bug '" + b.id() + "' (" + b.loss() + ") no longer reproduces: remove it from KnownBugs and its fixtures " + b.fixtures()
                        + " from FAILING in tools/golden/gen_losses_extreme.py, then regenerate extreme.json"))).toList();
    }
}
