package org.losses4j.internal.simd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Picks the kernels: the Vector API ones (module {@code org.losses4j.simd}, package {@code org.losses4j.internal.simd.panama})
 * when the JVM offers {@code jdk.incubator.vector} and that module's {@link KernelProvider} is found, else the scalar
 * ones in core. The pattern of Lucene's and jvector's providers: a lazily built singleton, a chain of checks that each
 * log why they fall back, and no Vector API type in core. The provider is found with {@link ServiceLoader}, so it
 * works on the class path ({@code META-INF/services}) and on the module path ({@code uses} here, {@code provides} in
 * the simd module, whose internal packages core exports to it alone).
 *
 * <p>Kernels are grouped by family: an interface {@code org.losses4j.internal.simd.X} has a scalar implementation
 * {@code org.losses4j.internal.simd.scalar.ScalarX} and, optionally, one from the provider ({@code PanamaX});
 * {@link #kernels(Class)} returns the best one available.
 *
 * <p>System properties: {@code losses4j.simd=false} forces the scalar kernels; {@code losses4j.simd.require=true}
 * makes a fallback to scalar an error (tests use it so a silent fallback fails CI).
 */
public final class VectorizationProvider {
    private static final Logger LOG = Logger.getLogger(VectorizationProvider.class.getName());

    private final KernelProvider panama;
    private final String reason;
    private final Map<Class<?>, Object> cache = new ConcurrentHashMap<>();

    private VectorizationProvider(KernelProvider panama, String reason) {
        this.panama = panama;
        this.reason = reason;
    }

    private static VectorizationProvider scalarBecause(String reason) { return new VectorizationProvider(null, reason); }

    private static final class Holder {
        static final VectorizationProvider INSTANCE = create();
    }

    /** The process-wide provider. */
    public static VectorizationProvider get() { return Holder.INSTANCE; }

    /** "panama" or "scalar". */
    public String name() { return panama != null ? "panama" : "scalar"; }

    /** Why the provider is what it is (for logs and the bench output). */
    public String reason() { return reason; }

    private static VectorizationProvider create() {
        VectorizationProvider p = decide();
        boolean require = Boolean.parseBoolean(System.getProperty("losses4j.simd.require", "false"));
        if (require && p.panama == null) {
            throw new IllegalStateException("losses4j.simd.require=true but the Vector API kernels are not in use: " + p.reason);
        }
        LOG.fine(() -> "losses4j kernels: " + p.name() + " (" + p.reason + ")");
        return p;
    }

    private static VectorizationProvider decide() {
        if ("false".equalsIgnoreCase(System.getProperty("losses4j.simd", "true").trim())) {
            return scalarBecause("scalar forced by -Dlosses4j.simd=false");
        }
        KernelProvider found;
        try {
            // making the provider touches no Vector API class, so this works without jdk.incubator.vector too
            Iterator<KernelProvider> it = ServiceLoader.load(KernelProvider.class, VectorizationProvider.class.getClassLoader()).iterator();
            found = it.hasNext() ? it.next() : null;
        } catch (ServiceConfigurationError | LinkageError e) {
            return scalarBecause("losses4j-simd could not be loaded: " + e);
        }
        if (found == null) return scalarBecause("losses4j-simd is not on the class path or module path");
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return scalarBecause("jdk.incubator.vector is not enabled (run java with --add-modules jdk.incubator.vector)");
        }
        String what;
        try {
            what = found.check();
        } catch (LinkageError | RuntimeException e) {
            return scalarBecause("losses4j-simd could not be loaded: " + e);
        }
        return new VectorizationProvider(found, what);
    }

    /** The best implementation of a kernel family interface. */
    public <T> T kernels(Class<T> family) {
        return family.cast(cache.computeIfAbsent(family, this::load));
    }

    private Object load(Class<?> family) {
        if (panama != null) {
            Object o = panama.kernels(family);
            if (o != null) {
                if (!family.isInstance(o)) throw new IllegalStateException(o.getClass().getName() + " does not implement " + family.getName());
                return o;
            }
        }
        return scalar(family);
    }

    /** {@code org.losses4j.internal.simd.scalar.Scalar<family>}, made with this module's own lookup (the package is not exported). */
    private static Object instantiate(String className, Class<?> family) {
        try {
            Class<?> c = Class.forName(className);
            if (!family.isAssignableFrom(c)) throw new IllegalStateException(className + " does not implement " + family.getName());
            return MethodHandles.lookup().findConstructor(c, MethodType.methodType(void.class)).invoke();
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
