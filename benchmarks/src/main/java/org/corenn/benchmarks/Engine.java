package org.corenn.benchmarks;

/** An inference engine that runs the benchmark models (Corenn, ONNX Runtime, libtorch). */
public interface Engine {
    /** The name used in {@code -p engine=...} and in the results. */
    String name();

    /** The engine's version, for the results. */
    String version();

    /** The settings it runs with at this thread count, in words, for the results. */
    String settings(int threads);

    /** Whether this engine can run the case (the peers have no ConvLSTM op: that case has no model.onnx). */
    default boolean supports(BenchCase benchCase) {
        return true;
    }

    /** Loads the case's model once with {@code threads} intra-op threads, for any number of client threads. */
    LoadedModel load(BenchCase benchCase, int threads) throws Exception;

    /** Loads the case's model for one caller and binds its inputs: what the single-caller benchmarks time. */
    default Runner open(BenchCase benchCase, int threads) throws Exception {
        return SoleClient.of(load(benchCase, threads));
    }
}
