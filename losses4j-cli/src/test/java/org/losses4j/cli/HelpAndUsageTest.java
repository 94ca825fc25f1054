package org.losses4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command's help and usage: every help text is whole sentences in the product's own words, wrapped only where
 * the line is full; the synopses show the arguments picocli does not declare; a bare {@code losses4j} and every
 * usage error exit 2.
 */
class HelpAndUsageTest {
    static final List<String> COMMANDS = List.of("tour", "list", "eval", "plot", "gradcheck", "bench");
    static final int WIDTH = 80;

    static CliBadInputTest.Run run(String... args) { return CliBadInputTest.run(args); }

    static List<CommandSpec> specs() {
        CommandLine cl = Main.commandLine();
        List<CommandSpec> all = new ArrayList<>(List.of(cl.getCommandSpec()));
        for (String c : COMMANDS) all.add(cl.getSubcommands().get(c).getCommandSpec());
        return all;
    }

    @Test
    void everyDescriptionIsWholeSentences() {
        for (CommandSpec s : specs()) {
            for (String p : s.usageMessage().description()) {
                if (p.isEmpty()) continue;   // a blank line between paragraphs
                assertTrue(Character.isUpperCase(p.charAt(0)) || p.startsWith("--"), s.name() + ": a paragraph should start a sentence: " + p);
                assertTrue(p.endsWith("."), s.name() + ": a paragraph should end a sentence: " + p);
            }
            for (ArgSpec a : s.args()) {
                for (String d : a.description()) {
                    String text = d.replace("${DEFAULT-VALUE}", "x");
                    assertTrue(Character.isUpperCase(text.charAt(0)) || text.startsWith("--"), s.name() + " " + a + ": " + d);
                    assertTrue(text.endsWith("."), s.name() + " " + a + ": " + d);
                }
            }
        }
    }

    @Test
    void helpSpeaksOfTheProductOnly() {
        List<String> helps = new ArrayList<>(List.of(run("--help").out()));
        for (String c : COMMANDS) helps.add(run(c, "--help").out());
        for (String h : helps) {
            String lower = h.toLowerCase(Locale.ROOT);
            for (String word : List.of("issue", "session", "helper", " lead", "xchart")) {
                assertFalse(lower.contains(word), "help mentions '" + word + "':\n" + h);
            }
        }
        String bench = run("bench", "--help").out();
        assertTrue(bench.contains("Times the benchmark workloads"), bench);
    }

    /**
     * Picocli fills each line before it wraps: a line followed by a line of the same paragraph (or of the same
     * option's description) could not take that line's first word. A sentence split by hand across two description
     * lines fails this.
     */
    @Test
    void helpLinesBreakOnlyWhenFull() {
        List<String> commands = new ArrayList<>(COMMANDS);
        commands.add(null);
        for (String c : commands) {
            CliBadInputTest.Run r = c == null ? run("--help") : run(c, "--help");
            assertEquals(0, r.status(), r.err());
            List<String> lines = r.out().lines().toList();
            int i = 1;
            while (i < lines.size() && lines.get(i).startsWith(" ")) i++;   // the synopsis's own lines
            for (String l : lines) assertTrue(l.length() <= WIDTH, "longer than " + WIDTH + ": " + l);
            for (; i + 1 < lines.size(); i++) {
                String a = lines.get(i), b = lines.get(i + 1);
                if (a.isBlank() || b.isBlank()) continue;
                int ia = indent(a), ib = indent(b);
                boolean paragraph = ia == 0 && ib == 0 && !a.endsWith(":") && !b.endsWith(":");
                boolean optionText = ib >= 8 && ia <= ib;   // an option's description continued under its column
                if (!paragraph && !optionText) continue;
                String first = b.strip().split(" ")[0];
                assertTrue(a.length() + 1 + first.length() > WIDTH - 2,
                        (c == null ? "losses4j" : c) + " --help breaks a line that had room for '" + first + "':\n" + a + "\n" + b);
            }
        }
    }

    static int indent(String s) {
        int k = 0;
        while (k < s.length() && s.charAt(k) == ' ') k++;
        return k;
    }

    @Test
    void synopsesShowTheKeywordArguments() {
        String g = run("gradcheck", "--help").out();
        String usage = g.substring(0, g.indexOf("Checks a loss")).replaceAll("\\s+", " ");
        assertTrue(usage.contains("LOSS [--OPTION VALUE]..."), usage);
        assertTrue(usage.contains("[--shape=SHAPE]") && usage.contains("[--dtype=DTYPE]"), usage);
        String e = run("eval", "--help").out();
        String evalUsage = e.substring(0, e.indexOf("Evaluates a loss")).replaceAll("\\s+", " ");
        assertTrue(evalUsage.contains("LOSS --ARG FILE... [--OPTION VALUE]..."), evalUsage);
    }

