package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.losses4j.Tensor;
import org.losses4j.nn.functional.F;

/**
 * The registry ({@link Losses#ALL}) against the code: every loss class is declared and listed, every declaration
 * is reachable through {@link Losses#create} and {@link F}, declares exactly the keywords its {@code fromOptions}
 * reads (with defaults it accepts), and exactly the grad_fn names PyTorch's fixtures show.
 */
class LossRegistryTest {

    @Test
    void namesFollowTheListAndTwentyOneTorchNnLossesAreDeclared() {
        List<String> names = new ArrayList<>();
        int torchNn = 0;
        for (LossSpec s : Losses.ALL) {
            names.add(s.name());
            if (names.size() <= 21) {
                assertEquals(LossSpec.TORCH_NN, s.source(), s.name());
                assertTrue(s.isTorchNn(), s.name());
                assertEquals("torch.nn." + s.name(), s.qualifiedName());
            } else {
                // the losses from elsewhere follow torch.nn's 21, each named by the definition it reproduces
                assertTrue(!s.isTorchNn() && !s.source().equals(LossSpec.TORCH_NN), s.name() + " is declared after torch.nn's losses");
                assertEquals(s.source(), s.qualifiedName());
            }
        }
        assertTrue(names.size() > 21, "torch.nn's 21 losses and those from elsewhere");
        assertEquals("monai.losses.DiceLoss", DiceLoss.SPEC.qualifiedName());
        assertEquals("monai.losses.TverskyLoss", TverskyLoss.SPEC.qualifiedName());
        assertEquals(names, Losses.NAMES);
        assertEquals(names.size(), new HashSet<>(names).size(), "a loss listed twice");
    }

