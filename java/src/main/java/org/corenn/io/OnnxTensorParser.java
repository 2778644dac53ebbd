package org.corenn.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

import org.corenn.runtime.CorennException;
import org.corenn.tensor.Shape;

/**
 * Decodes an ONNX {@code TensorProto} (initializers and tensor attributes) into a {@link HostArray}.
 * The data may be raw little-endian bytes, a typed repeated field, or external; exactly one source is
 * allowed and its size must match the dimensions. Arrays are sized only after that check, so a huge
 * declared shape with little data costs nothing.
 */
final class OnnxTensorParser {
    // TensorProto field numbers (onnx.proto).
    private static final int DIMS = 1;
    private static final int DATA_TYPE = 2;
    private static final int SEGMENT = 3;
    private static final int FLOAT_DATA = 4;
    private static final int INT32_DATA = 5;
    private static final int STRING_DATA = 6;
    private static final int INT64_DATA = 7;
    private static final int NAME = 8;
    private static final int RAW_DATA = 9;
    private static final int DOUBLE_DATA = 10;
    private static final int UINT64_DATA = 11;
    private static final int EXTERNAL_DATA = 13;
    private static final int DATA_LOCATION = 14;
    private static final int LOCATION_EXTERNAL = 1;

    /** A decoded tensor and the name it was stored under ("" if none). */
    static final class Named {
        final String name;
        final HostArray array;

        Named(String name, HostArray array) {
            this.name = name;
            this.array = array;
        }
    }

    private OnnxTensorParser() {
    }

