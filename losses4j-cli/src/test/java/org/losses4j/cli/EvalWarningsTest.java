package org.losses4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.io.Npy;
import org.losses4j.io.NpyArray;
import org.losses4j.io.NpyTensors;

/**
 * {@code eval} prints PyTorch's warnings on stderr as Python does ({@code UserWarning: text}), afresh in every run, and
 * accepts or rejects int32 files where PyTorch does: class-index targets must be int64, CTC's int32 tensors are fine.
 */
class EvalWarningsTest {
    @TempDir Path dir;

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        StringWriter so = new StringWriter(), se = new StringWriter();
        int rc = Main.run(args, new PrintWriter(so, true), new PrintWriter(se, true));
        return new Run(rc, so.toString(), se.toString());
    }

    Path npy(String name, Tensor t) throws IOException {
        Path p = dir.resolve(name);
        NpyTensors.write(p, t);
        return p;
    }

    Path int32(String name, int[] shape, int... values) throws IOException {
        Path p = dir.resolve(name);
        Npy.write(p, NpyArray.ofInts(shape, values));
        return p;
    }

    static final String TARGET_SIZE = "UserWarning: Using a target size (torch.Size([4, 1])) that is different to the input size"
            + " (torch.Size([4, 5])). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.";

    @Test
    void theTargetSizeWarningGoesToStderrInEveryRun() throws IOException {
        Path x = npy("x.npy", Tensor.randn(4, 5)), y = npy("y.npy", Tensor.randn(4, 1));
        for (int i = 0; i < 2; i++) {
            Run r = run("eval", "MSELoss", "--input", x.toString(), "--target", y.toString());
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().startsWith("tensor("), r.out());
            assertEquals(TARGET_SIZE + System.lineSeparator(), r.err(), "run " + i);
        }
        Run same = run("eval", "MSELoss", "--input", x.toString(), "--target", x.toString());
        assertEquals(0, same.status());
        assertEquals("", same.err());
    }

    @Test
    void legacyKeywordsAndKlDivMeanWarnAsPyTorch() throws IOException {
        Path x = npy("x.npy", Tensor.randn(3, 4)), p = npy("p.npy", Tensor.rand(3, 4));
        Run mean = run("eval", "KLDivLoss", "--input", x.toString(), "--target", p.toString());
        assertEquals(0, mean.status(), mean.err());
        assertEquals("UserWarning: reduction: 'mean' divides the total loss by both the batch size and the support size.'batchmean' divides"
                + " only by the batch size, and aligns with the KL div math definition.'mean' will be changed to behave the same as"
                + " 'batchmean' in the next major release." + System.lineSeparator(), mean.err());
        Run legacy = run("eval", "L1Loss", "--size_average", "False", "--input", x.toString(), "--target", p.toString());
        assertEquals(0, legacy.status(), legacy.err());
        assertEquals("UserWarning: size_average and reduce args will be deprecated, please use reduction='sum' instead."
                + System.lineSeparator(), legacy.err());
    }

    @Test
    void aFailingRunPrintsItsErrorLineOnly() throws IOException {
        Path x = npy("x.npy", Tensor.randn(4, 5)), y = npy("y.npy", Tensor.randn(3, 1));
        Run r = run("eval", "MSELoss", "--reduce", "False", "--input", x.toString(), "--target", y.toString());
        assertEquals(2, r.status());
        // the legacy keyword warned when the loss was built, then the forward failed: one error line, as the command promises
        assertEquals("error: The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 0" + System.lineSeparator(),
                r.err());
    }

    @Test
    void int32ClassIndicesAreRejectedAsPyTorchRejectsThem() throws IOException {
        Path x = npy("x.npy", Tensor.randn(3, 5));
        Path t32 = int32("t32.npy", new int[] {3}, 1, 0, 4);
        for (String loss : new String[] {"NLLLoss", "CrossEntropyLoss", "MultiMarginLoss"}) {
            Run r = run("eval", loss, "--input", x.toString(), "--target", t32.toString());
            assertEquals(2, r.status(), loss);
            assertTrue(r.err().startsWith("error: expected scalar type Long but found Int (the target file holds int32 class indices"), loss + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
        Path m32 = int32("m32.npy", new int[] {3, 5}, 1, 0, -1, 0, 0, 2, -1, 0, 0, 0, 4, 3, -1, 0, 0);
        Run mlm = run("eval", "MultiLabelMarginLoss", "--input", x.toString(), "--target", m32.toString());
        assertEquals(2, mlm.status());
        assertTrue(mlm.err().startsWith("error: expected scalar type Long but found Int"), mlm.err());
        // probabilities-shaped int32 target of CrossEntropyLoss
        Run probs = run("eval", "CrossEntropyLoss", "--input", x.toString(), "--target", m32.toString());
        assertEquals(2, probs.status());
        assertEquals("error: Expected floating point type for target with class probabilities, got Int" + System.lineSeparator(), probs.err());
        // the same indices as int64 compute
        Run ok = run("eval", "NLLLoss", "--input", x.toString(), "--target", npy("t64.npy", Tensor.of(1L, 0L, 4L)).toString());
        assertEquals(0, ok.status(), ok.err());
    }

    @Test
    void ctcTakesInt32TargetsAndLengths() throws IOException {
        Path lp = npy("lp.npy", Tensor.randn(6, 2, 4).logSoftmax(2));
        Run r32 = run("eval", "CTCLoss", "--log_probs", lp.toString(), "--targets", int32("tg.npy", new int[] {2, 2}, 1, 2, 3, 3).toString(),
                "--input_lengths", int32("il.npy", new int[] {2}, 6, 6).toString(), "--target_lengths", int32("tl.npy", new int[] {2}, 2, 2).toString());
        assertEquals(0, r32.status(), r32.err());
        Run r64 = run("eval", "CTCLoss", "--log_probs", lp.toString(),
                "--targets", npy("tg64.npy", Tensor.wrap(DType.INT64, new long[] {1, 2, 3, 3}, 2, 2)).toString(),
                "--input_lengths", npy("il64.npy", Tensor.of(6L, 6L)).toString(), "--target_lengths", npy("tl64.npy", Tensor.of(2L, 2L)).toString());
        assertEquals(r64.out(), r32.out());
    }

    @Test
    void ctcTargetsEqualToBlankComputeAndWarnNamingTheSample() throws IOException {
        Path lp = npy("lp.npy", Tensor.randn(6, 2, 4).logSoftmax(2));
        Run r = run("eval", "CTCLoss", "--log_probs", lp.toString(),
                "--targets", npy("tg.npy", Tensor.wrap(DType.INT64, new long[] {1, 2, 3, 0}, 2, 2)).toString(),
                "--input_lengths", npy("il.npy", Tensor.of(6L, 6L)).toString(), "--target_lengths", npy("tl.npy", Tensor.of(2L, 2L)).toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("UserWarning: ctc_loss: the targets of sample 1 contain the blank index 0 (first at targets[1][1]). The loss is computed"
                + " as PyTorch computes it, but CTC never emits the blank as a label: check blank and the targets within target_lengths."
                + System.lineSeparator(), r.err());
    }
}
