package org.losses4j.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.nn.Loss;

/**
 * Generated bad and edge inputs for every loss ({@link Mutations}), and views that must behave like contiguous
 * tensors. Every call runs under a timeout (no hang); every failure must be an IllegalArgumentException or
 * IndexOutOfBoundsException whose message names the problem (never ArrayIndexOutOfBounds, NullPointer,
 * ClassCast, Arithmetic...); the arguments are compared with copies taken before the call; a gradient already
 * stored in {@code .grad()} of a floating argument must be untouched by a failing call; an accepted call (a valid
 * edge input, or an integer argument that PyTorch promotes) must return the reference's values in the dtype of the
 * case's floating arguments.
 */
class LossBadInputProperties {
    static final Duration LIMIT = Duration.ofSeconds(10);

    @Provide Arbitrary<String> losses() { return Arbitraries.of(LossCases.NAMES); }

    /** The outcome of one guarded call: the output or the exception. */
    record Outcome(Tensor out, RuntimeException error) {}

    static Outcome call(Loss m, Tensor[] args) {
        return assertTimeoutPreemptively(LIMIT, () -> {
            try {
                return new Outcome(m.apply(args), null);
            } catch (RuntimeException e) {
                return new Outcome(null, e);
            }
        }, "the loss did not return within " + LIMIT);
    }

    /** Whether argument i is one the loss differentiates (others may not require grad, as in PyTorch). */
    static boolean differentiable(LossCase c, int i) {
        for (int d : c.diff) if (d == i) return true;
        return false;
    }

    static boolean cleanType(Throwable e) {
        return (e instanceof IllegalArgumentException || e instanceof IndexOutOfBoundsException) && !(e instanceof ArrayIndexOutOfBoundsException)
                && !(e instanceof StringIndexOutOfBoundsException);
    }

    static AssertionError unexpected(String what, Throwable e, Object c) {
        AssertionError a = new AssertionError(what + ": " + e + "\n" + c);
        a.initCause(e);
        return a;
    }

    @Property(tries = 3000, shrinking = ShrinkingMode.OFF)
    void badInputsFailCleanly(@ForAll("losses") String loss, @ForAll long seed, @ForAll boolean f64) {
        Random r = new Random(seed ^ 0x5DEECE66DL);
        LossCase valid = LossCases.random(loss, seed, f64 ? DType.FLOAT64 : DType.FLOAT32, false);
        Mutations.Mutated mu = Mutations.any(valid, r);
        if (mu == null) return;
        Statistics.label("kind").collect(mu.kind());
        Statistics.label("loss").collect(loss);
        if (KnownBugs.excludes(mu)) { Statistics.label("excluded (KnownBugs)").collect(mu.kind()); return; }
        LossCase c = mu.c();
        Loss m;
        try {
            m = c.module();
        } catch (RuntimeException e) {
            // an option rejected at construction (a weight of the wrong length may be checked there)
            if (!cleanType(e)) throw unexpected("constructor threw", e, c);
            checkMessage(mu, e);
            return;
        }
        Tensor[] args = c.args;
        Tensor[] before = c.copies();
        // floating arguments carry a gradient from an earlier step: a failing call must not touch it
        Tensor[] oldGrad = new Tensor[args.length];
        for (int i = 0; i < args.length; i++) {
            if (args[i] != null && args[i].dtype().isFloatingPoint() && differentiable(c, i)) {
                args[i].requiresGrad_(true);
                oldGrad[i] = Tensor.full(DType.FLOAT64, 0.25, args[i].shape()).to(args[i].dtype());
                args[i].setGrad(oldGrad[i].clone());
            }
        }
        Outcome o = call(m, args);
        for (int i = 0; i < args.length; i++) {
            if (before[i] == null) continue;
            int k = i;
            assertTrue(Compare.bitEqual(before[i].toDoubleArray(), args[i].detach().contiguousCopy().toDoubleArray()),
                    () -> mu.kind() + ": argument " + k + " mutated\n" + c);
        }
        if (o.error() != null) {
            RuntimeException e = o.error();
            if (!cleanType(e)) throw unexpected(mu.kind() + ": wrong exception type", e, c);
            if (mu.expect() == Mutations.Expect.REFERENCE) throw unexpected(mu.kind() + ": a valid edge input was rejected", e, c);
            checkMessage(mu, e);
            for (int i = 0; i < args.length; i++) {
                if (oldGrad[i] == null) continue;
                int k = i;
                assertTrue(Compare.bitEqual(oldGrad[i].toDoubleArray(), args[i].grad().toDoubleArray()), () -> mu.kind() + ": grad of argument " + k
                        + " written by a failing call\n" + c);
            }
            return;
        }
        if (mu.expect() == Mutations.Expect.FAIL) fail(mu.kind() + ": accepted, expected an IllegalArgumentException; returned " + o.out() + "\n" + c);
        // REFERENCE: a valid edge input. CLEAN and accepted: PyTorch's type promotion (an integer or bool argument
        // next to floating ones computes in the floating dtype; CTC casts floating targets to int64), so the result
        // has the dtype of the case's floating arguments and the reference's values, computed from the same
        // (integer) values
        DType dt = f64 ? DType.FLOAT64 : DType.FLOAT32;
        Statistics.label("accepted").collect(mu.kind() + " " + mu.expect());
        assertEquals(dt, o.out().dtype(), () -> mu.kind() + ": result dtype\n" + c);
        double[] ref = c.reference();
        assertEquals(ref.length, o.out().numel(), () -> mu.kind() + ": element count\n" + c);
        String bad = Compare.mismatch(dt, ref, o.out().toDoubleArray(), c.subtractedTerms());
        assertNull(bad, () -> mu.kind() + ": " + bad + "\n" + c);
    }

