package org.corenn.io;

import java.util.Objects;
import java.util.Optional;

/**
 * One dimension of an ONNX value's declared shape: a fixed size, a symbolic name such as
 * {@code "batch"} that is bound at run time, or unknown (neither given).
 */
public final class OnnxDimension {
    private static final OnnxDimension UNKNOWN = new OnnxDimension(-1, null);

    private final long value;
    private final String symbol;

    private OnnxDimension(long value, String symbol) {
        this.value = value;
        this.symbol = symbol;
    }

    public static OnnxDimension fixed(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("onnx dimension: fixed value must be >= 0, got " + value);
        }
        return new OnnxDimension(value, null);
    }

    public static OnnxDimension symbolic(String symbol) {
        return new OnnxDimension(-1, Objects.requireNonNull(symbol, "onnx dimension: symbol must not be null"));
    }

    public static OnnxDimension unknown() {
        return UNKNOWN;
    }

    public boolean isFixed() {
        return value >= 0;
    }

    /** The fixed size; throws for symbolic and unknown dimensions. */
    public long value() {
        if (value < 0) {
            throw new IllegalStateException("onnx dimension: " + this + " has no fixed value");
        }
        return value;
    }

    /** The symbolic name, if this dimension has one. */
    public Optional<String> symbol() {
        return Optional.ofNullable(symbol);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OnnxDimension && value == ((OnnxDimension) o).value
                && Objects.equals(symbol, ((OnnxDimension) o).symbol);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, symbol);
    }

    /** {@code 3}, {@code batch} or {@code ?}. */
    @Override
    public String toString() {
        return value >= 0 ? Long.toString(value) : symbol != null ? symbol : "?";
    }
}
