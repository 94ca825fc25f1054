package org.losses4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Tensor;

/**
 * The engine's less travelled paths: a node that receives only null gradients (its whole subgraph is skipped but
 * still released, and the dependency counters of the nodes below it still drop), upstream gradients of another
 * dtype than the root, and intermediate nodes whose gradients come back in another dtype than their input's.
 * Expected values are exact: every gradient here is one or two roundings that the test repeats.
 */
class AutogradEngineEdgesTest {

    static final String FREED = "Trying to backward through the graph a second time (or directly access saved tensors after they have already been"
            + " freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if"
            + " you need to backward through the graph a second time or if you need to access saved tensors after calling backward.";

    /** A node whose backward is a given function, counting its runs and the releases of its saved state. */
    static final class Counted extends Node {
        final Function<Tensor, Tensor[]> f;
        int runs, releases;

        Counted(String name, Function<Tensor, Tensor[]> f, Tensor... inputs) {
            super(name, inputs);
            this.f = f;
        }

        @Override protected Tensor[] backward(Tensor g) {
            runs++;
            return f.apply(g);
        }

        @Override protected void releaseSavedState() { releases++; }
    }

    static void assertFreed(Runnable backward) {
        IllegalStateException e = assertThrows(IllegalStateException.class, backward::run);
        assertEquals(FREED, e.getMessage());
    }

    // ---- a node that receives only null gradients --------------------------------------------------------------

    /**
     * x -> A (a = 3x) -> B (b = 2a) -> S (s = 5x, null for b); root R = s + a. B gets only null: it never runs, is
     * released, and A (waiting for R's and B's edges) runs once both have been counted, with R's gradient alone.
     */
    @Test
    void aNodeWithOnlyNullGradientsIsSkippedReleasedAndCounted() {
        Tensor x = Tensor.of(0.5, -1.0).requiresGrad_(true);
        Counted nodeA = new Counted("ABackward", g -> new Tensor[] {g.mul(3.0)}, x);
        Tensor a = x.detach().mul(3.0).attachGradFn(nodeA);
        Counted nodeB = new Counted("BBackward", g -> new Tensor[] {g.mul(2.0)}, a);
        Tensor b = a.detach().mul(2.0).attachGradFn(nodeB);
        Counted nodeS = new Counted("StopBackward", g -> new Tensor[] {null, g.mul(5.0)}, b, x);
        Tensor s = x.detach().mul(5.0).attachGradFn(nodeS);
        Counted nodeR = new Counted("RootBackward", g -> new Tensor[] {g, g}, s, a);
        Tensor r = s.detach().add(a.detach()).attachGradFn(nodeR);

        r.backward(Tensor.of(1.0, 0.25));

        // x.grad = 5 g (through S) + 3 g (through A); nothing through B
        assertArrayEquals(new double[] {8.0, 2.0}, x.grad().toDoubleArray());
        assertEquals(DType.FLOAT64, x.grad().dtype());
        assertEquals(1, nodeR.runs);
        assertEquals(1, nodeS.runs);
        assertEquals(0, nodeB.runs, "a node that received no gradient must not run");
        assertEquals(1, nodeA.runs, "A must run exactly once, after both of its edges (from R and from the skipped B) were counted");
        assertEquals(1, nodeR.releases);
        assertEquals(1, nodeS.releases);
        assertEquals(1, nodeB.releases, "the skipped node must still be released");
        assertEquals(1, nodeA.releases);

        // the released graph cannot be walked again, from the root or from the skipped node
        assertFreed(() -> r.backward(Tensor.of(1.0, 1.0)));
        assertFreed(() -> b.sum().backward());
        assertFreed(() -> a.sum().backward());
        assertArrayEquals(new double[] {8.0, 2.0}, x.grad().toDoubleArray(), "a failed backward must not change the gradient");
    }

