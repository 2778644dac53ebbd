package org.corenn.onnx;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.corenn.io.HostArray;
import org.corenn.io.OnnxGraph;
import org.corenn.io.OnnxNode;
import org.corenn.nn.Graph;
import org.corenn.nn.Layer;
import org.corenn.nn.Weights;
import org.corenn.runtime.CorennException;
import org.corenn.tensor.Shape;

/**
 * State of one import: ONNX value names → graph values, the known constant arrays (initializers and
 * Constant outputs), the weights collected so far, and how many nodes read each ONNX value (for the
 * peepholes that fuse a MatMul with its Add).
 */
final class ImportContext {
    final Graph.Builder graph = Graph.builder();
    final Weights.Builder weights = Weights.builder();
    final long opset;
    private final Map<String, Graph.Value> values = new HashMap<>();
    private final Map<String, HostArray> constants = new HashMap<>();
    private final Map<String, Integer> readers = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    /** MatMul nodes whose bias comes from the Add that alone reads them (Linear on a 3-d input). */
    final Map<OnnxNode, OnnxNode> biasAddOf = new HashMap<>();
    private int anonymous;

    ImportContext(OnnxGraph onnx, long opset) {
        this.opset = opset;
        constants.putAll(onnx.initializers());
        for (OnnxNode node : onnx.nodes()) {
            for (String in : node.inputs()) {
                if (!in.isEmpty()) {
                    readers.merge(in, 1, Integer::sum);
                }
            }
        }
        for (var out : onnx.outputs()) {
            readers.merge(out.name(), 1, Integer::sum);
        }
    }

    /** A unique graph node name for this ONNX node (its own name when it has a usable one). */
    String nodeName(OnnxNode node) {
        String base = node.name().isEmpty() ? node.opType() + "_" + anonymous++ : node.name();
        String name = base;
        for (int i = 2; !names.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    boolean isFused(OnnxNode add) {
        return biasAddOf.containsValue(add);
    }

    void define(String onnxName, Graph.Value value) {
        values.put(onnxName, value);
    }

    boolean isConstant(String onnxName) {
        return constants.containsKey(onnxName);
    }

    /** The known contents of an initializer or Constant output, or an error naming the node. */
    HostArray constant(OnnxNode node, int input, String what) {
        String name = input < node.inputs().size() ? node.inputs().get(input) : "";
        HostArray a = name.isEmpty() ? null : constants.get(name);
        if (a == null) {
            throw unsupported(node, what + " (input " + input + ") must be a constant initializer");
        }
        return a;
    }

    void defineConstant(String onnxName, HostArray array) {
        constants.put(onnxName, array);
    }

    /** The graph value of an ONNX name; initializers and constants become graph constants on first use. */
    Graph.Value value(OnnxNode node, String onnxName) {
        Graph.Value v = values.get(onnxName);
        if (v != null) {
            return v;
        }
        HostArray c = constants.get(onnxName);
        if (c == null) {
            throw new CorennException("onnx: node '" + node.name() + "' (" + node.opType() + ") reads '" + onnxName
                    + "', which no earlier node or initializer defines");
        }
        double[] data = new double[c.size()];
        if (c.dataType().isFloatingPoint()) {
            float[] f = c.toFloatArray();
            for (int i = 0; i < f.length; i++) {
                data[i] = f[i];
            }
        } else {
            long[] l = c.toLongArray();
            for (int i = 0; i < l.length; i++) {
                data[i] = l[i];
            }
        }
        v = graph.constant(c.shape(), data);
        values.put(onnxName, v);
        return v;
    }

    /** The value a graph output names. */
    Graph.Value output(String onnxName) {
        Graph.Value v = values.get(onnxName);
        if (v == null && constants.containsKey(onnxName)) {
            throw new CorennException("onnx: graph output '" + onnxName + "' is a constant; Corenn computes outputs only");
        }
        if (v == null) {
            throw new CorennException("onnx: graph output '" + onnxName + "' is not produced by any node");
        }
        return v;
    }

    /** Graph values for a node's non-empty inputs from {@code first} on. */
    Graph.Value[] inputs(OnnxNode node, int first, int count) {
        Graph.Value[] v = new Graph.Value[count];
        for (int i = 0; i < count; i++) {
            v[i] = value(node, node.inputs().get(first + i));
        }
        return v;
    }

    int readers(String onnxName) {
        return readers.getOrDefault(onnxName, 0);
    }

    /** Adds a single-output layer for the node and defines its first output. */
    Graph.Value add(OnnxNode node, Layer layer, Graph.Value... in) {
        Graph.Value v = graph.add(nodeName(node), layer, in);
        define(node.outputs().get(0), v);
        return v;
    }

    void weight(String name, Shape shape, float[] data) {
        weights.put(name, shape, data);
    }

    static CorennException unsupported(OnnxNode node, String what) {
        return new CorennException("onnx: node '" + node.name() + "' (" + node.opType() + "): unsupported: " + what);
    }

    static List<String> nonEmpty(List<String> names) {
        return names.stream().filter(n -> !n.isEmpty()).toList();
    }
}