    /**
     * Reads one TensorProto. {@code prefix} locates the enclosing graph or node; {@code kind} says what the
     * tensor is ("initializer", "attribute 'value' tensor") so messages read like
     * {@code initializer 'conv1.weight': raw_data has 100 bytes, dims [64, 3, 3, 3] need 6912}.
     */
    static Named parse(ProtoReader r, String prefix, String kind, ExternalData external) {
        LongList dims = new LongList();
        LongList floatData = new LongList();
        LongList int32Data = new LongList();
        LongList int64Data = new LongList();
        LongList doubleData = new LongList();
        int dataType = OnnxDataTypes.UNDEFINED;
        String name = "";
        ByteBuffer raw = null;
        boolean hasStrings = false;
        boolean hasUint64 = false;
        Map<String, String> externalEntries = new LinkedHashMap<>();
        int location = 0;
        while (r.next()) {
            switch (r.field()) {
                case DIMS: r.varints("dims", dims); break;
                case DATA_TYPE: dataType = r.int32("data_type"); break;
                case SEGMENT: throw r.error("segment", "is not supported (tensors split across messages)");
                case FLOAT_DATA: r.floats("float_data", floatData); break;
                case INT32_DATA: r.varints("int32_data", int32Data); break;
                case STRING_DATA: hasStrings = true; r.skip(); break;
                case INT64_DATA: r.varints("int64_data", int64Data); break;
                case NAME: name = r.string("name"); break;
                case RAW_DATA: raw = r.bytes("raw_data"); break;
                case DOUBLE_DATA: r.doubles("double_data", doubleData); break;
                case UINT64_DATA: hasUint64 = true; r.skip(); break;
                case EXTERNAL_DATA: OnnxParser.readEntry(r.message("external_data", r.where()), externalEntries); break;
                case DATA_LOCATION: location = r.int32("data_location"); break;
                default: r.skip(); break;
            }
        }
        String where = "onnx: " + prefix + kind + (name.isEmpty() ? "" : " '" + name + "'");
        DataType type = OnnxDataTypes.fromCode(dataType).orElse(null);
        if (type == null) {
            throw new CorennException(where + ": data_type " + OnnxDataTypes.describe(dataType) + " is not supported;"
                    + " expected FLOAT, DOUBLE, FLOAT16, BFLOAT16, INT8, UINT8, INT16, INT32, INT64 or BOOL");
        }
        long[] dimValues = dims.toArray();
        String dimsText = ElementCodec.describeDims(dimValues);
        Shape shape = ElementCodec.shape(where + ": dims", dimValues);
        long byteCount = ElementCodec.byteCount(type, shape);

        int sources = (raw != null ? 1 : 0) + (floatData.size() > 0 ? 1 : 0) + (int32Data.size() > 0 ? 1 : 0)
                + (int64Data.size() > 0 ? 1 : 0) + (doubleData.size() > 0 ? 1 : 0)
                + (location == LOCATION_EXTERNAL ? 1 : 0) + (hasStrings ? 1 : 0) + (hasUint64 ? 1 : 0);
        if (sources > 1) {
            throw new CorennException(where + ": has data in more than one of raw_data, the typed *_data fields"
                    + " and external data");
        }
        if (location != 0 && location != LOCATION_EXTERNAL) {
            throw new CorennException(where + ": data_location " + location + " is not 0 (DEFAULT) or 1 (EXTERNAL)");
        }
        if (!externalEntries.isEmpty() && location != LOCATION_EXTERNAL) {
            throw new CorennException(where + ": has external_data entries but data_location is not EXTERNAL");
        }
        HostArray array;
        if (location == LOCATION_EXTERNAL) {
            ByteBuffer bytes = external.read(where, externalEntries, byteCount, dimsText);
            array = ElementCodec.decode(type, ByteOrder.LITTLE_ENDIAN, bytes, shape);
        } else if (raw != null) {
            if (raw.remaining() != byteCount) {
                throw new CorennException(where + ": raw_data has " + raw.remaining() + " bytes, dims " + dimsText
                        + " need " + byteCount);
            }
            array = ElementCodec.decode(type, ByteOrder.LITTLE_ENDIAN, raw, shape);
        } else if (floatData.size() > 0) {
            checkTyped(where, "float_data", floatData, type, shape, dimsText, type == DataType.FLOAT32);
            float[] values = new float[shape.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = Float.intBitsToFloat((int) floatData.get(i));
            }
            array = HostArray.wrapFloats(type, values, shape);
        } else if (doubleData.size() > 0) {
            checkTyped(where, "double_data", doubleData, type, shape, dimsText, type == DataType.FLOAT64);
            float[] values = new float[shape.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) Double.longBitsToDouble(doubleData.get(i));
            }
            array = HostArray.wrapFloats(type, values, shape);
        } else if (int64Data.size() > 0) {
            checkTyped(where, "int64_data", int64Data, type, shape, dimsText, type == DataType.INT64);
            array = HostArray.wrapLongs(type, int64Data.toArray(), shape);
        } else if (int32Data.size() > 0) {
            checkTyped(where, "int32_data", int32Data, type, shape, dimsText,
                    type != DataType.FLOAT32 && type != DataType.FLOAT64 && type != DataType.INT64);
            array = fromInt32Data(where, int32Data, type, shape);
        } else if (hasStrings || hasUint64) {
            throw new CorennException(where + ": has " + (hasStrings ? "string_data" : "uint64_data")
                    + ", which does not match data_type " + type);
        } else if (shape.size() > 0) {
            throw new CorennException(where + ": has no data; dims " + dimsText + " need " + byteCount + " bytes");
        } else {
            array = type.isFloatingPoint() ? HostArray.wrapFloats(type, new float[0], shape)
                    : HostArray.wrapLongs(type, new long[0], shape);
        }
        return new Named(name, array);
    }

    private static void checkTyped(String where, String field, LongList values, DataType type, Shape shape,
            String dims, boolean fieldMatchesType) {
        if (!fieldMatchesType) {
            throw new CorennException(where + ": " + field + " cannot hold data_type " + type);
        }
        if (values.size() != shape.size()) {
            throw new CorennException(where + ": " + field + " has " + values.size() + " values, dims " + dims
                    + " need " + shape.size());
        }
    }

    /** int32_data holds small integers as values and 16-bit floats as their bit patterns. */
    private static HostArray fromInt32Data(String where, LongList data, DataType type, Shape shape) {
        int count = shape.size();
        if (type == DataType.FLOAT16 || type == DataType.BFLOAT16) {
            float[] values = new float[count];
            for (int i = 0; i < count; i++) {
                int bits = (int) data.get(i);
                values[i] = type == DataType.FLOAT16 ? HalfFloats.float16ToFloat(bits)
                        : HalfFloats.bfloat16ToFloat(bits);
            }
            return HostArray.wrapFloats(type, values, shape);
        }
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            long value = (int) data.get(i);
            if (!type.holds(value)) {
                throw new CorennException(where + ": int32_data[" + i + "] = " + value + " does not fit " + type);
            }
            values[i] = value;
        }
        return HostArray.wrapLongs(type, values, shape);
    }
}
