package org.corenn.benchmarks;

/** An inference engine that runs the benchmark models (Corenn, ONNX Runtime, libtorch). */
public interface Engine {
    /** The name used in {@code -p engine=...} and in the results. */
    String name();

    /** The engine's version, for the results. */
    String version();

    /** The settings it runs with at this thread count, in words, for the results. */
    String settings(int threads);

    /** Loads the case's model with {@code threads} intra-op threads and binds its inputs. */
    Runner open(BenchCase benchCase, int threads) throws Exception;
}
