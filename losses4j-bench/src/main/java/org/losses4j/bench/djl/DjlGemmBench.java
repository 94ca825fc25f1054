package org.losses4j.bench.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.losses4j.bench.GemmBench;

/**
 * The GEMM timings of {@link GemmBench} for PyTorch 2.x (libtorch, MKL) through DJL on the same JVM: only in the
 * Maven profile {@code djl} of losses4j-bench (never a dependency of the library). Run offline:
 *
 * <pre>
 * java -Dai.djl.offline=true -cp $(mvn -q -o -Pdjl -pl losses4j-bench dependency:build-classpath ...) org.losses4j.bench.djl.DjlGemmBench
 * </pre>
 */
public final class DjlGemmBench {
    private DjlGemmBench() {}

    public static void main(String[] args) {
        int[] sizes = {128, 512, 1024}, threads = {1, 2};
        double seconds = 3;
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes": sizes = ints(args[++i]); break;
                case "--threads": threads = ints(args[++i]); break;
                case "--seconds": seconds = Double.parseDouble(args[++i]); break;
                case "--json": json = true; break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Engine engine = Engine.getEngine("PyTorch");
        if (!json) System.out.println("# DJL " + Engine.getDjlVersion() + ", PyTorch " + engine.getVersion());
        try (NDManager m = NDManager.newBaseManager()) {
            for (int n : sizes) {
                var ab = GemmBench.operands(n);
                NDArray a = m.create(ab[0].toFloatArray(), new Shape(n, n)), b = m.create(ab[1].toFloatArray(), new Shape(n, n));
                for (int t : threads) {
                    JniUtils.setNumThreads(t);
                    GemmBench.Result r = GemmBench.time("pytorch-" + engine.getVersion() + "-djl", n, t, seconds, () -> {
                        try (NDArray c = a.matMul(b)) {
                            c.getShape(); // matMul is eager on the CPU engine
                        }
                    });
                    System.out.println(json ? r.json() : r.line());
                }
            }
        }
    }

    private static int[] ints(String s) { return java.util.Arrays.stream(s.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray(); }
}