    static void checkMessage(Mutations.Mutated mu, RuntimeException e) {
        String msg = e.getMessage();
        assertTrue(msg != null && !msg.isBlank(), () -> mu.kind() + ": exception without a message: " + e + "\n" + mu.c());
        if (mu.keywords().isEmpty()) return;
        String low = msg.toLowerCase(Locale.ROOT);
        boolean named = mu.keywords().stream().anyMatch(k -> low.contains(k.toLowerCase(Locale.ROOT)));
        assertTrue(named, () -> mu.kind() + ": message '" + msg + "' names none of " + mu.keywords() + "\n" + mu.c());
    }

    // ---- views: valid inputs that are not laid out contiguously --------------------------------------------------

    /** The same values in a strided (non-contiguous, offset) storage: every other slot of a larger array. */
    static Tensor strided(Tensor t) {
        int n = t.numel();
        int[] shape = t.shape();
        int[] strides = new int[shape.length];
        int st = 2;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = st;
            st *= Math.max(shape[d], 1);
        }
        Tensor base = Tensor.zeros(t.dtype(), 2 * Math.max(n, 1) + 1);
        Tensor v = Tensor.strided(base, shape, strides, 1);
        Object src = t.contiguousCopy().storage(), dst = base.storage();
        int[] offs = v.elementOffsets();
        for (int i = 0; i < n; i++) java.lang.reflect.Array.set(dst, offs[i], java.lang.reflect.Array.get(src, i));
        return v;
    }

    /** A transposed view (last two dims) holding the same values, for rank >= 2. */
    static Tensor transposed(Tensor t) {
        if (t.dim() < 2) return strided(t);
        return t.transpose(-2, -1).contiguousCopy().transpose(-2, -1);
    }

    @Property(tries = 1000, shrinking = ShrinkingMode.OFF)
    void viewsEqualContiguous(@ForAll("losses") String loss, @ForAll long seed, @ForAll boolean f64, @ForAll boolean transpose) {
        LossCase c = LossCases.random(loss, seed, f64 ? DType.FLOAT64 : DType.FLOAT32, false);
        if (KnownBugs.excludes(c)) return;
        Loss m = c.module();
        Tensor[] contiguous = c.copies(), views = new Tensor[c.args.length];
        for (int i = 0; i < views.length; i++) views[i] = contiguous[i] == null ? null : (transpose ? transposed(contiguous[i]) : strided(contiguous[i]));
        for (int i = 0; i < views.length; i++) {
            if (!transpose && views[i] != null && views[i].numel() > 1) assertTrue(!views[i].isContiguous(), "test setup: view " + i + " is contiguous");
            if (views[i] != null && views[i].dtype().isFloatingPoint() && differentiable(c, i)) {
                views[i].requiresGrad_(true);
                contiguous[i].requiresGrad_(true);
            }
        }
        Statistics.label("layout").collect(transpose ? "transposed" : "strided");
        Tensor a = m.apply(contiguous), b = call(m, views).out();
        assertTrue(b != null, () -> "a view was rejected\n" + c);
        assertTrue(Compare.bitEqual(a.toDoubleArray(), b.toDoubleArray()), () -> "values differ for views: " + a + " vs " + b + "\n" + c);
        if (!a.requiresGrad()) return;
        Tensor g = Tensor.full(DType.FLOAT64, 1, a.shape()).to(a.dtype());
        a.backward(g);
        b.backward(g);
        for (int i = 0; i < views.length; i++) {
            if (views[i] == null || !views[i].requiresGrad()) continue;
            Tensor ga = contiguous[i].grad(), gb = views[i].grad();
            int k = i;
            assertTrue(ga == null ? gb == null : gb != null && Compare.bitEqual(ga.toDoubleArray(), gb.toDoubleArray()),
                    () -> "grad of argument " + k + " differs for views\n" + c);
        }
    }

    @Property(tries = 600, shrinking = ShrinkingMode.OFF)
    void expandedEqualsContiguous(@ForAll("losses") String loss, @ForAll long seed, @ForAll boolean f64) {
        LossCase c = LossCases.random(loss, seed, f64 ? DType.FLOAT64 : DType.FLOAT32, false);
        Tensor[] rowBases = new Tensor[c.args.length], expanded = new Tensor[c.args.length], dense = new Tensor[c.args.length];
        boolean any = false;
        for (int i = 0; i < c.args.length; i++) {
            Tensor t = c.args[i];
            if (t != null && t.dtype().isFloatingPoint() && t.dim() >= 1 && t.size(0) >= 2) {
                rowBases[i] = t.narrow(0, 0, 1).contiguousCopy().requiresGrad_(differentiable(c, i));
                expanded[i] = rowBases[i].expand(t.shape());
                dense[i] = null;
                any = true;
            } else {
                expanded[i] = t;
            }
        }
        if (!any) return;
        LossCase ce = c.withArgs(expanded);
        if (KnownBugs.excludes(ce)) return;
        Loss m = c.module();
        Tensor[] denseBases = new Tensor[c.args.length];
        for (int i = 0; i < c.args.length; i++) {
            if (rowBases[i] == null) { dense[i] = expanded[i]; continue; }
            denseBases[i] = rowBases[i].detach().contiguousCopy().requiresGrad_(rowBases[i].requiresGrad());
            dense[i] = denseBases[i].expand(c.args[i].shape()).contiguous();
        }
        Tensor a = m.apply(dense), b = call(m, expanded).out();
        assertTrue(b != null, () -> "an expanded view was rejected\n" + ce);
        assertTrue(Compare.bitEqual(a.toDoubleArray(), b.toDoubleArray()), () -> "values differ for expanded views: " + a + " vs " + b + "\n" + ce);
        Tensor g = Tensor.full(DType.FLOAT64, 1, a.shape()).to(a.dtype());
        a.backward(g);
        b.backward(g);
        for (int i = 0; i < rowBases.length; i++) {
            if (rowBases[i] == null || !rowBases[i].requiresGrad()) continue;
            int k = i;
            Tensor ga = denseBases[i].grad(), gb = rowBases[i].grad();
            // expand's backward sums over the repeated rows in both graphs, in the same order
            assertTrue(ga == null ? gb == null : gb != null && Compare.bitEqual(ga.toDoubleArray(), gb.toDoubleArray()),
                    () -> "grad through expand of argument " + k + " differs\n" + ce);
        }
    }

    /** backward() with an upstream gradient of the wrong shape fails cleanly and writes no gradient anywhere. */
    @Property(tries = 300, shrinking = ShrinkingMode.OFF)
    void failedBackwardWritesNoGradient(@ForAll("losses") String loss, @ForAll long seed) {
        LossCase c0 = LossCases.random(loss, seed, DType.FLOAT64, false);
        LossCase c = c0.withOption("reduction", "none");
        Tensor[] args = c.copies();
        Tensor[] oldGrad = new Tensor[args.length];
        for (int i = 0; i < args.length; i++) {
            if (args[i] != null && args[i].dtype().isFloatingPoint() && differentiable(c, i)) {
                args[i].requiresGrad_(true);
                oldGrad[i] = Tensor.full(DType.FLOAT64, 0.25, args[i].shape());
                args[i].setGrad(oldGrad[i].clone());
            }
        }
        Tensor out = c.module().apply(args);
        if (!out.requiresGrad()) return;
        Tensor wrong = Tensor.ones(DType.FLOAT64, out.numel() + 1);
        RuntimeException e = null;
        try {
            assertTimeoutPreemptively(LIMIT, () -> out.backward(wrong));
        } catch (RuntimeException x) {
            e = x;
        }
        assertTrue(e != null, () -> "backward accepted a gradient of shape [" + (out.numel() + 1) + "] for an output of shape "
                + java.util.Arrays.toString(out.shape()) + "\n" + c);
        if (!cleanType(e)) throw unexpected("backward threw", e, c);
        for (int i = 0; i < args.length; i++) {
            if (oldGrad[i] == null) continue;
            int k = i;
            assertTrue(Compare.bitEqual(oldGrad[i].toDoubleArray(), args[i].grad().toDoubleArray()), () -> "grad of argument " + k + " written\n" + c);
        }
    }
}
