package org.corenn.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.corenn.runtime.CorennException;
import org.corenn.tensor.Shape;

/**
 * Shapes and element bytes shared by the file readers and writers. Dimensions arrive from untrusted
 * files as longs; they are checked here before any array is sized from them.
 */
final class ElementCodec {
    /** Largest element count a {@link Shape} (and a Java array) can hold. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE;
    /** Largest byte array the JVM reliably allocates; one array's data is read or written in one piece. */
    static final int MAX_BUFFER_BYTES = Integer.MAX_VALUE - 8;
    private static final int MAX_DIMS_SHOWN = 16;

    private ElementCodec() {
    }

    /** {@code [64, 3, 3, 3]}; a hostile rank is cut short so that a message stays a line long. */
    static String describeDims(long[] dims) {
        if (dims.length <= MAX_DIMS_SHOWN) {
            return Arrays.toString(dims);
        }
        return Arrays.toString(Arrays.copyOf(dims, MAX_DIMS_SHOWN)).replace("]", ", ... (" + dims.length
                + " dims)]");
    }

    static String describeDims(Shape shape) {
        return describeDims(Arrays.stream(shape.dims()).asLongStream().toArray());
    }

    /**
     * The shape for file dimensions {@code dims}, or a CorennException naming {@code where} if a
     * dimension is negative or the element count does not fit in an int.
     */
    static Shape shape(String where, long[] dims) {
        int[] intDims = new int[dims.length];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new CorennException(where + ": dimension " + i + " of " + describeDims(dims) + " is negative");
            }
            if (dims[i] > MAX_ELEMENTS) {
                throw new CorennException(where + ": dimension " + i + " of " + describeDims(dims) + " exceeds 2^31-1");
            }
            intDims[i] = (int) dims[i];
            count *= dims[i];
            if (count > MAX_ELEMENTS) {
                throw new CorennException(where + ": dims " + describeDims(dims) + " have more than 2^31-1 elements");
            }
        }
        return Shape.of(intDims);
    }

    /** Bytes {@code shape} takes in {@code dataType}; at most 8 * (2^31-1), so never overflows. */
    static long byteCount(DataType dataType, Shape shape) {
        return (long) shape.size() * dataType.byteSize();
    }

    /**
     * Decodes exactly {@code shape.size()} elements from {@code data}'s position on; the caller has
     * checked that {@code data.remaining()} equals {@link #byteCount}.
     */
    static HostArray decode(DataType dataType, ByteOrder order, ByteBuffer data, Shape shape) {
        ByteBuffer in = data.slice().order(order);
        int count = shape.size();
        switch (dataType) {
            case FLOAT32: {
                float[] values = new float[count];
                in.asFloatBuffer().get(values);
                return HostArray.wrapFloats(dataType, values, shape);
            }
            case FLOAT64: {
                float[] values = new float[count];
                for (int i = 0; i < count; i++) {
                    values[i] = (float) in.getDouble(i * 8);
                }
                return HostArray.wrapFloats(dataType, values, shape);
            }
            case FLOAT16: {
                float[] values = new float[count];
                for (int i = 0; i < count; i++) {
                    values[i] = HalfFloats.float16ToFloat(in.getShort(i * 2));
                }
                return HostArray.wrapFloats(dataType, values, shape);
            }
            case BFLOAT16: {
                float[] values = new float[count];
                for (int i = 0; i < count; i++) {
                    values[i] = HalfFloats.bfloat16ToFloat(in.getShort(i * 2));
                }
                return HostArray.wrapFloats(dataType, values, shape);
            }
            default:
                return HostArray.wrapLongs(dataType, decodeIntegers(dataType, in, count), shape);
        }
    }

    private static long[] decodeIntegers(DataType dataType, ByteBuffer in, int count) {
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            switch (dataType) {
                case INT8:
                    values[i] = in.get(i);
                    break;
                case UINT8:
                    values[i] = in.get(i) & 0xff;
                    break;
                case BOOL:
                    // NumPy and PyTorch read any nonzero byte as true.
                    values[i] = in.get(i) != 0 ? 1 : 0;
                    break;
                case INT16:
                    values[i] = in.getShort(i * 2);
                    break;
                case INT32:
                    values[i] = in.getInt(i * 4);
                    break;
                case INT64:
                    values[i] = in.getLong(i * 8);
                    break;
                default:
                    throw new AssertionError(dataType);
            }
        }
        return values;
    }

    /**
     * The little-endian bytes of a FLOAT32 or INT64 array, the two types the writers store; other
     * types are rejected so that no value is narrowed or widened without the caller asking.
     */
    static byte[] encodeLittleEndian(String where, HostArray array) {
        long bytes = byteCount(array.dataType(), array.shape());
        if (bytes > MAX_BUFFER_BYTES) {
            throw new IllegalArgumentException(where + ": " + array + " takes " + bytes
                    + " bytes, more than the " + MAX_BUFFER_BYTES + " one write can hold");
        }
        ByteBuffer out = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (array.dataType() == DataType.FLOAT32) {
            out.asFloatBuffer().put(array.toFloatArray());
        } else if (array.dataType() == DataType.INT64) {
            out.asLongBuffer().put(array.toLongArray());
        } else {
            throw new IllegalArgumentException(where + ": can write FLOAT32 or INT64 arrays, got "
                    + array.dataType() + " " + array.shape() + "; convert it first");
        }
        return out.array();
    }
}
