package org.losses4j.reference;

import java.util.Arrays;
import org.losses4j.DType;

/**
 * Tolerances of the reference properties: element-wise, in the form of {@code torch.testing.assert_close},
 * {@code |got - ref| <= ATOL + RTOL * |ref|} for every element, with the bounds below. No bound grows with the
 * size of the other elements or of the arguments: an element that is small because of cancellation is held to
 * the small-value bound like any other.
 */
public final class Compare {
    private Compare() {}

    /**
     * float32: {@code torch.testing.assert_close}'s own float32 defaults. The library computes in float32 (with
     * double accumulators in its reductions) as PyTorch does, and the reference computes the same formula in
     * double from the same float32 inputs, so the two differ by the rounding of a few float32 steps: a relative
     * 1.3e-6 is about 20 float32 half-ulps (2^-24 each), and the absolute 1e-5 covers results near zero that come
     * out of a cancellation of O(1) terms.
     */
    public static final double F32_RTOL = 1.3e-6, F32_ATOL = 1e-5;

    /**
     * float64: both sides compute in double, so they differ only by the order of the operations: a relative
     * 1e-10 is about 900,000 double half-ulps (2^-53 each), enough for sums of thousands of terms, and the
     * absolute 1e-10 is for results near zero. (assert_close's float64 defaults, 1e-7 both, would be looser
     * than this suite has ever needed.)
     */
    public static final double F64_RTOL = 1e-10, F64_ATOL = 1e-10;

    /**
     * Null when every element of {@code got} is within the dtype's tolerance of {@code ref}, else a description
     * of the first one that is not. NaN equals NaN; an infinity must be matched by the same infinity, except that a
     * float32 result may overflow to the infinity of the sign of a reference value beyond float32's range.
     */
    public static String mismatch(DType dt, double[] ref, double[] got) { return mismatch(dt, ref, got, null); }

    /**
     * As {@link #mismatch(DType, double[], double[])}, for a loss whose elements are differences of two computed
     * terms ({@link ReferenceLosses#subtractedTerms}, null for none): the bound of element i grows by
     * {@code rtol * subtracted[i]}, the rtol applied to the operands of the subtraction as well as to its result.
     * Only losses for which PyTorch's own float32 result needs it have such terms (a loss that rounds an
     * intermediate that PyTorch keeps exact gets no allowance: see {@link KnownBugs}).
     */
    public static String mismatch(DType dt, double[] ref, double[] got, double[] subtracted) {
        if (ref.length != got.length) return "length " + got.length + " but the reference has " + ref.length;
        if (subtracted != null && subtracted.length != ref.length) throw new IllegalArgumentException("subtracted terms: " + subtracted.length + " for " + ref.length);
        double rtol = dt == DType.FLOAT64 ? F64_RTOL : F32_RTOL, atol = dt == DType.FLOAT64 ? F64_ATOL : F32_ATOL;
        for (int i = 0; i < ref.length; i++) {
            double a = ref[i], b = got[i];
            if (Double.isNaN(a) && Double.isNaN(b)) continue;
            if (a == b) continue;
            if (dt == DType.FLOAT32 && Double.isInfinite(b) && Math.abs(a) > Float.MAX_VALUE && Math.signum(a) == Math.signum(b)) continue;
            double tol = atol + rtol * Math.abs(a) + (subtracted == null ? 0 : rtol * subtracted[i]);
            if (!(Math.abs(a - b) <= tol)) {
                return "element " + i + ": got " + b + ", reference " + a + " (|difference| " + Math.abs(a - b) + " > atol " + atol + " + rtol " + rtol
                        + " * |reference| = " + tol + ")\n  got " + trim(Arrays.toString(got)) + "\n  ref " + trim(Arrays.toString(ref));
            }
        }
        return null;
    }

    static String trim(String s) { return s.length() > 400 ? s.substring(0, 400) + "..." : s; }

    /** Bit-for-bit equality of two double arrays (NaN payloads aside). */
    public static boolean bitEqual(double[] a, double[] b) {
        if (a == null || b == null) return a == b;
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(b[i])) return false;
        return true;
    }
}
