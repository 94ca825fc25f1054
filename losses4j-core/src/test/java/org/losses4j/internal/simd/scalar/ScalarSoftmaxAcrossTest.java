package org.losses4j.internal.simd.scalar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scalar across-position softmax kernels (cross entropy over (N, C, d...)) run through a 0-based scratch row; they
 * must give the bits of the plain per-element loops at any offset, for any m (also below the values: exp > 1, +inf),
 * and for NaN / infinite inputs.
 */
class ScalarSoftmaxAcrossTest {
    private static final ScalarSoftmaxKernels K = new ScalarSoftmaxKernels();
    private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -200f, 90f, 0f, -0f, 1e-40f};

    private static float[] values(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextInt(12) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : (float) (r.nextGaussian() * 4);
        return a;
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), what + "[" + i + "]");
        }
    }

    @Test
    void sameBitsAsThePerElementLoops() {
        Random r = new Random(19);
        for (int n : new int[] {0, 1, 7, 16, 784, 1021, 2500}) {
            for (int off : new int[] {0, 3, 1000}) {
                float[] x = values(r, n + off), m = values(r, n), s = values(r, n), g = values(r, n + off);
                for (int i = 0; i < n; i++) if (r.nextInt(3) > 0) m[i] = Math.max(m[i], x[off + i]); // mostly the max

                float[] m1 = m.clone(), m2 = m.clone();
                for (int i = 0; i < n; i++) m1[i] = Math.max(m1[i], x[off + i]);
                K.maxAcc(x, off, m2, n);
                assertBits(m1, m2, "maxAcc n=" + n + " off=" + off);

                float[] g1 = g.clone(), g2 = g.clone(), s1 = s.clone(), s2 = s.clone();
                for (int i = 0; i < n; i++) {
                    float e = ScalarSoftmaxKernels.softExp(x[off + i], m[i]);
                    g1[off + i] = e;
                    s1[i] += e;
                }
                K.expStoreAcc(x, off, g2, off, m, s2, n);
                assertBits(g1, g2, "expStoreAcc g n=" + n + " off=" + off);
                assertBits(s1, s2, "expStoreAcc s n=" + n + " off=" + off);

                // m the true max (the usual case: no exponent above 0)
                float[] g3 = g.clone(), g4 = g.clone(), s3 = s.clone(), s4 = s.clone();
                for (int i = 0; i < n; i++) {
                    float e = ScalarSoftmaxKernels.softExp(x[off + i], m1[i]);
                    g3[off + i] = e;
                    s3[i] += e;
                }
                K.expStoreAcc(x, off, g4, off, m1, s4, n);
                assertBits(g3, g4, "expStoreAcc(max) g n=" + n + " off=" + off);
                assertBits(s3, s4, "expStoreAcc(max) s n=" + n + " off=" + off);

                float[] a = values(r, n), b = values(r, n);
                float[] h1 = g.clone(), h2 = g.clone();
                for (int i = 0; i < n; i++) h1[off + i] = h1[off + i] * a[i] - b[i] * 0.3f;
                K.scaleShiftAcross(h2, off, a, b, 0.3f, n);
                assertBits(h1, h2, "scaleShiftAcross n=" + n + " off=" + off);
            }
        }
    }
}
