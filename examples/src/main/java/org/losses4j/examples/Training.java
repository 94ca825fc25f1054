package org.losses4j.examples;

import org.losses4j.*;
import org.losses4j.nn.*;
import org.losses4j.optim.*;

/**
 * The README's training loop: a two-layer network, CrossEntropyLoss and Adam for 101 steps, printing the loss every
 * 20 steps as PyTorch prints it for the same seed.
 */
public final class Training {
    private Training() {}

    /**
     * Trains the model and prints the loss at steps 0, 20, ..., 100.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Tensor.manualSeed(0);
        var model = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
        Tensor x = Tensor.randn(64, 4);
        Tensor y = Tensor.randint(0, 3, 64);
        var lossFn = new CrossEntropyLoss();
        var opt = new Adam(model.parameters(), 0.01);
        for (int step = 0; step < 101; step++) {
            opt.zeroGrad();
            Tensor loss = lossFn.forward(model.forward(x), y);
            if (step % 20 == 0) System.out.println("Adam: " + step + " " + loss);
            loss.backward();
            opt.step();
        }
    }
}
