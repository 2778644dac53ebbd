package org.corenn.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.corenn.tensor.Shape;

/** Writes .npy files of the element types Npy.write does not produce (float64, int32, int8), as NumPy does. */
final class NpyFiles {
    private NpyFiles() {
    }

    static Path writeFloat64(Path file, double[] values, Shape shape) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            data.putDouble(v);
        }
        return write(file, "<f8", shape, data.array());
    }

    static Path writeInt32(Path file, long[] values, Shape shape) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            data.putInt(Math.toIntExact(v));
        }
        return write(file, "<i4", shape, data.array());
    }

    static Path writeInt8(Path file, byte[] values, Shape shape) throws IOException {
        return write(file, "|i1", shape, values);
    }

    /** Format 1.0: magic, version, header length, then a dictionary padded with spaces to 64 bytes. */
    private static Path write(Path file, String descr, Shape shape, byte[] data) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int d : shape.dims()) {
            dims.append(d).append(", ");
        }
        String tuple = shape.rank() == 1 ? "(" + shape.dim(0) + ",)"
                : "(" + (dims.length() > 0 ? dims.substring(0, dims.length() - 2) : "") + ")";
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': "
                + tuple + ", }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer bytes = ByteBuffer.allocate(10 + headerBytes.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        bytes.putShort((short) headerBytes.length).put(headerBytes).put(data);
        return Files.write(file, bytes.array());
    }
}
