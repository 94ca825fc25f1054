package org.losses4j.optim.lr_scheduler;

import java.util.ArrayList;
import java.util.List;
import org.losses4j.optim.Optimizer;
import org.losses4j.optim.ParamGroup;

/**
 * {@code torch.optim.lr_scheduler.LRScheduler}: sets each parameter group's {@code "lr"} at every {@link #step()}
 * from {@link #computeLr()}, PyTorch's {@code get_lr()} (the recursive, chainable form: a schedule may read the
 * group's current lr). Constructing a scheduler takes PyTorch's initial step (epoch 0), so {@link #getLastLr()}
 * is the starting lr before the first {@code step()}.
 */
public abstract class LRScheduler {
    /** The optimizer whose groups' lr this scheduler sets. */
    protected final Optimizer optimizer;
    /** Each group's {@code initial_lr} ({@code base_lrs}). */
    protected final List<Double> baseLrs = new ArrayList<>();
    /** {@code last_epoch}: the epoch of the last step, -1 before the initial step. */
    protected int lastEpoch = -1;
    /** {@code _step_count}: the steps taken, the initial one included. */
    protected int stepCount;
    private List<Double> lastLr = List.of();

    /**
     * Records each group's {@code initial_lr} (set from its lr when absent); the subclass's constructor ends with
     * {@link #initialStep()}.
     *
     * @param optimizer the optimizer to schedule
     */
    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        for (ParamGroup g : optimizer.paramGroups()) {
            g.options().putIfAbsent("initial_lr", g.lr());
            baseLrs.add(((Number) g.get("initial_lr")).doubleValue());
        }
    }

    /** PyTorch's {@code _initial_step()}: call at the end of a subclass constructor. */
    protected final void initialStep() {
        stepCount = 0;
        step();
    }

    /**
     * {@code get_lr()}: the new lr of each group for {@link #lastEpoch()}.
     *
     * @return one lr per parameter group, in order
     */
    protected abstract List<Double> computeLr();

    /** {@code scheduler.step()}: advances one epoch and sets each group's lr. */
    public final void step() {
        stepCount++;
        lastEpoch++;
        List<Double> values = computeLr();
        List<ParamGroup> groups = optimizer.paramGroups();
        List<Double> last = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).setLr(values.get(i));
            last.add(groups.get(i).lr());
        }
        lastLr = List.copyOf(last);
    }

    /**
     * {@code get_last_lr()}: the lr of each group set by the last step.
     *
     * @return an unmodifiable list, one lr per group
     */
    public final List<Double> getLastLr() { return lastLr; }

    /**
     * {@code last_epoch}.
     *
     * @return the epoch of the last step (0 after construction)
     */
    public final int lastEpoch() { return lastEpoch; }

    /**
     * The groups' current lr values.
     *
     * @return one lr per group, in order
     */
    protected final List<Double> groupLrs() {
        List<Double> l = new ArrayList<>();
        for (ParamGroup g : optimizer.paramGroups()) l.add(g.lr());
        return l;
    }
}
