package org.losses4j.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.internal.ops.Elementwise;

/**
 * The backward engine: an iterative topological walk over the graph (no recursion, so graphs of any depth
 * work), summing gradients that reach a node by several paths, and accumulating ({@code +=}) into leaves.
 */
public final class Autograd {
    private Autograd() {}

    /**
     * True when an op on these inputs must record a node: grad mode is on and some input requires grad.
     *
     * @param inputs an op's tensor inputs (null entries allowed)
     * @return whether the op must attach a node to its output
     */
    public static boolean needsGraph(Tensor... inputs) {
        if (!GradMode.isEnabled()) return false;
        for (Tensor t : inputs) if (t != null && t.requiresGrad()) return true;
        return false;
    }

    /**
     * The engine's side of {@link Tensor#retainGrad()}: from now on each backward that reaches {@code t}'s
     * {@code grad_fn} adds the gradient it brings into {@code t.grad()}. {@code Tensor} calls it again when an
     * in-place op gives {@code t} a new {@code grad_fn}; users call {@code t.retainGrad()}.
     *
     * @param t a non-leaf tensor
     * @throws IllegalArgumentException when {@code t} is a leaf
     */
    public static void retainGrad(Tensor t) {
        Node n = t.gradFn();
        if (n == null) throw new IllegalArgumentException("retainGrad: a leaf tensor keeps its gradient already");
        n.retainer = t;
    }

