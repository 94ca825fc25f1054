package org.losses4j.examples;

import org.losses4j.*;
import org.losses4j.nn.*;

/**
 * The README's first example: PyTorch's {@code nn.CrossEntropyLoss} example, line for line, printing what PyTorch
 * prints for {@code torch.manual_seed(0)}.
 */
public final class FirstExample {
    private FirstExample() {}

    /**
     * Computes the loss of three random rows of logits over five classes and its gradient.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Tensor.manualSeed(0);                                   // torch.manual_seed(0): the same random numbers
        var loss = new CrossEntropyLoss();
        Tensor input = Tensor.randn(3, 5).requiresGrad_(true);
        Tensor target = Tensor.empty(DType.INT64, 3).random_(5);
        Tensor output = loss.forward(input, target);
        output.backward();
        System.out.println(output);                             // tensor(2.2729, grad_fn=<NllLossBackward0>), as PyTorch prints it
        System.out.println(input.grad());
    }
}
