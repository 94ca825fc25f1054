package org.losses4j.internal.parallel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Parallel loops over fixed blocks (docs/ARCHITECTURE.md, convention 8). Work is cut into blocks of {@code grain}
 * indices whatever the thread count, and partial sums are combined in block order, so every result is
 * bit-identical for 1, 2 or 64 threads. An exception thrown in a block reaches the caller.
 *
 * <p>The thread count defaults to the number of available processors, or the system property
 * {@code losses4j.threads}; {@link #setNumThreads(int)} changes it (as {@code torch.set_num_threads}).
 *
 * <p>How a loop runs on n threads: the calling thread and n - 1 daemon workers claim blocks from a shared counter
 * until none is left, so the caller starts at once and a short loop may finish before a worker wakes. Workers spin
 * for a short while after a loop before they park (as OpenMP's threads do), so the several loops of one training
 * step do not each pay a thread wake-up. A loop started inside a block, or while another thread's loop holds the
 * workers, runs on its caller alone: same blocks, same results.
 */
public final class Parallel {
    private Parallel() {}

    /** A loop body over [start, end). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    /** A loop body over [start, end) returning the block's partial sum. */
    @FunctionalInterface
    public interface RangeSum {
        double sum(int start, int end);
    }

    private static volatile int threads = initialThreads();
    private static volatile Team team;

    private static int initialThreads() {
        String p = System.getProperty("losses4j.threads");
        if (p != null) {
            try {
                int n = Integer.parseInt(p.trim());
                if (n >= 1) return n;
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** The number of threads loops may use. */
    public static int numThreads() { return threads; }

    /** Sets the number of threads loops may use (1 runs everything on the caller's thread). */
    public static synchronized void setNumThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("number of threads must be at least 1, got " + n);
        if (n != threads) {
            threads = n;
            Team old = team;
            team = null;
            if (old != null) old.shutdown();
        }
    }

    private static Team team() {
        Team t = team;
        if (t == null) {
            synchronized (Parallel.class) {
                t = team;
                if (t == null) {
                    t = new Team(threads - 1);
                    team = t;
                }
            }
        }
        return t;
    }

    private static int blocks(int start, int end, int grain) {
        if (grain < 1) throw new IllegalArgumentException("grain must be at least 1, got " + grain);
        long n = (long) end - start;
        return n <= 0 ? 0 : (int) ((n + grain - 1) / grain);
    }

    /** True on a worker thread, or on a caller while it runs its own loop's blocks (nested loops run serially). */
    private static final ThreadLocal<boolean[]> IN_LOOP = ThreadLocal.withInitial(() -> new boolean[1]);

    /** Runs {@code body} over [start, end) in blocks of {@code grain}, in parallel when it pays. */
    public static void parallelFor(int start, int end, int grain, RangeBody body) {
        parallelFor(start, end, grain, body, null);
    }

    /**
     * As {@link #parallelFor(int, int, int, RangeBody)}, with an {@code aside} task for the calling thread as in
     * {@link #parallelSum(int, int, int, RangeSum, Runnable)}.
     */
    public static void parallelFor(int start, int end, int grain, RangeBody body, Runnable aside) {
        int nb = blocks(start, end, grain);
        if (nb == 0) return;
        run(new Job(start, end, grain, nb, body), aside);
    }

    /**
     * Sums {@code body}'s partial results over [start, end) in blocks of {@code grain}; partials are added in
     * block order, so the result does not depend on the thread count.
     */
    public static double parallelSum(int start, int end, int grain, RangeSum body) {
        return parallelSum(start, end, grain, body, null);
    }

    /**
     * As {@link #parallelSum(int, int, int, RangeSum)}; when the loop really runs on more than one thread, the
     * calling thread first runs {@code aside} while the workers start on the blocks, then joins them. {@code aside}
     * must not touch the loop's data (it is work for later, such as allocating the next call's output); it does not
     * run when the loop runs on its caller alone. What it throws reaches the caller after the loop finished.
     *
     * @return the sum of the partials in block order
     */
    public static double parallelSum(int start, int end, int grain, RangeSum body, Runnable aside) {
        int nb = blocks(start, end, grain);
        if (nb == 0) return 0;
        double[] partial = new double[nb];
        run(new Job(start, end, grain, nb, (s, e) -> partial[(s - start) / grain] = body.sum(s, e)), aside);
        double total = 0;
        for (double p : partial) total += p;
        return total;
    }

    private static void run(Job job, Runnable aside) {
        boolean[] inLoop = IN_LOOP.get();
        if (job.blocks == 1 || threads == 1 || inLoop[0]) {
            job.runSerially();
            return;
        }
        Team t = team();
        if (!t.tryAcquire()) { // another thread's loop has the workers
            job.runSerially();
            return;
        }
        inLoop[0] = true;
        try {
            t.publish(job);
            if (aside != null) {
                try {
                    aside.run();
                } catch (Throwable e) {
                    job.fail(e);
                }
            }
            job.work();
            job.awaitDone();
        } finally {
            t.clear();
            inLoop[0] = false;
            t.release();
        }
        job.rethrow();
    }

    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    /** One loop: blocks claimed from a counter by the caller and the workers; the first exception is kept. */
    private static final class Job {
        final int start, end, grain, blocks;
        final RangeBody body;
        final long id = IDS.getAndIncrement();
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(int start, int end, int grain, int blocks, RangeBody body) {
            this.start = start;
            this.end = end;
            this.grain = grain;
            this.blocks = blocks;
            this.body = body;
        }

        void runSerially() {
            for (int b = 0; b < blocks; b++) {
                int s = start + b * grain;
                body.run(s, Math.min(end, s + grain));
            }
        }

        /** Claims and runs blocks until none is left (after a failure the rest are only counted). */
        void work() {
            int b;
            while ((b = next.getAndIncrement()) < blocks) {
                if (failure == null) {
                    int s = start + b * grain;
                    try {
                        body.run(s, Math.min(end, s + grain));
                    } catch (Throwable e) {
                        fail(e);
                    }
                }
                done.incrementAndGet();
            }
        }

        /** Keeps the first failure; the blocks not yet started are then only counted. */
        synchronized void fail(Throwable e) {
            if (failure == null) failure = e;
        }

        void awaitDone() {
            int spins = 0;
            while (done.get() < blocks) {
                if (++spins < 1 << 16) Thread.onSpinWait();
                else Thread.yield();
            }
        }

        void rethrow() {
            Throwable e = failure;
            if (e == null) return;
            if (e instanceof RuntimeException) throw (RuntimeException) e;
            if (e instanceof Error) throw (Error) e;
            throw new IllegalStateException(e);
        }
    }

    /** n - 1 daemon workers that pick up the published job; one loop at a time. */
    private static final class Team {
        /** How long an idle worker polls for the next loop before it parks. */
        private static final long SPIN_NANOS = 200_000;

        private final Thread[] workers;
        private final AtomicBoolean busy = new AtomicBoolean();
        private volatile Job current;
        private volatile boolean stopped;

        Team(int n) {
            workers = new Thread[n];
            for (int i = 0; i < n; i++) {
                Thread w = new Thread(this::loop, "losses4j-worker-" + (i + 1));
                w.setDaemon(true);
                workers[i] = w;
                w.start();
            }
        }

        boolean tryAcquire() { return busy.compareAndSet(false, true); }

        void release() { busy.set(false); }

        void publish(Job job) {
            current = job;
            for (Thread w : workers) LockSupport.unpark(w);
        }

        void clear() { current = null; }

        void shutdown() {
            stopped = true;
            for (Thread w : workers) LockSupport.unpark(w);
        }

        private void loop() {
            IN_LOOP.get()[0] = true;
            long lastId = -1; // the id, not the job: a kept job would keep its loop's arrays reachable
            while (!stopped) {
                Job j = current;
                if (j != null && j.id != lastId) {
                    lastId = j.id;
                    j.work();
                    continue;
                }
                // poll for a while (the next loop of a step usually comes soon), then park until published
                long until = System.nanoTime() + SPIN_NANOS;
                while (!stopped && System.nanoTime() < until && ((j = current) == null || j.id == lastId)) Thread.onSpinWait();
                j = current;
                if (!stopped && (j == null || j.id == lastId)) LockSupport.park(this);
            }
        }
    }
}