    @Test
    void bareCommandPrintsUsageAndExits2() {
        CliBadInputTest.Run r = run();
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("Usage: losses4j"), r.err());
        assertTrue(r.err().contains("gradcheck") && r.err().contains("Exit status:"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void helpAndVersionExit0() {
        for (String[] a : new String[][] {{"--help"}, {"help"}, {"help", "eval"}, {"--version"}, {"plot", "--help"}}) {
            CliBadInputTest.Run r = run(a);
            assertEquals(0, r.status(), String.join(" ", a) + ": " + r.err());
            assertFalse(r.out().isEmpty());
        }
    }

    @Test
    void everyUsageErrorExits2WithOneLine() {
        String[][] cases = {
            {"help", "nosuch"}, {"eval"}, {"gradcheck"}, {"plot", "--points", "abc"}, {"tour", "--figure"}, {"bench", "--threads", "x"},
            {"gradcheck", "MSELoss", "--dtype", "float16"}, {"gradcheck", "MSELoss", "--shape", "3,0"}, {"gradcheck", "MSELoss", "--shape", "a,b"},
            {"gradcheck", "MSELoss", "--shape", "100,100"}, {"gradcheck", "MultiMarginLoss", "--shape", "2,3,4"},
            {"gradcheck", "CTCLoss", "--shape", "5,2,1"}, {"plot", "MSELoss", "--range", "3:1"}, {"plot", "CTCLoss"},
            {"list", "extra"}, {"plot", "MSELoss", "--out", "x.pdf"}, {"gradcheck", "MSELoss", "stray"},
        };
        for (String[] c : cases) CliBadInputTest.assertBadInput(run(c), String.join(" ", c));
    }

    @Test
    void unknownLossNamesGetTheClosestNames() {
        assertErrContains(run("eval", "CrossEntropyLos"), "unknown loss 'CrossEntropyLos'; did you mean CrossEntropyLoss?");
        assertErrContains(run("gradcheck", "crossentropyloss"), "did you mean CrossEntropyLoss?");
        assertErrContains(run("plot", "SmoothL1"), "did you mean SmoothL1Loss?");
        assertErrContains(run("plot", "MSE"), "did you mean MSELoss?");
        assertErrContains(run("gradcheck", "TripletMarginLos"), "did you mean TripletMarginLoss?");
        CliBadInputTest.Run far = run("eval", "Nonsense");
        CliBadInputTest.assertBadInput(far, "a name close to none");
        assertFalse(far.err().contains("did you mean"), far.err());
        assertTrue(far.err().contains("unknown loss 'Nonsense'") && far.err().contains("losses4j list"), far.err());
    }

    @Test
    void unknownKeywordsKeepPyTorchsMessageAndGetTheClosestKeyword() {
        assertErrContains(run("gradcheck", "MSELoss", "--reductio", "sum"),
                "MSELoss.__init__() got an unexpected keyword argument 'reductio'; did you mean --reduction?");
        assertErrContains(run("gradcheck", "CrossEntropyLoss", "--label_smothing", "0.1"), "did you mean --label_smoothing?");
        CliBadInputTest.Run r = run("gradcheck", "MSELoss", "--colour", "red");
        CliBadInputTest.assertBadInput(r, "a keyword close to none");
        assertTrue(r.err().contains("got an unexpected keyword argument 'colour'") && !r.err().contains("did you mean"), r.err());
    }

    @Test
    void editDistanceCountsSwapsAsOneEdit() {
        assertEquals(1, Names.distance("mseloss", "msleoss"));
        assertEquals(1, Names.distance("abc", "abd"));
        assertEquals(3, Names.distance("", "abc"));
        assertEquals("L1Loss", Names.suggestion("L2Loss", List.of("MSELoss", "L1Loss", "CTCLoss"), true));
        assertEquals("abc or abe", Names.suggestion("abd", List.of("abc", "abe", "xyzw"), false));
        assertEquals(null, Names.suggestion("completely", List.of("abc", "abe"), false));
    }

    static void assertErrContains(CliBadInputTest.Run r, String text) {
        CliBadInputTest.assertBadInput(r, text);
        assertTrue(r.err().contains(text), "stderr should contain '" + text + "': " + r.err());
    }
}
