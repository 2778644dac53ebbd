package org.corenn.nn;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * Element-wise binary arithmetic with NumPy broadcasting (ONNX Add/Sub/Mul/Div, a residual add).
 * After a convolution, the model compiler fuses an Add into the convolution's epilogue instead.
 */
public final class Add extends Layer {
    /** The arithmetic. */
    public enum Op { ADD, SUB, MUL, DIV }

    private final Op op;

    public Add() {
        this(Op.ADD);
    }

    public Add(Op op) {
        if (op == null) {
            throw new NullPointerException("Add: op must not be null");
        }
        this.op = op;
    }

    public Op op() {
        return op;
    }

    @Override
    public String kind() {
        return op == Op.ADD ? "Add" : op.name().charAt(0) + op.name().substring(1).toLowerCase();
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return 2;
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        ValueInfo a = inputs.get(0);
        ValueInfo b = inputs.get(1);
        Shape out = Broadcast.shape(a.shape(), b.shape());
        if (a.isConstant() && b.isConstant()) {
            double[] x = a.constant();
            double[] y = b.constant();
            double[] z = new double[out.size()];
            int[] ia = Broadcast.indexMap(a.shape(), out);
            int[] ib = Broadcast.indexMap(b.shape(), out);
            for (int i = 0; i < z.length; i++) {
                z[i] = apply(x[ia[i]], y[ib[i]]);
            }
            return List.of(ValueInfo.constant(out, z));
        }
        return single(out);
    }

    private double apply(double x, double y) {
        switch (op) {
            case SUB:
                return x - y;
            case MUL:
                return x * y;
            case DIV:
                return x / y;
            default:
                return x + y;
        }
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        return new LayerInstance() {
            @Override
            public Step plan(int[] in, List<ValueInfo> inInfo, int[] out, List<ValueInfo> outInfo) {
                Shape o = outInfo.get(0).shape();
                int a = in[0];
                int b = in[1];
                int y = out[0];
                if (inInfo.get(0).shape().equals(o) && inInfo.get(1).shape().equals(o)) {
                    int n = o.size();
                    return frame -> same(frame.view(a), frame.view(b), frame.view(y), n);
                }
                int[] ia = Broadcast.indexMap(inInfo.get(0).shape(), o);
                int[] ib = Broadcast.indexMap(inInfo.get(1).shape(), o);
                return frame -> broadcast(frame.view(a), frame.view(b), frame.view(y), ia, ib);
            }

            @Override
            public String kernel() {
                return "java-elementwise";
            }
        };
    }

    private void same(FloatBuffer a, FloatBuffer b, FloatBuffer y, int n) {
        for (int i = 0; i < n; i++) {
            y.put(i, (float) apply(a.get(i), b.get(i)));
        }
    }

    private void broadcast(FloatBuffer a, FloatBuffer b, FloatBuffer y, int[] ia, int[] ib) {
        for (int i = 0; i < ia.length; i++) {
            y.put(i, (float) apply(a.get(ia[i]), b.get(ib[i])));
        }
    }
}
