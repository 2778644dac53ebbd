package org.corenn.onnx;

import java.util.Map;

import org.corenn.io.HostArray;
import org.corenn.io.OnnxNode;
import org.corenn.nn.Activation;
import org.corenn.nn.Add;
import org.corenn.nn.AvgPool1d;
import org.corenn.nn.AvgPool2d;
import org.corenn.nn.BatchNorm;
import org.corenn.nn.Conv1d;
import org.corenn.nn.Conv2d;
import org.corenn.nn.Convolution;
import org.corenn.nn.Flatten;
import org.corenn.nn.GlobalAvgPool;
import org.corenn.nn.GlobalMaxPool;
import org.corenn.nn.Graph;
import org.corenn.nn.Layer;
import org.corenn.nn.MaxPool1d;
import org.corenn.nn.MaxPool2d;
import org.corenn.nn.Padding;
import org.corenn.nn.Reshape;
import org.corenn.nn.Softmax;
import org.corenn.tensor.Shape;

/** Converters for convolution, pooling, normalization, dense, activation and arithmetic nodes. */
final class NeuralConverters {
    private NeuralConverters() {
    }

    static void register(Map<String, Converter> table) {
        table.put("Conv", NeuralConverters::conv);
        table.put("MaxPool", (n, c) -> pool(n, c, true));
        table.put("AveragePool", (n, c) -> pool(n, c, false));
        table.put("GlobalAveragePool", (n, c) -> c.add(n, new GlobalAvgPool(), c.value(n, n.inputs().get(0))));
        table.put("GlobalMaxPool", (n, c) -> c.add(n, new GlobalMaxPool(), c.value(n, n.inputs().get(0))));
        table.put("BatchNormalization", NeuralConverters::batchNorm);
        table.put("Relu", (n, c) -> activation(n, c, Activation.RELU));
        table.put("Sigmoid", (n, c) -> activation(n, c, Activation.SIGMOID));
        table.put("Tanh", (n, c) -> activation(n, c, Activation.TANH));
        table.put("HardSwish", (n, c) -> activation(n, c, Activation.HARDSWISH));
        table.put("LeakyRelu", (n, c) -> activation(n, c, Activation.leakyRelu(n.floatAttribute("alpha", 0.01f))));
        table.put("Clip", NeuralConverters::clip);
        table.put("Softmax", (n, c) -> softmax(n, c, false));
        table.put("LogSoftmax", (n, c) -> softmax(n, c, true));
        table.put("Dropout", (n, c) -> c.add(n, new Identity("Dropout"), c.value(n, n.inputs().get(0))));
        table.put("Identity", (n, c) -> c.add(n, new Identity("Identity"), c.value(n, n.inputs().get(0))));
        table.put("Flatten", (n, c) -> c.add(n, Flatten.onnx((int) n.intAttribute("axis", 1)),
                c.value(n, n.inputs().get(0))));
        table.put("Add", (n, c) -> arithmetic(n, c, Add.Op.ADD));
        table.put("Sub", (n, c) -> arithmetic(n, c, Add.Op.SUB));
        table.put("Mul", (n, c) -> arithmetic(n, c, Add.Op.MUL));
        table.put("Div", (n, c) -> arithmetic(n, c, Add.Op.DIV));
    }

