package org.losses4j.optim.lr_scheduler;

import java.util.ArrayList;
import java.util.List;
import org.losses4j.optim.Optimizer;

/**
 * {@code StepLR(optimizer, step_size, gamma=0.1)}: multiplies each group's lr by gamma every step_size epochs
 * (lr at epoch e is base_lr * gamma^floor(e / step_size) when nothing else changes it; computed recursively, as
 * PyTorch does, so the values are PyTorch's products, not the closed form's powers).
 */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    /**
     * {@code StepLR(optimizer, step_size)} with gamma 0.1; takes the initial step.
     *
     * @param optimizer the optimizer to schedule
     * @param stepSize the number of epochs between decays
     */
    public StepLR(Optimizer optimizer, int stepSize) { this(optimizer, stepSize, 0.1); }

    /**
     * {@code StepLR(optimizer, step_size, gamma)}; takes the initial step.
     *
     * @param optimizer the optimizer to schedule
     * @param stepSize the number of epochs between decays
     * @param gamma the factor applied to the lr at each decay
     */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected List<Double> computeLr() {
        List<Double> lrs = groupLrs();
        if (lastEpoch == 0 || lastEpoch % stepSize != 0) return lrs;
        List<Double> out = new ArrayList<>();
        for (double lr : lrs) out.add(lr * gamma);
        return out;
    }
}
