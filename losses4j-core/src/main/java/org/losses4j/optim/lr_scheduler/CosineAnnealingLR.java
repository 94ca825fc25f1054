package org.losses4j.optim.lr_scheduler;

import java.util.ArrayList;
import java.util.List;
import org.losses4j.optim.Optimizer;

/**
 * {@code CosineAnnealingLR(optimizer, T_max, eta_min=0)}: eta_t = eta_min + (eta_max - eta_min)(1 + cos(pi t / T_max)) / 2,
 * computed as PyTorch computes it, recursively from the previous lr:
 * <pre>
 * t == 0:                                lr
 * (t - 1 - T_max) mod (2 T_max) == 0:    lr + (base_lr - eta_min)(1 - cos(pi / T_max)) / 2
 * otherwise:                             (1 + cos(pi t / T_max)) / (1 + cos(pi (t - 1) / T_max)) (lr - eta_min) + eta_min
 * </pre>
 * The recursion's rounding differs from the closed form's in the last bits; these are PyTorch's values. Past
 * T_max the lr rises again (the cosine continues), as in PyTorch.
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    /**
     * {@code CosineAnnealingLR(optimizer, T_max)} with eta_min 0; takes the initial step.
     *
     * @param optimizer the optimizer to schedule
     * @param tMax the number of epochs of half a cosine period, {@code T_max}
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) { this(optimizer, tMax, 0); }

    /**
     * {@code CosineAnnealingLR(optimizer, T_max, eta_min)}; takes the initial step.
     *
     * @param optimizer the optimizer to schedule
     * @param tMax the number of epochs of half a cosine period, {@code T_max}
     * @param etaMin the smallest lr, {@code eta_min}
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    @Override
    protected List<Double> computeLr() {
        List<Double> lrs = groupLrs();
        List<Double> out = new ArrayList<>();
        if (lastEpoch == 0) return lrs;
        for (int i = 0; i < lrs.size(); i++) {
            double lr = lrs.get(i), base = baseLrs.get(i);
            if (stepCount == 1 && lastEpoch > 0) {
                out.add(etaMin + (base - etaMin) * (1 + StrictMath.cos(lastEpoch * Math.PI / tMax)) / 2);
            } else if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
                out.add(lr + (base - etaMin) * (1 - StrictMath.cos(Math.PI / tMax)) / 2);
            } else {
                out.add((1 + StrictMath.cos(Math.PI * lastEpoch / tMax)) / (1 + StrictMath.cos(Math.PI * (lastEpoch - 1) / tMax))
                        * (lr - etaMin) + etaMin);
            }
        }
        return out;
    }
}