    /** A chain below the null edge (B -> A -> leaf x) is released node by node and x gets no gradient at all. */
    @Test
    void aSubgraphReachedOnlyByNullGradientsIsReleasedAndItsLeafGetsNothing() {
        Tensor x = Tensor.of(0.5f, -1.0f).requiresGrad_(true);
        Tensor y = Tensor.of(2.0f, 4.0f).requiresGrad_(true);
        Counted nodeA = new Counted("ABackward", g -> new Tensor[] {g.mul(3.0)}, x);
        Tensor a = x.detach().mul(3.0).attachGradFn(nodeA);
        Counted nodeB = new Counted("BBackward", g -> new Tensor[] {g.mul(2.0)}, a);
        Tensor b = a.detach().mul(2.0).attachGradFn(nodeB);
        Counted nodeS = new Counted("StopBackward", g -> new Tensor[] {null, g.mul(7.0)}, b, y);
        Tensor s = y.detach().mul(7.0).attachGradFn(nodeS);

        s.backward(Tensor.of(1f, 0.5f));

        assertNull(x.grad(), "a leaf reached only through null gradients gets no gradient (PyTorch: None)");
        assertArrayEquals(new float[] {7f, 3.5f}, y.grad().toFloatArray());
        assertEquals(1, nodeS.runs);
        assertEquals(0, nodeB.runs);
        assertEquals(0, nodeA.runs);
        assertEquals(1, nodeS.releases);
        assertEquals(1, nodeB.releases);
        assertEquals(1, nodeA.releases, "the release must reach the bottom of the skipped chain");
        assertFreed(() -> a.sum().backward());
        assertFreed(() -> b.sum().backward());
        assertFreed(() -> s.backward(Tensor.of(1f, 1f)));
        assertNull(x.grad());
    }

    /** With retainGraph nothing is released: the skipped chain can be walked later, and a second pass accumulates. */
    @Test
    void retainGraphKeepsTheSkippedSubgraph() {
        Tensor x = Tensor.of(0.5f, -1.0f).requiresGrad_(true);
        Tensor y = Tensor.of(2.0f, 4.0f).requiresGrad_(true);
        Counted nodeA = new Counted("ABackward", g -> new Tensor[] {g.mul(3.0)}, x);
        Tensor a = x.detach().mul(3.0).attachGradFn(nodeA);
        Counted nodeB = new Counted("BBackward", g -> new Tensor[] {g.mul(2.0)}, a);
        Tensor b = a.detach().mul(2.0).attachGradFn(nodeB);
        Counted nodeS = new Counted("StopBackward", g -> new Tensor[] {null, g.mul(7.0)}, b, y);
        Tensor s = y.detach().mul(7.0).attachGradFn(nodeS);

        s.backward(Tensor.of(1f, 0.5f), true);
        assertEquals(0, nodeS.releases + nodeB.releases + nodeA.releases, "retainGraph releases nothing");
        s.backward(Tensor.of(1f, 0.5f));
        assertArrayEquals(new float[] {14f, 7f}, y.grad().toFloatArray());
        assertNull(x.grad());
        assertEquals(2, nodeS.runs);
        assertEquals(0, nodeB.runs + nodeA.runs);
        assertEquals(1, nodeS.releases);
        assertEquals(1, nodeB.releases);
        assertEquals(1, nodeA.releases);

        // a graph kept by retainGraph, walked from the formerly skipped node: b = 2 * 3x
        Tensor x2 = Tensor.of(1.0).requiresGrad_(true);
        Counted a2 = new Counted("ABackward", g -> new Tensor[] {g.mul(3.0)}, x2);
        Tensor ta = x2.detach().mul(3.0).attachGradFn(a2);
        Counted b2 = new Counted("BBackward", g -> new Tensor[] {g.mul(2.0)}, ta);
        Tensor tb = ta.detach().mul(2.0).attachGradFn(b2);
        Counted s2 = new Counted("StopBackward", g -> new Tensor[] {null}, tb);
        Tensor ts = tb.detach().attachGradFn(s2);
        ts.backward(Tensor.of(1.0), true);
        assertNull(x2.grad());
        tb.backward(Tensor.of(1.0));
        assertArrayEquals(new double[] {6.0}, x2.grad().toDoubleArray());
        assertEquals(1, a2.runs);
        assertEquals(1, b2.runs);
    }

    // ---- upstream gradients of another dtype ------------------------------------------------------------------