    private static int[] ints(long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.toIntExact(v[i]);
        }
        return out;
    }

    /** pads for 1 or 2 spatial dims in ONNX order [begins..., ends...] → Padding; auto_pad honoured. */
    private static Padding padding(OnnxNode n, int spatial) {
        String auto = n.stringAttribute("auto_pad", "NOTSET");
        switch (auto) {
            case "SAME_UPPER":
                return Padding.SAME;
            case "VALID":
                return Padding.VALID;
            case "NOTSET":
                break;
            default:
                throw ImportContext.unsupported(n, "auto_pad " + auto);
        }
        int[] p = ints(n.intsAttribute("pads", new long[2 * spatial]));
        if (p.length != 2 * spatial) {
            throw ImportContext.unsupported(n, "pads of length " + p.length + " for " + spatial + " spatial dims");
        }
        return spatial == 2 ? Padding.of(p[0], p[1], p[2], p[3]) : Padding.of(0, p[0], 0, p[1]);
    }

    private static int[] attr(OnnxNode n, String name, int spatial, int fallback) {
        long[] def = new long[spatial];
        java.util.Arrays.fill(def, fallback);
        int[] v = ints(n.intsAttribute(name, def));
        if (v.length != spatial) {
            throw ImportContext.unsupported(n, name + " of length " + v.length + " for " + spatial + " spatial dims");
        }
        return v;
    }

    private static void conv(OnnxNode n, ImportContext c) {
        HostArray w = c.constant(n, 1, "W");
        int spatial = w.shape().rank() - 2;
        if (spatial != 1 && spatial != 2) {
            throw ImportContext.unsupported(n, spatial + "-d convolution (only 1-d and 2-d)");
        }
        int out = w.shape().dim(0);
        int[] k = attr(n, "kernel_shape", spatial, 0);
        for (int i = 0; i < spatial; i++) {
            if (k[i] != 0 && k[i] != w.shape().dim(2 + i)) {
                throw ImportContext.unsupported(n, "kernel_shape differs from W's shape " + w.shape());
            }
        }
        int[] s = attr(n, "strides", spatial, 1);
        int[] d = attr(n, "dilations", spatial, 1);
        int groups = (int) n.intAttribute("group", 1);
        boolean bias = n.inputs().size() > 2 && !n.inputs().get(2).isEmpty();
        Convolution layer;
        if (spatial == 2) {
            layer = new Conv2d(out, w.shape().dim(2), w.shape().dim(3)).stride(s[0], s[1]).dilation(d[0], d[1])
                    .padding(padding(n, 2)).groups(groups).bias(bias);
        } else {
            layer = new Conv1d(out, w.shape().dim(2)).stride(s[0]).dilation(d[0]).padding(padding(n, 1)).groups(groups)
                    .bias(bias);
        }
        String name = c.nodeName(n);
        c.weight(name + ".weight", w.shape(), w.toFloatArray());
        if (bias) {
            HostArray b = c.constant(n, 2, "B");
            c.weight(name + ".bias", Shape.of(out), b.toFloatArray());
        }
        c.define(n.outputs().get(0), c.graph.add(name, layer, c.value(n, n.inputs().get(0))));
    }

    private static void pool(OnnxNode n, ImportContext c, boolean max) {
        if (ImportContext.nonEmpty(n.outputs()).size() > 1) {
            throw ImportContext.unsupported(n, "the Indices output");
        }
        int[] k = ints(n.intsAttribute("kernel_shape", new long[0]));
        int spatial = k.length;
        if (spatial != 1 && spatial != 2) {
            throw ImportContext.unsupported(n, "kernel_shape " + java.util.Arrays.toString(k));
        }
        int[] s = attr(n, "strides", spatial, 1);
        int[] d = attr(n, "dilations", spatial, 1);
        boolean ceil = n.intAttribute("ceil_mode", 0) != 0;
        boolean includePad = n.intAttribute("count_include_pad", 0) != 0;
        Padding p = padding(n, spatial);
        Layer layer;
        if (spatial == 2) {
            layer = max ? new MaxPool2d(k[0], k[1]).stride(s[0], s[1]).padding(p).ceilMode(ceil).dilation(d[0])
                    : new AvgPool2d(k[0], k[1]).stride(s[0], s[1]).padding(p).ceilMode(ceil).countIncludePad(includePad);
            if (d[0] != d[1]) {
                throw ImportContext.unsupported(n, "different dilations per axis");
            }
        } else {
            int[] pads = ints(n.intsAttribute("pads", new long[2]));
            if (pads[0] != pads[1] || p.isSame() || d[0] != 1 || !max && !includePad && pads[0] > 0) {
                throw ImportContext.unsupported(n, "1-d pooling with asymmetric/same padding, dilation or excluded pads");
            }
            layer = max ? new MaxPool1d(k[0], s[0], pads[0], ceil) : new AvgPool1d(k[0], s[0], pads[0], ceil);
        }
        c.add(n, layer, c.value(n, n.inputs().get(0)));
    }

    private static void batchNorm(OnnxNode n, ImportContext c) {
        if (n.intAttribute("training_mode", 0) != 0 || ImportContext.nonEmpty(n.outputs()).size() > 1) {
            throw ImportContext.unsupported(n, "training mode");
        }
        String name = c.nodeName(n);
        String[] local = {"weight", "bias", "running_mean", "running_var"};
        for (int i = 0; i < 4; i++) {
            HostArray a = c.constant(n, i + 1, local[i]);
            c.weight(name + "." + local[i], Shape.of(a.size()), a.toFloatArray());
        }
        c.define(n.outputs().get(0), c.graph.add(name, new BatchNorm(n.floatAttribute("epsilon", 1e-5f), true),
                c.value(n, n.inputs().get(0))));
    }

    private static void activation(OnnxNode n, ImportContext c, Activation a) {
        c.add(n, a, c.value(n, n.inputs().get(0)));
    }

    private static void clip(OnnxNode n, ImportContext c) {
        float min = -Float.MAX_VALUE;
        float max = Float.MAX_VALUE;
        if (c.opset < 11) {
            min = n.floatAttribute("min", min);
            max = n.floatAttribute("max", max);
        } else {
            if (n.inputs().size() > 1 && !n.inputs().get(1).isEmpty()) {
                min = c.constant(n, 1, "min").toFloatArray()[0];
            }
            if (n.inputs().size() > 2 && !n.inputs().get(2).isEmpty()) {
                max = c.constant(n, 2, "max").toFloatArray()[0];
            }
        }
        activation(n, c, Activation.clip(min, max));
    }

    /** Opset 13 normalizes along one axis; earlier opsets over all dimensions from the axis on. */
    private static void softmax(OnnxNode n, ImportContext c, boolean log) {
        Graph.Value x = c.value(n, n.inputs().get(0));
        int axis = (int) n.intAttribute("axis", c.opset < 13 ? 1 : -1);
        if (c.opset >= 13 || axis == -1) {
            c.add(n, log ? Softmax.logSoftmax(axis) : Softmax.softmax(axis), x);
            return;
        }
        String name = c.nodeName(n);
        Graph.Value flat = c.graph.add(name + "/flatten", Flatten.onnx(axis), x);
        Graph.Value y = c.graph.add(name, log ? Softmax.logSoftmax(1) : Softmax.softmax(1), flat);
        Graph.Value shape = c.graph.add(name + "/shape", new ShapeOf(0, Long.MAX_VALUE), x);
        c.define(n.outputs().get(0), c.graph.add(name + "/reshape", Reshape.fromSecondInput(), y, shape));
    }

    private static void arithmetic(OnnxNode n, ImportContext c, Add.Op op) {
        if (c.isFused(n)) {
            return;
        }
        c.add(n, new Add(op), c.inputs(n, 0, 2));
    }
}
