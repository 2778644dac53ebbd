package org.corenn.benchmarks.peers;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;
import org.corenn.benchmarks.BenchCase;
import org.corenn.benchmarks.Engine;
import org.corenn.benchmarks.LoadedModel;

/**
 * ONNX Runtime (Java, CPU execution provider) on the case's {@code model.onnx}: all graph
 * optimisations, sequential execution, the given intra-op threads (default spinning), one inter-op
 * thread; each caller's inputs and outputs bound once to direct buffers (pinned outputs: no allocation
 * per run). Callers share one session ({@code OrtSession.run} is thread-safe).
 */
public final class OrtEngine implements Engine {
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();

    @Override
    public String name() {
        return "onnxruntime";
    }

    @Override
    public String version() {
        return environment.getVersion();
    }

    @Override
    public String settings(int threads) {
        return "intra-op " + threads + ", inter-op 1, ORT_SEQUENTIAL, ALL_OPT, pinned outputs";
    }

    @Override
    public boolean supports(BenchCase c) {
        return c.hasFile("model.onnx");
    }

    @Override
    public LoadedModel load(BenchCase c, int threads) throws OrtException {
        try (SessionOptions options = new SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
            return new OrtLoaded(environment, environment.createSession(c.file("model.onnx").toString(), options), c);
        }
    }
}
