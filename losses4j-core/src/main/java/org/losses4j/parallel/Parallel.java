package org.losses4j.parallel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Parallel loops over fixed blocks (DESIGN.md convention 8). Work is cut into blocks of {@code grain}
 * indices whatever the thread count, and partial sums are combined in block order, so every result is
 * bit-identical for 1, 2 or 64 threads. An exception thrown in a block reaches the caller.
 *
 * <p>The thread count defaults to the number of available processors, or the system property
 * {@code losses4j.threads}; {@link #setNumThreads(int)} changes it (as {@code torch.set_num_threads}).
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
    private static volatile ForkJoinPool pool;

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
            ForkJoinPool old = pool;
            pool = null;
            if (old != null) old.shutdown();
        }
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(threads, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    private static int blocks(int start, int end, int grain) {
        if (grain < 1) throw new IllegalArgumentException("grain must be at least 1, got " + grain);
        long n = (long) end - start;
        return n <= 0 ? 0 : (int) ((n + grain - 1) / grain);
    }

    /** Runs {@code body} over [start, end) in blocks of {@code grain}, in parallel when it pays. */
    public static void parallelFor(int start, int end, int grain, RangeBody body) {
        int nb = blocks(start, end, grain);
        if (nb == 0) return;
        if (nb == 1 || threads == 1 || ForkJoinTask.inForkJoinPool()) {
            for (int b = 0; b < nb; b++) {
                int s = start + b * grain;
                body.run(s, Math.min(end, s + grain));
            }
            return;
        }
        invoke(new Blocks(start, end, grain, 0, nb, body, null));
    }

    /** Runs the task; an exception from a worker thread is rethrown as the block threw it (ForkJoin wraps it). */
    private static void invoke(Blocks task) {
        try {
            pool().invoke(task);
        } catch (RuntimeException | Error e) {
            // ForkJoin re-creates an exception crossing threads as new X(original), once per join: unwrap them all
            Throwable t = e;
            while (t.getCause() != null && t.getCause().getClass() == t.getClass()
                    && String.valueOf(t.getMessage()).equals(t.getCause().toString())) {
                t = t.getCause();
            }
            if (t instanceof RuntimeException) throw (RuntimeException) t;
            throw (Error) t;
        }
    }

    /**
     * Sums {@code body}'s partial results over [start, end) in blocks of {@code grain}; partials are added in
     * block order, so the result does not depend on the thread count.
     */
    public static double parallelSum(int start, int end, int grain, RangeSum body) {
        int nb = blocks(start, end, grain);
        if (nb == 0) return 0;
        double[] partial = new double[nb];
        if (nb == 1 || threads == 1 || ForkJoinTask.inForkJoinPool()) {
            for (int b = 0; b < nb; b++) {
                int s = start + b * grain;
                partial[b] = body.sum(s, Math.min(end, s + grain));
            }
        } else {
            invoke(new Blocks(start, end, grain, 0, nb, null, (s, e) -> partial[(s - start) / grain] = body.sum(s, e)));
        }
        double total = 0;
        for (double p : partial) total += p;
        return total;
    }

    private static final class Blocks extends RecursiveAction {
        private final int start, end, grain, lo, hi;
        private final RangeBody body, store;

        Blocks(int start, int end, int grain, int lo, int hi, RangeBody body, RangeBody store) {
            this.start = start;
            this.end = end;
            this.grain = grain;
            this.lo = lo;
            this.hi = hi;
            this.body = body;
            this.store = store;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                int s = start + lo * grain;
                int e = Math.min(end, s + grain);
                if (body != null) body.run(s, e); else store.run(s, e);
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Blocks(start, end, grain, lo, mid, body, store), new Blocks(start, end, grain, mid, hi, body, store));
        }
    }
}
