package org.losses4j.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fixed blocks: the same bits for every thread count; every index once; exceptions reach the caller. */
class ParallelTest {
    private final int before = Parallel.numThreads();

    @AfterEach
    void restore() { Parallel.setNumThreads(before); }

    private static double sumAt(int threads, double[] v) {
        Parallel.setNumThreads(threads);
        return Parallel.parallelSum(0, v.length, 1000, (s, e) -> {
            double acc = 0;
            for (int i = s; i < e; i++) acc += v[i];
            return acc;
        });
    }

    @Test
    void sumIsBitIdenticalForEveryThreadCount() {
        double[] v = new double[100_003];
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian() * Math.pow(10, r.nextInt(12));
        double one = sumAt(1, v);
        for (int t : new int[] {2, 3, 4, 8}) assertEquals(Double.doubleToLongBits(one), Double.doubleToLongBits(sumAt(t, v)), "threads " + t);
    }

    @Test
    void everyIndexVisitedOnce() {
        Parallel.setNumThreads(4);
        AtomicIntegerArray hits = new AtomicIntegerArray(10_007);
        Parallel.parallelFor(0, hits.length(), 64, (s, e) -> {
            for (int i = s; i < e; i++) hits.incrementAndGet(i);
        });
        for (int i = 0; i < hits.length(); i++) assertEquals(1, hits.get(i), "index " + i);
        Parallel.parallelFor(5, 5, 64, (s, e) -> { throw new AssertionError("empty range must not run"); });
    }

    @Test
    void exceptionsReachTheCaller() {
        Parallel.setNumThreads(4);
        var e = assertThrows(IllegalArgumentException.class, () -> Parallel.parallelFor(0, 1000, 10, (s, t) -> {
            if (s == 500) throw new IllegalArgumentException("block 50 failed");
        }));
        assertEquals("block 50 failed", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Parallel.setNumThreads(0));
    }
}
