package org.corenn.reliability;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the protobuf wire format to take a valid ONNX file apart into fields and put an edited
 * one back together, so the model-file fuzz can plant huge dimensions deep inside and still have every
 * enclosing length correct.
 */
final class ProtoFields {
    static final int VARINT = 0;
    static final int I64 = 1;
    static final int LEN = 2;
    static final int I32 = 5;

    /** One field: its number, wire type, and either a varint value or the payload bytes. */
    static final class Field {
        final int number;
        final int wireType;
        long varint;
        byte[] payload;
        /** Offsets of the field's first and one-past-last byte in the message it was parsed from. */
        final int start;
        final int end;

        Field(int number, int wireType, long varint, byte[] payload, int start, int end) {
            this.number = number;
            this.wireType = wireType;
            this.varint = varint;
            this.payload = payload;
            this.start = start;
            this.end = end;
        }
    }

    private ProtoFields() {
    }

    /** The fields of a well-formed message; throws IllegalArgumentException if it is not one. */
    static List<Field> parse(byte[] bytes) {
        List<Field> fields = new ArrayList<>();
        int[] at = {0};
        while (at[0] < bytes.length) {
            int start = at[0];
            long key = readVarint(bytes, at);
            int number = (int) (key >>> 3);
            int wireType = (int) (key & 7);
            if (number <= 0) {
                throw new IllegalArgumentException("field number " + number);
            }
            switch (wireType) {
                case VARINT:
                    fields.add(new Field(number, wireType, readVarint(bytes, at), null, start, at[0]));
                    break;
                case I64:
                case I32: {
                    int n = wireType == I64 ? 8 : 4;
                    fields.add(new Field(number, wireType, 0, slice(bytes, at, n), start, at[0]));
                    break;
                }
                case LEN: {
                    long n = readVarint(bytes, at);
                    if (n < 0 || n > bytes.length - at[0]) {
                        throw new IllegalArgumentException("length " + n);
                    }
                    fields.add(new Field(number, wireType, 0, slice(bytes, at, (int) n), start, at[0]));
                    break;
                }
                default:
                    throw new IllegalArgumentException("wire type " + wireType);
            }
        }
        return fields;
    }

    static byte[] serialize(List<Field> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Field f : fields) {
            writeVarint(out, (long) f.number << 3 | f.wireType);
            if (f.wireType == VARINT) {
                writeVarint(out, f.varint);
            } else {
                if (f.wireType == LEN) {
                    writeVarint(out, f.payload.length);
                }
                out.write(f.payload, 0, f.payload.length);
            }
        }
        return out.toByteArray();
    }

    /** Packed repeated varints (proto3's encoding of {@code repeated int64 dims}). */
    static byte[] packVarints(long... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long v : values) {
            writeVarint(out, v);
        }
        return out.toByteArray();
    }

    private static byte[] slice(byte[] bytes, int[] at, int n) {
        if (n > bytes.length - at[0]) {
            throw new IllegalArgumentException("truncated field");
        }
        byte[] s = java.util.Arrays.copyOfRange(bytes, at[0], at[0] + n);
        at[0] += n;
        return s;
    }

    private static long readVarint(byte[] bytes, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at[0] >= bytes.length) {
                throw new IllegalArgumentException("truncated varint");
            }
            byte b = bytes[at[0]++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
