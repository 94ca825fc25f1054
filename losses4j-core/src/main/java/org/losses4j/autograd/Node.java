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

    /**
     * @param name   PyTorch's class name of this backward, e.g. {@code MulBackward0}
     * @param inputs the op's tensor inputs in order (null entries allowed for absent optional inputs)
     */
    protected Node(String name, Tensor... inputs) {
        this.name = name;
        this.inputs = inputs.clone();
        this.needsGrad = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            needsGrad[i] = inputs[i] != null && inputs[i].requiresGrad();
        }
    }

    /** PyTorch's name for this node, as printed in {@code grad_fn=<...>}. */
    public final String name() { return name; }

    /** Number of inputs. */
    public final int numInputs() { return inputs.length; }

    /** The i-th input tensor (may be null). */
    public final Tensor input(int i) { return inputs[i]; }

    /** Whether input i needs a gradient: compute it only then. */
    public final boolean needsInputGrad(int i) { return needsGrad[i]; }

    /**
     * Computes the gradients of the inputs from the gradient of the output. Entries for inputs that do not
     * need a gradient may be null. Returned tensors must have the inputs' shapes; they may alias
     * {@code gradOutput} (the engine copies before storing into a leaf when needed).
     */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /** Whether this node keeps saved tensors that a backward pass frees (a second pass then fails). */
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
        Tensor[] grads = backward(gradOutput);
        if (grads.length != inputs.length) {
            throw new IllegalStateException(name + " returned " + grads.length + " gradients for " + inputs.length + " inputs");
        }
        return grads;
    }

    final void release() {
        if (savesState()) {
            released = true;
            releaseSavedState();
        }
    }

    @Override
    public String toString() { return "<" + name + ">"; }
}
