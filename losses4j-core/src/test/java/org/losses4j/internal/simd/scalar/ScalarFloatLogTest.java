package org.losses4j.internal.simd.scalar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * The float32 log of the scalar BCE kernel against Math.log / Math.log1p (double, correctly rounded to float): log at
 * 1 ulp; log(1 - x) at 2 ulps (log u - c / u cancels up to a factor 2 where 1 - x rounds, x near 2^-24).
 */
class ScalarFloatLogTest {
    /** The error bound, in ulps of the correctly rounded float result. */
    private static final double MAX_ULPS = 1.0;

    private static double ulps(float got, double exact) {
        float rounded = (float) exact;
        return Math.abs(got - exact) / Math.ulp(rounded);
    }

    private static void checkLog(float x) {
        double exact = Math.log(x);
        float got = ScalarFloatLog.log(x);
        if (!(ulps(got, exact) <= MAX_ULPS)) fail("log(" + x + ") = " + got + ", expected " + (float) exact);
    }

    /** The error bound of log1mx, in ulps of the correctly rounded float result. */
    private static final double MAX_ULPS_LOG1MX = 2.0;

    private static void checkLog1mx(float x) {
        double exact = Math.log1p(-(double) x);
        float got = ScalarFloatLog.log1mx(x);
        if (!(ulps(got, exact) <= MAX_ULPS_LOG1MX)) fail("log1p(-" + x + ") = " + got + ", expected " + (float) exact);
    }

    @Test
    void logSweepOverNormalsAndSubnormalsUpToTwo() {
        // every 37th float from the smallest subnormal to 2 (about 29 million), then every float near 1
        for (int b = 1; b <= Float.floatToRawIntBits(2f); b += 37) checkLog(Float.intBitsToFloat(b));
        for (int b = Float.floatToRawIntBits(1f) - 100_000; b <= Float.floatToRawIntBits(1f) + 100_000; b++) checkLog(Float.intBitsToFloat(b));
        for (int b = 1; b < 100_000; b++) checkLog(Float.intBitsToFloat(b)); // the smallest subnormals
    }

    @Test
    void logEdges() {
        assertEquals(0f, ScalarFloatLog.log(1f));
        assertTrue(ScalarFloatLog.log(0f) < -100f, "log 0 lies below the -100 clamp");
        assertTrue(ScalarFloatLog.log(-0f) < -100f, "log -0 lies below the -100 clamp");
        assertTrue(Float.isNaN(ScalarFloatLog.log(Float.NaN)));
        for (float x : new float[] {Float.MIN_VALUE, Float.MIN_NORMAL, Math.nextDown(Float.MIN_NORMAL), 3.7e-44f, 1e-30f, 1e-3f, 0.5f,
            (float) Math.sqrt(0.5), Math.nextDown((float) Math.sqrt(0.5)), Math.nextDown(1f), Math.nextUp(1f), 1e30f, 0x1p104f}) {
            checkLog(x);
        }
    }

    @Test
    void log1mxSweepOverTheUnitInterval() {
        for (int b = 1; b <= Float.floatToRawIntBits(1f); b += 37) checkLog1mx(Float.intBitsToFloat(b));
        for (int b = Float.floatToRawIntBits(1f) - 200_000; b < Float.floatToRawIntBits(1f); b++) checkLog1mx(Float.intBitsToFloat(b));
        for (int b = Float.floatToRawIntBits(0.5f) - 100_000; b <= Float.floatToRawIntBits(0.5f) + 100_000; b++) checkLog1mx(Float.intBitsToFloat(b));
    }

    @Test
    void log1mxEdges() {
        assertEquals(0f, ScalarFloatLog.log1mx(0f));
        assertEquals(0f, ScalarFloatLog.log1mx(-0f));
        assertTrue(ScalarFloatLog.log1mx(1f) < -100f, "log(1 - 1) lies below the -100 clamp");
        assertTrue(Float.isNaN(ScalarFloatLog.log1mx(Float.NaN)));
        for (float x : new float[] {Float.MIN_VALUE, 1e-30f, 1e-8f, 1e-7f, 1e-3f, 0.25f, 0.5f, Math.nextDown(0.5f), Math.nextUp(0.5f), 0.999f,
            Math.nextDown(1f), 1 - 1e-7f}) {
            checkLog1mx(x);
        }
    }
}
