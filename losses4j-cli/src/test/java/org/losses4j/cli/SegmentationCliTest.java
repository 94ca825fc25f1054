package org.losses4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.io.NpyTensors;

/**
 * MONAI's DiceLoss and TverskyLoss through the commands with their own keywords: gradcheck draws class indices when
 * {@code --to_onehot_y true} is given, eval takes class indices from a .npy and exits 2 with MONAI's message on bad
 * input.
 */
class SegmentationCliTest {
    @TempDir Path dir;

    @Test
    void gradcheckTakesClassIndicesWithToOnehotY() {
        for (String loss : new String[] {"DiceLoss", "TverskyLoss"}) {
            CliBadInputTest.Run r = CliBadInputTest.run("gradcheck", loss, "--softmax", "true", "--to_onehot_y", "true", "--include_background",
                    "false", "--batch", "true");
            assertEquals(0, r.status(), loss + ": " + r.out() + r.err());
            assertTrue(r.out().contains("passed") && r.out().contains("over 96 input elements"), r.out());
            r = CliBadInputTest.run("gradcheck", loss, "--sigmoid", "true", "--reduction", "none");
            assertEquals(0, r.status(), loss + ": " + r.out() + r.err());
        }
        CliBadInputTest.Run r = CliBadInputTest.run("gradcheck", "DiceLoss", "--squared_pred", "true", "--jaccard", "true");
        assertEquals(0, r.status(), r.out() + r.err());
        // --shape: the class indices follow the input's shape (N, 1, d1, ...)
        r = CliBadInputTest.run("gradcheck", "TverskyLoss", "--shape", "2,4,3", "--softmax", "true", "--to_onehot_y", "true");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("input (2, 4, 3)") && r.out().contains("over 24 input elements"), r.out());
        r = CliBadInputTest.run("gradcheck", "DiceLoss", "--shape", "5", "--to_onehot_y", "true");
        CliBadInputTest.assertBadInput(r, "a 1-d shape");
        assertTrue(r.err().contains("does not fit DiceLoss's input"), r.err());
    }

    @Test
    void evalReadsClassIndicesAndReportsMonaisErrors() throws Exception {
        Generator g = new Generator(3);
        Path x = dir.resolve("x.npy"), y = dir.resolve("y.npy"), bad = dir.resolve("bad.npy");
        NpyTensors.write(x, Tensor.randn(g, DType.FLOAT32, 2, 3, 4, 4));
        NpyTensors.write(y, Tensor.randint(g, 0, 3, 2, 1, 4, 4));
        NpyTensors.write(bad, Tensor.randint(g, 3, 4, 2, 1, 4, 4));
        CliBadInputTest.Run r = CliBadInputTest.run("eval", "DiceLoss", "--input", x.toString(), "--target", y.toString(), "--softmax", "true",
                "--to_onehot_y", "true", "--out", dir.resolve("out").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("tensor(0.") && r.out().contains("grad_fn=<MeanBackward0>"), r.out());
        assertTrue(Files.exists(dir.resolve("out").resolve("grad_input.npy")));
        assertTrue(!Files.exists(dir.resolve("out").resolve("grad_target.npy")), "the target is not differentiable");

        r = CliBadInputTest.run("eval", "DiceLoss", "--input", x.toString(), "--target", y.toString(), "--softmax", "true", "--sigmoid", "true");
        CliBadInputTest.assertBadInput(r, "sigmoid and softmax");
        assertTrue(r.err().contains("Incompatible values: more than 1 of [sigmoid=True, softmax=True, other_act is not None]."), r.err());

        r = CliBadInputTest.run("eval", "TverskyLoss", "--input", x.toString(), "--target", y.toString());
        CliBadInputTest.assertBadInput(r, "shape");
        assertTrue(r.err().contains("ground truth has differing shape (torch.Size([2, 1, 4, 4])) from input (torch.Size([2, 3, 4, 4]))"), r.err());

        r = CliBadInputTest.run("eval", "DiceLoss", "--input", x.toString(), "--target", bad.toString(), "--to_onehot_y", "true");
        CliBadInputTest.assertBadInput(r, "class index");
        assertTrue(r.err().contains("index 3 is out of bounds for dimension 1 with size 3"), r.err());
    }

    @Test
    void plotDrawsTheOneVoxelCurve() throws Exception {
        Path out = dir.resolve("dice.svg");
        CliBadInputTest.Run r = CliBadInputTest.run("plot", "DiceLoss", "TverskyLoss", "--grad", "--points", "30", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.size(out) > 1000);
    }
}
