/**
 * The {@code losses4j} command: tour, list, eval, plot, gradcheck, bench. Picocli reads the command classes
 * reflectively, hence the qualified {@code opens}. The Vector API kernels (module {@code org.losses4j.simd}) are
 * found by core's service lookup when that module is on the module path; nothing here names them.
 */
module org.losses4j.cli {
    requires org.losses4j.core;
    requires org.losses4j.bench;
    requires info.picocli;
    requires java.desktop;
    requires java.management;

    opens org.losses4j.cli to info.picocli;
}
