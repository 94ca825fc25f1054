package org.losses4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.losses4j.testing.Golden;

/** The tour prints, line for line, what PyTorch prints for the same code and seeds (tools/golden/gen_tour.py). */
class TourTest {
    @TempDir Path tmp;

    private String tour(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int rc = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, rc, err.toString());
        return out.toString();
    }

    @Test
    void everyExamplePrintsWhatPyTorchPrints() throws Exception {
        Path fig = tmp.resolve("fig.png");
        String out = tour("tour", "--figure", fig.toString());
        JsonObject expected = Golden.load("/tour-pytorch.json").getAsJsonObject();
        assertEquals(16, expected.size());
        List<String> lines = out.lines().toList();
        for (var e : expected.entrySet()) {
            String line = e.getValue().getAsString();
            assertTrue(lines.contains(line), e.getKey() + ": the tour should print '" + line + "'\n" + out);
        }
        for (int i = 1; i <= 15; i++) assertTrue(out.contains("== 3.5." + i + " "), "section 3.5." + i);
        assertTrue(Files.exists(fig));
        assertNotNull(ImageIO.read(fig.toFile()));
        assertTrue(out.contains("figure: " + fig.toAbsolutePath()));
    }

    @Test
    void deterministicExamplesGiveTheTutorialsValues() {
        String out = tour("tour", "--figure", tmp.resolve("f.png").toString());
        for (String v : List.of("KLDivLoss: tensor(-0.3335)", "MultiLabelMarginLoss: tensor(0.4500)", "SoftMarginLoss: tensor(0.6764)",
                "MultiMarginLoss: tensor(0.6000)", "HingeEmbeddingLoss: tensor(0.7667)", "CosineEmbeddingLoss: tensor(0.5000)")) {
            assertTrue(out.contains(v), v);
        }
    }

    @Test
    void oneSectionByNumberOrName() {
        String a = tour("tour", "3.5.11");
        String b = tour("tour", "MultiMarginLoss");
        String c = tour("tour", "11");
        assertEquals(a, b);
        assertEquals(a, c);
        assertTrue(a.startsWith("== 3.5.11 MultiMarginLoss"));
        assertTrue(a.contains("var lossF = new MultiMarginLoss();"));
    }

    /** tools/golden/gen_tour.py runs the same loop in PyTorch; each printed line is PyTorch's, prefixed by the optimiser. */
    @Test
    void trainingSectionPrintsWhatPyTorchPrintsAndPlotsBothCurves() throws Exception {
        Path fig = tmp.resolve("fig.png");
        String out = tour("tour", "train", "--figure", fig.toString());
        assertTrue(out.startsWith("== train Training"), out);
        assertTrue(out.contains("var opt = new Adam(model.parameters(), 0.01);"), out);
        JsonObject expected = Golden.load("/tour-train-pytorch.json").getAsJsonObject();
        List<String> printed = out.lines().filter(l -> l.startsWith("Adam: ") || l.startsWith("SGD: ")).toList();
        List<String> want = new java.util.ArrayList<>();
        for (String opt : List.of("Adam", "SGD")) for (var l : expected.getAsJsonArray(opt)) want.add(l.getAsString());
        assertEquals(12, want.size());
        assertEquals(want, printed);
        Path png = tmp.resolve("training_loss.png");
        assertTrue(out.contains("figure: " + png.toAbsolutePath()), out);
        var img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertEquals(800, img.getWidth());
    }

    @Test
    void unknownSectionIsBadInput() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(2, Main.run(new String[] {"tour", "3.5.99"}, new PrintWriter(out), new PrintWriter(err)));
        assertTrue(err.toString().startsWith("error: no tutorial section '3.5.99'"));
    }
}
