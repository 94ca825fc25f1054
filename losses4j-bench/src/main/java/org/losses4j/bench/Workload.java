package org.losses4j.bench;

import java.util.List;
import java.util.function.Supplier;
import org.losses4j.Tensor;

/**
 * One benchmark workload: a name (part of the contract, shared with {@code bench/torch_workloads.py}),
 * the element count of its main input (for ns/element), the bytes of the gradients one step produces (for the
 * allocation budget) and a factory that builds the seeded inputs once.
 */
public final class Workload {
    private final String name;
    private final long elements;
    private final long gradientBytes;
    private final Supplier<Instance> setup;

    Workload(String name, long elements, long gradientBytes, Supplier<Instance> setup) {
        this.name = name;
        this.elements = elements;
        this.gradientBytes = gradientBytes;
        this.setup = setup;
    }

    /** The workload's name, e.g. {@code cross_entropy_4096x1000}. */
    public String name() { return name; }

    /** Elements of the main input (rows x classes, T x N x C, ...). */
    public long elements() { return elements; }

    /** Bytes of all gradients one step produces (float32: 4 x the elements of every differentiated input). */
    public long gradientBytes() { return gradientBytes; }

    /** The allocation budget per step: 1.25 x the gradient bytes + 64 KiB. */
    public long allocationBudget() { return (long) Math.ceil(1.25 * gradientBytes) + 64 * 1024; }

    /** Builds the inputs (seeded, float32) and returns something that runs steps on them. */
    public Instance setup() { return setup.get(); }

    /** The same workload under another name. */
    Workload withName(String newName) { return new Workload(newName, elements, gradientBytes, setup); }

    @Override
    public String toString() { return name; }

    /**
     * How a step clears the input gradients, as {@code zero_grad(set_to_none=...)} allows: to none (PyTorch 2's
     * default; the backward then creates fresh gradients) or to zero in place (PyTorch 1.13's default; the backward
     * adds into the kept gradients). The JSON name is {@link #jsonName()}.
     */
    public enum ZeroGrad {
        SET_TO_NONE("set_to_none"), IN_PLACE("in_place");

        private final String jsonName;

        ZeroGrad(String jsonName) { this.jsonName = jsonName; }

        /** {@code set_to_none} or {@code in_place}. */
        public String jsonName() { return jsonName; }
    }

    /** A workload with its inputs built: {@link #step()} is what one training step does. */
    public static final class Instance {
        private final List<Tensor> differentiated;
        private final Supplier<Tensor> forward;
        private final ZeroGrad zeroGrad;
        private final Runnable update;

        Instance(List<Tensor> differentiated, Supplier<Tensor> forward, ZeroGrad zeroGrad) {
            this(differentiated, forward, zeroGrad, null);
        }

        /** With an update after the backward (an optimizer's step), for a workload that trains a model. */
        Instance(List<Tensor> differentiated, Supplier<Tensor> forward, ZeroGrad zeroGrad, Runnable update) {
            this.differentiated = List.copyOf(differentiated);
            this.forward = forward;
            this.zeroGrad = zeroGrad;
            this.update = update;
        }

        /** The leaves that get a gradient, in argument order. */
        public List<Tensor> differentiated() { return differentiated; }

        /** How a step clears the gradients. */
        public ZeroGrad zeroGrad() { return zeroGrad; }

        /**
         * Clears the gradients ({@link #zeroGrad()}: to none, or to zero in place), runs the forward with the
         * workload's reduction and the backward, then the optimizer's step where the workload trains a model;
         * returns the loss.
         */
        public Tensor step() {
            boolean toNone = zeroGrad == ZeroGrad.SET_TO_NONE;
            for (int i = 0; i < differentiated.size(); i++) differentiated.get(i).zeroGrad(toNone);
            Tensor loss = forward.get();
            loss.backward();
            if (update != null) update.run();
            return loss;
        }
    }
}
