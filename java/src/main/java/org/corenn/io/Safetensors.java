package org.corenn.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.corenn.runtime.CorennException;

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header naming
 * each tensor's dtype, shape and byte range, then the raw little-endian data. Reads F32, F64, F16,
 * BF16, I8, U8, I16, I32, I64 and BOOL; writes FLOAT32 and INT64 (PyTorch's {@code state_dict} needs
 * both: weights and {@code num_batches_tracked}).
 */
public final class Safetensors {
    private Safetensors() {
    }

    /** Every tensor, in the header's order; content errors throw {@link CorennException}. */
    public static Map<String, HostArray> read(Path file) throws IOException {
        Objects.requireNonNull(file, "safetensors: file must not be null");
        try (ByteSource source = ByteSource.open(file, "safetensors " + file.getFileName())) {
            return readTensors(source);
        }
    }

    /** Every tensor of an in-memory safetensors file, in the header's order. */
    public static Map<String, HostArray> read(byte[] bytes) {
        Objects.requireNonNull(bytes, "safetensors: bytes must not be null");
        try (ByteSource source = ByteSource.of(bytes, "safetensors")) {
            return readTensors(source);
        } catch (IOException e) {
            throw new UncheckedIOException("safetensors: an in-memory read cannot fail", e);
        }
    }

    /** The {@code __metadata__} string map (empty if absent); reads only the header. */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        Objects.requireNonNull(file, "safetensors: file must not be null");
        try (ByteSource source = ByteSource.open(file, "safetensors " + file.getFileName())) {
            return readHeader(source).metadata;
        }
    }

    /** The {@code __metadata__} string map of an in-memory safetensors file (empty if absent). */
    public static Map<String, String> readMetadata(byte[] bytes) {
        Objects.requireNonNull(bytes, "safetensors: bytes must not be null");
        try (ByteSource source = ByteSource.of(bytes, "safetensors")) {
            return readHeader(source).metadata;
        } catch (IOException e) {
            throw new UncheckedIOException("safetensors: an in-memory read cannot fail", e);
        }
    }

    private static Map<String, HostArray> readTensors(ByteSource source) throws IOException {
        SafetensorsHeader header = readHeader(source);
        long dataStart = source.size() - header.dataLength;
        Map<String, HostArray> tensors = new LinkedHashMap<>();
        for (SafetensorsHeader.Entry entry : header.entries) {
            ByteBuffer data = source.read(dataStart + entry.begin, entry.end - entry.begin,
                    "tensor '" + entry.name + "'");
            tensors.put(entry.name, ElementCodec.decode(entry.dataType, ByteOrder.LITTLE_ENDIAN, data, entry.shape));
        }
        return Collections.unmodifiableMap(tensors);
    }

    private static SafetensorsHeader readHeader(ByteSource source) throws IOException {
        String name = source.name();
        if (source.size() < 8) {
            throw new CorennException(name + ": " + source.size() + " bytes is too short for the 8-byte header"
                    + " length");
        }
        long headerLength = source.read(0, 8, "header length").order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        long available = source.size() - 8;
        // A length with the top bit set is a u64 above 2^63: negative as a long, and too large either way.
        if (headerLength < 0 || headerLength > available) {
            throw new CorennException(name + ": header length " + Long.toUnsignedString(headerLength)
                    + " exceeds the " + available + " bytes after it");
        }
        if (headerLength > SafetensorsHeader.MAX_HEADER_BYTES) {
            throw new CorennException(name + ": header length " + headerLength + " exceeds the limit of "
                    + SafetensorsHeader.MAX_HEADER_BYTES + " bytes");
        }
        ByteBuffer headerBytes = source.read(8, headerLength, "header");
        return SafetensorsHeader.parse(name, headerBytes, available - headerLength);
    }

    /** Writes FLOAT32 and INT64 tensors in map order, with optional string metadata (may be empty). */
    public static void write(Path file, Map<String, HostArray> tensors, Map<String, String> metadata)
            throws IOException {
        Objects.requireNonNull(file, "safetensors: file must not be null");
        try (OutputStream out = Files.newOutputStream(file)) {
            writeTo(out, tensors, metadata);
        }
    }

    /** The bytes of a safetensors file holding FLOAT32 and INT64 tensors in map order. */
    public static byte[] toBytes(Map<String, HostArray> tensors, Map<String, String> metadata) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(out, tensors, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("safetensors: an in-memory write cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void writeTo(OutputStream out, Map<String, HostArray> tensors, Map<String, String> metadata)
            throws IOException {
        Objects.requireNonNull(tensors, "safetensors: tensors must not be null");
        Objects.requireNonNull(metadata, "safetensors: metadata must not be null");
        List<byte[]> data = new ArrayList<>();
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append(quote(SafetensorsHeader.METADATA_KEY)).append(":{");
            String separator = "";
            for (Map.Entry<String, String> item : metadata.entrySet()) {
                Objects.requireNonNull(item.getValue(), "safetensors: metadata '" + item.getKey() + "' is null");
                json.append(separator).append(quote(item.getKey())).append(':').append(quote(item.getValue()));
                separator = ",";
            }
            json.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, HostArray> tensor : tensors.entrySet()) {
            String name = tensor.getKey();
            HostArray array = Objects.requireNonNull(tensor.getValue(), "safetensors: tensor '" + name + "' is null");
            if (name.equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("safetensors: a tensor cannot be named " + name);
            }
            byte[] bytes = ElementCodec.encodeLittleEndian("safetensors: tensor '" + name + "'", array);
            String dtype = SafetensorsHeader.dtypeName(array.dataType());
            data.add(bytes);
            json.append(json.length() > 1 ? "," : "").append(quote(name)).append(":{\"dtype\":\"").append(dtype)
                    .append("\",\"shape\":").append(dimsJson(array.shape().dims()))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes.length)
                    .append("]}");
            offset += bytes.length;
        }
        json.append('}');
        // Padding the header with spaces to a multiple of 8 keeps every tensor 8-byte aligned, as the
        // reference writer does.
        int unpadded = json.toString().getBytes(StandardCharsets.UTF_8).length;
        json.append(" ".repeat((8 - unpadded % 8) % 8));
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.write(header);
        for (byte[] bytes : data) {
            out.write(bytes);
        }
    }

    private static String dimsJson(int[] dims) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            out.append(i == 0 ? "" : ",").append(dims[i]);
        }
        return out.append(']').toString();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
