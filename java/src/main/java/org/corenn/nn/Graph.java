package org.corenn.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.corenn.tensor.Shape;

/**
 * A DAG of layers with named inputs and outputs. Values are numbered; nodes are kept in a valid
 * execution order (the builder only lets a node use values that already exist). Immutable.
 *
 * <pre>{@code
 * Graph.Builder g = Graph.builder();
 * Graph.Value x = g.input("image", -1, 3, 32, 32);          // -1: dynamic (batch)
 * Graph.Value y = g.add("conv1", new Conv2d(16, 3, Padding.SAME), x);
 * g.output("features", g.add("relu", Activation.RELU, y));
 * Graph graph = g.build();
 * }</pre>
 */
public final class Graph {
    /** A value of the graph under construction. */
    public static final class Value {
        final int id;
        final Builder owner;

        Value(int id, Builder owner) {
            this.id = id;
            this.owner = owner;
        }

        public int id() {
            return id;
        }
    }

    /** One layer application. */
    public static final class Node {
        private final String name;
        private final Layer layer;
        private final int[] inputs;
        private final int[] outputs;

        Node(String name, Layer layer, int[] inputs, int[] outputs) {
            this.name = name;
            this.layer = layer;
            this.inputs = inputs;
            this.outputs = outputs;
        }

        public String name() {
            return name;
        }

        public Layer layer() {
            return layer;
        }

        public int[] inputs() {
            return inputs.clone();
        }

        public int[] outputs() {
            return outputs.clone();
        }
    }

    /** A declared graph input: dimensions with -1 for those given at predict time. */
    public static final class Input {
        private final String name;
        private final int value;
        private final int[] dims;

        Input(String name, int value, int[] dims) {
            this.name = name;
            this.value = value;
            this.dims = dims;
        }

        public String name() {
            return name;
        }

        public int value() {
            return value;
        }

        public int[] dims() {
            return dims.clone();
        }

