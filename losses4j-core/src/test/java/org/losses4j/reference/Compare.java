package org.losses4j.reference;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Tensor;

/** Tolerances of the reference properties. */
public final class Compare {
    private Compare() {}

    /** The largest |value| among the floating arguments, options excluded (scales float32's rounding). */
    static double argMagnitude(LossCase c) {
        double m = 1;
        for (Tensor t : c.args) {
            if (t == null || !t.dtype().isFloatingPoint()) continue;
            for (double v : t.contiguousCopy().toDoubleArray()) if (Double.isFinite(v)) m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * Null when {@code got} equals {@code ref} within the dtype's tolerance, else a description. float64: 1e-9
     * relative to the magnitude; float32: 2e-5 relative to the larger of the output and input magnitudes
     * (the library computes in float32 with double accumulation, the reference in double throughout).
     */
    public static String mismatch(DType dt, double[] ref, double[] got, double argMag) {
        if (ref.length != got.length) return "length " + got.length + " but the reference has " + ref.length;
        double mag = argMag;
        for (double v : ref) if (Double.isFinite(v)) mag = Math.max(mag, Math.abs(v));
        double tol = (dt == DType.FLOAT64 ? 1e-9 : 2e-5) * mag;
        for (int i = 0; i < ref.length; i++) {
            double a = ref[i], b = got[i];
            if (Double.isNaN(a) && Double.isNaN(b)) continue;
            if (a == b) continue;
            if (dt == DType.FLOAT32 && Double.isInfinite(b) && Math.abs(a) > Float.MAX_VALUE && Math.signum(a) == Math.signum(b)) continue;
            if (!(Math.abs(a - b) <= tol)) {
                return "element " + i + ": got " + b + ", reference " + a + " (tolerance " + tol + ")\n  got " + trim(Arrays.toString(got))
                        + "\n  ref " + trim(Arrays.toString(ref));
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