    /**
     * Runs backward from {@code root} with upstream gradient {@code gradient} (ones for a scalar when null): what
     * {@link Tensor#backward(Tensor, boolean)} calls.
     *
     * @param root the tensor to differentiate, which must require grad
     * @param gradient d output / d root, of root's shape and a floating dtype; null for a one-element root
     * @param retainGraph keep saved state so the graph can be walked again
     * @throws IllegalStateException when root does not require grad, when gradient is null for a root of more than
     *         one element, or when the graph's saved state was already freed, with PyTorch's messages
     * @throws IllegalArgumentException when gradient's shape or dtype does not fit, with PyTorch's message
     */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("element 0 of tensors does not require grad and does not have a grad_fn");
        }
        if (gradient == null) {
            if (root.numel() != 1) throw new IllegalStateException("grad can be implicitly created only for scalar outputs");
            gradient = Tensor.onesLike(root);
        } else {
            if (!Arrays.equals(gradient.shape(), root.shape())) {
                throw new IllegalArgumentException("Mismatch in shape: grad_output[0] has a shape of " + Shape.str(gradient.shape())
                        + " and output[0] has a shape of " + Shape.str(root.shape()) + ".");
            }
            if (!gradient.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException("grad can be implicitly created only for real scalar outputs; got gradient of dtype "
                        + gradient.dtype().torchName());
            }
            if (gradient.dtype() != root.dtype()) gradient = gradient.to(root.dtype());
        }
        Set<Object> claimed = Collections.newSetFromMap(new IdentityHashMap<>());
        claimed.add(gradient.storage());
        Node rootNode = root.gradFn();
        if (rootNode == null) { // a leaf
            try (var noGrad = GradMode.noGrad()) {
                accumulate(root, gradient, claimed);
            }
            return;
        }
        // count, for every node, how many edges point at it (dependencies)
        Map<Node, Integer> deps = new IdentityHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        stack.push(rootNode);
        seen.add(rootNode);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            for (int i = 0; i < n.numInputs(); i++) {
                Tensor in = n.input(i);
                if (in == null || !n.needsInputGrad(i) || in.gradFn() == null) continue;
                Node next = in.gradFn();
                deps.merge(next, 1, Integer::sum);
                if (seen.add(next)) stack.push(next);
            }
        }
        try (var noGrad = GradMode.noGrad()) {
            walk(rootNode, gradient, deps, retainGraph, claimed);
        }
    }

    private static void walk(Node rootNode, Tensor gradient, Map<Node, Integer> deps, boolean retainGraph, Set<Object> claimed) {
        Map<Node, Tensor> pending = new IdentityHashMap<>();
        pending.put(rootNode, gradient);
        ArrayDeque<Node> ready = new ArrayDeque<>();
        ready.add(rootNode);
        while (!ready.isEmpty()) {
            Node n = ready.poll();
            Tensor g = pending.remove(n);
            retain(n, g);
            Tensor[] grads = n.run(g);
            if (!retainGraph) n.release();
            for (int i = 0; i < n.numInputs(); i++) {
                Tensor in = n.input(i);
                if (in == null || !n.needsInputGrad(i)) continue;
                Tensor gi = grads[i];
                if (gi != null && !Arrays.equals(gi.shape(), in.shape())) {
                    throw new IllegalStateException("Function " + n.name() + " returned an invalid gradient at index " + i
                            + " - got " + Shape.str(gi.shape()) + " but expected shape compatible with " + Shape.str(in.shape()));
                }
                if (gi != null && gi.dtype() != in.dtype()) gi = gi.to(in.dtype());
                Node next = in.gradFn();
                if (next == null) {
                    if (gi != null) accumulate(in, gi, claimed);
                    continue;
                }
                if (gi != null) {
                    Tensor prev = pending.get(next);
                    pending.put(next, prev == null ? gi : Elementwise.add(prev, gi));
                }
                int left = deps.merge(next, -1, Integer::sum);
                if (left == 0) {
                    if (pending.containsKey(next)) ready.add(next);
                    else releaseSubgraph(next, deps, pending, ready, retainGraph);
                }
            }
        }
    }

    /** A node that received no gradient at all: its inputs get none either, but their counters still drop. */
    private static void releaseSubgraph(Node start, Map<Node, Integer> deps, Map<Node, Tensor> pending, ArrayDeque<Node> ready,
                                        boolean retainGraph) {
        ArrayDeque<Node> work = new ArrayDeque<>();
        work.push(start);
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (!retainGraph) n.release();
            for (int i = 0; i < n.numInputs(); i++) {
                Tensor in = n.input(i);
                if (in == null || !n.needsInputGrad(i) || in.gradFn() == null) continue;
                Node next = in.gradFn();
                int left = deps.merge(next, -1, Integer::sum);
                if (left == 0) {
                    if (pending.containsKey(next)) ready.add(next);
                    else work.push(next);
                }
            }
        }
    }

    /** Adds the gradient a node receives into the tensor that retains it (a fresh copy the first time). */
    private static void retain(Node n, Tensor g) {
        Tensor t = n.retainer;
        if (t == null || g == null || t.gradFn() != n) return;
        if (g.dtype() != t.dtype()) g = g.to(t.dtype());
        Tensor existing = t.grad();
        if (existing == null) t.setGrad(g.contiguousCopy());
        else Elementwise.addInPlace(existing, g);
    }

    private static void accumulate(Tensor leaf, Tensor g, Set<Object> claimed) {
        if (g.dtype() != leaf.dtype()) g = g.to(leaf.dtype());
        Tensor existing = leaf.grad();
        if (existing == null) {
            boolean owned = g.isContiguous() && g.storageOffset() == 0 && storageLength(g) == g.numel() && !claimed.contains(g.storage());
            Tensor stored = owned ? g.detach() : g.contiguousCopy();
            claimed.add(stored.storage());
            leaf.setGrad(stored);
        } else {
            Elementwise.addInPlace(existing, g);
        }
    }

    private static int storageLength(Tensor t) {
        Object s = t.storage();
        if (s instanceof float[]) return ((float[]) s).length;
        if (s instanceof double[]) return ((double[]) s).length;
        if (s instanceof long[]) return ((long[]) s).length;
        return ((boolean[]) s).length;
    }

    /**
     * Sums {@code g} down to {@code shape}: the backward of broadcasting. Returns g itself when shapes agree.
     *
     * @param g a gradient of a broadcast shape
     * @param shape the shape it was broadcast from
     * @return the sum of g over the broadcast dims, of {@code shape}
     */
    public static Tensor sumToShape(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) return g;
        int lead = gs.length - shape.length;
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < gs.length; i++) {
            if (i < lead) dims.add(i);
            else if (shape[i - lead] == 1 && gs[i] != 1) dims.add(i);
        }
        int[] d = dims.stream().mapToInt(Integer::intValue).toArray();
        Tensor s = d.length == 0 ? g : org.losses4j.internal.ops.Reductions.sum(g, d, true);
        return s.reshape(shape);
    }
}
