package org.losses4j.reference;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.losses4j.DType;
import org.losses4j.Losses4j;
import org.losses4j.Tensor;
import org.losses4j.nn.Loss;

/**
 * Many threads: one loss instance shared by 8 threads on different inputs gives, bit for bit, what sequential
 * calls give (values and the gradients of concurrent backward passes on independent graphs); and every loss
 * gives bit-identical values and gradients at {@code Losses4j.setNumThreads(1, 2, 4)} on inputs large enough for
 * the parallel loops to split (docs/ARCHITECTURE.md, convention 8).
 */
class LossConcurrencyTest {
    static final int THREADS = 8, ROUNDS = 25;
    static final int ORIGINAL_THREADS = Losses4j.numThreads();

    @AfterAll static void restoreThreads() { Losses4j.setNumThreads(ORIGINAL_THREADS); }

    static List<String> losses() { return LossCases.NAMES; }

    /** Value and gradients (of the differentiable args) of one call, flattened. */
    record Result(double[] value, double[][] grads) {
        boolean same(Result o) {
            if (!Compare.bitEqual(value, o.value)) return false;
            for (int i = 0; i < grads.length; i++) if (!Compare.bitEqual(grads[i], o.grads[i])) return false;
            return true;
        }
    }

    static Result run(Loss m, LossCase c) {
        Tensor[] args = c.copies();
        for (int i : c.diff) if (args[i] != null && args[i].dtype().isFloatingPoint()) args[i].requiresGrad_(true);
        Tensor out = m.apply(args);
        double[][] grads = new double[args.length][];
        if (out.requiresGrad()) {
            out.backward(Tensor.full(DType.FLOAT64, 1, out.shape()).to(out.dtype()));
            for (int i = 0; i < args.length; i++) if (args[i] != null && args[i].grad() != null) grads[i] = args[i].grad().toDoubleArray();
        }
        return new Result(out.toDoubleArray(), grads);
    }

    /** Same options, different values: floating arguments scaled by (1 - k / 100), which keeps every case valid. */
    static LossCase variant(LossCase c, int k) {
        Tensor[] a = c.copies();
        for (int i = 0; i < a.length; i++) if (a[i] != null && a[i].dtype().isFloatingPoint()) a[i] = a[i].mul(1 - k / 100.0).detach().contiguousCopy();
        return c.withArgs(a);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void sharedInstanceAcross8ThreadsMatchesSequential(String loss) throws Exception {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            LossCase base = LossCases.random(loss, 4242 + loss.hashCode(), dt, false, 8);
            Loss shared = base.module();
            LossCase[] cases = new LossCase[THREADS];
            Result[] expected = new Result[THREADS];
            for (int k = 0; k < THREADS; k++) {
                cases[k] = variant(base, k);
                expected[k] = run(shared, cases[k]);
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                CyclicBarrier start = new CyclicBarrier(THREADS);
                List<Future<String>> fs = new ArrayList<>();
                for (int k = 0; k < THREADS; k++) {
                    int kk = k;
                    Callable<String> job = () -> {
                        start.await();
                        for (int round = 0; round < ROUNDS; round++) {
                            Result got = run(shared, cases[kk]);
                            if (!got.same(expected[kk])) return "thread " + kk + " round " + round + " differs\n" + cases[kk];
                        }
                        return null;
                    };
                    fs.add(pool.submit(job));
                }
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                    for (Future<String> f : fs) {
                        String err = f.get();
                        assertTrue(err == null, err);
                    }
                });
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void bitIdenticalAt1And2And4Threads(String loss) {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (long seed = 1; seed <= 3; seed++) {
                LossCase c = LossCases.random(loss, seed * 7919 + loss.hashCode(), dt, false, loss.equals("CTCLoss") ? 60 : 400);
                Loss m = c.module();
                Result ref = null;
                for (int threads : new int[] {1, 2, 4}) {
                    Losses4j.setNumThreads(threads);
                    Result r = run(m, c);
                    if (ref == null) ref = r;
                    else {
                        int t = threads;
                        Result rr = ref;
                        assertTrue(r.same(rr), () -> "differs at " + t + " threads from 1 thread\n" + c);
                    }
                }
            }
        }
        Losses4j.setNumThreads(ORIGINAL_THREADS);
    }
}
