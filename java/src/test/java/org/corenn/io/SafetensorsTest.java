package org.corenn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.corenn.runtime.CorennException;
import org.corenn.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    /** A safetensors file with the given JSON header and {@code dataLength} zero bytes of data. */
    static byte[] file(String header, int dataLength) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + dataLength).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).array();
    }

    private static String errorOf(byte[] bytes) {
        return assertThrows(CorennException.class, () -> Safetensors.read(bytes)).getMessage();
    }

    private static void assertContains(String message, String part) {
        assertTrue(message.contains(part), () -> "expected '" + part + "' in: " + message);
    }

    @Test
    void roundTrip_float32AndInt64_keepOrderAndMetadata() throws IOException {
        Map<String, HostArray> tensors = new LinkedHashMap<>();
        tensors.put("z.weight", HostArray.ofFloat32(new float[] {1, -2, 3.5f, Float.NaN, 0, 6}, Shape.of(2, 3)));
        tensors.put("a.bias", HostArray.ofFloat32(new float[] {0.25f}, Shape.of(1)));
        tensors.put("bn.num_batches_tracked", HostArray.ofInt64(new long[] {42}, Shape.of()));
        tensors.put("empty", HostArray.ofFloat32(new float[0], Shape.of(0, 5)));
        Map<String, String> metadata = Map.of("format", "pt", "quote\"and\\slash", "line\nbreak");
        Path file = dir.resolve("m.safetensors");
        Safetensors.write(file, tensors, metadata);
        Map<String, HostArray> read = Safetensors.read(file);
        assertEquals(tensors, read);
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.keySet()));
        assertEquals(metadata, Safetensors.readMetadata(file));
        byte[] bytes = Safetensors.toBytes(tensors, Map.of());
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "the header is padded so data starts 8-byte aligned");
        assertEquals(Map.of(), Safetensors.readMetadata(bytes));
    }

    @Test
    void write_otherTypes_rejected() {
        Map<String, HostArray> tensors =
                Map.of("h", HostArray.ofFloats(DataType.FLOAT16, new float[] {1}, Shape.of(1)));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.toBytes(tensors, Map.of()));
    }

    @Test
    void fixture_everyDtype() throws IOException {
        Path path = Fixtures.path("io/safetensors/all_dtypes.safetensors");
        Map<String, HostArray> t = Safetensors.read(path);
        assertEquals(List.of("w_f32", "w_f64", "w_f16", "w_bf16", "n_i8", "n_u8", "n_i16", "n_i32", "n_i64", "flags",
                "scalar", "empty"), List.copyOf(t.keySet()));
        Shape shape = Shape.of(2, 3);
        assertEquals(HostArray.ofFloat32(new float[] {-1, -0.5f, 0, 0.5f, 1, 1.5f}, shape), t.get("w_f32"));
        assertEquals(HostArray.ofFloats(DataType.FLOAT64, new float[] {-0.5f, -0.25f, 0, 0.25f, 0.5f, 0.75f}, shape),
                t.get("w_f64"));
        assertEquals(HostArray.ofFloats(DataType.FLOAT16, new float[] {-1, -0.5f, 0, 0.5f, 1, 1.5f}, shape),
                t.get("w_f16"));
        assertEquals(HostArray.ofFloats(DataType.BFLOAT16, new float[] {-1, -0.5f, 0, 0.5f, 1, 1.5f}, shape),
                t.get("w_bf16"));
        assertEquals(HostArray.ofLongs(DataType.INT8, new long[] {-2, -1, 0, 1, 2, 3}, shape), t.get("n_i8"));
        assertEquals(HostArray.ofLongs(DataType.UINT8, new long[] {0, 50, 100, 150, 200, 250}, shape), t.get("n_u8"));
        assertEquals(HostArray.ofLongs(DataType.INT16, new long[] {-2000, -1000, 0, 1000, 2000, 3000}, shape),
                t.get("n_i16"));
        assertEquals(HostArray.ofLongs(DataType.INT32, new long[] {-200000, -100000, 0, 100000, 200000, 300000},
                shape), t.get("n_i32"));
        assertEquals(-20000000000L, t.get("n_i64").getLong(0));
        assertEquals(HostArray.ofLongs(DataType.BOOL, new long[] {0, 0, 0, 1, 1, 1}, shape), t.get("flags"));
        assertEquals(HostArray.ofFloat32(new float[] {1.5f}, Shape.of()), t.get("scalar"));
        assertEquals(Shape.of(0, 3), t.get("empty").shape());
        assertEquals(Map.of("format", "pt", "source", "make_io_fixtures"), Safetensors.readMetadata(path));
    }

    @Test
    void offsets_outOfRangeNegativeOverflowingOrReversed_rejected() {
        String entry = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[%s]}}";
        assertContains(errorOf(file(String.format(entry, "0,8"), 4)),
                "tensor 'a': data_offsets [0, 8] must satisfy 0 <= begin <= end <= 4");
        assertContains(errorOf(file(String.format(entry, "-8,0"), 8)), "data_offsets [-8, 0]");
        assertContains(errorOf(file(String.format(entry, "8,0"), 8)), "data_offsets [8, 0]");
        assertContains(errorOf(file(String.format(entry, "0,18446744073709551624"), 8)),
                "data_offsets[1] must be an integer within the int64 range");
        assertContains(errorOf(file(String.format(entry, "0,4"), 8)), "span 4 bytes, FLOAT32 [2] needs 8");
        assertContains(errorOf(file(String.format(entry, "0,8.0"), 8)), "must be an integer");
        assertContains(errorOf(file(String.format(entry, "0"), 8)), "data_offsets must have 2 integers, found 1");
    }

    @Test
    void overlappingTensors_rejected() {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertContains(errorOf(file(header, 12)), "tensors 'a' [0, 8) and 'b' [4, 12) overlap");
    }

    @Test
    void shapes_hugeOrNegative_rejectedWithoutAllocating() {
        assertContains(errorOf(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,4]}}", 4)),
                "more than 2^31-1 elements");
        assertContains(errorOf(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4)),
                "is negative");
        assertContains(errorOf(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[100000,10000],\"data_offsets\":[0,4]}}", 4)),
                "span 4 bytes, FLOAT32 [100000, 10000] needs 4000000000");
    }

    @Test
    void headerLength_beyondFileOrHuge_rejected() {
        byte[] bytes = file("{}", 0);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
        assertContains(errorOf(bytes), "header length 1000 exceeds the 2 bytes after it");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1);
        assertContains(errorOf(bytes), "header length 18446744073709551615 exceeds");
        assertContains(errorOf(new byte[5]), "too short for the 8-byte header length");
    }

    @Test
    void headerContent_problems_rejected() {
        assertContains(errorOf(file("[]", 0)), "header must be a JSON object");
        assertContains(errorOf(file("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[],\"data_offsets\":[0,1]}}", 1)),
                "dtype \"F8_E4M3\" is not supported");
        assertContains(errorOf(file("{\"a\":1}", 0)), "tensor 'a': must be an object");
        assertContains(errorOf(file("{\"__metadata__\":{\"k\":1}}", 0)), "__metadata__ 'k' must be a string");
        assertContains(errorOf(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[]}}", 0)), "data_offsets must be an array");
        assertContains(errorOf(file("{\"a\":{},\"a\":{}}", 0)), "duplicate key \"a\"");
        assertContains(errorOf(file("{\"a\":" + "[".repeat(100000), 0)), "nesting deeper than");
        byte[] badUtf8 = file("{\"\u00e9\":1}", 0);
        badUtf8[10] = (byte) 0xff;
        assertContains(errorOf(badUtf8), "header is not valid UTF-8");
    }

    @Test
    void gapsBetweenTensors_areTolerated() {
        String header = "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[3,4]}}";
        assertEquals(Shape.of(1), Safetensors.read(file(header, 6)).get("a").shape());
    }
}
