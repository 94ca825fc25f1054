package org.losses4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactSumTest {
    private static double[] terms(long seed, int n) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            switch (i % 5) {
                case 0: x[i] = r.nextGaussian(); break;
                case 1: x[i] = Math.scalb(r.nextDouble() - 0.5, r.nextInt(2000) - 1000); break;
                case 2: x[i] = -x[i - 1] * (1 + Math.ulp(1.0) * r.nextInt(3)); break;   // near cancellation
                case 3: x[i] = Double.MIN_VALUE * r.nextInt(1000); break;              // subnormals
                default: x[i] = (float) r.nextGaussian(); break;
            }
        }
        return x;
    }

    private static BigDecimal exact(double[] x) {
        BigDecimal s = BigDecimal.ZERO;
        for (double v : x) s = s.add(new BigDecimal(v));
        return s;
    }

    @Test
    void roundsTheExactSumOnceToDoubleAndToFloat() {
        for (long seed = 0; seed < 40; seed++) {
            double[] x = terms(seed, 500);
            ExactSum s = new ExactSum();
            for (double v : x) s.add(v);
            BigDecimal e = exact(x);
            assertEquals(e.doubleValue(), s.toDouble(), "seed " + seed);
            assertEquals(e.floatValue(), s.toFloat(), "seed " + seed);
        }
    }

    @Test
    void anyOrderAndAnySplitGiveTheSameBits() {
        double[] x = terms(7, 3000);
        ExactSum whole = new ExactSum();
        for (double v : x) whole.add(v);
        List<Double> l = new ArrayList<>();
        for (double v : x) l.add(v);
        for (int round = 0; round < 5; round++) {
            Collections.shuffle(l, new Random(round));
            ExactSum a = new ExactSum(), b = new ExactSum(), c = new ExactSum();
            for (int i = 0; i < l.size(); i++) (i % 3 == 0 ? a : i % 3 == 1 ? b : c).add(l.get(i));
            c.add(a);
            b.add(c);
            assertEquals(Double.doubleToRawLongBits(whole.toDouble()), Double.doubleToRawLongBits(b.toDouble()));
            assertEquals(whole, b);
        }
        // a naive double sum of the same terms does depend on the order
        double fwd = 0, bwd = 0;
        for (double v : x) fwd += v;
        for (int i = x.length - 1; i >= 0; i--) bwd += x[i];
        assertTrue(fwd != bwd || fwd == whole.toDouble(), "the terms should be ill-conditioned enough to show the order");
    }

    @Test
    void tiesRoundToEvenAndHugeSumsOverflowToInfinity() {
        ExactSum s = new ExactSum();
        s.add(1.0);
        s.add(Math.ulp(1.0) / 2);          // exactly halfway between 1 and 1 + ulp: even is 1
        assertEquals(1.0, s.toDouble());
        s.add(Math.ulp(1.0) / 4);          // now above halfway
        assertEquals(1.0 + Math.ulp(1.0), s.toDouble());
        ExactSum big = new ExactSum();
        big.add(Double.MAX_VALUE);
        big.add(Double.MAX_VALUE);
        assertEquals(Double.POSITIVE_INFINITY, big.toDouble());
        big.add(-Double.MAX_VALUE);
        assertEquals(Double.MAX_VALUE, big.toDouble());
        ExactSum f = new ExactSum();
        f.add(Float.MAX_VALUE);
        f.add(Math.ulp(Float.MAX_VALUE));
        assertEquals(Float.POSITIVE_INFINITY, f.toFloat());
        assertEquals(Float.MAX_VALUE + (double) Math.ulp(Float.MAX_VALUE), f.toDouble());
    }

    @Test
    void nonFiniteTermsAndEmptySums() {
        ExactSum s = new ExactSum();
        assertEquals(0.0, s.toDouble());
        assertTrue(s.isZero());
        s.add(Double.POSITIVE_INFINITY);
        s.add(1);
        assertEquals(Double.POSITIVE_INFINITY, s.toDouble());
        s.add(Double.NEGATIVE_INFINITY);
        assertTrue(Double.isNaN(s.toDouble()));
        ExactSum n = new ExactSum();
        n.add(Double.NaN);
        assertTrue(Double.isNaN(n.toFloat()));
        ExactSum m = new ExactSum();
        m.add(Double.NEGATIVE_INFINITY);
        assertEquals(Double.NEGATIVE_INFINITY, m.toDouble());
    }

    @Test
    void manyTermsKeepTheirCarries() {
        ExactSum s = new ExactSum();
        // more terms than one normalisation interval (2^24), each of 53 one-bits
        double x = Math.nextDown(1.0);
        for (int i = 0; i < 40_000_000; i++) s.add(x);
        assertEquals(new BigDecimal(x).multiply(BigDecimal.valueOf(40_000_000L)).doubleValue(), s.toDouble());
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        ExactSum s = new ExactSum();
        for (double v : terms(3, 100)) s.add(v);
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bo)) {
            o.writeObject(s);
        }
        ExactSum back = (ExactSum) new ObjectInputStream(new ByteArrayInputStream(bo.toByteArray())).readObject();
        assertEquals(s, back);
        assertEquals(s.toDouble(), back.toDouble());
    }
}
