package org.corenn.onnx;

import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.AliasInstance;
import org.corenn.internal.exec.LayerInstance;
import org.corenn.nn.Layer;
import org.corenn.nn.ValueInfo;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/** ONNX Identity (and Dropout at inference): the input, unchanged; no data moves. */
final class Identity extends Layer {
    private final String kind;

    Identity(String kind) {
        this.kind = kind;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        return List.of(inputs.get(0));
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        return new AliasInstance();
    }
}
