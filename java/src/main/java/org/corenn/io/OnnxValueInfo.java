package org.corenn.io;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A graph input, output or intermediate value as declared in the model: its name and, when it is a
 * tensor, its ONNX element type and (if declared) its dimensions.
 */
public final class OnnxValueInfo {
    private final String name;
    private final boolean tensor;
    private final int elementType;
    private final List<OnnxDimension> dims;
    private final boolean hasShape;

    /**
     * {@code elementType} is an ONNX TensorProto.DataType code (0 when not a tensor); {@code dims} is
     * ignored unless {@code hasShape}.
     */
    public OnnxValueInfo(String name, boolean tensor, int elementType, List<OnnxDimension> dims, boolean hasShape) {
        this.name = Objects.requireNonNull(name, "onnx value info: name must not be null");
        this.tensor = tensor;
        this.elementType = elementType;
        this.dims = hasShape ? List.copyOf(dims) : List.of();
        this.hasShape = hasShape;
    }

    public String name() {
        return name;
    }

    /** False for sequences, maps and optionals, and when no type is declared. */
    public boolean isTensor() {
        return tensor;
    }

    /** The ONNX {@code TensorProto.DataType} code (1 float, 7 int64, ...); 0 if not a tensor or unset. */
    public int elementType() {
        return elementType;
    }

    /** The element type, if it is one Corenn can hold. */
    public Optional<DataType> dataType() {
        return OnnxDataTypes.fromCode(elementType);
    }

    /** Whether a shape is declared; a declared shape with no dimensions is a scalar. */
    public boolean hasShape() {
        return hasShape;
    }

    /** The declared dimensions, outermost first; empty when no shape is declared. */
    public List<OnnxDimension> dims() {
        return dims;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OnnxValueInfo)) {
            return false;
        }
        OnnxValueInfo other = (OnnxValueInfo) o;
        return name.equals(other.name) && tensor == other.tensor && elementType == other.elementType
                && dims.equals(other.dims) && hasShape == other.hasShape;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, tensor, elementType, dims, hasShape);
    }

    /** e.g. {@code input: FLOAT32 [batch, 3, 32, 32]}. */
    @Override
    public String toString() {
        if (!tensor) {
            return name + ": (not a tensor)";
        }
        String type = dataType().map(DataType::name).orElse("type " + elementType);
        return name + ": " + type + (hasShape ? " " + dims : " (shape unknown)");
    }
}