        /** Whether {@code shape} fits the declaration (same rank, fixed dims equal). */
        public boolean accepts(Shape shape) {
            if (shape.rank() != dims.length) {
                return false;
            }
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] >= 0 && dims[i] != shape.dim(i)) {
                    return false;
                }
            }
            return true;
        }

        /** The declared dims with dynamic ones set to 1: the shapes a Model is built with. */
        public Shape exampleShape() {
            int[] d = dims.clone();
            for (int i = 0; i < d.length; i++) {
                d[i] = d[i] < 0 ? 1 : d[i];
            }
            return Shape.of(d);
        }

        public String describe() {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < dims.length; i++) {
                s.append(i > 0 ? ", " : "").append(dims[i] < 0 ? "?" : String.valueOf(dims[i]));
            }
            return s.append(']').toString();
        }
    }

    private final List<Input> inputs;
    private final Map<String, Integer> outputs;
    private final List<Node> nodes;
    private final Map<Integer, ValueInfo> constants;
    private final int valueCount;

    private Graph(Builder b) {
        this.inputs = List.copyOf(b.inputs);
        this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(b.outputs));
        this.nodes = List.copyOf(b.nodes);
        this.constants = Collections.unmodifiableMap(new HashMap<>(b.constants));
        this.valueCount = b.valueCount;
    }

    private Graph(Graph base, List<Node> nodes) {
        this.inputs = base.inputs;
        this.outputs = base.outputs;
        this.nodes = List.copyOf(nodes);
        this.constants = base.constants;
        this.valueCount = base.valueCount;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same inputs, outputs and values computed by other nodes (the model compiler's rewrites). */
    Graph withNodes(List<Node> replacement) {
        return new Graph(this, replacement);
    }

    public List<Input> inputs() {
        return inputs;
    }

    /** Output name → value id, in declaration order. */
    public Map<String, Integer> outputs() {
        return outputs;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** Values whose contents the graph itself defines (e.g. ONNX initializers used as data). */
    public Map<Integer, ValueInfo> constants() {
        return constants;
    }

    public int valueCount() {
        return valueCount;
    }

    /**
     * The state_dict names and shapes of every weight, inferred from the example input shapes.
     * Throws with the node's name if shapes do not fit.
     */
    public Map<String, Shape> parameterShapes() {
        return parameterShapes(exampleShapes());
    }

    /** The same for given input shapes. */
    public Map<String, Shape> parameterShapes(Map<String, Shape> inputShapes) {
        Map<String, Shape> all = new LinkedHashMap<>();
        ShapeInference.run(this, inputShapes, (node, in, out) -> {
            List<Shape> shapes = new ArrayList<>();
            for (ValueInfo v : in) {
                shapes.add(v.shape());
            }
            for (Map.Entry<String, Shape> p : node.layer().parameters(shapes).entrySet()) {
                all.put(node.name() + "." + p.getKey(), p.getValue());
            }
        });
        return all;
    }

    /** Example shapes of the inputs (dynamic dims = 1), by input name. */
    public Map<String, Shape> exampleShapes() {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (Input in : inputs) {
            shapes.put(in.name(), in.exampleShape());
        }
        return shapes;
    }

    /** Builds a graph; not thread-safe. */
    public static final class Builder {
        private final List<Input> inputs = new ArrayList<>();
        private final Map<String, Integer> outputs = new LinkedHashMap<>();
        private final List<Node> nodes = new ArrayList<>();
        private final Map<Integer, ValueInfo> constants = new HashMap<>();
        private final Set<String> names = new HashSet<>();
        private int valueCount;

        public Value input(String name, int... dims) {
            requireNewName(name);
            if (dims == null) {
                throw new NullPointerException("graph: dims of input '" + name + "' must not be null");
            }
            for (int d : dims) {
                if (d < -1) {
                    throw new IllegalArgumentException("graph: input '" + name + "' dims must be >= 0 or -1 (dynamic), got "
                            + Arrays.toString(dims));
                }
            }
            Value v = new Value(valueCount++, this);
            inputs.add(new Input(name, v.id, dims.clone()));
            return v;
        }

        /** A value with fixed contents (e.g. an ONNX initializer consumed as data). */
        public Value constant(Shape shape, double[] values) {
            Value v = new Value(valueCount++, this);
            constants.put(v.id, ValueInfo.constant(shape, values));
            return v;
        }

        /** Adds a single-output layer. */
        public Value add(String name, Layer layer, Value... in) {
            if (layer != null && layer.outputCount() != 1) {
                throw new IllegalArgumentException("graph: layer '" + name + "' (" + layer.kind() + ") has "
                        + layer.outputCount() + " outputs; use addMulti");
            }
            return addMulti(name, layer, in).get(0);
        }

        /** Adds a layer and returns all its outputs (e.g. LSTM: output, h_n, c_n). */
        public List<Value> addMulti(String name, Layer layer, Value... in) {
            requireNewName(name);
            if (layer == null || in == null) {
                throw new NullPointerException("graph: layer and inputs of '" + name + "' must not be null");
            }
            if (in.length < layer.minInputs() || in.length > layer.maxInputs()) {
                throw new IllegalArgumentException("graph: layer '" + name + "' (" + layer.kind() + ") takes "
                        + layer.minInputs() + ".." + layer.maxInputs() + " inputs, got " + in.length);
            }
            int[] ids = new int[in.length];
            for (int i = 0; i < in.length; i++) {
                if (in[i] == null || in[i].owner != this) {
                    throw new IllegalArgumentException("graph: input " + i + " of '" + name
                            + "' is not a value of this builder");
                }
                ids[i] = in[i].id;
            }
            List<Value> out = new ArrayList<>();
            int[] outIds = new int[layer.outputCount()];
            for (int i = 0; i < outIds.length; i++) {
                Value v = new Value(valueCount++, this);
                outIds[i] = v.id;
                out.add(v);
            }
            nodes.add(new Node(name, layer, ids, outIds));
            return out;
        }

        public Builder output(String name, Value value) {
            if (name == null || value == null || value.owner != this) {
                throw new IllegalArgumentException("graph: output needs a name and a value of this builder");
            }
            if (outputs.containsKey(name)) {
                throw new IllegalArgumentException("graph: output '" + name + "' is declared twice");
            }
            outputs.put(name, value.id);
            return this;
        }

        /** Validates shapes with the example input shapes (dynamic dims = 1) and freezes the graph. */
        public Graph build() {
            Graph g = buildUnchecked();
            ShapeInference.run(g, g.exampleShapes(), (node, in, out) -> { });
            return g;
        }

        /**
         * Freezes the graph without checking shapes, for graphs whose dynamic dims cannot be 1 (a CNN
         * over images of any width); shapes are checked when a Model is compiled for concrete sizes.
         */
        public Graph buildUnchecked() {
            if (outputs.isEmpty()) {
                throw new IllegalArgumentException("graph: declare at least one output");
            }
            return new Graph(this);
        }

        private void requireNewName(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("graph: names must be non-empty");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("graph: name '" + name + "' is used twice");
            }
        }
    }
}
