package org.losses4j.reference;

/** Placeholder; filled in below once the properties have run. */
public final class KnownBugs {
    private KnownBugs() {}

    public static boolean excludes(LossCase c) { return false; }

    public static boolean excludes(Mutations.Mutated m) { return false; }
}
