package org.corenn.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.protobuf.CodedOutputStream;

/**
 * Writes a one-node ONNX model, {@code x FLOAT [batch, 4] -> Cast(to=INT64) -> OUTPUT INT64 [batch, 4]},
 * to test integer outputs and output names that are not file names. Field numbers are onnx.proto's.
 */
final class CastModelFile {
    static final String OUTPUT = "/head/ids:0";
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int ATTRIBUTE_INT = 2;

    private CastModelFile() {
    }

    static Path write(Path file) throws IOException {
        Message cast = new Message().string(1, "x").string(2, OUTPUT).string(3, "cast").string(4, "Cast")
                .message(5, new Message().string(1, "to").varint(3, INT64).varint(20, ATTRIBUTE_INT));
        Message graph = new Message().message(1, cast).string(2, "cast_graph")
                .message(11, tensorInfo("x", FLOAT)).message(12, tensorInfo(OUTPUT, INT64));
        Message model = new Message().varint(1, 8).message(7, graph)
                .message(8, new Message().string(1, "").varint(2, 13));
        return Files.write(file, model.toBytes());
    }

    /** ValueInfoProto: name, TypeProto.tensor_type with elem_type and shape [batch, 4]. */
    private static Message tensorInfo(String name, int elementType) {
        Message shape = new Message().message(1, new Message().string(2, "batch"))
                .message(1, new Message().varint(1, 4));
        Message tensorType = new Message().varint(1, elementType).message(2, shape);
        return new Message().string(1, name).message(2, new Message().message(1, tensorType));
    }

    private static final class Message {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

        Message varint(int field, long value) {
            try {
                out.writeInt64(field, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Message string(int field, String value) {
            try {
                out.writeString(field, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Message message(int field, Message value) {
            try {
                out.writeByteArray(field, value.toBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        byte[] toBytes() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }
}
