package org.corenn.nn;

import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/** {@code torch.cat} / ONNX Concat along one axis; all other dimensions must match. */
public final class Concat extends Layer {
    private final int axis;

    public Concat(int axis) {
        this.axis = axis;
    }

    @Override
    public String kind() {
        return "Concat";
    }

    @Override
    public String toString() {
        return "Concat(axis=" + axis + ")";
    }

    @Override
    public int maxInputs() {
        return 127;
    }

    private Shape outShape(List<ValueInfo> inputs) {
        Shape first = inputs.get(0).shape();
        int a = first.normalizeAxis(axis);
        int total = 0;
        for (ValueInfo v : inputs) {
            Shape s = v.shape();
            require(s.rank() == first.rank(), "inputs must have the same rank, got " + first + " and " + s);
            for (int d = 0; d < s.rank(); d++) {
                require(d == a || s.dim(d) == first.dim(d), "inputs differ outside axis " + axis + ": " + first
                        + " and " + s);
            }
            total += s.dim(a);
        }
        return first.withDim(a, total);
    }

    private IndexMap map(List<Shape> inputs, Shape out) {
        int a = out.normalizeAxis(axis);
        int outer = 1;
        for (int d = 0; d < a; d++) {
            outer *= out.dim(d);
        }
        int inner = out.size() / Math.max(1, outer * out.dim(a));
        byte[] source = new byte[out.size()];
        int[] index = new int[out.size()];
        int i = 0;
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < inputs.size(); k++) {
                int block = inputs.get(k).dim(a) * inner;
                for (int j = 0; j < block; j++) {
                    source[i] = (byte) k;
                    index[i++] = o * block + j;
                }
            }
        }
        return new IndexMap(source, index);
    }

    private static List<Shape> shapes(List<ValueInfo> values) {
        return values.stream().map(ValueInfo::shape).toList();
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        Shape out = outShape(inputs);
        if (IndexMap.allConstant(inputs)) {
            return List.of(ValueInfo.constant(out, map(shapes(inputs), out).fold(inputs)));
        }
        return single(out);
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        return new LayerInstance() {
            @Override
            public Step plan(int[] in, List<ValueInfo> inInfo, int[] out, List<ValueInfo> outInfo) {
                return map(shapes(inInfo), outInfo.get(0).shape()).step(in, out[0]);
            }

            @Override
            public String kernel() {
                return "copy";
            }
        };
    }
}
