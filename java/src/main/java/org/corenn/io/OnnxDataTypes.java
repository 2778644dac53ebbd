package org.corenn.io;

import java.util.Optional;

/** ONNX {@code TensorProto.DataType} codes and the host types they map to. */
public final class OnnxDataTypes {
    static final int UNDEFINED = 0;
    static final int FLOAT = 1;
    static final int UINT8 = 2;
    static final int INT8 = 3;
    static final int INT16 = 5;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int BOOL = 9;
    static final int FLOAT16 = 10;
    static final int DOUBLE = 11;
    static final int BFLOAT16 = 16;

    private static final String[] NAMES = {"UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32",
        "INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16"};

    private OnnxDataTypes() {
    }

    /**
     * The host type of an ONNX {@code TensorProto.DataType} code (1 FLOAT, 7 INT64, ...); empty for
     * STRING, UINT16/32/64, the complex types and unknown codes.
     */
    public static Optional<DataType> fromCode(int code) {
        switch (code) {
            case FLOAT: return Optional.of(DataType.FLOAT32);
            case UINT8: return Optional.of(DataType.UINT8);
            case INT8: return Optional.of(DataType.INT8);
            case INT16: return Optional.of(DataType.INT16);
            case INT32: return Optional.of(DataType.INT32);
            case INT64: return Optional.of(DataType.INT64);
            case BOOL: return Optional.of(DataType.BOOL);
            case FLOAT16: return Optional.of(DataType.FLOAT16);
            case DOUBLE: return Optional.of(DataType.FLOAT64);
            case BFLOAT16: return Optional.of(DataType.BFLOAT16);
            default: return Optional.empty();
        }
    }

    /** The ONNX name of {@code code} for messages, e.g. {@code 8 (STRING)}. */
    static String describe(int code) {
        return code >= 0 && code < NAMES.length ? code + " (" + NAMES[code] + ")" : Integer.toString(code);
    }
}
