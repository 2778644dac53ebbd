package org.corenn.io;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.corenn.runtime.CorennException;

/**
 * One attribute of an ONNX node: its name, its kind and its value. Accessors for another kind throw a
 * {@link CorennException} naming the attribute and both kinds, which is the message an importer wants
 * when a model carries an attribute of an unexpected type.
 */
public final class OnnxAttribute {
    /** The attribute kinds Corenn reads (ONNX's AttributeType without the sparse and type-proto ones). */
    public enum Kind {
        FLOAT, INT, STRING, TENSOR, GRAPH, FLOATS, INTS, STRINGS
    }

    private final String name;
    private final Kind kind;
    private final Object value;

    private OnnxAttribute(String name, Kind kind, Object value) {
        this.name = Objects.requireNonNull(name, "onnx attribute: name must not be null");
        this.kind = kind;
        this.value = Objects.requireNonNull(value, "onnx attribute: value must not be null");
    }

    public static OnnxAttribute ofFloat(String name, float value) {
        return new OnnxAttribute(name, Kind.FLOAT, value);
    }

    public static OnnxAttribute ofInt(String name, long value) {
        return new OnnxAttribute(name, Kind.INT, value);
    }

    public static OnnxAttribute ofString(String name, String value) {
        return new OnnxAttribute(name, Kind.STRING, value);
    }

    public static OnnxAttribute ofTensor(String name, HostArray value) {
        return new OnnxAttribute(name, Kind.TENSOR, value);
    }

    public static OnnxAttribute ofGraph(String name, OnnxGraph value) {
        return new OnnxAttribute(name, Kind.GRAPH, value);
    }

    public static OnnxAttribute ofFloats(String name, float[] values) {
        return new OnnxAttribute(name, Kind.FLOATS, Objects.requireNonNull(values, "onnx attribute: values").clone());
    }

    public static OnnxAttribute ofInts(String name, long[] values) {
        return new OnnxAttribute(name, Kind.INTS, Objects.requireNonNull(values, "onnx attribute: values").clone());
    }

    public static OnnxAttribute ofStrings(String name, List<String> values) {
        return new OnnxAttribute(name, Kind.STRINGS,
                List.copyOf(Objects.requireNonNull(values, "onnx attribute: values")));
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public float asFloat() {
        return (Float) expect(Kind.FLOAT);
    }

    public long asInt() {
        return (Long) expect(Kind.INT);
    }

    public String asString() {
        return (String) expect(Kind.STRING);
    }

    public HostArray asTensor() {
        return (HostArray) expect(Kind.TENSOR);
    }

    public OnnxGraph asGraph() {
        return (OnnxGraph) expect(Kind.GRAPH);
    }

    public float[] asFloats() {
        return ((float[]) expect(Kind.FLOATS)).clone();
    }

    public long[] asInts() {
        return ((long[]) expect(Kind.INTS)).clone();
    }

    @SuppressWarnings("unchecked") // STRINGS values are always List<String>
    public List<String> asStrings() {
        return (List<String>) expect(Kind.STRINGS);
    }

    private Object expect(Kind expected) {
        if (kind != expected) {
            throw new CorennException("onnx: attribute '" + name + "' is " + kind + ", expected " + expected);
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OnnxAttribute)) {
            return false;
        }
        OnnxAttribute other = (OnnxAttribute) o;
        return name.equals(other.name) && kind == other.kind && Objects.deepEquals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind);
    }

    @Override
    public String toString() {
        String shown;
        switch (kind) {
            case FLOATS: shown = Arrays.toString((float[]) value); break;
            case INTS: shown = Arrays.toString((long[]) value); break;
            case STRING: shown = "'" + value + "'"; break;
            case GRAPH: shown = "graph '" + ((OnnxGraph) value).name() + "'"; break;
            default: shown = value.toString(); break;
        }
        return name + "=" + shown;
    }
}
