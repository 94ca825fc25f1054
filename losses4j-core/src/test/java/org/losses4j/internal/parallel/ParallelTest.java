package org.losses4j.internal.parallel;

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

    @Test
    void workersActuallyShareTheBlocks() {
        // a loop long enough for a worker to wake: some block must run on a thread other than the caller
        Parallel.setNumThreads(2);
        Thread caller = Thread.currentThread();
        java.util.concurrent.atomic.AtomicBoolean other = new java.util.concurrent.atomic.AtomicBoolean();
        for (int attempt = 0; attempt < 50 && !other.get(); attempt++) {
            Parallel.parallelFor(0, 64, 1, (s, e) -> {
                if (Thread.currentThread() != caller) other.set(true);
                long until = System.nanoTime() + 200_000;
                while (System.nanoTime() < until) Thread.onSpinWait();
            });
        }
        assertEquals(true, other.get(), "no block ran on a worker");
    }

    @Test
    void nestedLoopsAndManyCallersGiveTheSameBits() throws Exception {
        double[] v = new double[50_000];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian() * Math.pow(10, r.nextInt(8));
        double want = sumAt(1, v);
        Parallel.setNumThreads(3);
        // a loop inside a block runs serially on that thread, with the same blocks
        double[] inner = new double[8];
        Parallel.parallelFor(0, 8, 1, (s, e) -> inner[s] = Parallel.parallelSum(0, v.length, 1000, (a, b) -> {
            double acc = 0;
            for (int i = a; i < b; i++) acc += v[i];
            return acc;
        }));
        for (double d : inner) assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(d));
        // several threads at once: one holds the workers, the others run on their own thread; all get the same sum
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Double>>();
            for (int k = 0; k < 60; k++) {
                futures.add(pool.submit(() -> Parallel.parallelSum(0, v.length, 1000, (a, b) -> {
                    double acc = 0;
                    for (int i = a; i < b; i++) acc += v[i];
                    return acc;
                })));
            }
            for (var f : futures) assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(f.get()));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void changingTheThreadCountBetweenLoopsKeepsResults() {
        double[] v = new double[20_000];
        for (int i = 0; i < v.length; i++) v[i] = Math.sin(i) * 1e6;
        double want = sumAt(1, v);
        for (int t : new int[] {2, 4, 1, 3, 2}) {
            assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(sumAt(t, v)), "threads " + t);
        }
    }

    @Test
    void anErrorInAWorkerBlockIsRethrownAsItself() {
        Parallel.setNumThreads(2);
        assertThrows(StackOverflowError.class, () -> Parallel.parallelFor(0, 100, 1, (s, e) -> {
            long until = System.nanoTime() + 50_000;
            while (System.nanoTime() < until) Thread.onSpinWait();
            if (s == 99) throw new StackOverflowError("block 99");
        }));
        // the team still works afterwards
        AtomicIntegerArray hits = new AtomicIntegerArray(1000);
        Parallel.parallelFor(0, 1000, 10, (s, e) -> {
            for (int i = s; i < e; i++) hits.incrementAndGet(i);
        });
        for (int i = 0; i < 1000; i++) assertEquals(1, hits.get(i));
    }

    @Test
    void asideRunsOnceOnTheCallerWhileWorkersTakeBlocks() {
        Parallel.setNumThreads(2);
        Thread caller = Thread.currentThread();
        double[] v = new double[64];
        java.util.Arrays.fill(v, 1.5);
        java.util.concurrent.atomic.AtomicInteger asideRuns = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger blocksDuringAside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean inAside = new java.util.concurrent.atomic.AtomicBoolean();
        for (int attempt = 0; attempt < 50 && blocksDuringAside.get() == 0; attempt++) {
            double s = Parallel.parallelSum(0, v.length, 1, (a, b) -> {
                if (inAside.get() && Thread.currentThread() != caller) blocksDuringAside.incrementAndGet();
                long until = System.nanoTime() + 20_000;
                while (System.nanoTime() < until) Thread.onSpinWait();
                return v[a];
            }, () -> {
                assertEquals(caller, Thread.currentThread());
                asideRuns.incrementAndGet();
                inAside.set(true);
                long until = System.nanoTime() + 300_000;
                while (System.nanoTime() < until) Thread.onSpinWait();
                inAside.set(false);
            });
            assertEquals(96.0, s);
            assertEquals(attempt + 1, asideRuns.get(), "the aside task runs once per parallel loop");
        }
        assertEquals(true, blocksDuringAside.get() > 0, "no worker ran a block while the caller ran the aside task");
    }

    @Test
    void asideDoesNotRunWhenTheLoopRunsOnItsCaller() {
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        Parallel.setNumThreads(1);
        Parallel.parallelFor(0, 100, 1, (s, e) -> { }, runs::incrementAndGet);
        Parallel.setNumThreads(4);
        Parallel.parallelFor(0, 10, 10, (s, e) -> { }, runs::incrementAndGet); // one block
        Parallel.parallelFor(0, 8, 1, (s, e) -> Parallel.parallelFor(0, 100, 1, (a, b) -> { }, runs::incrementAndGet)); // nested
        assertEquals(0, runs.get());
        Parallel.parallelFor(0, 100, 1, (s, e) -> { }, runs::incrementAndGet);
        assertEquals(1, runs.get());
    }

    @Test
    void aFailingAsideReachesTheCallerAfterTheLoop() {
        Parallel.setNumThreads(2);
        var e = assertThrows(IllegalStateException.class, () -> Parallel.parallelFor(0, 100, 1, (s, t) -> { }, () -> {
            throw new IllegalStateException("aside failed");
        }));
        assertEquals("aside failed", e.getMessage());
        // the team still works afterwards
        AtomicIntegerArray hits = new AtomicIntegerArray(1000);
        Parallel.parallelFor(0, 1000, 10, (s, t) -> {
            for (int i = s; i < t; i++) hits.incrementAndGet(i);
        }, () -> { });
        for (int i = 0; i < 1000; i++) assertEquals(1, hits.get(i));
    }
}
