package org.corenn.onnx;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.nn.Broadcast;
import org.corenn.nn.Layer;
import org.corenn.nn.ValueInfo;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/** ONNX Expand: broadcast the input to a (plan-time known) shape, NumPy style. */
final class Expand extends Layer {
    @Override
    public String kind() {
        return "Expand";
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return 2;
    }

    private static Shape outShape(List<ValueInfo> inputs) {
        return Broadcast.shape(inputs.get(0).shape(), Shape.of(inputs.get(1).constantInts()));
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        Shape out = outShape(inputs);
        ValueInfo x = inputs.get(0);
        if (x.isConstant()) {
            int[] map = Broadcast.indexMap(x.shape(), out);
            double[] src = x.constant();
            double[] v = new double[map.length];
            for (int i = 0; i < map.length; i++) {
                v[i] = src[map[i]];
            }
            return List.of(ValueInfo.constant(out, v));
        }
        return List.of(ValueInfo.of(out));
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        return (in, inInfo, out, outInfo) -> {
            int[] map = Broadcast.indexMap(inInfo.get(0).shape(), outInfo.get(0).shape());
            int x = in[0];
            int y = out[0];
            return (Step) frame -> {
                FloatBuffer a = frame.view(x);
                FloatBuffer b = frame.view(y);
                for (int i = 0; i < map.length; i++) {
                    b.put(i, a.get(map[i]));
                }
            };
        };
    }
}
