package org.losses4j.internal.kernels;

import java.lang.ref.SoftReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.losses4j.internal.parallel.Parallel;

/**
 * Fresh float arrays for the large outputs of a parallel kernel (a loss's gradient, its 'none' output), allocated
 * one call ahead.
 *
 * <p>Why: the JVM zeroes a new array on the allocating thread. For a 16 MB gradient that is about 0.8 ms of one
 * core writing memory that is no longer in cache, while the other cores wait for the array before the loop can
 * start; at 2 threads it was as long as the fused loss pass itself. PyTorch does not pay it, because its allocator
 * hands back the block the previous step freed. Java cannot know when the previous gradient is dead, so instead a
 * kernel that {@link #take takes} an output also asks for its {@link #refill replacement} as the
 * {@code aside} task of its parallel loop: the calling thread allocates the next call's array while the workers
 * already run the loop's first blocks. The next call with the same length starts at once.
 *
 * <p>What this costs and guarantees: an array handed out is always a fresh {@code new float[n]} that nobody has
 * seen (zero-filled, never handed out twice), so {@link #take} behaves exactly like {@code new float[n]}. Only
 * lengths from {@link #MIN_LENGTH} to {@link #MAX_LENGTH} elements are kept, at most {@link #SLOTS} arrays, held by
 * soft references (the collector may drop them under memory pressure). Nothing is kept when the loop runs on one
 * thread: with no worker to overlap, allocating ahead would only move the same cost. {@code
 * -Dlosses4j.spareOutputs=false} turns it off.
 */
public final class SpareOutputs {
    private SpareOutputs() {}

    /** Shorter arrays are cheap to zero; allocating them ahead is not worth the memory. */
    public static final int MIN_LENGTH = 1 << 20;

    /** Longer arrays (over 256 MiB) are not kept: holding a spare that big is a poor trade. */
    public static final int MAX_LENGTH = 1 << 26;

    /** How many spare arrays are kept at most (one per output of the last few loss calls). */
    public static final int SLOTS = 8;

    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("losses4j.spareOutputs", "true").trim());

    private static final AtomicReferenceArray<SoftReference<float[]>> SLOT = new AtomicReferenceArray<>(SLOTS);

    private static boolean kept(int n) { return ENABLED && n >= MIN_LENGTH && n <= MAX_LENGTH; }

    /** A zero-filled array of length n: a spare one allocated by an earlier call when there is one, else a new one. */
    public static float[] take(int n) {
        if (kept(n)) {
            for (int i = 0; i < SLOTS; i++) {
                SoftReference<float[]> ref = SLOT.get(i);
                if (ref == null) continue;
                float[] a = ref.get();
                if (a != null && a.length == n && SLOT.compareAndSet(i, ref, null)) return a;
            }
        }
        return new float[n];
    }

    /**
     * The task that allocates {@code count} spare arrays of length n for the next call, to pass as a parallel loop's
     * {@code aside} (see {@link Parallel#parallelSum(int, int, int, Parallel.RangeSum, Runnable)}); null when arrays of
     * that length are not kept or nothing is needed.
     */
    public static Runnable refill(int n, int count) {
        if (count <= 0 || !kept(n) || Parallel.numThreads() < 2) return null;
        return () -> {
            for (int k = 0; k < count; k++) {
                float[] a;
                try {
                    a = new float[n];
                } catch (OutOfMemoryError e) {
                    return; // only an optimisation: the next call allocates its own
                }
                put(a);
            }
        };
    }

    /**
     * {@link #refill} for the outputs a call just {@link #take took} (the null ones skipped; all of one length): the
     * task that allocates their replacements, or null.
     */
    public static Runnable replacing(float[]... taken) {
        int n = -1, count = 0;
        for (float[] a : taken) {
            if (a == null) continue;
            n = a.length;
            count++;
        }
        return count == 0 ? null : refill(n, count);
    }

    /** Stores a fresh array: into an empty or cleared slot, else over a slot of another length, else it is dropped. */
    private static void put(float[] a) {
        SoftReference<float[]> ref = new SoftReference<>(a);
        for (int i = 0; i < SLOTS; i++) {
            SoftReference<float[]> cur = SLOT.get(i);
            if ((cur == null || cur.get() == null) && SLOT.compareAndSet(i, cur, ref)) return;
        }
        for (int i = 0; i < SLOTS; i++) {
            SoftReference<float[]> cur = SLOT.get(i);
            float[] c = cur == null ? null : cur.get();
            if ((c == null || c.length != a.length) && SLOT.compareAndSet(i, cur, ref)) return;
        }
    }

    /** How many spare arrays of length n are held now (for tests). */
    static int held(int n) {
        int c = 0;
        for (int i = 0; i < SLOTS; i++) {
            SoftReference<float[]> ref = SLOT.get(i);
            float[] a = ref == null ? null : ref.get();
            if (a != null && a.length == n) c++;
        }
        return c;
    }

    /** Drops every spare array (for tests). */
    static void clear() {
        for (int i = 0; i < SLOTS; i++) SLOT.set(i, null);
    }
}
