package org.corenn.onnx;

import java.util.List;
import java.util.Map;

import org.corenn.io.HostArray;
import org.corenn.io.OnnxAttribute;
import org.corenn.io.OnnxNode;
import org.corenn.nn.Graph;
import org.corenn.nn.Gru;
import org.corenn.nn.Lstm;
import org.corenn.nn.Permute;
import org.corenn.nn.Recurrent;
import org.corenn.nn.Reshape;
import org.corenn.nn.Rnn;
import org.corenn.tensor.Shape;

/**
 * ONNX LSTM, GRU and RNN (one layer, forward or bidirectional, layout 0) onto Corenn's recurrent
 * layers. W/R/B are split per direction into PyTorch's names and kept in ONNX gate order (the native
 * op reads that order); Y is produced as [T, B, D*H] and viewed as ONNX's [T, D, B, H].
 */
final class RecurrentConverter {
    private RecurrentConverter() {
    }

    static void register(Map<String, Converter> table) {
        table.put("LSTM", (n, c) -> convert(n, c, 4));
        table.put("GRU", (n, c) -> convert(n, c, 3));
        table.put("RNN", (n, c) -> convert(n, c, 1));
    }

    private static boolean given(OnnxNode n, int input) {
        return n.inputs().size() > input && !n.inputs().get(input).isEmpty();
    }

    private static void convert(OnnxNode n, ImportContext c, int gates) {
        int hidden = (int) n.intAttribute("hidden_size", 0);
        String direction = n.stringAttribute("direction", "forward");
        if (!direction.equals("forward") && !direction.equals("bidirectional")) {
            throw ImportContext.unsupported(n, "direction " + direction);
        }
        if (n.intAttribute("layout", 0) != 0) {
            throw ImportContext.unsupported(n, "layout=1 (batch-first ONNX layout)");
        }
        if (n.intAttribute("input_forget", 0) != 0) {
            throw ImportContext.unsupported(n, "input_forget=1");
        }
        if (given(n, 4)) {
            throw ImportContext.unsupported(n, "sequence_lens (variable lengths are available through RnnOp)");
        }
        if (gates == 4 && given(n, 7)) {
            for (float p : c.constant(n, 7, "P").toFloatArray()) {
                if (p != 0) {
                    throw ImportContext.unsupported(n, "peephole weights P");
                }
            }
        }
        List<String> activations = n.attribute("activations").map(OnnxAttribute::asStrings).orElse(List.of());
        boolean relu = false;
        if (!activations.isEmpty()) {
            if (gates == 1 && activations.stream().allMatch(a -> a.equals("Relu"))) {
                relu = true;
            } else if (!activations.stream().allMatch(a -> a.equals("Sigmoid") || a.equals("Tanh"))
                    || !activations.equals(defaults(gates, activations.size()))) {
                throw ImportContext.unsupported(n, "activations " + activations);
            }
        }
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        HostArray w = c.constant(n, 1, "W");
        HostArray r = c.constant(n, 2, "R");
        boolean bias = given(n, 3);
        int g = gates * hidden;
        if (hidden <= 0 || w.shape().rank() != 3 || w.shape().dim(0) != dirs || w.shape().dim(1) != g
                || !r.shape().equals(Shape.of(dirs, g, hidden))) {
            throw ImportContext.unsupported(n, "W " + w.shape() + " / R " + r.shape() + " for hidden_size " + hidden
                    + ", " + dirs + " direction(s)");
        }
        int input = w.shape().dim(2);
        Recurrent layer = gates == 4 ? new Lstm(hidden) : gates == 3 ? new Gru(hidden) : new Rnn(hidden, relu);
        layer = layer.bidirectional(dirs == 2).bias(bias).withStates()
                .onnxConventions(gates == 3 && n.intAttribute("linear_before_reset", 0) == 0,
                        n.floatAttribute("clip", 0f));
        String name = c.nodeName(n);
        float[] wv = w.toFloatArray();
        float[] rv = r.toFloatArray();
        float[] bv = bias ? c.constant(n, 3, "B").toFloatArray() : null;
        for (int d = 0; d < dirs; d++) {
            String suffix = "_l0" + (d == 1 ? "_reverse" : "");
            c.weight(name + ".weight_ih" + suffix, Shape.of(g, input), slice(wv, d * g * input, g * input));
            c.weight(name + ".weight_hh" + suffix, Shape.of(g, hidden), slice(rv, d * g * hidden, g * hidden));
            if (bias) {
                c.weight(name + ".bias_ih" + suffix, Shape.of(g), slice(bv, d * 2 * g, g));
                c.weight(name + ".bias_hh" + suffix, Shape.of(g), slice(bv, d * 2 * g + g, g));
            }
        }
        Graph.Value x = c.value(n, n.inputs().get(0));
        Graph.Value[] in;
        if (given(n, 5) && gates == 4 && given(n, 6)) {
            in = new Graph.Value[] {x, c.value(n, n.inputs().get(5)), c.value(n, n.inputs().get(6))};
        } else if (given(n, 5) && !(gates == 4 && given(n, 6))) {
            in = new Graph.Value[] {x, c.value(n, n.inputs().get(5))};
        } else if (!given(n, 5) && !(gates == 4 && given(n, 6))) {
            in = new Graph.Value[] {x};
        } else {
            throw ImportContext.unsupported(n, "initial_c without initial_h");
        }
        List<Graph.Value> outs = c.graph.addMulti(name, layer, in);
        List<String> onnxOut = n.outputs();
        if (!onnxOut.isEmpty() && !onnxOut.get(0).isEmpty()) {
            Graph.Value y = outs.get(0);
            Graph.Value viewed;
            if (dirs == 1) {
                viewed = c.graph.add(name + "/y", new AxesReshape(true, new long[] {1}), y);
            } else {
                Graph.Value split = c.graph.add(name + "/y_split", new Reshape(0, 0, 2, hidden), y);
                viewed = c.graph.add(name + "/y", new Permute(0, 2, 1, 3), split);
            }
            c.define(onnxOut.get(0), viewed);
        }
        for (int k = 1; k < onnxOut.size() && k < outs.size(); k++) {
            if (!onnxOut.get(k).isEmpty()) {
                c.define(onnxOut.get(k), outs.get(k));
            }
        }
    }

    private static List<String> defaults(int gates, int count) {
        List<String> one = gates == 4 ? List.of("Sigmoid", "Tanh", "Tanh") : gates == 3 ? List.of("Sigmoid", "Tanh")
                : List.of("Tanh");
        return count == one.size() ? one : count == 2 * one.size() ? concat(one, one) : one;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        java.util.List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static float[] slice(float[] v, int from, int count) {
        return java.util.Arrays.copyOfRange(v, from, from + count);
    }
}
