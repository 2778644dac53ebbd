package org.corenn.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * ONNX Slice / Python slicing {@code x[start:end:step]} on some axes: negative starts and ends count
 * from the end and are clamped to the dimension, as ONNX specifies. Given either as fixed arrays or,
 * in the ONNX form, by constant inputs (starts, ends[, axes[, steps]]).
 */
public final class Slice extends Layer {
    private final long[] starts;
    private final long[] ends;
    private final long[] axes;
    private final long[] steps;
    private final boolean fromInputs;

    private Slice(long[] starts, long[] ends, long[] axes, long[] steps, boolean fromInputs) {
        this.starts = starts;
        this.ends = ends;
        this.axes = axes;
        this.steps = steps;
        this.fromInputs = fromInputs;
    }

    public Slice(long[] starts, long[] ends, long[] axes, long[] steps) {
        this(starts.clone(), ends.clone(), axes == null ? null : axes.clone(), steps == null ? null : steps.clone(), false);
    }

    /** The ONNX (opset >= 10) form. */
    public static Slice fromInputs() {
        return new Slice(null, null, null, null, true);
    }

    @Override
    public String kind() {
        return "Slice";
    }

    @Override
    public int minInputs() {
        return fromInputs ? 3 : 1;
    }

    @Override
    public int maxInputs() {
        return fromInputs ? 5 : 1;
    }

    /** Per input dimension: {start, step, count}. */
    private int[][] ranges(List<ValueInfo> inputs) {
        Shape in = inputs.get(0).shape();
        long[] st = fromInputs ? longs(inputs.get(1)) : starts;
        long[] en = fromInputs ? longs(inputs.get(2)) : ends;
        long[] ax = fromInputs ? (inputs.size() > 3 ? longs(inputs.get(3)) : null) : axes;
        long[] sp = fromInputs ? (inputs.size() > 4 ? longs(inputs.get(4)) : null) : steps;
        require(st.length == en.length, "starts and ends must have the same length, got " + Arrays.toString(st) + " and "
                + Arrays.toString(en));
        int[][] r = new int[in.rank()][];
        for (int d = 0; d < in.rank(); d++) {
            r[d] = new int[] {0, 1, in.dim(d)};
        }
        for (int i = 0; i < st.length; i++) {
            int axis = in.normalizeAxis((int) (ax == null ? i : ax[i]));
            long step = sp == null ? 1 : sp[i];
            require(step != 0, "steps must not be 0");
            long dim = in.dim(axis);
            long s = st[i] < 0 ? st[i] + dim : st[i];
            long e = en[i] < 0 ? en[i] + dim : en[i];
            long count;
            if (step > 0) {
                s = Math.max(0, Math.min(dim, s));
                e = Math.max(0, Math.min(dim, e));
                count = e > s ? (e - s + step - 1) / step : 0;
            } else {
                s = Math.max(-1, Math.min(dim - 1, s));
                e = Math.max(-1, Math.min(dim - 1, e));
                count = s > e ? (s - e - step - 1) / -step : 0;
            }
            r[axis] = new int[] {(int) s, (int) step, (int) count};
        }
        return r;
    }

    private static long[] longs(ValueInfo v) {
        double[] c = v.constant();
        long[] out = new long[c.length];
        for (int i = 0; i < c.length; i++) {
            out[i] = (long) Math.max(Math.min(c[i], Integer.MAX_VALUE), Integer.MIN_VALUE);
        }
        return out;
    }

    private static Shape outShape(int[][] r) {
        int[] dims = new int[r.length];
        for (int d = 0; d < r.length; d++) {
            dims[d] = r[d][2];
        }
        return Shape.of(dims);
    }

    private static IndexMap map(Shape in, int[][] r) {
        int[] inStride = IndexMap.strides(in);
        int base = 0;
        int[] stride = new int[r.length];
        for (int d = 0; d < r.length; d++) {
            base += r[d][0] * inStride[d];
            stride[d] = r[d][1] * inStride[d];
        }
        return new IndexMap(null, IndexMap.walk(outShape(r), base, stride));
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        int[][] r = ranges(inputs);
        Shape out = outShape(r);
        if (inputs.get(0).isConstant()) {
            return List.of(ValueInfo.constant(out, map(inputs.get(0).shape(), r).fold(inputs.subList(0, 1))));
        }
        return single(out);
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        return new LayerInstance() {
            @Override
            public Step plan(int[] in, List<ValueInfo> inInfo, int[] out, List<ValueInfo> outInfo) {
                return map(inInfo.get(0).shape(), ranges(inInfo)).step(new int[] {in[0]}, out[0]);
            }

            @Override
            public String kernel() {
                return "copy";
            }
        };
    }
}
