package org.corenn.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.corenn.runtime.CorennException;
import org.corenn.tensor.Shape;

/**
 * The JSON header of a safetensors file, validated against the size of the data section that follows
 * it: every tensor's {@code data_offsets} lie inside the section, match its dtype and shape, and no
 * two tensors overlap. Gaps between tensors are tolerated (they cost nothing to skip).
 */
@SuppressWarnings("unchecked") // JSON objects and arrays are Map<String, Object> and List<Object>
final class SafetensorsHeader {
    /** The reference implementation's limit; real headers are a few hundred bytes per tensor. */
    static final long MAX_HEADER_BYTES = 100L << 20;
    /** Safetensors headers nest three levels; anything much deeper is hostile. */
    private static final int MAX_JSON_DEPTH = 16;
    static final String METADATA_KEY = "__metadata__";

    /** One tensor: where its bytes lie, relative to the start of the data section. */
    static final class Entry {
        final String name;
        final DataType dataType;
        final Shape shape;
        final long begin;
        final long end;

        Entry(String name, DataType dataType, Shape shape, long begin, long end) {
            this.name = name;
            this.dataType = dataType;
            this.shape = shape;
            this.begin = begin;
            this.end = end;
        }
    }

    final List<Entry> entries;
    final Map<String, String> metadata;
    /** Size of the data section, which ends the file. */
    final long dataLength;

    private SafetensorsHeader(List<Entry> entries, Map<String, String> metadata, long dataLength) {
        this.entries = entries;
        this.metadata = metadata;
        this.dataLength = dataLength;
    }

    /** Parses the header bytes; {@code dataLength} is the size of the data section after them. */
    static SafetensorsHeader parse(String file, ByteBuffer headerBytes, long dataLength) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBytes).toString();
        } catch (CharacterCodingException e) {
            throw new CorennException(file + ": header is not valid UTF-8");
        }
        Object root = JsonParser.parse(text, file + ": header", MAX_JSON_DEPTH);
        if (!(root instanceof Map)) {
            throw new CorennException(file + ": header must be a JSON object, found " + kind(root));
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = Collections.emptyMap();
        for (Map.Entry<String, Object> field : ((Map<String, Object>) root).entrySet()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(file, field.getValue());
            } else {
                entries.add(parseEntry(file, field.getKey(), field.getValue(), dataLength));
            }
        }
        checkNoOverlap(file, entries);
        return new SafetensorsHeader(Collections.unmodifiableList(entries), metadata, dataLength);
    }

    private static Map<String, String> parseMetadata(String file, Object value) {
        if (!(value instanceof Map)) {
            throw new CorennException(file + ": " + METADATA_KEY + " must be an object of strings, found "
                    + kind(value));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, Object> item : ((Map<String, Object>) value).entrySet()) {
            if (!(item.getValue() instanceof String)) {
                throw new CorennException(file + ": " + METADATA_KEY + " '" + item.getKey()
                        + "' must be a string, found " + kind(item.getValue()));
            }
            metadata.put(item.getKey(), (String) item.getValue());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static Entry parseEntry(String file, String name, Object value, long dataLength) {
        String where = file + ": tensor '" + name + "'";
        if (!(value instanceof Map)) {
            throw new CorennException(where + ": must be an object with dtype, shape and data_offsets, found "
                    + kind(value));
        }
        Map<String, Object> fields = (Map<String, Object>) value;
        Object dtype = fields.get("dtype");
        if (!(dtype instanceof String)) {
            throw new CorennException(where + ": dtype must be a string, found " + kind(dtype));
        }
        DataType dataType = dataTypeOf(where, (String) dtype);
        long[] dims = integers(where, "shape", fields.get("shape"), -1);
        Shape shape = ElementCodec.shape(where + ": shape", dims);
        long[] offsets = integers(where, "data_offsets", fields.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin < 0 || end < begin || end > dataLength) {
            throw new CorennException(where + ": data_offsets [" + begin + ", " + end
                    + "] must satisfy 0 <= begin <= end <= " + dataLength + " (the data section's size)");
        }
        long needed = ElementCodec.byteCount(dataType, shape);
        if (end - begin != needed) {
            throw new CorennException(where + ": data_offsets [" + begin + ", " + end + "] span " + (end - begin)
                    + " bytes, " + dataType + " " + ElementCodec.describeDims(shape) + " needs " + needed);
        }
        return new Entry(name, dataType, shape, begin, end);
    }

    /** A JSON array of integers that fit a long; {@code length} -1 means any length. */
    private static long[] integers(String where, String key, Object value, int length) {
        if (!(value instanceof List)) {
            throw new CorennException(where + ": " + key + " must be an array of integers, found " + kind(value));
        }
        List<Object> list = (List<Object>) value;
        if (length >= 0 && list.size() != length) {
            throw new CorennException(where + ": " + key + " must have " + length + " integers, found "
                    + list.size());
        }
        long[] result = new long[list.size()];
        for (int i = 0; i < result.length; i++) {
            Object item = list.get(i);
            Long number = item instanceof JsonParser.Number ? ((JsonParser.Number) item).asLong() : null;
            if (number == null) {
                throw new CorennException(where + ": " + key + "[" + i + "] must be an integer within"
                        + " the int64 range, found " + kind(item));
            }
            result[i] = number;
        }
        return result;
    }

    private static DataType dataTypeOf(String where, String dtype) {
        switch (dtype) {
            case "F32": return DataType.FLOAT32;
            case "F64": return DataType.FLOAT64;
            case "F16": return DataType.FLOAT16;
            case "BF16": return DataType.BFLOAT16;
            case "I8": return DataType.INT8;
            case "U8": return DataType.UINT8;
            case "I16": return DataType.INT16;
            case "I32": return DataType.INT32;
            case "I64": return DataType.INT64;
            case "BOOL": return DataType.BOOL;
            default:
                throw new CorennException(where + ": dtype \"" + dtype + "\" is not supported; expected one of"
                        + " F32, F64, F16, BF16, I8, U8, I16, I32, I64, BOOL");
        }
    }

    /** The dtype string for the two types the writer stores (the caller has checked the type). */
    static String dtypeName(DataType dataType) {
        return dataType == DataType.FLOAT32 ? "F32" : "I64";
    }

    private static void checkNoOverlap(String file, List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
        for (int i = 1; i < sorted.size(); i++) {
            Entry previous = sorted.get(i - 1);
            Entry current = sorted.get(i);
            if (current.begin < previous.end) {
                throw new CorennException(file + ": tensors '" + previous.name + "' [" + previous.begin + ", "
                        + previous.end + ") and '" + current.name + "' [" + current.begin + ", " + current.end
                        + ") overlap");
            }
        }
    }

    private static String kind(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String) {
            return "the string \"" + value + "\"";
        }
        return value.toString();
    }
}
