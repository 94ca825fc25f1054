package org.losses4j.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.losses4j.Tensor;
import org.losses4j.nn.CrossEntropyLoss;
import org.losses4j.nn.MSELoss;
import org.losses4j.internal.parallel.Parallel;

/**
 * Spare outputs behave exactly like {@code new float[n]}: zero-filled, never handed out twice, and a loss's
 * gradient from one step is not touched by the next step.
 */
class SpareOutputsTest {
    private final int threadsBefore = Parallel.numThreads();
    private static final int N = SpareOutputs.MIN_LENGTH;

    @BeforeEach
    void empty() { SpareOutputs.clear(); }

    @AfterEach
    void restore() {
        Parallel.setNumThreads(threadsBefore);
        SpareOutputs.clear();
    }

    @Test
    void smallLengthsAndOneThreadKeepNothing() {
        Parallel.setNumThreads(2);
        assertNull(SpareOutputs.refill(N - 1, 1), "below MIN_LENGTH");
        assertNull(SpareOutputs.refill(SpareOutputs.MAX_LENGTH + 1, 1), "above MAX_LENGTH");
        assertNull(SpareOutputs.refill(N, 0), "nothing to replace");
        assertNull(SpareOutputs.replacing(null, null), "nothing taken");
        SpareOutputs.replacing(null, new float[N], null, new float[N]).run();
        assertEquals(2, SpareOutputs.held(N), "one replacement per array taken");
        Parallel.setNumThreads(1);
        assertNull(SpareOutputs.refill(N, 1), "one thread: no worker to overlap with");
        float[] a = SpareOutputs.take(N - 1);
        assertEquals(N - 1, a.length);
    }

    @Test
    void refilledArraysAreHandedOutOnceThenFreshOnes() {
        Parallel.setNumThreads(2);
        SpareOutputs.refill(N, 2).run();
        assertEquals(2, SpareOutputs.held(N));
        assertEquals(0, SpareOutputs.held(N + 16));
        float[] a = SpareOutputs.take(N), b = SpareOutputs.take(N);
        assertEquals(0, SpareOutputs.held(N));
        assertNotSame(a, b);
        float[] c = SpareOutputs.take(N);
        assertNotSame(a, c);
        assertNotSame(b, c);
        for (float[] x : new float[][] {a, b, c}) {
            assertEquals(N, x.length);
            for (int i = 0; i < x.length; i += 4099) assertEquals(0f, x[i]);
            assertEquals(0f, x[x.length - 1]);
        }
        // another length does not take these
        SpareOutputs.refill(N + 16, 1).run();
        assertEquals(0, SpareOutputs.held(N));
        float[] d = SpareOutputs.take(N);
        assertEquals(N, d.length);
        assertEquals(1, SpareOutputs.held(N + 16));
    }

    @Test
    void atMostSlotsArraysAreKept() {
        Parallel.setNumThreads(2);
        SpareOutputs.refill(N, SpareOutputs.SLOTS + 3).run();
        assertEquals(SpareOutputs.SLOTS, SpareOutputs.held(N));
    }

    @Test
    void concurrentTakersNeverShareAnArray() throws Exception {
        Parallel.setNumThreads(2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<float[]>>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                fs.add(pool.submit(() -> {
                    List<float[]> got = new ArrayList<>();
                    for (int k = 0; k < 40; k++) {
                        SpareOutputs.refill(N, 1).run();
                        got.add(SpareOutputs.take(N));
                    }
                    return got;
                }));
            }
            Set<float[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (var f : fs) for (float[] a : f.get()) assertTrue(seen.add(a), "an array was handed out twice");
            assertEquals(160, seen.size());
        } finally {
            pool.shutdown();
        }
    }

    private static float[] values(Tensor t) {
        float[] out = new float[t.numel()];
        float[] s = (float[]) t.storage();
        System.arraycopy(s, t.storageOffset(), out, 0, out.length);
        return out;
    }

    private static Tensor randn(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return Tensor.of(v);
    }

    @Test
    void aStepsGradientIsNotReusedByTheNextStep() {
        // 2 parallel blocks of the streaming grain: the loop runs on both threads and allocates the next step's spare
        int n = 2 * PointwiseFused.GRAIN_STREAMING;
        Parallel.setNumThreads(2);
        Tensor x = randn(n, 1).requiresGrad_(true);
        Tensor y1 = randn(n, 2), y2 = randn(n, 3);
        MSELoss mse = new MSELoss();
        mse.forward(x, y1).backward();
        Tensor g1 = x.grad();
        float[] kept = values(g1);
        assertEquals(1, SpareOutputs.held(n), "the first step allocates the next step's gradient aside");
        x.zeroGrad();
        mse.forward(x, y2).backward();
        Tensor g2 = x.grad();
        assertNotSame(g1.storage(), g2.storage());
        assertArrayEquals(kept, values(g1), "the first step's gradient changed");
        // and the values are those of a one-thread run, where nothing is allocated ahead
        SpareOutputs.clear();
        Parallel.setNumThreads(1);
        x.zeroGrad();
        mse.forward(x, y2).backward();
        assertEquals(0, SpareOutputs.held(n));
        assertArrayEquals(values(x.grad()), values(g2));
        float d = 0;
        for (int i = 0; i < 8; i++) d += Math.abs(values(g2)[i] - kept[i]);
        assertTrue(d > 0, "the two targets must give different gradients for this test to mean anything");
    }

    @Test
    void crossEntropyTakesItsGradientFromTheSpares() {
        // 1024 rows x 2048 classes = 2M logits: the gradient is taken from a spare on the second step
        int rows = 1024, c = 2048;
        Parallel.setNumThreads(2);
        Tensor x = randn(rows * c, 5).reshape(rows, c).detach().requiresGrad_(true);
        long[] t = new long[rows];
        for (int i = 0; i < rows; i++) t[i] = (i * 7L) % c;
        Tensor target = Tensor.of(t);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        ce.forward(x, target).backward();
        float[] first = values(x.grad());
        Tensor g1 = x.grad();
        assertEquals(1, SpareOutputs.held(rows * c));
        x.zeroGrad();
        ce.forward(x, target).backward();
        assertNotSame(g1.storage(), x.grad().storage());
        assertArrayEquals(first, values(x.grad()), "same inputs, same gradient");
        assertArrayEquals(first, values(g1), "the first gradient is untouched");
    }
}
