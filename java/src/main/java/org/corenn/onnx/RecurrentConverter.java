package org.corenn.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * ONNX LSTM, GRU and RNN (one layer; forward, reverse or bidirectional; layout 0 or 1) onto Corenn's
 * recurrent layers. W/R/B/P are split per direction into PyTorch's names and kept in ONNX gate order
 * (the native op reads that order); {@code sequence_lens} becomes the layer's lengths input. Y is
 * produced as {@code [T, B, D*H]} ({@code [B, T, D*H]} for layout 1) and viewed as ONNX's
 * {@code [T, D, B, H]} ({@code [B, T, D, H]}); layout 1's states are transposed to and from
 * {@code [D, B, H]}.
 *
 * <p>Every attribute is either honoured or rejected with the node's name: the activations must be
 * the defaults (RNN: all Tanh or all Relu), which take no {@code activation_alpha/beta}, so those
 * lists are ignored; an attribute the operator does not define is an error.
 */
final class RecurrentConverter {
    private static final Set<String> COMMON_ATTRIBUTES = Set.of("activation_alpha", "activation_beta", "activations",
            "clip", "direction", "hidden_size", "layout");

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
        checkAttributeNames(n, gates);
        int hidden = (int) n.intAttribute("hidden_size", 0);
        String direction = n.stringAttribute("direction", "forward");
        if (!direction.equals("forward") && !direction.equals("reverse") && !direction.equals("bidirectional")) {
            throw ImportContext.unsupported(n, "attribute direction=" + direction
                    + " (expected forward, reverse or bidirectional)");
        }
        long layout = n.intAttribute("layout", 0);
        if (layout != 0 && layout != 1) {
            throw ImportContext.unsupported(n, "attribute layout=" + layout + " (expected 0 or 1)");
        }
        boolean batchFirst = layout == 1;
        long inputForget = n.intAttribute("input_forget", 0);
        long linearBeforeReset = n.intAttribute("linear_before_reset", 0);
        if ((inputForget != 0 && inputForget != 1) || (linearBeforeReset != 0 && linearBeforeReset != 1)) {
            throw ImportContext.unsupported(n, "attribute " + (gates == 4 ? "input_forget=" + inputForget
                    : "linear_before_reset=" + linearBeforeReset) + " (expected 0 or 1)");
        }
        float clip = 0f;
        if (n.attribute("clip").isPresent()) {
            clip = n.floatAttribute("clip", 0f);
            if (!(clip > 0) || !Float.isFinite(clip)) {
                throw ImportContext.unsupported(n, "attribute clip=" + clip + " (expected a finite threshold > 0)");
            }
        }
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        boolean relu = activationsAreRelu(n, gates, dirs);
        HostArray w = c.constant(n, 1, "W");
        HostArray r = c.constant(n, 2, "R");
        boolean bias = given(n, 3);
        int g = gates * hidden;
        if (hidden <= 0 || w.shape().rank() != 3 || w.shape().dim(0) != dirs || w.shape().dim(1) != g
                || !r.shape().equals(Shape.of(dirs, g, hidden))) {
            throw ImportContext.unsupported(n, "W " + w.shape() + " / R " + r.shape() + " for hidden_size " + hidden
                    + ", " + dirs + " direction(s)");
        }
        float[] peepholes = gates == 4 && given(n, 7) ? peepholes(n, c, dirs, hidden) : null;
        int input = w.shape().dim(2);
        Recurrent layer;
        if (gates == 4) {
            layer = new Lstm(hidden).peepholes(peepholes != null).inputForget(inputForget == 1);
        } else {
            layer = gates == 3 ? new Gru(hidden) : new Rnn(hidden, relu);
        }
        layer = layer.bidirectional(dirs == 2).reverse(direction.equals("reverse")).batchFirst(batchFirst).bias(bias)
                .withStates().onnxConventions(gates == 3 && linearBeforeReset == 0, clip);
        if (given(n, 4)) {
            layer = layer.withLengths();
        }
        String name = c.nodeName(n);
        float[] wv = w.toFloatArray();
        float[] rv = r.toFloatArray();
        float[] bv = bias ? biases(n, c, dirs, g) : null;
        for (int d = 0; d < dirs; d++) {
            String suffix = "_l0" + (d == 1 ? "_reverse" : "");
            c.weight(name + ".weight_ih" + suffix, Shape.of(g, input), slice(wv, d * g * input, g * input));
            c.weight(name + ".weight_hh" + suffix, Shape.of(g, hidden), slice(rv, d * g * hidden, g * hidden));
            if (bias) {
                c.weight(name + ".bias_ih" + suffix, Shape.of(g), slice(bv, d * 2 * g, g));
                c.weight(name + ".bias_hh" + suffix, Shape.of(g), slice(bv, d * 2 * g + g, g));
            }
            if (peepholes != null) {
                c.weight(name + ".peephole" + suffix, Shape.of(3 * hidden), slice(peepholes, d * 3 * hidden,
                        3 * hidden));
            }
        }
        List<Graph.Value> outs = c.graph.addMulti(name, layer, layerInputs(n, c, name, gates, batchFirst));
        defineOutputs(n, c, name, outs, dirs, hidden, batchFirst);
    }

    /** Rejects attributes the operator does not define (a newer opset's, or a typo'd exporter's). */
    private static void checkAttributeNames(OnnxNode n, int gates) {
        for (String attribute : n.attributes().keySet()) {
            boolean known = COMMON_ATTRIBUTES.contains(attribute) || (gates == 4 && attribute.equals("input_forget"))
                    || (gates == 3 && attribute.equals("linear_before_reset"));
            if (!known) {
                throw ImportContext.unsupported(n, "attribute " + attribute);
            }
        }
    }

    /**
     * Checks {@code activations} (names compared ignoring case, as ONNX Runtime does): the defaults for
     * every direction, or Relu for every direction of an RNN. Returns whether the RNN uses Relu.
     */
    private static boolean activationsAreRelu(OnnxNode n, int gates, int dirs) {
        List<String> given = n.attribute("activations").map(OnnxAttribute::asStrings).orElse(List.of());
        if (given.isEmpty()) {
            return false;
        }
        List<String> perDirection = gates == 4 ? List.of("Sigmoid", "Tanh", "Tanh")
                : gates == 3 ? List.of("Sigmoid", "Tanh") : List.of("Tanh");
        boolean rightCount = given.size() == perDirection.size() || given.size() == dirs * perDirection.size();
        if (rightCount && gates == 1 && given.stream().allMatch(a -> a.equalsIgnoreCase("Relu"))) {
            return true;
        }
        boolean defaults = rightCount;
        for (int i = 0; i < given.size() && defaults; i++) {
            defaults = given.get(i).equalsIgnoreCase(perDirection.get(i % perDirection.size()));
        }
        if (!defaults) {
            String expected = gates == 1 ? "all Tanh or all Relu"
                    : String.join(", ", perDirection) + " per direction (the defaults)";
            throw ImportContext.unsupported(n, "attribute activations=" + given + " (supported: " + expected + ")");
        }
        return false;
    }

    private static float[] biases(OnnxNode n, ImportContext c, int dirs, int g) {
        HostArray b = c.constant(n, 3, "B");
        if (!b.shape().equals(Shape.of(dirs, 2 * g))) {
            throw ImportContext.unsupported(n, "B " + b.shape() + " (expected [" + dirs + ", " + 2 * g + "])");
        }
        return b.toFloatArray();
    }

    /** P [D, 3H] (i, o, f), or null when it is all zeros: then the plain cell runs. */
    private static float[] peepholes(OnnxNode n, ImportContext c, int dirs, int hidden) {
        HostArray p = c.constant(n, 7, "P");
        if (!p.shape().equals(Shape.of(dirs, 3 * hidden))) {
            throw ImportContext.unsupported(n, "P " + p.shape() + " (expected [" + dirs + ", " + 3 * hidden + "])");
        }
        float[] values = p.toFloatArray();
        for (float v : values) {
            if (v != 0) {
                return values;
            }
        }
        return null;
    }

    /** x, then sequence_lens, then initial_h and initial_c ([D, B, H]; layout 1's [B, D, H] transposed). */
    private static Graph.Value[] layerInputs(OnnxNode n, ImportContext c, String name, int gates, boolean batchFirst) {
        List<Graph.Value> in = new ArrayList<>();
        in.add(c.value(n, n.inputs().get(0)));
        if (given(n, 4)) {
            in.add(c.value(n, n.inputs().get(4)));
        }
        boolean h0 = given(n, 5);
        boolean c0 = gates == 4 && given(n, 6);
        if (c0 && !h0) {
            throw ImportContext.unsupported(n, "initial_c without initial_h");
        }
        String[] states = {"initial_h", "initial_c"};
        for (int k = 0; k < (c0 ? 2 : h0 ? 1 : 0); k++) {
            Graph.Value state = c.value(n, n.inputs().get(5 + k));
            in.add(batchFirst ? c.graph.add(name + "/" + states[k], new Permute(1, 0, 2), state) : state);
        }
        return in.toArray(new Graph.Value[0]);
    }

    private static void defineOutputs(OnnxNode n, ImportContext c, String name, List<Graph.Value> outs, int dirs,
            int hidden, boolean batchFirst) {
        List<String> onnxOut = n.outputs();
        if (!onnxOut.isEmpty() && !onnxOut.get(0).isEmpty()) {
            Graph.Value y = outs.get(0);
            Graph.Value viewed;
            if (batchFirst) {
                viewed = c.graph.add(name + "/y", new Reshape(0, 0, dirs, hidden), y);
            } else if (dirs == 1) {
                viewed = c.graph.add(name + "/y", new AxesReshape(true, new long[] {1}), y);
            } else {
                Graph.Value split = c.graph.add(name + "/y_split", new Reshape(0, 0, 2, hidden), y);
                viewed = c.graph.add(name + "/y", new Permute(0, 2, 1, 3), split);
            }
            c.define(onnxOut.get(0), viewed);
        }
        String[] states = {"y_h", "y_c"};
        for (int k = 1; k < onnxOut.size() && k < outs.size(); k++) {
            if (!onnxOut.get(k).isEmpty()) {
                Graph.Value state = outs.get(k);
                c.define(onnxOut.get(k), batchFirst
                        ? c.graph.add(name + "/" + states[k - 1], new Permute(1, 0, 2), state) : state);
            }
        }
    }

    private static float[] slice(float[] v, int from, int count) {
        return Arrays.copyOfRange(v, from, from + count);
    }
}
