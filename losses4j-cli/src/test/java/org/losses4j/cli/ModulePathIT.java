package org.losses4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.io.NpyTensors;

/**
 * The library and the command on the MODULE path (java --module-path ... -m ...), where the module descriptors,
 * not the class path, decide what is visible: a small application module that requires only org.losses4j.core
 * computes a loss with the Vector API kernels when org.losses4j.simd is on the module path (found by service
 * binding, no --add-modules), with the scalar ones when it is not or when -Dlosses4j.simd=false, and
 * -Dlosses4j.simd.require=true fails without it. The command itself runs as module org.losses4j.cli.
 */
class ModulePathIT {
    record Run(int rc, String out, String err) {}

    static Path core, simd, bench, cli;
    static final List<Path> THIRD_PARTY = new ArrayList<>();

    @TempDir static Path tmp;
    static Path app;

    @BeforeAll
    static void modules() throws IOException {
        core = dir("losses4j.core.classes");
        simd = dir("losses4j.simd.classes");
        bench = dir("losses4j.bench.classes");
        cli = dir("losses4j.cli.classes");
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            String n = p.getFileName().toString();
            boolean ours = p.toAbsolutePath().normalize().startsWith(core.getParent().getParent().getParent().normalize())
                    || n.startsWith("losses4j");
            boolean test = n.contains("junit") || n.contains("opentest4j") || n.contains("apiguardian") || n.contains("jqwik")
                    || n.contains("gson") || n.endsWith("-tests.jar") || n.equals("test-classes");
            if (!ours && !test && n.endsWith(".jar")) THIRD_PARTY.add(p);
        }
        assertTrue(THIRD_PARTY.stream().anyMatch(p -> p.getFileName().toString().startsWith("picocli")), THIRD_PARTY.toString());
        app = compileApp();
    }

    private static Path dir(String property) {
        Path p = Path.of(System.getProperty(property));
        assertTrue(Files.exists(p.resolve("module-info.class")), p + " should hold a compiled module descriptor");
        return p;
    }

    /** module app { requires org.losses4j.core; }: MSELoss on 1,000 float32 elements, printing the kernels in use. */
    private static Path compileApp() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("app-src/app"));
        Files.writeString(tmp.resolve("app-src/module-info.java"), "module app { requires org.losses4j.core; }\n");
        Files.writeString(src.resolve("Main.java"), String.join("\n",
                "package app;",
                "import org.losses4j.Losses4j;",
                "import org.losses4j.Tensor;",
                "import org.losses4j.nn.LossOptions;",
                "import org.losses4j.nn.Losses;",
                "import org.losses4j.nn.MSELoss;",
                "public final class Main {",
                "    public static void main(String[] args) {",
                "        float[] x = new float[1000], y = new float[1000];",
                "        for (int i = 0; i < x.length; i++) { x[i] = i * 0.01f; y[i] = 1f; }",
                "        Tensor in = Tensor.of(x).requiresGrad_(true);",
                "        Tensor loss = new MSELoss().forward(in, Tensor.of(y));",
                "        loss.backward();",
                "        Tensor viaRegistry = Losses.create(\"MSELoss\", LossOptions.empty()).apply(in.detach(), Tensor.of(y));",
                "        System.out.println(Losses4j.provider() + \" \" + loss.item() + \" \" + viaRegistry.item() + \" \" + in.grad().toFloatArray()[999]",
                "                + \" \" + Tensor.class.getModule().getName() + \" \" + Main.class.getModule().getName());",
                "    }",
                "}", ""));
        Path out = Files.createDirectories(tmp.resolve("app"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", out.toString(), "--module-path", core.toString(),
                tmp.resolve("app-src/module-info.java").toString(), src.resolve("Main.java").toString());
        assertEquals(0, rc, "the application module compiles against org.losses4j.core alone");
        return out;
    }

    static Run java(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.awt.headless=true"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command should finish");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static String path(Path... ps) {
        List<String> s = new ArrayList<>();
        for (Path p : ps) s.add(p.toString());
        return String.join(File.pathSeparator, s);
    }

    /** The expected line of the application: the same loss and gradient whichever kernels run. */
    static void assertApp(Run r, String provider) { assertApp(r, provider, true); }

    static void assertApp(Run r, String provider, boolean modulePath) {
        assertEquals(0, r.rc(), r.err());
        String[] f = r.out().trim().split(" ");
        assertEquals(provider, f[0], r.out() + r.err());
        double expected = 0;
        for (int i = 0; i < 1000; i++) {
            double d = (float) (i * 0.01f) - 1.0;
            expected += d * d;
        }
        expected /= 1000;
        assertEquals(expected, Double.parseDouble(f[1]), 1e-5 * expected, "MSELoss");
        assertEquals(Double.parseDouble(f[1]), Double.parseDouble(f[2]), 0.0, "Losses.create gives the same loss");
        assertEquals(2 * (9.99f - 1f) / 1000, Float.parseFloat(f[3]), 1e-6, "d loss / d x[999]");
        assertEquals(modulePath ? "org.losses4j.core" : "null", f[4], "core runs as a named module on the module path only");
        assertEquals(modulePath ? "app" : "null", f[5]);
    }

    @Test
    void withTheSimdModuleTheVectorApiKernelsRun() throws Exception {
        assertApp(java(List.of("--module-path", path(core, simd, app), "-m", "app/app.Main")), "panama");
        assertApp(java(List.of("-Dlosses4j.simd.require=true", "--module-path", path(core, simd, app), "-m", "app/app.Main")), "panama");
    }

    @Test
    void withoutTheSimdModuleOrWithItTurnedOffTheScalarKernelsRun() throws Exception {
        assertApp(java(List.of("--module-path", path(core, app), "-m", "app/app.Main")), "scalar");
        assertApp(java(List.of("-Dlosses4j.simd=false", "--module-path", path(core, simd, app), "-m", "app/app.Main")), "scalar");
        Run required = java(List.of("-Dlosses4j.simd.require=true", "--module-path", path(core, app), "-m", "app/app.Main"));
        assertNotEquals(0, required.rc());
        assertTrue(required.err().contains("losses4j.simd.require=true but the Vector API kernels are not in use: losses4j-simd is not on the class path or module path"),
                required.err());
    }

    /** The same service lookup on the class path (META-INF/services), where the Vector API module must be added by hand. */
    @Test
    void onTheClassPathTheProviderIsFoundToo() throws Exception {
        assertApp(java(List.of("--add-modules", "jdk.incubator.vector", "-Dlosses4j.simd.require=true", "-cp", path(core, simd, app), "app.Main")),
                "panama", false);
        assertApp(java(List.of("-cp", path(core, simd, app), "app.Main")), "scalar", false);
        Run required = java(List.of("-Dlosses4j.simd.require=true", "-cp", path(core, simd, app), "app.Main"));
        assertNotEquals(0, required.rc());
        assertTrue(required.err().contains("jdk.incubator.vector is not enabled"), required.err());
    }

    @Test
    void theInternalPackagesAreNotReadableFromAnApplicationModule() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("peek-src/peek"));
        Files.writeString(tmp.resolve("peek-src/module-info.java"), "module peek { requires org.losses4j.core; }\n");
        Files.writeString(src.resolve("Peek.java"),
                "package peek; public final class Peek { Object p = org.losses4j.internal.simd.VectorizationProvider.get(); }\n");
        java.io.StringWriter diagnostics = new java.io.StringWriter();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, new java.io.OutputStream() {
            @Override public void write(int b) { diagnostics.write(b); }
        }, "-d", tmp.resolve("peek").toString(), "--module-path", core.toString(),
                tmp.resolve("peek-src/module-info.java").toString(), src.resolve("Peek.java").toString());
        assertNotEquals(0, rc);
        assertTrue(diagnostics.toString().contains("is not visible") || diagnostics.toString().contains("does not export"), diagnostics.toString());
    }

    @Test
    void theCommandRunsAsAModule() throws Exception {
        List<Path> mp = new ArrayList<>(List.of(core, simd, bench, cli));
        mp.addAll(THIRD_PARTY);
        String modulePath = path(mp.toArray(Path[]::new));
        Path in = tmp.resolve("input.npy"), target = tmp.resolve("target.npy");
        NpyTensors.write(in, Tensor.wrap(DType.FLOAT32, new float[] {0.5f, -1f, 2f}, 3));
        NpyTensors.write(target, Tensor.wrap(DType.FLOAT32, new float[] {0f, 1f, 2f}, 3));
        Run eval = java(List.of("-Dlosses4j.simd.require=true", "--module-path", modulePath, "-m", "org.losses4j.cli/org.losses4j.cli.Main",
                "eval", "MSELoss", "--input", in.toString(), "--target", target.toString()));
        assertEquals(0, eval.rc(), eval.err());
        assertEquals("tensor(1.4167, grad_fn=<MseLossBackward0>)", eval.out().trim());
        Run list = java(List.of("--module-path", modulePath, "-m", "org.losses4j.cli/org.losses4j.cli.Main", "list"));
        assertEquals(0, list.rc(), list.err());
        assertTrue(list.out().contains("TripletMarginWithDistanceLoss  (torch.nn.TripletMarginWithDistanceLoss"), list.out());
        Run grad = java(List.of("--module-path", modulePath, "-m", "org.losses4j.cli/org.losses4j.cli.Main", "gradcheck", "CrossEntropyLoss"));
        assertEquals(0, grad.rc(), grad.out() + grad.err());
        // plot measures its text with the java.desktop fonts and writes the SVG itself
        Path svg = tmp.resolve("plot.svg");
        Run plot = java(List.of("--module-path", modulePath, "-m", "org.losses4j.cli/org.losses4j.cli.Main", "plot", "HuberLoss", "SmoothL1Loss",
                "--grad", "--out", svg.toString()));
        assertEquals(0, plot.rc(), plot.err());
        assertTrue(Files.readString(svg).contains("<text"), "an SVG with text");
    }
}
