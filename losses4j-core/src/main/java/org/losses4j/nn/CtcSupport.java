package org.losses4j.nn;

import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.Warnings;
import java.util.ArrayList;
import java.util.List;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.internal.kernels.CtcKernel;

/**
 * CTCLoss's Tensor-level work: the argument check in PyTorch's order and words, the labels read from the targets,
 * and log_probs seen as {@link CtcKernel.LogProbs} (read in place through its strides).
 */
final class CtcSupport {
    private CtcSupport() {}

    private static final String FROM = " (while checking arguments for ctc_loss_cpu)";

    /**
     * The warning for targets equal to blank (this library's own: PyTorch computes them silently), filled with the
     * samples ({@code sample 1}, {@code samples 0, 3}), the blank and the first place it occurs.
     */
    static final String BLANK_TARGET = "ctc_loss: the targets of %s contain the blank index %s (first at %s). The loss is computed as"
            + " PyTorch computes it, but CTC never emits the blank as a label: check blank and the targets within target_lengths.";

    /**
     * The one check, before any work, in PyTorch's order and words (ctc_loss / ctc_loss_allocate_outputs).
     * Lengths are given as values; {@link #lengths(Tensor, String)} reads tensors. Beyond PyTorch, targets outside
     * {@code [0, C)} are rejected (PyTorch's CPU kernel does not check them: it reads outside log_probs). Targets equal
     * to blank are computed as PyTorch computes them (1.13 and 2.x agree), with {@link #BLANK_TARGET} naming the samples:
     * CTC cannot emit the blank as a label, so such a target is almost always a mistake (a wrong blank, or padding
     * inside target_lengths).
     */
    static CtcKernel.Problem check(Tensor logProbs, Tensor targets, long[] inputLengths, long[] targetLengths, long blank) {
        Checks.notNull(logProbs, "log_probs");
        Checks.notNull(targets, "targets");
        if (inputLengths == null) throw new IllegalArgumentException("input_lengths must be a tensor or a sequence of ints, got null");
        if (targetLengths == null) throw new IllegalArgumentException("target_lengths must be a tensor or a sequence of ints, got null");
        if (!logProbs.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"ctc_loss_cpu\" not implemented for '" + Checks.typeName(logProbs.dtype()) + "'");
        }
        boolean batched = logProbs.dim() == 3;
        if (logProbs.dim() == 0) throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of [-1, 0], but got 1)");
        // PyTorch unsqueezes anything that is not 3-d at dim 1 before checking, so it reports dim + 1
        int[] lp = batched ? logProbs.shape() : unsqueeze1(logProbs.shape());
        if (logProbs.numel() == 0) throw new IllegalArgumentException("log_probs tensor must not be empty");
        if (lp.length != 3) {
            throw new IllegalArgumentException("Expected 3-dimensional tensor, but got " + lp.length
                    + "-dimensional tensor for argument #1 'log_probs'" + FROM);
        }
        int T = lp[0], N = lp[1], C = lp[2];
        if (targets.dim() < 1 || targets.dim() > 2) {
            throw new IllegalArgumentException("Expected 1 to 2 dimensions, but got " + targets.dim()
                    + "-dimensional tensor for argument #2 'targets'" + FROM);
        }
        if (blank < 0 || blank >= C) throw new IllegalArgumentException("blank must be in label range");
        if (inputLengths.length != N) throw new IllegalArgumentException("input_lengths must be of size batch_size");
        if (targetLengths.length != N) throw new IllegalArgumentException("target_lengths must be of size batch_size");
        for (long tl : targetLengths) {
            if (tl < 0) {
                throw new IllegalArgumentException("Expected target_lengths to have value at least 0, but got value " + tl + FROM);
            }
        }
        int[] tgShape = targets.shape();
        if (targets.dim() == 1) { // concatenated
            long total = 0;
            for (long tl : targetLengths) total = total + tl < 0 ? Long.MAX_VALUE : total + tl;
            if (total != tgShape[0]) {
                throw new IllegalArgumentException("Expected tensor to have size " + total + " at dimension 0, but got size " + tgShape[0]
                        + " for argument #2 'targets'" + FROM);
            }
        } else { // padded (N, S)
            if (tgShape[0] != N) {
                throw new IllegalArgumentException("Expected tensor to have size " + N + " at dimension 0, but got size " + tgShape[0]
                        + " for argument #2 'targets'" + FROM);
            }
            long max = 0;
            for (long tl : targetLengths) max = Math.max(max, tl);
            if (tgShape[1] < max) {
                throw new IllegalArgumentException("Expected tensor to have size at least " + max + " at dimension 1, but got size " + tgShape[1]
                        + " for argument #2 'targets'" + FROM);
            }
        }
        for (long il : inputLengths) {
            if (il < 0) throw new IllegalArgumentException("Expected input_lengths to have value at least 0, but got value " + il + FROM);
            if (il > T) throw new IllegalArgumentException("Expected input_lengths to have value at most " + T + ", but got value " + il + FROM);
        }
        // labels: PyTorch reads only the first target_length entries of each sample
        int[] il = new int[N], tl = new int[N], off = new int[N];
        long cells = 0;
        int total = 0;
        for (int b = 0; b < N; b++) {
            il[b] = (int) inputLengths[b];
            tl[b] = (int) targetLengths[b];
            off[b] = total;
            total += tl[b];
            cells += (long) il[b] * (2L * tl[b] + 1);
        }
        if (cells > Integer.MAX_VALUE - 8L) {
            throw new IllegalArgumentException("ctc_loss: the alphas need " + cells + " elements, more than one Java array holds");
        }
        int[] labels = new int[total];
        int srcStride0 = targets.dim() == 2 ? targets.strides()[0] : 0;
        int srcStride1 = targets.strides()[targets.dim() - 1];
        int srcOff = targets.storageOffset();
        Object st = targets.storage();
        List<Integer> blankSamples = new ArrayList<>();
        String firstBlank = null;
        int concatPos = 0;
        for (int b = 0; b < N; b++) {
            for (int i = 0; i < tl[b]; i++) {
                int src = targets.dim() == 2 ? srcOff + b * srcStride0 + i * srcStride1 : srcOff + (concatPos + i) * srcStride1;
                String where = targets.dim() == 2 ? "targets[" + b + "][" + i + "]" : "targets[" + (concatPos + i) + "] (sample " + b + ")";
                int v = label(st, targets.dtype(), src, C, where);
                labels[off[b] + i] = v;
                if (v == blank) {
                    if (firstBlank == null) firstBlank = where;
                    if (blankSamples.isEmpty() || blankSamples.get(blankSamples.size() - 1) != b) blankSamples.add(b);
                }
            }
            concatPos += tl[b];
        }
        if (!blankSamples.isEmpty()) {
            StringBuilder samples = new StringBuilder(blankSamples.size() == 1 ? "sample " : "samples ");
            for (int k = 0; k < blankSamples.size(); k++) samples.append(k == 0 ? "" : ", ").append(blankSamples.get(k));
            Warnings.warn(BLANK_TARGET, samples, blank, firstBlank);
        }
        return new CtcKernel.Problem(T, N, C, (int) blank, il, tl, labels, off);
    }

    /** PyTorch's {@code unsqueeze(1)} of a shape with at least one dim. */
    private static int[] unsqueeze1(int[] s) {
        int[] r = new int[s.length + 1];
        r[0] = s[0];
        r[1] = 1;
        System.arraycopy(s, 1, r, 2, s.length - 1);
        return r;
    }

    /** One label as PyTorch's {@code targets.to(kLong)} reads it (floats truncate toward zero, bool is 0/1), then range-checked. */
    private static int label(Object storage, DType dt, int i, int C, String where) {
        long v;
        String shown;
        switch (dt) {
            case INT64: v = ((long[]) storage)[i]; shown = Long.toString(v); break;
            case BOOL: v = ((boolean[]) storage)[i] ? 1 : 0; shown = Long.toString(v); break;
            default: {
                double d = dt == DType.FLOAT32 ? ((float[]) storage)[i] : ((double[]) storage)[i];
                if (!Double.isFinite(d)) throw new IndexOutOfBoundsException("Target " + d + " is out of bounds (" + where + "; classes are [0, " + C + "))");
                v = (long) d;
                shown = Long.toString(v);
            }
        }
        if (v < 0 || v >= C) {
            throw new IndexOutOfBoundsException("Target " + shown + " is out of bounds (" + where + "; classes are [0, " + C + "))");
        }
        return (int) v;
    }

    /**
     * The values of a lengths tensor (any shape; PyTorch uses its elements in C order), with PyTorch's
     * {@code "<name> must be integral"} for floating and bool tensors.
     */
    static long[] lengths(Tensor t, String name) {
        if (t == null) throw new IllegalArgumentException(name + " must be a tensor or a sequence of ints, got null");
        if (t.dtype() != DType.INT64) throw new IllegalArgumentException(name + " must be integral");
        return t.toLongArray();
    }


    /** log_probs (T, N, C), or (T, C) read as (T, 1, C), in place. */
    static CtcKernel.LogProbs logProbs(Tensor lp) {
        Object s = lp.storage();
        int[] st = lp.strides();
        boolean batched = lp.dim() == 3;
        return new CtcKernel.LogProbs(s instanceof float[] ? (float[]) s : null, s instanceof double[] ? (double[]) s : null, lp.storageOffset(),
                st[0], batched ? st[1] : 0, st[st.length - 1]);
    }
}
