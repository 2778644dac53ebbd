package org.corenn.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.AliasInstance;
import org.corenn.internal.exec.LayerInstance;
import org.corenn.nn.Layer;
import org.corenn.nn.ValueInfo;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * ONNX Unsqueeze and Squeeze: insert or remove size-1 axes, given by an attribute (opset < 13) or a
 * constant second input (opset >= 13). No data moves.
 */
final class AxesReshape extends Layer {
    private final boolean insert;
    private final long[] fixedAxes;

    AxesReshape(boolean insert, long[] fixedAxes) {
        this.insert = insert;
        this.fixedAxes = fixedAxes;
    }

    @Override
    public String kind() {
        return insert ? "Unsqueeze" : "Squeeze";
    }

    @Override
    public int maxInputs() {
        return fixedAxes == null ? 2 : 1;
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        ValueInfo x = inputs.get(0);
        Shape in = x.shape();
        long[] axes = fixedAxes;
        if (axes == null && inputs.size() > 1) {
            int[] a = inputs.get(1).constantInts();
            axes = Arrays.stream(a).asLongStream().toArray();
        }
        Shape out = insert ? unsqueeze(in, axes) : squeeze(in, axes);
        return List.of(x.isConstant() ? ValueInfo.constant(out, x.constant()) : ValueInfo.of(out));
    }

    private static Shape unsqueeze(Shape in, long[] axes) {
        require(axes != null, "Unsqueeze needs axes");
        int rank = in.rank() + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            int axis = (int) (a < 0 ? a + rank : a);
            require(axis >= 0 && axis < rank && !inserted[axis], "axes " + Arrays.toString(axes) + " are invalid for "
                    + in);
            inserted[axis] = true;
        }
        int[] dims = new int[rank];
        int k = 0;
        for (int d = 0; d < rank; d++) {
            dims[d] = inserted[d] ? 1 : in.dim(k++);
        }
        return Shape.of(dims);
    }

    private static Shape squeeze(Shape in, long[] axes) {
        boolean[] drop = new boolean[in.rank()];
        if (axes == null) {
            for (int d = 0; d < in.rank(); d++) {
                drop[d] = in.dim(d) == 1;
            }
        } else {
            for (long a : axes) {
                int axis = in.normalizeAxis((int) a);
                require(in.dim(axis) == 1, "cannot squeeze axis " + a + " of " + in + ": its size is not 1");
                drop[axis] = true;
            }
        }
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < in.rank(); d++) {
            if (!drop[d]) {
                dims.add(in.dim(d));
            }
        }
        return Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        return new AliasInstance();
    }
}
