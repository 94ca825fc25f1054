package org.losses4j.autograd;

import org.losses4j.Tensor;

/**
 * One recorded operation in the autograd graph: PyTorch's {@code grad_fn}. A node knows its inputs, which
 * of them need a gradient, and how to map the gradient of its output to the gradients of its inputs.
 *
 * <p>Op implementations subclass it next to their forward, then attach it with
 * {@link Tensor#attachGradFn(Node)}. Inputs are held so the engine can route gradients: a leaf that requires
 * grad receives them in {@code grad()}, a non-leaf passes them on to its own {@code gradFn()}.
 */
public abstract class Node {
    private final String name;
    private final Tensor[] inputs;
    private final boolean[] needsGrad;
    private boolean released;
    private java.util.List<SavedTensor> saved;
    /** The tensor this node produced that retains its gradient (Tensor.retainGrad()), or null; stale once that tensor has another grad_fn. */
    Tensor retainer;

    /**
     * @param name   PyTorch's class name of this backward, e.g. {@code MulBackward0}
     * @param inputs the op's tensor inputs in order (null entries allowed for absent optional inputs)
     */
    protected Node(String name, Tensor... inputs) {
        this.name = name;
        this.inputs = inputs.clone();
        this.needsGrad = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            needsGrad[i] = in != null && in.requiresGrad();
            // the edge goes to the grad_fn the input has NOW: an in-place op that later gives the tensor a new
            // grad_fn (rebase of history) must not redirect this node's gradient through it
            if (in != null && in.gradFn() != null) this.inputs[i] = in.historyAlias();
        }
    }

    /**
     * Saves {@code t} (an input of this node, or another tensor that is not its output) for the backward, with
     * its version now: the backward fails with PyTorch's message if an in-place op changes it before. Returns
     * the saved values, cut from the graph.
     *
     * @param t the tensor to save
     * @return its values, cut from the graph, to read in the backward
     */
    protected final Tensor save(Tensor t) { return save(t, false); }

    /**
     * Saves this node's own output {@code out} for the backward (as exp, sigmoid or tanh do); see
     * {@link #save(Tensor)}.
     *
     * @param out this node's output
     * @return its values, cut from the graph, to read in the backward
     */
    protected final Tensor saveOutput(Tensor out) { return save(out, true); }

    private Tensor save(Tensor t, boolean isOutput) {
        if (saved == null) saved = new java.util.ArrayList<>(2);
        SavedTensor s = new SavedTensor(t, isOutput);
        saved.add(s);
        return s.data();
    }

    /** PyTorch's check of every saved tensor's version when the backward unpacks it. */
    private void checkSaved() {
        if (saved == null) return;
        for (SavedTensor s : saved) s.check(this);
    }

    /**
     * PyTorch's name for this node, as printed in {@code grad_fn=<...>}.
     *
     * @return e.g. {@code MseLossBackward0}
     */
    public final String name() { return name; }

    /**
     * Number of inputs.
     *
     * @return the number of tensor inputs this node records (absent optional ones included)
     */
    public final int numInputs() { return inputs.length; }

    /**
     * The i-th input tensor (may be null).
     *
     * @param i the input's position
     * @return the input, or null for an absent optional one
     * @throws ArrayIndexOutOfBoundsException when i is not in [0, numInputs())
     */
    public final Tensor input(int i) { return inputs[i]; }

    /**
     * Whether input i needs a gradient: compute it only then.
     *
     * @param i the input's position
     * @return whether that input required grad when the node was made
     */
    public final boolean needsInputGrad(int i) { return needsGrad[i]; }

    /**
     * Computes the gradients of the inputs from the gradient of the output. Entries for inputs that do not
     * need a gradient may be null. Returned tensors must have the inputs' shapes; they may alias
     * {@code gradOutput} (the engine copies before storing into a leaf when needed).
     *
     * @param gradOutput the gradient of the output, of the output's shape
     * @return one gradient per input (null where none is needed)
     */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /**
     * Backward with the existing gradients of the leaves this node feeds: {@code leafGrads[i]} is input i's
     * {@code grad()} when input i is a leaf that already has a contiguous gradient of its own shape and dtype (the
     * storage shared with no input of this node), else null. A node whose gradient is sparse (NLLLoss: N non-zero
     * entries in an N x C gradient) may add its gradient for input i into {@code leafGrads[i]} in place, exactly as
     * the engine's {@code grad += g} would, and return null at i: a leaf that receives null gets nothing more. This
     * is what makes {@code zero_grad(set_to_none=False)} (PyTorch 1.13's default) cost O(N) per step instead of a
     * dense N x C gradient and its addition. The default ignores {@code leafGrads}.
     *
     * @param gradOutput the gradient of the output, of the output's shape
     * @param leafGrads per input, the existing gradient of a leaf input that may be added to in place, else null
     * @return one gradient per input (null where none is needed or where it was added into {@code leafGrads})
     */
    protected Tensor[] backward(Tensor gradOutput, Tensor[] leafGrads) { return backward(gradOutput); }

    /**
     * Whether this node keeps saved tensors that a backward pass frees (a second pass then fails).
     *
     * @return true when a backward without retainGraph frees something this node needs
     */
    protected boolean savesState() { return true; }

    /** Drops saved state after a backward pass without {@code retainGraph}; override to null large fields. */
    protected void releaseSavedState() {}

    final Tensor[] run(Tensor gradOutput) {
        if (released) {
            throw new IllegalStateException("Trying to backward through the graph a second time (or directly access saved tensors after they"
                    + " have already been freed). Saved intermediate values of the graph are freed when you call .backward() or"
                    + " autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you"
                    + " need to access saved tensors after calling backward.");
        }
        checkSaved();
        Tensor[] grads = backward(gradOutput, leafGrads());
        if (grads.length != inputs.length) {
            throw new IllegalStateException(name + " returned " + grads.length + " gradients for " + inputs.length + " inputs");
        }
        return grads;
    }

    /** The existing, directly writable gradients of leaf inputs (see {@link #backward(Tensor, Tensor[])}). */
    private Tensor[] leafGrads() {
        Tensor[] out = null;
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            if (in == null || !needsGrad[i] || in.gradFn() != null) continue;
            Tensor g = in.grad();
            if (g == null || g.dtype() != in.dtype() || !g.isContiguous() || !java.util.Arrays.equals(g.shape(), in.shape())) continue;
            boolean shared = false;
            for (Tensor other : inputs) shared |= other != null && other.storage() == g.storage();
            if (shared) continue;
            if (out == null) out = new Tensor[inputs.length];
            out[i] = g;
        }
        return out == null ? new Tensor[inputs.length] : out;
    }

    final void release() {
        if (savesState()) {
            released = true;
            saved = null;
            releaseSavedState();
        }
    }

    @Override
    public String toString() { return "<" + name + ">"; }
}
