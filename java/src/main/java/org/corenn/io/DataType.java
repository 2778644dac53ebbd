package org.corenn.io;

/**
 * Element types a model file may store. Floating types are held as {@code float} on the host
 * (FLOAT64 is rounded once, FLOAT16 and BFLOAT16 widen exactly); integer and boolean types are held as
 * {@code long}, which represents every one of them exactly.
 */
public enum DataType {
    FLOAT32(4, true, 0, 0),
    FLOAT64(8, true, 0, 0),
    FLOAT16(2, true, 0, 0),
    BFLOAT16(2, true, 0, 0),
    INT8(1, false, Byte.MIN_VALUE, Byte.MAX_VALUE),
    UINT8(1, false, 0, 255),
    INT16(2, false, Short.MIN_VALUE, Short.MAX_VALUE),
    INT32(4, false, Integer.MIN_VALUE, Integer.MAX_VALUE),
    INT64(8, false, Long.MIN_VALUE, Long.MAX_VALUE),
    BOOL(1, false, 0, 1);

    private final int byteSize;
    private final boolean floatingPoint;
    private final long minValue;
    private final long maxValue;

    DataType(int byteSize, boolean floatingPoint, long minValue, long maxValue) {
        this.byteSize = byteSize;
        this.floatingPoint = floatingPoint;
        this.minValue = minValue;
        this.maxValue = maxValue;
    }

    /** Bytes one element occupies in a file. */
    public int byteSize() {
        return byteSize;
    }

    /** True for the types held as {@code float}; false for the integer and boolean types held as {@code long}. */
    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    /** Whether {@code value} is representable in this integer type; always false for floating types. */
    public boolean holds(long value) {
        return !floatingPoint && value >= minValue && value <= maxValue;
    }
}
