package org.corenn.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.corenn.runtime.CorennException;

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

    // Typed lookups for importers: absent attributes take the operator's default, and a wrong kind or a
    // missing required attribute throws naming this node, its op type and the attribute.

    public float floatAttribute(String attributeName, float defaultValue) {
        OnnxAttribute a = attributes.get(attributeName);
        return a == null ? defaultValue : checked(a, OnnxAttribute.Kind.FLOAT).asFloat();
    }

    public long intAttribute(String attributeName, long defaultValue) {
        OnnxAttribute a = attributes.get(attributeName);
        return a == null ? defaultValue : checked(a, OnnxAttribute.Kind.INT).asInt();
    }

    public String stringAttribute(String attributeName, String defaultValue) {
        OnnxAttribute a = attributes.get(attributeName);
        return a == null ? defaultValue : checked(a, OnnxAttribute.Kind.STRING).asString();
    }

    /** The INTS attribute, or a copy of {@code defaultValue} if absent. */
    public long[] intsAttribute(String attributeName, long[] defaultValue) {
        OnnxAttribute a = attributes.get(attributeName);
        return a == null ? defaultValue.clone() : checked(a, OnnxAttribute.Kind.INTS).asInts();
    }

    /** The FLOATS attribute, or a copy of {@code defaultValue} if absent. */
    public float[] floatsAttribute(String attributeName, float[] defaultValue) {
        OnnxAttribute a = attributes.get(attributeName);
        return a == null ? defaultValue.clone() : checked(a, OnnxAttribute.Kind.FLOATS).asFloats();
    }

    /** A required TENSOR attribute (Constant's {@code value}, ConstantOfShape's fill). */
    public HostArray tensorAttribute(String attributeName) {
        return checked(required(attributeName), OnnxAttribute.Kind.TENSOR).asTensor();
    }

    /** A required GRAPH attribute (If's branches, Loop's and Scan's body). */
    public OnnxGraph graphAttribute(String attributeName) {
        return checked(required(attributeName), OnnxAttribute.Kind.GRAPH).asGraph();
    }

    private OnnxAttribute required(String attributeName) {
        OnnxAttribute a = attributes.get(attributeName);
        if (a == null) {
            throw new CorennException(describe() + ": required attribute '" + attributeName + "' is missing");
        }
        return a;
    }

    private OnnxAttribute checked(OnnxAttribute a, OnnxAttribute.Kind expected) {
        if (a.kind() != expected) {
            throw new CorennException(describe() + ": attribute '" + a.name() + "' is " + a.kind() + ", expected "
                    + expected);
        }
        return a;
    }

    private String describe() {
        return "onnx: node '" + name + "' (" + opType + ")";
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
