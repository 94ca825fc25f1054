package org.losses4j.examples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The README shows what examples/ runs: its two Java examples are the examples' code line for line, its Maven
 * block is the examples' dependency block, its Gradle block names the same artifacts with the same scopes, its
 * {@code java} commands are the ones the examples' build runs, and every version it names is this build's. The
 * examples' build (run by the invoker plugin, checked by ExamplesRunIT) then proves that the snippets compile and
 * print PyTorch's numbers.
 */
class ReadmeSnippetsTest {
    static final Path ROOT = Path.of(System.getProperty("losses4j.root", "..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("losses4j.version");
    static final Path EXAMPLES = ROOT.resolve("examples");
    static final Path SOURCES = EXAMPLES.resolve("src/main/java/org/losses4j/examples");

    /** A fenced block of the README: the "## " section it is in, its language and its lines. */
    record Block(String section, String lang, List<String> lines) {}

    static List<Block> readmeBlocks() throws IOException {
        List<Block> blocks = new ArrayList<>();
        String section = "";
        List<String> open = null;
        String lang = null;
        for (String line : Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8)) {
            if (open == null && line.startsWith("## ")) section = line.substring(3).trim();
            else if (open == null && line.startsWith("```")) {
                open = new ArrayList<>();
                lang = line.substring(3).trim();
            } else if (open != null && line.equals("```")) {
                blocks.add(new Block(section, lang, open));
                open = null;
            } else if (open != null) open.add(line);
        }
        assertTrue(open == null, "README.md ends inside a code block");
        return blocks;
    }

    /** The one block of this language in this section. */
    static Block only(String section, String lang) throws IOException {
        List<Block> found = readmeBlocks().stream().filter(b -> b.section().equals(section) && b.lang().equals(lang)).toList();
        assertEquals(1, found.size(), "README.md should have exactly one ```" + lang + " block in section '" + section + "'");
        return found.get(0);
    }

    static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p, StandardCharsets.UTF_8);
    }

    /** The snippet's imports are the file's imports and its statements are the body of the file's main, unindented. */
    static void assertIsMainOf(Block snippet, Path source) throws IOException {
        List<String> s = snippet.lines();
        int blank = s.indexOf("");
        assertTrue(blank > 0, "the snippet starts with its imports and a blank line: " + s);
        List<String> imports = s.subList(0, blank);
        List<String> statements = s.subList(blank + 1, s.size());

        List<String> file = lines(source);
        assertEquals(imports, file.stream().filter(l -> l.startsWith("import ")).toList(), source + ": imports");
        int start = file.indexOf("    public static void main(String[] args) {");
        assertTrue(start >= 0, source + " has no main(String[])");
        int end = file.subList(start, file.size()).indexOf("    }") + start;
        List<String> body = new ArrayList<>();
        for (String l : file.subList(start + 1, end)) {
            assertTrue(l.isEmpty() || l.startsWith("        "), source + ": indentation of " + l);
            body.add(l.isEmpty() ? l : l.substring(8));
        }
        assertEquals(statements, body, source + ": the body of main is the README's snippet");
    }

    @Test
    void theFirstExampleIsFirstExampleJava() throws IOException {
        assertIsMainOf(only("A first example", "java"), SOURCES.resolve("FirstExample.java"));
    }

    @Test
    void theTrainingLoopIsTrainingJava() throws IOException {
        assertIsMainOf(only("Training", "java"), SOURCES.resolve("Training.java"));
    }

    /** CrossEntropyLoss's Javadoc example is the README's, statement for statement (the seed included). */
    @Test
    void crossEntropyLossJavadocShowsTheSameExample() throws IOException {
        List<String> readme = only("A first example", "java").lines();
        List<String> statements = readme.subList(readme.indexOf("") + 1, readme.size());
        List<String> doc = lines(ROOT.resolve("losses4j-core/src/main/java/org/losses4j/nn/CrossEntropyLoss.java"));
        int start = doc.indexOf(" * <pre>{@code");
        assertTrue(start >= 0, "CrossEntropyLoss's Javadoc has an example");
        int end = doc.subList(start, doc.size()).indexOf(" * }</pre>") + start;
        List<String> example = doc.subList(start + 1, end).stream().map(l -> l.equals(" *") ? "" : l.substring(3)).toList();
        assertEquals(statements, example);
    }

    static Document xml(Path p) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(p.toFile());
    }

    static List<Element> children(Node parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nl = parent.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            if (nl.item(i) instanceof Element e && e.getTagName().equals(name)) out.add(e);
        }
        return out;
    }

    static Element child(Node parent, String name) {
        List<Element> c = children(parent, name);
        assertEquals(1, c.size(), "one <" + name + "> under <" + parent.getNodeName() + ">");
        return c.get(0);
    }

    static String text(Node parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.get(0).getTextContent().trim();
    }

    /** The Maven block is the examples' dependencyManagement and dependencies, verbatim (one indentation level in). */
    @Test
    void theMavenBlockIsTheExamplesDependencies() throws IOException {
        List<String> snippet = only("Use it", "xml").lines();
        String indented = String.join("\n", snippet.stream().map(l -> l.isEmpty() ? l : "  " + l).toList());
        String pom = Files.readString(EXAMPLES.resolve("pom.xml"), StandardCharsets.UTF_8);
        assertTrue(pom.contains("\n" + indented + "\n"), "examples/pom.xml should contain the README's Maven block:\n" + indented);
        assertTrue(snippet.get(0).equals("<dependencyManagement>") && snippet.get(snippet.size() - 1).equals("</dependencies>"), snippet.toString());
    }

    /** The Gradle block declares what the examples' pom declares: the BOM as a platform, each scope as Gradle's. */
    @Test
    void theGradleBlockNamesTheSameArtifactsAndScopes() throws Exception {
        Element project = xml(EXAMPLES.resolve("pom.xml")).getDocumentElement();
        List<String> expected = new ArrayList<>();
        expected.add("dependencies {");
        for (Element d : children(child(child(project, "dependencyManagement"), "dependencies"), "dependency")) {
            assertEquals("import", text(d, "scope"));
            expected.add("    implementation(platform(\"" + text(d, "groupId") + ":" + text(d, "artifactId") + ":" + text(d, "version") + "\"))");
        }
        for (Element d : children(child(project, "dependencies"), "dependency")) {
            String scope = text(d, "scope") == null ? "compile" : text(d, "scope");
            String configuration = switch (scope) {
                case "compile" -> "implementation";
                case "runtime" -> "runtimeOnly";
                default -> throw new AssertionError("scope " + scope);
            };
            expected.add("    " + configuration + "(\"" + text(d, "groupId") + ":" + text(d, "artifactId") + "\")");
        }
        expected.add("}");
        assertEquals(expected, only("Use it", "kotlin").lines());
    }

    /** The commands the examples' pom runs (exec-maven-plugin), as a shell line run in examples/. */
    static List<String> examplesCommands() throws Exception {
        Element project = xml(EXAMPLES.resolve("pom.xml")).getDocumentElement();
        List<String> commands = new ArrayList<>();
        for (Element plugin : children(child(child(project, "build"), "plugins"), "plugin")) {
            if (!"exec-maven-plugin".equals(text(plugin, "artifactId"))) continue;
            assertEquals("${java.home}/bin/java", text(child(plugin, "configuration"), "executable"));
            for (Element execution : children(child(plugin, "executions"), "execution")) {
                List<String> words = new ArrayList<>(List.of("java"));
                for (Element a : children(child(child(execution, "configuration"), "arguments"), "argument")) {
                    words.add(a.getTextContent().trim().replace("${path.separator}", ":"));
                }
                commands.add(String.join(" ", words));
            }
        }
        return commands;
    }

    /** The README's commands, a trailing backslash joining a line to the next. */
    static List<String> readmeCommands() throws IOException {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : only("Use it", "sh").lines()) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            if (l.endsWith("\\")) {
                current.append(l, 0, l.length() - 1).append(' ');
                continue;
            }
            current.append(l);
            String command = current.toString().replaceAll("\\s+", " ");
            current.setLength(0);
            if (command.startsWith("java ")) commands.add(command);
        }
        return commands;
    }

    @Test
    void theCommandsAreTheOnesTheExamplesRun() throws Exception {
        List<String> run = examplesCommands();
        assertEquals(4, run.size(), run.toString());
        assertEquals(run, readmeCommands());
        // class path and module path, each with and without the Vector API kernels
        assertEquals(2, run.stream().filter(c -> c.contains(" -cp ")).count());
        assertEquals(2, run.stream().filter(c -> c.contains(" --module-path ")).count());
        assertEquals(2, run.stream().filter(c -> c.contains("-Dlosses4j.simd.require=true")).count());
        for (String c : run) {
            boolean vector = c.contains("-Dlosses4j.simd.require=true");
            boolean modulePath = c.contains(" --module-path ");
            assertEquals(vector && !modulePath, c.contains("--add-modules jdk.incubator.vector"), c);
            assertEquals(vector || !modulePath, c.contains("target/lib/losses4j-simd-" + VERSION + ".jar"), c);
            assertTrue(c.contains("target/lib/losses4j-core-" + VERSION + ".jar"), c);
        }
    }

    /** Every place that names the release names this build's version. */
    @Test
    void everyVersionIsThisBuildsVersion() throws Exception {
        assertTrue(VERSION != null && VERSION.matches("\\d+\\.\\d+\\.\\d+"), "a release version: " + VERSION);

        Element bom = xml(ROOT.resolve("losses4j-bom/pom.xml")).getDocumentElement();
        assertEquals(VERSION, text(bom, "version"), "losses4j-bom's version");
        List<Element> managed = children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency");
        assertEquals(List.of("losses4j-core", "losses4j-simd"), managed.stream().map(d -> text(d, "artifactId")).toList());
        for (Element d : managed) assertEquals(VERSION, text(d, "version"), "the BOM's " + text(d, "artifactId"));

        try (var modules = Files.list(ROOT)) {
            for (Path m : modules.filter(p -> p.getFileName().toString().startsWith("losses4j-") && Files.exists(p.resolve("pom.xml"))).toList()) {
                Element pom = xml(m.resolve("pom.xml")).getDocumentElement();
                List<Element> parent = children(pom, "parent");
                String v = parent.isEmpty() ? text(pom, "version") : text(parent.get(0), "version");
                assertEquals(VERSION, v, m.getFileName() + "/pom.xml");
            }
        }

        Matcher m = Pattern.compile("losses4j-(?:bom|core|simd|cli)[-:](\\d+\\.\\d+\\.\\d+(?:-[A-Za-z0-9]+)?)").matcher(
                Files.readString(ROOT.resolve("README.md")) + Files.readString(EXAMPLES.resolve("pom.xml")));
        int seen = 0;
        while (m.find()) {
            assertEquals(VERSION, m.group(1), m.group());
            seen++;
        }
        assertTrue(seen >= 8, "README and examples name the version " + seen + " times");
        String examplesBom = text(child(child(child(xml(EXAMPLES.resolve("pom.xml")).getDocumentElement(), "dependencyManagement"),
                "dependencies"), "dependency"), "version");
        assertEquals(VERSION, examplesBom, "the BOM the examples import");
        assertFalse(Files.readString(ROOT.resolve("README.md")).contains("SNAPSHOT"), "README names a snapshot");
    }

    @Test
    void theLicenceIsApache2() throws IOException {
        List<String> licence = lines(ROOT.resolve("LICENSE"));
        assertEquals("                                 Apache License", licence.get(1));
        assertEquals("                           Version 2.0, January 2004", licence.get(2));
        assertEquals(202, licence.size(), "the whole text, and nothing else");
        assertTrue(licence.get(licence.size() - 1).endsWith("limitations under the License."));
        List<String> notice = lines(ROOT.resolve("NOTICE"));
        assertEquals("losses4j", notice.get(0));
        if (notice.stream().noneMatch(l -> l.startsWith("Copyright ") && l.contains("The losses4j developers"))) fail("NOTICE: " + notice);
    }
}
