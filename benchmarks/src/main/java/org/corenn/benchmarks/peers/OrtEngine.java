package org.corenn.benchmarks.peers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import org.corenn.benchmarks.BenchCase;
import org.corenn.benchmarks.Engine;
import org.corenn.benchmarks.Runner;
import org.corenn.io.HostArray;

/**
 * ONNX Runtime (Java, CPU execution provider) on the case's {@code model.onnx}: all graph
 * optimisations, sequential execution, the given intra-op threads (default spinning), one inter-op
 * thread, inputs and outputs bound once to direct buffers (pinned outputs: no allocation per run).
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
    public Runner open(BenchCase c, int threads) throws OrtException {
        try (SessionOptions options = new SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = environment.createSession(c.file("model.onnx").toString(), options);
            try {
                return new OrtRunner(session, bind(c.inputs(), "input"), bind(c.expected(), "output"));
            } catch (OrtException | RuntimeException e) {
                session.close();
                throw e;
            }
        }
    }

    /** Direct-buffer tensors named {@code prefix}, {@code prefix1}, ... as the export script names them. */
    private Map<String, OnnxTensor> bind(List<HostArray> arrays, String prefix) throws OrtException {
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < arrays.size(); i++) {
            tensors.put(i == 0 ? prefix : prefix + i, DirectTensors.of(environment, arrays.get(i)));
        }
        return tensors;
    }
}
