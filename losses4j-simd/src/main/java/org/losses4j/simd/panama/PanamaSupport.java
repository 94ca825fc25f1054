package org.losses4j.simd.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Marks the presence of the Vector API kernels and holds the species they use. */
public final class PanamaSupport {
    private PanamaSupport() {}

    /** The preferred float species of this CPU (8 lanes with AVX2). */
    public static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
}
