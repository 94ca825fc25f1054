package org.losses4j.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.losses4j.DType;

/**
 * Confirmed bugs found by the reference suites, kept out of the suites (so CI stays green until the kernel work
 * is merged) only through this list:
 * <ul>
 *   <li>each entry's {@code stillOccurs} is run by {@link #knownBugsStillReproduce()}: when a fix lands, that test
 *       fails and points at the entry (and at its fixture names in tools/golden/gen_losses_extreme.py's FAILING)
 *       to remove;</li>
 *   <li>the property suites ({@link LossReferenceProperties}, {@link LossBadInputProperties}) skip a generated
 *       case only when an entry's {@code excludes} predicate matches it ({@link #excludes}): an empty list
 *       excludes nothing, by construction;</li>
 *   <li>the empty list is a state of its own, with a test that checks it ({@link #knownBugsStillReproduce()}
 *       returns "no known bugs", which asserts that nothing is excluded), so the factory never runs zero tests;
 *       {@link #listIsAsDocumented()} pins the number of entries, so adding or removing one is a visible edit of
 *       {@link #EXPECTED_COUNT} too.</li>
 * </ul>
 * Each entry: loss, input, observed vs PyTorch 1.13.
 */
public class KnownBugs {

    /**
     * One confirmed bug: {@code stillOccurs} returns true while the wrong behaviour is still there; {@code excludes}
     * matches the generated cases it makes fail (never more), {@code x -> false} when no generator hits it.
     */
    public record Bug(String id, String loss, String input, String observed, String pytorch, List<String> fixtures, BooleanSupplier stillOccurs,
                      Predicate<LossCase> excludes) {}

    /** The number of entries in {@link #BUGS}: change it together with the list. */
    static final int EXPECTED_COUNT = 0;

    public static final List<Bug> BUGS = List.of();

    static List<String> fixtures(String pattern, boolean f64Too) {
        List<String> r = new ArrayList<>();
        for (String red : new String[] {"none", "mean", "sum"}) {
            r.add(String.format(pattern, red, "f32"));
            if (f64Too) r.add(String.format(pattern, red, "f64"));
        }
        return r;
    }

    /** Generated cases a property must skip because of a listed bug. */
    public static boolean excludes(LossCase c) {
        for (Bug b : BUGS) if (b.excludes().test(c)) return true;
        return false;
    }

    /**
     * Generated bad inputs a property must skip because of a listed bug: the same predicates, on the mutated case,
     * and only for mutations whose result is compared with the reference (a call that must fail is still checked).
     */
    public static boolean excludes(Mutations.Mutated m) { return m.expect() != Mutations.Expect.FAIL && excludes(m.c()); }

    @TestFactory
    List<DynamicTest> knownBugsStillReproduce() {
        if (BUGS.isEmpty()) {
            return List.of(DynamicTest.dynamicTest("no known bugs: the property suites exclude nothing", KnownBugs::nothingExcluded));
        }
        return BUGS.stream().map(b -> DynamicTest.dynamicTest(b.id(), () -> assertTrue(b.stillOccurs().getAsBoolean(),
                "bug '" + b.id() + "' (" + b.loss() + ") no longer reproduces: remove it from KnownBugs (and EXPECTED_COUNT) and its fixtures "
                        + b.fixtures() + " from FAILING in tools/golden/gen_losses_extreme.py, then regenerate extreme.json"))).toList();
    }

    /** With an empty list, no generated case of any loss or dtype is excluded. */
    static void nothingExcluded() {
        for (String loss : LossCases.NAMES) {
            for (long seed = 0; seed < 50; seed++) {
                for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                    LossCase c = LossCases.random(loss, seed, dt, false);
                    assertFalse(excludes(c), () -> "excluded with no known bug listed: " + c);
                }
            }
        }
    }

    @Test
    void listIsAsDocumented() {
        assertEquals(EXPECTED_COUNT, BUGS.size(), "KnownBugs.BUGS changed: update EXPECTED_COUNT with it (and say so in the commit)");
        Set<String> ids = new HashSet<>();
        for (Bug b : BUGS) {
            assertTrue(ids.add(b.id()), "duplicate id " + b.id());
            assertTrue(LossCases.NAMES.contains(b.loss()), "unknown loss " + b.loss());
            for (String s : new String[] {b.input(), b.observed(), b.pytorch()}) assertFalse(s == null || s.isBlank(), b.id() + ": describe the bug");
            assertNotNull(b.stillOccurs());
            assertNotNull(b.excludes());
        }
    }

    /** Every exclusion predicate matches only cases of its own loss. */
    @Test
    void exclusionsAreNarrow() {
        for (Bug b : BUGS) {
            for (String loss : LossCases.NAMES) {
                if (loss.equals(b.loss())) continue;
                for (long seed = 0; seed < 30; seed++) {
                    for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                        LossCase c = LossCases.random(loss, seed, dt, false);
                        assertFalse(b.excludes().test(c), () -> b.id() + " excludes a case of another loss: " + c);
                    }
                }
            }
        }
    }
}