    /** Every public class of core implementing Loss declares SPEC, and that SPEC is listed: a loss cannot be forgotten. */
    @Test
    void everyLossClassDeclaresItsSpecAndIsListed() throws Exception {
        Set<Class<?>> impls = lossClasses();
        assertTrue(impls.size() >= 21, "found only " + impls);
        for (Class<?> c : impls) {
            Field f;
            try {
                f = c.getField("SPEC");
            } catch (NoSuchFieldException e) {
                fail(c.getName() + " implements Loss but declares no public static final LossSpec SPEC");
                return;
            }
            assertTrue(Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()), c + ".SPEC must be static final");
            assertEquals(LossSpec.class, f.getType());
            LossSpec spec = (LossSpec) f.get(null);
            assertEquals(c.getSimpleName(), spec.name(), c + ": SPEC names another class");
            assertTrue(Losses.ALL.contains(spec), c.getName() + ".SPEC is not listed in Losses.ALL");
        }
        assertEquals(Losses.ALL.size(), impls.size(), "Losses.ALL lists a loss that is not a class of core: " + impls);
    }

    /** Losses.create builds each, of its own class, whose name, argNames and spec agree with the declaration. */
    @Test
    void createBuildsEveryDeclaredLossAndItAgreesWithItsSpec() throws Exception {
        for (LossSpec s : Losses.ALL) {
            assertTrue(Losses.exists(s.name()));
            assertSame(s, Losses.spec(s.name()));
            Loss l = Losses.create(s.name(), LossOptions.empty());
            assertEquals(s.name(), l.getClass().getSimpleName());
            assertSame(s, l.getClass().getField("SPEC").get(null));
            assertSame(s, l.spec());
            assertEquals(s.name(), l.name());
            assertEquals(s.argNames(), l.argNames(), s.name() + " argNames");
        }
    }

    @Test
    void unknownNamesAndKeywordsFailAsBefore() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.create("NoSuchLoss", LossOptions.empty()));
        assertEquals("unknown loss 'NoSuchLoss' (known: " + String.join(", ", Losses.NAMES) + ")", e.getMessage());
        assertTrue(!Losses.exists("NoSuchLoss") && Losses.find("NoSuchLoss") == null);
        e = assertThrows(IllegalArgumentException.class, () -> Losses.create("MSELoss", new LossOptions(Map.of("margin", 1.0))));
        assertEquals("MSELoss.__init__() got an unexpected keyword argument 'margin'", e.getMessage());
    }

    /** F has the functional form of each loss, named as torch.nn.functional names it, taking the tensor arguments first. */
    @Test
    void everyDeclaredLossHasItsFunctionalFormInF() {
        for (LossSpec s : Losses.ALL) {
            String method = camel(s.functional());
            boolean found = false;
            for (Method m : F.class.getMethods()) {
                if (!m.getName().equals(method) || !Modifier.isStatic(m.getModifiers()) || m.getReturnType() != Tensor.class) continue;
                Class<?>[] p = m.getParameterTypes();
                boolean tensorsFirst = p.length == s.args().size();
                for (int i = 0; i < s.args().size() && tensorsFirst; i++) tensorsFirst = p[i] == Tensor.class;
                found |= tensorsFirst;
            }
            assertTrue(found, "F." + method + "(" + s.args().size() + " Tensors) for " + s.name());
        }
    }

    /** The declared keywords are exactly those fromOptions reads (so list, eval and the docs cannot drift from the code). */
    @Test
    void declaredOptionsAreExactlyTheKeywordsFromOptionsReads() {
        for (LossSpec s : Losses.ALL) {
            LossOptions o = LossOptions.empty();
            s.create(o);
            Set<String> declared = new TreeSet<>();
            for (LossSpec.Option opt : s.options()) declared.add(opt.name());
            assertEquals(new TreeSet<>(o.keysRead()), declared, s.name() + " keywords");
        }
    }

    /** Each declared default, passed explicitly, is accepted. */
    @Test
    void everyDeclaredDefaultIsAccepted() {
        for (LossSpec s : Losses.ALL) {
            for (LossSpec.Option opt : s.options()) {
                Map<String, Object> kw = new HashMap<>();
                kw.put(opt.name(), python(opt));
                Loss l = Losses.create(s.name(), new LossOptions(kw));
                assertNotNull(l, s.name() + " " + opt);
            }
        }
    }

    /** Python literal of a declared default, as the CLI would type it. */
    static Object python(LossSpec.Option o) {
        String v = o.defaultValue();
        switch (o.type()) {
            case OPTIONAL_TENSOR:
            case OPTIONAL_BOOL:
            case OPTIONAL_STR:
                if (v.equals("None")) return null;
                break;
            default:
                break;
        }
        switch (o.type()) {
            case FLOAT: return Double.parseDouble(v);
            case INT: return Long.parseLong(v);
            case BOOL:
            case OPTIONAL_BOOL:
                if (!v.equals("True") && !v.equals("False")) throw new AssertionError(o + ": not a Python bool");
                return v.equals("True");
            case STR:
            case OPTIONAL_STR:
                if (!v.startsWith("'") || !v.endsWith("'")) throw new AssertionError(o + ": not a Python string");
                return v.substring(1, v.length() - 1);
            case FLOAT_LIST: {
                if (!v.startsWith("[") || !v.endsWith("]")) throw new AssertionError(o + ": not a Python list");
                List<Double> list = new ArrayList<>();
                for (String item : v.substring(1, v.length() - 1).split(",")) if (!item.isBlank()) list.add(Double.parseDouble(item.trim()));
                return list;
            }
            default: throw new AssertionError(o + ": a tensor option defaults to None");
        }
    }

    /** The grad_fn names declared are exactly those PyTorch's fixtures show for the loss. */
    @Test
    void declaredGradFnsAreExactlyThoseOfThePyTorchFixtures() throws Exception {
        Map<String, Set<String>> seen = new HashMap<>();
        for (Path f : fixtureFiles()) {
            for (JsonElement e : JsonParser.parseString(Files.readString(f)).getAsJsonArray()) {
                JsonObject c = e.getAsJsonObject();
                if (!c.has("grad_fn") || c.get("grad_fn").isJsonNull()) continue;
                seen.computeIfAbsent(c.get("loss").getAsString(), k -> new TreeSet<>()).add(c.get("grad_fn").getAsString());
            }
        }
        for (LossSpec s : Losses.ALL) {
            assertEquals(seen.getOrDefault(s.name(), Set.of()), new TreeSet<>(s.gradFns()), s.name() + " grad_fn names");
        }
        assertEquals(new TreeSet<>(Losses.NAMES), new TreeSet<>(seen.keySet()), "fixtures of undeclared losses");
    }

    @Test
    void aSpecRejectsRepeatedNamesAndIncompleteDeclarations() {
        assertThrows(IllegalStateException.class, () -> LossSpec.torchNn("X", "x", MSELoss::fromOptions).arg("input", "").arg("input", "")
                .gradFn("A").output("").build());
        assertThrows(IllegalStateException.class, () -> LossSpec.torchNn("X", "x", MSELoss::fromOptions).arg("input", "").reduction()
                .reduction().gradFn("A").output("").build());
        assertThrows(IllegalStateException.class, () -> LossSpec.torchNn("X", "x", MSELoss::fromOptions).arg("input", "").output("").build());
        LossSpec other = LossSpec.external("DiceLoss", "dice", "monai.losses.DiceLoss", o -> new MSELoss()).arg("input", "").gradFn("A").output("").build();
        assertEquals("monai.losses.DiceLoss", other.qualifiedName());
        assertEquals(List.of("input"), other.argNames());
    }

    static String camel(String snake) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char ch : snake.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return b.toString();
    }

    private static List<Path> fixtureFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(LossRegistryTest.class.getResource("/golden/losses").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** Every concrete public class in core's classes (directory or jar) that implements Loss. */
    private static Set<Class<?>> lossClasses() throws Exception {
        Path root = Path.of(Loss.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> classNames = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().contains("$")
                        && !p.getFileName().toString().equals("module-info.class"))
                        .forEach(p -> classNames.add(root.relativize(p).toString().replace('/', '.').replace(".class", "")));
            }
        } else {
            try (var jar = new java.util.jar.JarFile(root.toFile())) {
                jar.stream().map(java.util.jar.JarEntry::getName)
                        .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.endsWith("module-info.class"))
                        .forEach(n -> classNames.add(n.replace('/', '.').replace(".class", "")));
            }
        }
        Set<Class<?>> r = new LinkedHashSet<>();
        for (String n : classNames) {
            Class<?> c = Class.forName(n, false, Loss.class.getClassLoader());
            if (Loss.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) r.add(c);
        }
        return r;
    }
}
