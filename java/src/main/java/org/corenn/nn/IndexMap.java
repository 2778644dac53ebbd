package org.corenn.nn;

import java.nio.FloatBuffer;
import java.util.List;

import org.corenn.internal.exec.Step;
import org.corenn.tensor.Shape;

/**
 * Data movement as a table computed once per plan: output element i is element {@code index[i]} of
 * input {@code source[i]}. Transpose, Concat, Slice and constant-index Gather are all this; the table
 * also folds them at plan time when their inputs are constants.
 */
final class IndexMap {
    final byte[] source;
    final int[] index;

    IndexMap(byte[] source, int[] index) {
        this.source = source;
        this.index = index;
    }

    /** Output values when every input is a constant. */
    double[] fold(List<ValueInfo> inputs) {
        double[][] data = new double[inputs.size()][];
        for (int i = 0; i < data.length; i++) {
            data[i] = inputs.get(i).constant();
        }
        double[] out = new double[index.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[source == null ? 0 : source[i]][index[i]];
        }
        return out;
    }

    static boolean allConstant(List<ValueInfo> inputs) {
        return inputs.stream().allMatch(ValueInfo::isConstant);
    }

    Step step(int[] inputs, int output) {
        int[] idx = index;
        if (source == null) {
            int x = inputs[0];
            return frame -> {
                FloatBuffer in = frame.view(x);
                FloatBuffer out = frame.view(output);
                for (int i = 0; i < idx.length; i++) {
                    out.put(i, in.get(idx[i]));
                }
            };
        }
        byte[] src = source;
        return frame -> {
            FloatBuffer out = frame.view(output);
            FloatBuffer[] in = new FloatBuffer[inputs.length];
            for (int k = 0; k < inputs.length; k++) {
                in[k] = frame.view(inputs[k]);
            }
            for (int i = 0; i < idx.length; i++) {
                out.put(i, in[src[i]].get(idx[i]));
            }
        };
    }

    /** C-order strides of a shape. */
    static int[] strides(Shape s) {
        int[] st = new int[s.rank()];
        int acc = 1;
        for (int i = s.rank() - 1; i >= 0; i--) {
            st[i] = acc;
            acc *= s.dim(i);
        }
        return st;
    }

    /**
     * For every output coordinate (C order over {@code out}), the flat input index
     * {@code base + sum(coord[d] * inStride[d])}.
     */
    static int[] walk(Shape out, int base, int[] inStride) {
        int rank = out.rank();
        int[] map = new int[out.size()];
        int[] coord = new int[rank];
        int flat = base;
        for (int i = 0; i < map.length; i++) {
            map[i] = flat;
            for (int d = rank - 1; d >= 0; d--) {
                coord[d]++;
                flat += inStride[d];
                if (coord[d] < out.dim(d)) {
                    break;
                }
                flat -= inStride[d] * coord[d];
                coord[d] = 0;
            }
        }
        return map;
    }
}
