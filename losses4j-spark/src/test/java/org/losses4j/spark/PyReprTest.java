package org.losses4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PyReprTest {
    @Test
    void doublesAsPythonReprPrintsThem() {
        assertEquals("0.1", PyRepr.of(0.1));
        assertEquals("0.30000000000000004", PyRepr.of(0.1 + 0.2));
        assertEquals("1e-05", PyRepr.of(1e-5));
        assertEquals("0.0001", PyRepr.of(1e-4));
        assertEquals("1e+16", PyRepr.of(1e16));
        assertEquals("1234567890123456.0", PyRepr.of(1234567890123456.0));
        assertEquals("123.0", PyRepr.of(123.0));
        assertEquals("-2.5", PyRepr.of(-2.5));
        assertEquals("5e-324", PyRepr.of(Double.MIN_VALUE));
        assertEquals("1.7976931348623157e+308", PyRepr.of(Double.MAX_VALUE));
        assertEquals("0.6931471805599453", PyRepr.of(Math.log(2)));
        assertEquals("2e-05", PyRepr.of(2e-5));        // Java 17's Double.toString gives 2.0E-5: same digits, other layout
        assertEquals("1e+23", PyRepr.of(1e23));   // Java 17 prints 1.0E23
        assertEquals("NaN", PyRepr.of(Double.NaN));
        assertEquals("-Infinity", PyRepr.of(Double.NEGATIVE_INFINITY));
        assertEquals("0.0", PyRepr.of(0.0));
        assertEquals("-0.0", PyRepr.of(-0.0));
    }

    @Test
    void float32ValuesPrintTheirShortestFloat32Form() {
        assertEquals("0.1", PyRepr.of(0.1f));
        assertEquals("0.6931472", PyRepr.of((float) Math.log(2)));
        assertEquals("16777216.0", PyRepr.of(16777216f));
        assertEquals("1e-45", PyRepr.of(Float.MIN_VALUE));
        assertEquals("3.4028235e+38", PyRepr.of(Float.MAX_VALUE));
    }

    @Test
    void everyOutputReadsBackAndIsNoLongerThanJavas() {
        Random r = new Random(5);
        for (int i = 0; i < 4000; i++) {
            double x = Double.longBitsToDouble(r.nextLong());
            if (!Double.isFinite(x)) continue;
            String s = PyRepr.of(x);
            assertEquals(x, Double.parseDouble(s), s);
            assertTrue(digits(s) <= digits(Double.toString(x)), s + " vs " + x);
            float f = Float.intBitsToFloat(r.nextInt());
            if (!Float.isFinite(f)) continue;
            String t = PyRepr.of(f);
            assertEquals(f, Float.parseFloat(t), t);
            assertTrue(digits(t) <= digits(Float.toString(f)), t + " vs " + f);
        }
    }

    private static int digits(String s) {
        String m = s.toLowerCase().split("e")[0].replace("-", "").replace(".", "");
        m = m.replaceFirst("^0+", "");
        m = m.replaceFirst("0+$", "");
        return Math.max(m.length(), 1);
    }
}
