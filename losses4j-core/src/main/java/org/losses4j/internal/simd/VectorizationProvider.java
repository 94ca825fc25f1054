package org.losses4j.internal.simd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Picks the kernels: the Vector API ones (module losses4j-simd, package {@code org.losses4j.internal.simd.panama}) when
 * the JVM offers {@code jdk.incubator.vector} and that module is on the class path, else the scalar ones in
 * core. The pattern of Lucene's and jvector's providers: a lazily built singleton, a chain of checks that each
 * log why they fall back, and kernel classes loaded by name so no Vector API type appears in core.
 *
 * <p>Kernels are grouped by family: an interface {@code org.losses4j.internal.simd.X} has a scalar implementation
 * {@code org.losses4j.internal.simd.scalar.ScalarX} and, optionally, {@code org.losses4j.internal.simd.panama.PanamaX};
 * {@link #kernels(Class)} returns the best one available.
 *
 * <p>System properties: {@code losses4j.simd=false} forces the scalar kernels; {@code losses4j.simd.require=true}
 * makes a fallback to scalar an error (tests use it so a silent fallback fails CI).
 */
public final class VectorizationProvider {
    private static final Logger LOG = Logger.getLogger(VectorizationProvider.class.getName());

    private final boolean panama;
    private final String reason;
    private final Map<Class<?>, Object> cache = new ConcurrentHashMap<>();

    private VectorizationProvider(boolean panama, String reason) {
        this.panama = panama;
        this.reason = reason;
    }

    private static final class Holder {
        static final VectorizationProvider INSTANCE = create();
    }

    /** The process-wide provider. */
    public static VectorizationProvider get() { return Holder.INSTANCE; }

    /** "panama" or "scalar". */
    public String name() { return panama ? "panama" : "scalar"; }

    /** Why the provider is what it is (for logs and the bench output). */
    public String reason() { return reason; }

    private static VectorizationProvider create() {
        VectorizationProvider p = decide();
        boolean require = Boolean.parseBoolean(System.getProperty("losses4j.simd.require", "false"));
        if (require && !p.panama) {
            throw new IllegalStateException("losses4j.simd.require=true but the Vector API kernels are not in use: " + p.reason);
        }
        LOG.fine(() -> "losses4j kernels: " + p.name() + " (" + p.reason + ")");
        return p;
    }

    private static VectorizationProvider decide() {
        if ("false".equalsIgnoreCase(System.getProperty("losses4j.simd", "true").trim())) {
            return new VectorizationProvider(false, "scalar forced by -Dlosses4j.simd=false");
        }
        Module base = VectorizationProvider.class.getModule();
        var layer = ModuleLayer.boot();
        var vec = layer.findModule("jdk.incubator.vector");
        if (vec.isEmpty()) {
            return new VectorizationProvider(false, "jdk.incubator.vector is not enabled (run java with --add-modules jdk.incubator.vector)");
        }
        if (!base.canRead(vec.get()) && base.isNamed()) {
            return new VectorizationProvider(false, "module " + base.getName() + " cannot read jdk.incubator.vector");
        }
        try {
            Class.forName("org.losses4j.internal.simd.panama.PanamaSupport");
        } catch (ClassNotFoundException e) {
            return new VectorizationProvider(false, "losses4j-simd is not on the class path");
        } catch (LinkageError e) {
            return new VectorizationProvider(false, "losses4j-simd could not be loaded: " + e);
        }
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return new VectorizationProvider(true, "Vector API on " + arch);
    }

    /** The best implementation of a kernel family interface. */
    public <T> T kernels(Class<T> family) {
        return family.cast(cache.computeIfAbsent(family, this::load));
    }

    private Object load(Class<?> family) {
        String simple = family.getSimpleName();
        if (panama) {
            Object o = instantiate("org.losses4j.internal.simd.panama.Panama" + simple, family);
            if (o != null) return o;
        }
        Object o = instantiate("org.losses4j.internal.simd.scalar.Scalar" + simple, family);
        if (o == null) throw new IllegalStateException("no scalar implementation of " + family.getName());
        return o;
    }

    private static Object instantiate(String className, Class<?> family) {
        try {
            Class<?> c = Class.forName(className);
            if (!family.isAssignableFrom(c)) throw new IllegalStateException(className + " does not implement " + family.getName());
            return MethodHandles.publicLookup().findConstructor(c, MethodType.methodType(void.class)).invoke();
        } catch (ClassNotFoundException e) {
            return null;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create " + className, t);
        }
    }

    /** The scalar implementation of a family regardless of the provider (tests compare it with the vector one). */
    public static <T> T scalar(Class<T> family) {
        Object o = instantiate("org.losses4j.internal.simd.scalar.Scalar" + family.getSimpleName(), family);
        if (o == null) throw new IllegalStateException("no scalar implementation of " + family.getName());
        return family.cast(o);
    }
}
