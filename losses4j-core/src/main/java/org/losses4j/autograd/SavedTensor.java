package org.losses4j.autograd;

import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;

/**
 * A tensor a node keeps for its backward, with the version its storage had when it was saved (PyTorch's
 * SavedVariable). An in-place op bumps the version its views and detached aliases share; the backward then fails,
 * as PyTorch's does, instead of computing a gradient from changed values.
 */
final class SavedTensor {
    private final Tensor original;
    private final Tensor data;
    private final int version;
    private final boolean isOutput;

    SavedTensor(Tensor t, boolean isOutput) {
        this.original = isOutput ? null : t;
        this.data = t.detach();
        this.version = t.version();
        this.isOutput = isOutput;
    }

    Tensor data() { return data; }

    /** Throws PyTorch's message if the saved tensor was modified in place since it was saved. */
    void check(Node owner) {
        int now = data.version();
        if (now == version) return;
        StringBuilder m = new StringBuilder("one of the variables needed for gradient computation has been modified by an inplace operation: [")
                .append(legacyTypeName(data.dtype())).append(' ').append(Shape.str(data.shape())).append(']');
        // the grad_fn the tensor has now: this node for a saved output, the in-place op's node for a rebased input
        Node fn = isOutput ? owner : original.gradFn();
        if (fn != null) m.append(", which is output 0 of ").append(fn.name()).append(',');
        m.append(" is at version ").append(now).append("; expected version ").append(version).append(" instead. Hint: enable anomaly detection to find"
                + " the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).");
        throw new IllegalStateException(m.toString());
    }

    /** PyTorch's legacy CPU type name: torch.FloatTensor, torch.DoubleTensor, ... */
    static String legacyTypeName(DType d) {
        switch (d) {
            case FLOAT32: return "torch.FloatTensor";
            case FLOAT64: return "torch.DoubleTensor";
            case INT64: return "torch.LongTensor";
            default: return "torch.BoolTensor";
        }
    }
}
