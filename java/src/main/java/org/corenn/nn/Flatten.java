package org.corenn.nn;

import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.AliasInstance;
import org.corenn.internal.exec.LayerInstance;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * {@code nn.Flatten} / ONNX Flatten: dimensions from {@code startDim} on become one (PyTorch's default
 * start is 1, keeping the batch). No data moves.
 */
public final class Flatten extends Layer {
    private final int startDim;
    private final boolean twoDimensional;

    public Flatten() {
        this(1);
    }

    public Flatten(int startDim) {
        this(startDim, false);
    }

    private Flatten(int startDim, boolean twoDimensional) {
        this.startDim = startDim;
        this.twoDimensional = twoDimensional;
    }

    /** ONNX Flatten: always 2-d, [prod(dims before axis), prod(dims from axis)]. */
    public static Flatten onnx(int axis) {
        return new Flatten(axis, true);
    }

    @Override
    public String kind() {
        return "Flatten";
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        ValueInfo x = inputs.get(0);
        Shape in = x.shape();
        int start = startDim < 0 ? startDim + in.rank() : startDim;
        require(start >= 0 && start <= in.rank(), "startDim " + startDim + " is out of range for " + in);
        int[] dims = new int[start + 1];
        int tail = 1;
        for (int i = 0; i < in.rank(); i++) {
            if (i < start) {
                dims[i] = in.dim(i);
            } else {
                tail *= in.dim(i);
            }
        }
        dims[start] = tail;
        Shape out = Shape.of(dims);
        if (twoDimensional) {
            out = Shape.of(in.size() / Math.max(1, tail), tail);
        }
        return List.of(x.isConstant() ? ValueInfo.constant(out, x.constant()) : ValueInfo.of(out));
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        return new AliasInstance();
    }
}
