package org.corenn.nn;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * ONNX Gather: picks entries of {@code data} along {@code axis} by {@code indices} (negative indices
 * count from the end). Output shape: data[:axis] + indices + data[axis+1:]. With runtime indices
 * (token ids into an embedding table) every index is checked at run time and an out-of-range one
 * throws {@link IllegalArgumentException}.
 */
public final class Gather extends Layer {
    private final int axis;

    public Gather(int axis) {
        this.axis = axis;
    }

    @Override
    public String kind() {
        return "Gather";
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return 2;
    }

    private Shape outShape(Shape data, Shape indices) {
        int a = data.normalizeAxis(axis);
        int[] dims = new int[data.rank() - 1 + indices.rank()];
        int k = 0;
        for (int d = 0; d < a; d++) {
            dims[k++] = data.dim(d);
        }
        for (int d = 0; d < indices.rank(); d++) {
            dims[k++] = indices.dim(d);
        }
        for (int d = a + 1; d < data.rank(); d++) {
            dims[k++] = data.dim(d);
        }
        return Shape.of(dims);
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        Shape data = inputs.get(0).shape();
        Shape indices = inputs.get(1).shape();
        Shape out = outShape(data, indices);
        if (IndexMap.allConstant(inputs)) {
            double[] d = inputs.get(0).constant();
            double[] idx = inputs.get(1).constant();
            double[] y = new double[out.size()];
            gather(data, idx.length, i -> idx[i], (src, dst, n) -> {
                for (int j = 0; j < n; j++) {
                    y[dst + j] = d[src + j];
                }
            });
            return List.of(ValueInfo.constant(out, y));
        }
        return single(out);
    }

    private interface Index {
        double at(int i);
    }

    private interface Copy {
        void run(int from, int to, int count);
    }

    /** Copies each selected block of data (inner elements) to its output place. */
    private void gather(Shape data, int count, Index index, Copy copy) {
        int a = data.normalizeAxis(axis);
        int outer = 1;
        for (int d = 0; d < a; d++) {
            outer *= data.dim(d);
        }
        int dim = data.dim(a);
        int inner = data.size() / Math.max(1, outer * dim);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < count; i++) {
                double v = index.at(i);
                long k = (long) v;
                if (v != k || k < -dim || k >= dim) {
                    throw new IllegalArgumentException("Gather: index " + v + " is out of range for dimension " + dim
                            + " of " + data);
                }
                int pick = (int) (k < 0 ? k + dim : k);
                copy.run((o * dim + pick) * inner, (o * count + i) * inner, inner);
            }
        }
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        return new LayerInstance() {
            @Override
            public Step plan(int[] in, List<ValueInfo> inInfo, int[] out, List<ValueInfo> outInfo) {
                Shape data = inInfo.get(0).shape();
                int count = inInfo.get(1).shape().size();
                int x = in[0];
                int idx = in[1];
                int y = out[0];
                return frame -> {
                    FloatBuffer d = frame.view(x);
                    FloatBuffer ix = frame.view(idx);
                    FloatBuffer o = frame.view(y);
                    gather(data, count, ix::get, (src, dst, n) -> o.put(dst, d, src, n));
                };
            }

            @Override
            public String kernel() {
                return "gather";
            }
        };
    }
}
