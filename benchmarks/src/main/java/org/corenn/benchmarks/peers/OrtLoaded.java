package org.corenn.benchmarks.peers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.corenn.benchmarks.BenchCase;
import org.corenn.benchmarks.LoadedModel;
import org.corenn.benchmarks.Runner;
import org.corenn.io.HostArray;

/** One ONNX Runtime session; each client binds its own input and (pinned) output tensors. */
final class OrtLoaded implements LoadedModel {
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final BenchCase benchCase;

    OrtLoaded(OrtEnvironment environment, OrtSession session, BenchCase benchCase) {
        this.environment = environment;
        this.session = session;
        this.benchCase = benchCase;
    }

    @Override
    public Runner newClient() throws OrtException {
        Map<String, OnnxTensor> inputs = bind(benchCase.inputs(), "input");
        try {
            return new OrtRunner(session, inputs, bind(benchCase.expected(), "output"));
        } catch (OrtException | RuntimeException e) {
            inputs.values().forEach(OnnxTensor::close);
            throw e;
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

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("onnxruntime: " + e.getMessage(), e);
        }
    }
}
