package org.corenn.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/** {@code torch.permute} / ONNX Transpose: output dimension i is input dimension {@code perm[i]}. */
public final class Permute extends Layer {
    private final int[] perm;

    /** @param perm a permutation of 0..rank-1; empty means reverse the dimensions (ONNX default) */
    public Permute(int... perm) {
        if (perm == null) {
            throw new NullPointerException("Permute: perm must not be null");
        }
        this.perm = perm.clone();
    }

    @Override
    public String kind() {
        return "Permute";
    }

    @Override
    public String toString() {
        return "Permute" + Arrays.toString(perm);
    }

    private int[] resolve(Shape in) {
        if (perm.length == 0) {
            int[] reversed = new int[in.rank()];
            for (int i = 0; i < reversed.length; i++) {
                reversed[i] = in.rank() - 1 - i;
            }
            return reversed;
        }
        require(perm.length == in.rank(), "perm " + Arrays.toString(perm) + " does not fit input " + in);
        boolean[] seen = new boolean[perm.length];
        for (int p : perm) {
            require(p >= 0 && p < perm.length && !seen[p], "perm " + Arrays.toString(perm) + " is not a permutation");
            seen[p] = true;
        }
        return perm;
    }

    private Shape outShape(Shape in) {
        int[] p = resolve(in);
        int[] dims = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            dims[i] = in.dim(p[i]);
        }
        return Shape.of(dims);
    }

    private IndexMap map(Shape in) {
        int[] p = resolve(in);
        int[] inStride = IndexMap.strides(in);
        int[] stride = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            stride[i] = inStride[p[i]];
        }
        return new IndexMap(null, IndexMap.walk(outShape(in), 0, stride));
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        Shape out = outShape(inputs.get(0).shape());
        if (IndexMap.allConstant(inputs)) {
            return List.of(ValueInfo.constant(out, map(inputs.get(0).shape()).fold(inputs)));
        }
        return single(out);
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        return new LayerInstance() {
            @Override
            public Step plan(int[] in, List<ValueInfo> inInfo, int[] out, List<ValueInfo> outInfo) {
                return map(inInfo.get(0).shape()).step(in, out[0]);
            }

            @Override
            public String kernel() {
                return "copy";
            }
        };
    }
}
