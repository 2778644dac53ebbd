package org.corenn.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.nn.Layer;
import org.corenn.nn.ValueInfo;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/** ONNX ConstantOfShape: a tensor of the (plan-time known) shape filled with one value. */
final class ConstantOfShape extends Layer {
    private final double value;

    ConstantOfShape(double value) {
        this.value = value;
    }

    @Override
    public String kind() {
        return "ConstantOfShape";
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        Shape out = Shape.of(inputs.get(0).constantInts());
        double[] v = new double[out.size()];
        Arrays.fill(v, value);
        return List.of(ValueInfo.constant(out, v));
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        return (in, inInfo, out, outInfo) -> (Step) null;
    }
}
