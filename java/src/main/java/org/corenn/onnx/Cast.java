package org.corenn.onnx;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.AliasInstance;
import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.io.DataType;
import org.corenn.nn.Layer;
import org.corenn.nn.ValueInfo;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * ONNX Cast. Corenn computes in float32, so a cast to a float type is the identity; a cast to an
 * integer type truncates toward zero and a cast to bool gives 0/1, as ONNX specifies.
 */
final class Cast extends Layer {
    private final DataType to;

    Cast(DataType to) {
        this.to = to;
    }

    @Override
    public String kind() {
        return "Cast";
    }

    private double convert(double v) {
        if (to == DataType.BOOL) {
            return v != 0 ? 1 : 0;
        }
        return to.isFloatingPoint() ? v : (v < 0 ? Math.ceil(v) : Math.floor(v));
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        ValueInfo x = inputs.get(0);
        if (x.isConstant()) {
            double[] v = x.constant();
            for (int i = 0; i < v.length; i++) {
                v[i] = convert(v[i]);
            }
            return List.of(ValueInfo.constant(x.shape(), v));
        }
        return List.of(ValueInfo.of(x.shape()));
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        if (to.isFloatingPoint()) {
            return new AliasInstance();
        }
        return (in, inInfo, out, outInfo) -> {
            int n = inInfo.get(0).shape().size();
            int x = in[0];
            int y = out[0];
            return (Step) frame -> {
                FloatBuffer a = frame.view(x);
                FloatBuffer b = frame.view(y);
                for (int i = 0; i < n; i++) {
                    b.put(i, (float) convert(a.get(i)));
                }
            };
        };
    }
}
