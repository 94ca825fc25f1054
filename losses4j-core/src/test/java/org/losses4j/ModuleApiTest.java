package org.losses4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module boundary of core: exactly the API packages are exported to everyone, the internal ones only to the
 * Vector API module, and no public or protected member of an exported package names an internal type (return,
 * parameter, exception, field, supertype, record component or type argument), so the API can be used on the module
 * path without reaching into {@code org.losses4j.internal}.
 */
class ModuleApiTest {
    static final Set<String> API = Set.of("org.losses4j", "org.losses4j.autograd", "org.losses4j.nn", "org.losses4j.nn.functional",
            "org.losses4j.nn.init", "org.losses4j.io", "org.losses4j.optim", "org.losses4j.optim.lr_scheduler");

    private static Path classes() throws Exception {
        return Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static ModuleDescriptor descriptor() throws Exception {
        try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void exportsTheApiToEveryoneAndTheInternalsToTheSimdModuleOnly() throws Exception {
        ModuleDescriptor d = descriptor();
        assertEquals("org.losses4j.core", d.name());
        Set<String> open = new TreeSet<>();
        for (ModuleDescriptor.Exports e : d.exports()) {
            if (e.isQualified()) {
                assertTrue(e.source().startsWith("org.losses4j.internal"), e.toString());
                assertEquals(Set.of("org.losses4j.simd"), e.targets(), e.toString());
            } else {
                open.add(e.source());
            }
        }
        assertEquals(new TreeSet<>(API), open);
        Set<String> internal = new TreeSet<>();
        for (String p : d.packages()) if (!API.contains(p)) internal.add(p);
        Set<String> qualified = new TreeSet<>();
        for (ModuleDescriptor.Exports e : d.exports()) if (e.isQualified()) qualified.add(e.source());
        assertEquals(internal, qualified, "every internal package is exported to the simd module, and only those");
        assertEquals(Set.of("org.losses4j.internal.simd.KernelProvider"), d.uses());
        assertTrue(d.opens().isEmpty());
    }

    @Test
    void noPublicSignatureOfAnExportedPackageNamesAnInternalType() throws Exception {
        List<String> leaks = new ArrayList<>();
        int checked = 0;
        Path root = classes();
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().equals("module-info.class"))
                    .forEach(p -> names.add(root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "")));
        }
        for (String n : names) {
            Class<?> c = Class.forName(n, false, Tensor.class.getClassLoader());
            if (!API.contains(c.getPackageName()) || !visible(c)) continue;
            checked++;
            check(c.getGenericSuperclass(), c + " extends", leaks);
            for (Type t : c.getGenericInterfaces()) check(t, c + " implements", leaks);
            if (c.isRecord()) for (RecordComponent rc : c.getRecordComponents()) check(rc.getGenericType(), c + "." + rc.getName(), leaks);
            for (Field f : c.getDeclaredFields()) if (member(f.getModifiers())) check(f.getGenericType(), c + "." + f.getName(), leaks);
            for (Method m : c.getDeclaredMethods()) if (member(m.getModifiers()) && !m.isSynthetic()) executable(m, c + "." + m.getName(), leaks);
            for (Constructor<?> k : c.getDeclaredConstructors()) if (member(k.getModifiers()) && !k.isSynthetic()) executable(k, c + ".<init>", leaks);
        }
        assertTrue(checked > 50, "checked only " + checked + " classes");
        assertTrue(leaks.isEmpty(), "internal types in the API:\n" + String.join("\n", leaks));
    }

    /** A class code outside the package can name: public at the top level, public or protected when nested in one. */
    private static boolean visible(Class<?> c) {
        if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) return false;
        int m = c.getModifiers();
        Class<?> outer = c.getDeclaringClass();
        if (outer == null) return Modifier.isPublic(m);
        return (Modifier.isPublic(m) || Modifier.isProtected(m)) && visible(outer);
    }

    private static boolean member(int modifiers) { return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers); }

    private static void executable(Executable e, String where, List<String> leaks) {
        if (e instanceof Method m) check(m.getGenericReturnType(), where + " returns", leaks);
        for (Type t : e.getGenericParameterTypes()) check(t, where + " takes", leaks);
        for (Type t : e.getGenericExceptionTypes()) check(t, where + " throws", leaks);
        for (TypeVariable<?> v : e.getTypeParameters()) for (Type b : v.getBounds()) check(b, where + " bound", leaks);
    }

    private static void check(Type t, String where, List<String> leaks) {
        if (t == null) return;
        if (t instanceof Class<?> c) {
            while (c.isArray()) c = c.getComponentType();
            if (c.getPackageName().startsWith("org.losses4j.internal")) leaks.add(where + ": " + c.getName());
        } else if (t instanceof ParameterizedType p) {
            check(p.getRawType(), where, leaks);
            for (Type a : p.getActualTypeArguments()) check(a, where, leaks);
        } else if (t instanceof GenericArrayType g) {
            check(g.getGenericComponentType(), where, leaks);
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) check(b, where, leaks);
            for (Type b : w.getLowerBounds()) check(b, where, leaks);
        }
    }
}
