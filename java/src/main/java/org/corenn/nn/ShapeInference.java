package org.corenn.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.corenn.runtime.CorennException;
import org.corenn.tensor.Shape;

/** Runs every layer's {@link Layer#infer} in order for concrete input shapes. */
public final class ShapeInference {
    /** Sees each node with its inferred input and output values. */
    public interface Visitor {
        void visit(Graph.Node node, List<ValueInfo> inputs, List<ValueInfo> outputs);
    }

    private ShapeInference() {
    }

    /**
     * @param inputShapes a shape for every graph input, by name
     * @return the info of every value, indexed by value id
     */
    public static ValueInfo[] run(Graph graph, Map<String, Shape> inputShapes, Visitor visitor) {
        ValueInfo[] values = new ValueInfo[graph.valueCount()];
        for (Graph.Input in : graph.inputs()) {
            Shape shape = inputShapes.get(in.name());
            if (shape == null) {
                throw new IllegalArgumentException("model: missing input '" + in.name() + "' " + in.describe());
            }
            if (!in.accepts(shape)) {
                throw new IllegalArgumentException("model: input '" + in.name() + "' must have shape " + in.describe()
                        + ", got " + shape);
            }
            values[in.value()] = ValueInfo.of(shape);
        }
        for (Map.Entry<Integer, ValueInfo> c : graph.constants().entrySet()) {
            values[c.getKey()] = c.getValue();
        }
        for (Graph.Node node : graph.nodes()) {
            List<ValueInfo> in = new ArrayList<>();
            for (int id : node.inputs()) {
                in.add(values[id]);
            }
            List<ValueInfo> out;
            try {
                out = node.layer().infer(in);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CorennException("layer '" + node.name() + "' (" + node.layer().kind() + "): "
                        + e.getMessage() + " [inputs: " + in + "]", e);
            }
            int[] ids = node.outputs();
            if (out.size() != ids.length) {
                throw new CorennException("layer '" + node.name() + "' produced " + out.size() + " outputs, expected "
                        + ids.length);
            }
            for (int i = 0; i < ids.length; i++) {
                values[ids[i]] = out.get(i);
            }
            visitor.visit(node, in, out);
        }
        return values;
    }
}
