package org.corenn.nn;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * Softmax or log-softmax over one axis ({@code nn.Softmax(dim)}, {@code nn.LogSoftmax(dim)}, ONNX
 * opset 13 semantics), computed stably by subtracting each slice's maximum. Outputs are usually
 * small (class scores), so this runs in Java over the plan's memory.
 */
public final class Softmax extends Layer {
    private final int axis;
    private final boolean log;

    private Softmax(int axis, boolean log) {
        this.axis = axis;
        this.log = log;
    }

    public static Softmax softmax(int axis) {
        return new Softmax(axis, false);
    }

    public static Softmax logSoftmax(int axis) {
        return new Softmax(axis, true);
    }

    @Override
    public String kind() {
        return log ? "LogSoftmax" : "Softmax";
    }

    @Override
    public String toString() {
        return kind() + "(axis=" + axis + ")";
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        Shape in = inputs.get(0).shape();
        in.normalizeAxis(axis);
        return single(in);
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        return new LayerInstance() {
            @Override
            public Step plan(int[] in, List<ValueInfo> inInfo, int[] out, List<ValueInfo> outInfo) {
                Shape shape = inInfo.get(0).shape();
                int a = shape.normalizeAxis(axis);
                int length = shape.dim(a);
                int inner = 1;
                for (int i = a + 1; i < shape.rank(); i++) {
                    inner *= shape.dim(i);
                }
                int outer = length == 0 || inner == 0 ? 0 : shape.size() / (length * inner);
                int stride = inner;
                int x = in[0];
                int y = out[0];
                return frame -> run(frame.view(x), frame.view(y), outer, length, stride);
            }

            @Override
            public String kernel() {
                return "java-softmax";
            }
        };
    }

    private void run(FloatBuffer x, FloatBuffer y, int outer, int length, int inner) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * length * inner + i;
                float max = Float.NEGATIVE_INFINITY;
                boolean nan = false;
                for (int k = 0; k < length; k++) {
                    float v = x.get(base + k * inner);
                    nan |= Float.isNaN(v);
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int k = 0; k < length; k++) {
                    sum += Math.exp(x.get(base + k * inner) - max);
                }
                double logSum = Math.log(sum);
                for (int k = 0; k < length; k++) {
                    int idx = base + k * inner;
                    double shifted = x.get(idx) - max;
                    float v = (float) (log ? shifted - logSum : Math.exp(shifted) / sum);
                    y.put(idx, nan ? Float.NaN : v);
                }
            }
        }
    }
}
