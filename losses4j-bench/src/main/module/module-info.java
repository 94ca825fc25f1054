/**
 * The benchmark workloads of losses4j, their step timer with allocation counting, and the JMH benchmark class.
 * JMH is needed only to compile the benchmark (its generated code) and by {@code benchmarks.jar}, a class-path jar:
 * hence {@code requires static}. JMH publishes no module name, so {@code jmh.core} is the name Java derives from its
 * jar file.
 */
module org.losses4j.bench {
    requires transitive org.losses4j.core;
    requires java.management;
    requires jdk.management;
    requires static jmh.core;

    exports org.losses4j.bench;
}
