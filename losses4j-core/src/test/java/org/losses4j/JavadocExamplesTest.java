package org.losses4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code <pre>{@code ...}</pre>} example (Java; a {@code <pre class="language-python">} block is PyTorch code and not compiled) in the Javadoc of the API packages compiles against the library as
 * written: each one is wrapped in a class of its own, with the API packages, {@code java.util} and
 * {@code java.nio.file} imported, and compiled with javax.tools. An example is a method body, or class members when it
 * starts with a modifier ({@code public static final LossSpec SPEC = ...}).
 *
 * <p>An example may use, without declaring them, tensors the reader already has under these conventional names:
 * {@link #GIVEN_TENSORS}; they become parameters of type {@link Tensor}. Any other undeclared name fails to compile.
 */
class JavadocExamplesTest {
    /** Names an example may use as tensors it does not create. */
    static final Set<String> GIVEN_TENSORS = Set.of("x", "y", "input", "target", "logits", "loss", "anchor", "positive", "negative");

    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final List<String> API_PACKAGES = List.of("org.losses4j", "org.losses4j.autograd", "org.losses4j.nn",
            "org.losses4j.nn.functional", "org.losses4j.nn.init", "org.losses4j.io", "org.losses4j.optim",
            "org.losses4j.optim.lr_scheduler");

    record Example(Path file, int line, String code) {}

    @Test
    void everyJavadocExampleCompiles(@TempDir Path tmp) throws IOException {
        List<Example> examples = examples();
        assertTrue(examples.size() >= 25, "expected the API's examples, found " + examples.size());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK (javax.tools) is needed to compile the examples");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) sources.add(write(src, "Example" + i, examples.get(i)));
        List<String> errors = new ArrayList<>();
        List<String> options = List.of("-proc:none", "-Xlint:none", "-classpath", System.getProperty("java.class.path"),
                "-d", out.toString());
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            // one compilation per example, so that a syntax error in one does not hide the others' errors
            for (int i = 0; i < examples.size(); i++) {
                DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
                javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(List.of(sources.get(i)))).call();
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() != Diagnostic.Kind.ERROR) continue;
                    Example e = examples.get(i);
                    errors.add(e.file() + " (example at line " + e.line() + "): " + d.getMessage(Locale.ROOT) + "\n" + e.code());
                }
            }
        }
        assertEquals(List.of(), errors, "Javadoc examples that do not compile");
    }

    @Test
    void aBrokenExampleIsReported(@TempDir Path tmp) throws IOException {
        // the check itself can fail: an example calling a method the API lacks does not compile
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path src = write(Files.createDirectories(tmp.resolve("src")), "Example0",
                new Example(Path.of("Broken.java"), 1, "Tensor t = Tensor.randn(2, 3).noSuchMethod();"));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-proc:none", "-classpath", System.getProperty("java.class.path"),
                    "-d", Files.createDirectories(tmp.resolve("out")).toString());
            assertEquals(Boolean.FALSE, javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(List.of(src))).call());
        }
        assertTrue(diagnostics.getDiagnostics().stream().anyMatch(d -> d.getMessage(Locale.ROOT).contains("noSuchMethod")));
    }

    /** The {@code <pre>{@code ...}</pre>} blocks of every source file in the API packages, comment stars removed. */
    static List<Example> examples() {
        List<Example> out = new ArrayList<>();
        for (String pkg : API_PACKAGES) {
            Path dir = SOURCES.resolve(pkg.replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
                    String s = Files.readString(f);
                    Matcher m = Pattern.compile("<pre>\\{@code").matcher(s);
                    while (m.find()) {
                        int end = closingBrace(s, m.end());
                        String body = s.substring(m.end(), end);
                        String code = body.lines().map(l -> l.replaceFirst("^\\s*\\* ?", "")).collect(Collectors.joining("\n")).strip();
                        int line = (int) s.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                        out.add(new Example(f, line, code));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static int closingBrace(String s, int from) {
        int depth = 1;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') depth++;
            else if (c == '}' && --depth == 0) return i;
        }
        throw new IllegalStateException("unclosed {@code block");
    }

    private static Path write(Path dir, String className, Example e) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String pkg : API_PACKAGES) sb.append("import ").append(pkg).append(".*;\n");
        sb.append("import java.util.*;\nimport java.nio.file.*;\n\n");
        sb.append("class ").append(className).append(" {\n");
        if (e.code().matches("(?s)^(public|protected|private|static|final)\\b.*")) {
            sb.append(e.code()).append("\n");
        } else {
            List<String> params = new ArrayList<>();
            for (String name : GIVEN_TENSORS.stream().sorted().collect(Collectors.toList())) {
                boolean used = Pattern.compile("(?<![.\\w])" + name + "\\b").matcher(e.code()).find();
                boolean declared = Pattern.compile("[\\w>\\]]\\s+" + name + "\\s*[=;:)]").matcher(e.code()).find();
                if (used && !declared) params.add("Tensor " + name);
            }
            sb.append("void run(").append(String.join(", ", params)).append(") throws Exception {\n");
            sb.append(e.code()).append("\n}\n");
        }
        sb.append("}\n");
        return Files.writeString(dir.resolve(className + ".java"), sb.toString());
    }
}
