package org.corenn.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;

/** Writes protobuf messages field by field with CodedOutputStream, so tests can build any ONNX bytes. */
final class Proto {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    static Proto message() {
        return new Proto();
    }

    Proto varint(int field, long value) {
        return write(() -> out.writeInt64(field, value));
    }

    Proto string(int field, String value) {
        return write(() -> out.writeString(field, value));
    }

    Proto bytes(int field, byte[] value) {
        return write(() -> out.writeByteArray(field, value));
    }

    Proto message(int field, Proto value) {
        return bytes(field, value.toBytes());
    }

    Proto fixed32(int field, float value) {
        return write(() -> out.writeFloat(field, value));
    }

    Proto fixed64(int field, double value) {
        return write(() -> out.writeDouble(field, value));
    }

    Proto packedFloats(int field, float... values) {
        ByteBuffer packed = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            packed.putFloat(value);
        }
        return bytes(field, packed.array());
    }

    Proto packedDoubles(int field, double... values) {
        ByteBuffer packed = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double value : values) {
            packed.putDouble(value);
        }
        return bytes(field, packed.array());
    }

    Proto packedVarints(int field, long... values) {
        Proto packed = new Proto();
        for (long value : values) {
            packed.write(() -> packed.out.writeInt64NoTag(value));
        }
        return bytes(field, packed.toBytes());
    }

    /** A tag with an arbitrary wire type, for hostile input. */
    Proto tag(int field, int wireType) {
        return write(() -> out.writeTag(field, wireType));
    }

    /** A length-delimited field header declaring {@code length} bytes that are not written. */
    Proto declaredLength(int field, long length) {
        return write(() -> {
            out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt64NoTag(length);
        });
    }

    Proto raw(byte... value) {
        return write(() -> out.writeRawBytes(value));
    }

    byte[] toBytes() {
        return write(out::flush).bytes.toByteArray();
    }

    private interface Action {
        void run() throws IOException;
    }

    private Proto write(Action action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
