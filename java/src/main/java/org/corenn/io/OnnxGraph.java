package org.corenn.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An ONNX graph: nodes in file order (topologically sorted in valid models), constant initializers by
 * name, and the declared inputs, outputs and intermediate values. Immutable.
 */
public final class OnnxGraph {
    private final String name;
    private final List<OnnxNode> nodes;
    private final Map<String, HostArray> initializers;
    private final List<OnnxValueInfo> inputs;
    private final List<OnnxValueInfo> outputs;
    private final List<OnnxValueInfo> valueInfo;

    public OnnxGraph(String name, List<OnnxNode> nodes, Map<String, HostArray> initializers,
            List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs, List<OnnxValueInfo> valueInfo) {
        this.name = Objects.requireNonNull(name, "onnx graph: name must not be null");
        this.nodes = List.copyOf(nodes);
        this.initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.valueInfo = List.copyOf(valueInfo);
    }

    public String name() {
        return name;
    }

    public List<OnnxNode> nodes() {
        return nodes;
    }

    /** Initializers by name, in file order. */
    public Map<String, HostArray> initializers() {
        return initializers;
    }

    /**
     * Declared inputs. Models from older exporters also list initializers here; {@link #runtimeInputs()}
     * leaves those out.
     */
    public List<OnnxValueInfo> inputs() {
        return inputs;
    }

    /** The inputs a caller must feed: declared inputs that are not initializers. */
    public List<OnnxValueInfo> runtimeInputs() {
        return inputs.stream().filter(input -> !initializers.containsKey(input.name()))
                .collect(Collectors.toUnmodifiableList());
    }

    public List<OnnxValueInfo> outputs() {
        return outputs;
    }

    /** Shapes and types the exporter recorded for intermediate values. */
    public List<OnnxValueInfo> valueInfo() {
        return valueInfo;
    }

    /** Same name, nodes, initializers and declared values. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OnnxGraph)) {
            return false;
        }
        OnnxGraph other = (OnnxGraph) o;
        return name.equals(other.name) && nodes.equals(other.nodes) && initializers.equals(other.initializers)
                && inputs.equals(other.inputs) && outputs.equals(other.outputs) && valueInfo.equals(other.valueInfo);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, nodes, initializers.keySet(), inputs, outputs);
    }

    @Override
    public String toString() {
        return "graph '" + name + "' (" + nodes.size() + " nodes, " + initializers.size() + " initializers)";
    }
}
