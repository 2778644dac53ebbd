package org.corenn.benchmarks.peers;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.corenn.benchmarks.Runner;

/** One caller of a (shared) ONNX Runtime session, with its own input and (pinned) output tensors. */
final class OrtRunner implements Runner {
    private final OrtSession session;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> outputs;

    OrtRunner(OrtSession session, Map<String, OnnxTensor> inputs, Map<String, OnnxTensor> outputs) {
        this.session = session;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    @Override
    public void run() {
        try {
            session.run(inputs, outputs).close();
        } catch (OrtException e) {
            throw new IllegalStateException("onnxruntime: " + e.getMessage(), e);
        }
    }

    @Override
    public List<float[]> outputs() {
        List<float[]> out = new ArrayList<>();
        for (OnnxTensor t : outputs.values()) {
            FloatBuffer b = t.getFloatBuffer();
            float[] values = new float[b.remaining()];
            b.get(values);
            out.add(values);
        }
        return out;
    }

    @Override
    public void close() {
        inputs.values().forEach(OnnxTensor::close);
        outputs.values().forEach(OnnxTensor::close);
    }
}
