package org.corenn.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One operator application in an ONNX graph. Inputs and outputs are value names; an empty name marks
 * an omitted optional input or output, as in the spec. The domain is "" for the default ONNX operator
 * set ("ai.onnx" is normalized to "").
 */
public final class OnnxNode {
    private final String name;
    private final String opType;
    private final String domain;
    private final List<String> inputs;
    private final List<String> outputs;
    private final Map<String, OnnxAttribute> attributes;

    public OnnxNode(String name, String opType, String domain, List<String> inputs, List<String> outputs,
            List<OnnxAttribute> attributes) {
        this.name = Objects.requireNonNull(name, "onnx node: name must not be null");
        this.opType = Objects.requireNonNull(opType, "onnx node: opType must not be null");
        this.domain = OnnxModel.normalizeDomain(Objects.requireNonNull(domain, "onnx node: domain must not be null"));
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        Map<String, OnnxAttribute> byName = new LinkedHashMap<>();
        for (OnnxAttribute attribute : attributes) {
            if (byName.put(attribute.name(), attribute) != null) {
                throw new IllegalArgumentException("onnx node '" + name + "' (" + opType + "): attribute '"
                        + attribute.name() + "' appears twice");
            }
        }
        this.attributes = Collections.unmodifiableMap(byName);
    }

    public String name() {
        return name;
    }

    public String opType() {
        return opType;
    }

    public String domain() {
        return domain;
    }

    public List<String> inputs() {
        return inputs;
    }

    public List<String> outputs() {
        return outputs;
    }

    /** Attributes by name, in file order. */
    public Map<String, OnnxAttribute> attributes() {
        return attributes;
    }

    public Optional<OnnxAttribute> attribute(String attributeName) {
        return Optional.ofNullable(attributes.get(attributeName));
    }

    /** Same name, op type, domain, inputs, outputs and attributes. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OnnxNode)) {
            return false;
        }
        OnnxNode other = (OnnxNode) o;
        return name.equals(other.name) && opType.equals(other.opType) && domain.equals(other.domain)
                && inputs.equals(other.inputs) && outputs.equals(other.outputs) && attributes.equals(other.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, opType, domain, inputs, outputs, attributes);
    }

    /** e.g. {@code Conv 'conv1' (x, w, b) -> (y)}. */
    @Override
    public String toString() {
        return (domain.isEmpty() ? "" : domain + ".") + opType + " '" + name + "' (" + String.join(", ", inputs)
                + ") -> (" + String.join(", ", outputs) + ")";
    }
}
