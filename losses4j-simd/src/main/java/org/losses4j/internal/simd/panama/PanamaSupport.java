package org.losses4j.internal.simd.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Marks the presence of the Vector API kernels and holds the species they use. */
public final class PanamaSupport {
    private PanamaSupport() {}

    /** The preferred float species of this CPU (8 lanes with AVX2). */
    public static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /**
     * The array a kernel stores an optional output into, or a one-vector scratch when the output is absent, so
     * the vector loop stores unconditionally at {@code base + i * step} (step 0 into the scratch). A store under
     * {@code if (out != null)} inside the loop made C2 box the vectors once both branches had been profiled (a
     * no-grad forward beside training steps): L1Loss allocated 2.5x, SoftMarginLoss 4x the gradient per step.
     */
    public static float[] orSink(float[] out) { return out != null ? out : new float[F.length()]; }
}
