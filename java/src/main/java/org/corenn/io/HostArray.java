package org.corenn.io;

import java.util.Arrays;
import java.util.Objects;

import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * An immutable array on the Java heap as read from a model or data file: its element type, its shape
 * (row-major, C order) and its values. Floating types keep their values as {@code float[]}, integer and
 * boolean types as {@code long[]} (booleans as 0 or 1). Accessors return copies, so a reader's result
 * can be shared freely.
 */
public final class HostArray {
    private final DataType dataType;
    private final Shape shape;
    private final float[] floats;
    private final long[] longs;

    private HostArray(DataType dataType, Shape shape, float[] floats, long[] longs) {
        this.dataType = dataType;
        this.shape = shape;
        this.floats = floats;
        this.longs = longs;
    }

    /** A FLOAT32 array; {@code values} is copied. */
    public static HostArray ofFloat32(float[] values, Shape shape) {
        return ofFloats(DataType.FLOAT32, values, shape);
    }

    /** An INT64 array; {@code values} is copied. */
    public static HostArray ofInt64(long[] values, Shape shape) {
        return ofLongs(DataType.INT64, values, shape);
    }

    /** An array of a floating type (FLOAT32, FLOAT64, FLOAT16, BFLOAT16); {@code values} is copied. */
    public static HostArray ofFloats(DataType dataType, float[] values, Shape shape) {
        Objects.requireNonNull(dataType, "host array: dataType must not be null");
        Objects.requireNonNull(values, "host array: values must not be null");
        Objects.requireNonNull(shape, "host array: shape must not be null");
        if (!dataType.isFloatingPoint()) {
            throw new IllegalArgumentException("host array: ofFloats needs a floating data type, got " + dataType
                    + "; use ofLongs");
        }
        checkLength(values.length, shape);
        return new HostArray(dataType, shape, values.clone(), null);
    }

    /**
     * An array of an integer or boolean type; {@code values} is copied and each must fit the type
     * (0 or 1 for BOOL).
     */
    public static HostArray ofLongs(DataType dataType, long[] values, Shape shape) {
        Objects.requireNonNull(dataType, "host array: dataType must not be null");
        Objects.requireNonNull(values, "host array: values must not be null");
        Objects.requireNonNull(shape, "host array: shape must not be null");
        if (dataType.isFloatingPoint()) {
            throw new IllegalArgumentException("host array: ofLongs needs an integer or BOOL data type, got "
                    + dataType + "; use ofFloats");
        }
        checkLength(values.length, shape);
        for (int i = 0; i < values.length; i++) {
            if (!dataType.holds(values[i])) {
                throw new IllegalArgumentException("host array: value " + values[i] + " at index " + i
                        + " does not fit " + dataType);
            }
        }
        return new HostArray(dataType, shape, null, values.clone());
    }

    /** For readers: takes ownership of {@code values}, whose length and type the caller has checked. */
    static HostArray wrapFloats(DataType dataType, float[] values, Shape shape) {
        return new HostArray(dataType, shape, values, null);
    }

    /** For readers: takes ownership of {@code values}, whose length and range the caller has checked. */
    static HostArray wrapLongs(DataType dataType, long[] values, Shape shape) {
        return new HostArray(dataType, shape, null, values);
    }

    private static void checkLength(int length, Shape shape) {
        if (length != shape.size()) {
            throw new IllegalArgumentException("host array: shape " + shape + " needs " + shape.size()
                    + " values, got " + length);
        }
    }

    public DataType dataType() {
        return dataType;
    }

    public Shape shape() {
        return shape;
    }

    /** Number of elements. */
    public int size() {
        return shape.size();
    }

    /** The values as float32 (integers convert as by a Java cast, large int64 values round). */
    public float[] toFloatArray() {
        if (floats != null) {
            return floats.clone();
        }
        float[] result = new float[longs.length];
        for (int i = 0; i < longs.length; i++) {
            result[i] = longs[i];
        }
        return result;
    }

    /**
     * The values of an integer or boolean array. Floating arrays throw rather than truncate silently,
     * because an index or shape tensor that arrives as float is a model error worth seeing.
     */
    public long[] toLongArray() {
        if (longs == null) {
            throw new IllegalStateException("host array: toLongArray needs an integer or BOOL array, this one is "
                    + dataType + " " + shape + "; use toFloatArray");
        }
        return longs.clone();
    }

    /** Element {@code index} (row-major) as float. */
    public float getFloat(int index) {
        Objects.checkIndex(index, size());
        return floats != null ? floats[index] : longs[index];
    }

    /** Element {@code index} (row-major) of an integer or boolean array. */
    public long getLong(int index) {
        Objects.checkIndex(index, size());
        if (longs == null) {
            throw new IllegalStateException("host array: getLong needs an integer or BOOL array, this one is "
                    + dataType);
        }
        return longs[index];
    }

    /** A new native float32 tensor holding these values; the caller owns and closes it. */
    public Tensor toTensor() {
        return Tensor.of(floats != null ? floats : toFloatArray(), shape);
    }

    /** Same type, shape and values (floats compared bitwise, so NaN equals NaN). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HostArray)) {
            return false;
        }
        HostArray other = (HostArray) o;
        return dataType == other.dataType && shape.equals(other.shape) && Arrays.equals(floats, other.floats)
                && Arrays.equals(longs, other.longs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataType, shape, Arrays.hashCode(floats), Arrays.hashCode(longs));
    }

    @Override
    public String toString() {
        return "HostArray(" + dataType + " " + shape + ")";
    }
}
