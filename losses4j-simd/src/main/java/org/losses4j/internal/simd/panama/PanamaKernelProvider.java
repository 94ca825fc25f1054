package org.losses4j.internal.simd.panama;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import org.losses4j.internal.simd.KernelProvider;

/**
 * The Vector API kernels, as a {@link KernelProvider} service: {@code provides} in this module's descriptor, and
 * {@code META-INF/services} for the class path. The family {@code org.losses4j.internal.simd.X} is implemented here
 * by {@code PanamaX}, made with this module's own lookup. No Vector API type is touched before {@link #check()}.
 */
public final class PanamaKernelProvider implements KernelProvider {
    private static final String PREFIX = PanamaKernelProvider.class.getPackageName() + ".Panama";

    /** Made by {@link java.util.ServiceLoader}. */
    public PanamaKernelProvider() {}

    @Override
    public String check() {
        if (PanamaSupport.F.length() < 1) throw new IllegalStateException("no float species"); // fails here when the Vector API cannot run
        return "Vector API on " + System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    }

    @Override
    public <T> T kernels(Class<T> family) {
        String name = PREFIX + family.getSimpleName();
        Class<?> c;
        try {
            c = Class.forName(name, true, PanamaKernelProvider.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
        if (!family.isAssignableFrom(c)) throw new IllegalStateException(name + " does not implement " + family.getName());
        try {
            return family.cast(MethodHandles.lookup().findConstructor(c, MethodType.methodType(void.class)).invoke());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create " + name, t);
        }
    }
}