    @Test
    void float64UpstreamIntoAFloat32RootIsRoundedToFloat32First() {
        Tensor x = Tensor.of(1f, 2f, 3f).requiresGrad_(true);
        Tensor y = x.mul(x);
        Tensor up = Tensor.of(0.1, 0.2, 0.3);
        y.backward(up);
        assertEquals(DType.FLOAT32, x.grad().dtype());
        float[] expected = new float[3];
        for (int i = 0; i < 3; i++) {
            float g = (float) up.toDoubleArray()[i], xi = i + 1;
            expected[i] = g * xi + g * xi;   // both factors of x * x
        }
        assertArrayEquals(expected, x.grad().toFloatArray());
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, up.toDoubleArray(), "the caller's gradient is not modified");
        assertEquals(DType.FLOAT64, up.dtype());
    }

    @Test
    void float32UpstreamIntoAFloat64RootIsWidenedExactly() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0).requiresGrad_(true);
        Tensor y = x.mul(x);
        y.backward(Tensor.of(0.1f, 0.2f, 0.3f));
        assertEquals(DType.FLOAT64, x.grad().dtype());
        double[] expected = new double[3];
        float[] up = {0.1f, 0.2f, 0.3f};
        for (int i = 0; i < 3; i++) expected[i] = (double) up[i] * (i + 1) + (double) up[i] * (i + 1);
        assertArrayEquals(expected, x.grad().toDoubleArray());
        assertNotEquals(0.2, x.grad().toDoubleArray()[0], "the float32 value 0.1f, not the decimal 0.1, is the upstream gradient");
    }

    @Test
    void upstreamOfAnotherDtypeIntoALeafRoot() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
        x.backward(Tensor.of(0.1, 0.7));
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertArrayEquals(new float[] {(float) 0.1, (float) 0.7}, x.grad().toFloatArray());
        x.backward(Tensor.of(0.2, 0.2));
        assertArrayEquals(new float[] {(float) 0.1 + (float) 0.2, (float) 0.7 + (float) 0.2}, x.grad().toFloatArray());

        Tensor w = Tensor.of(1.0, 2.0).requiresGrad_(true);
        w.backward(Tensor.of(0.1f, 0.7f));
        assertArrayEquals(new double[] {(double) 0.1f, (double) 0.7f}, w.grad().toDoubleArray());
    }

    // ---- mixed-dtype intermediate nodes -----------------------------------------------------------------------

    /**
     * x (float32) * w (float64) -> h (float64, MulBackward0) -> k = h.to(float32) (ToCopyBackward0) -> u (float64,
     * a node that hands back a float64 gradient for its float32 input k). The engine rounds u's gradient to float32
     * for k, ToCopy widens it back, Mul multiplies in float64, and x's gradient is rounded to float32.
     */
    @Test
    void gradientsCrossingDtypesInsideTheGraph() {
        Tensor x = Tensor.of(1.5f, -2f).requiresGrad_(true);
        Tensor w = Tensor.of(0.1, 0.3).requiresGrad_(true);
        Tensor h = x.mul(w);
        assertEquals(DType.FLOAT64, h.dtype());
        Tensor k = h.to(DType.FLOAT32);
        assertEquals("ToCopyBackward0", k.gradFn().name());
        Counted widen = new Counted("WidenBackward", g -> {
            assertEquals(DType.FLOAT64, g.dtype());
            return new Tensor[] {g};                 // float64, for a float32 input: the engine must round it
        }, k);
        Tensor u = k.detach().to(DType.FLOAT64).attachGradFn(widen);

        double[] up = {0.1, 0.7};
        u.backward(Tensor.of(up));

        double[] gk = {(double) (float) up[0], (double) (float) up[1]};   // rounded to float32 for k, widened by ToCopy
        assertEquals(DType.FLOAT64, w.grad().dtype());
        assertArrayEquals(new double[] {gk[0] * 1.5, gk[1] * -2.0}, w.grad().toDoubleArray());
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertArrayEquals(new float[] {(float) (gk[0] * 0.1), (float) (gk[1] * 0.3)}, x.grad().toFloatArray());
        assertNotEquals(0.1 * 1.5, w.grad().toDoubleArray()[0], "the gradient went through float32 at k");
        assertEquals(1, widen.runs);
    }

    /** Two paths of different dtypes into one float32 node: each is converted to float32 before they are summed. */
    @Test
    void pathsOfDifferentDtypesSumInTheInputsDtype() {
        Tensor x = Tensor.of(3f).requiresGrad_(true);
        Counted mid = new Counted("MidBackward", g -> new Tensor[] {g}, x);
        Tensor m = x.detach().clone().attachGradFn(mid);   // float32 non-leaf
        Counted p64 = new Counted("P64Backward", g -> new Tensor[] {Tensor.of(0.1)}, m);
        Tensor a = Tensor.of(0.0).attachGradFn(p64);
        Counted p32 = new Counted("P32Backward", g -> new Tensor[] {Tensor.of(0.2f)}, m);
        Tensor b = Tensor.of(0f).attachGradFn(p32);
        Counted root = new Counted("RootBackward", g -> new Tensor[] {g, g}, a, b);
        Tensor r = Tensor.of(0.0).attachGradFn(root);
        r.backward(Tensor.of(1.0));
        assertEquals(DType.FLOAT32, x.grad().dtype());
        float both = (float) 0.1 + 0.2f;
        assertArrayEquals(new float[] {both}, x.grad().toFloatArray());
        assertEquals(1, mid.runs, "the shared node runs once with the summed gradient");
    }
}
