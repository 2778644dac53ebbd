package org.corenn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.corenn.runtime.CorennException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The malformed and corner-case .npy and safetensors files of fixtures/format_edge (another engineer's
 * make_format_edge_fixtures.py): each valid file reads to the manifest's dtype, shape and values; each
 * invalid one is refused with a CorennException (files marked lenient_ok may also be accepted, since
 * this reader tolerates gaps between safetensors tensors).
 */
@SuppressWarnings("unchecked") // the manifest's JSON objects and arrays
class FormatEdgeFixturesTest {
    @TestFactory
    Stream<DynamicTest> everyManifestEntry() throws IOException {
        Path root = Fixtures.path("format_edge");
        String json = Files.readString(root.resolve("manifest.json"), StandardCharsets.UTF_8);
        Map<String, Object> manifest = (Map<String, Object>) JsonParser.parse(json, "manifest", 16);
        return manifest.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(),
                () -> check(root.resolve(entry.getKey()), (Map<String, Object>) entry.getValue())));
    }

    private static void check(Path file, Map<String, Object> expected) throws IOException {
        boolean npy = file.toString().endsWith(".npy");
        if (Boolean.FALSE.equals(expected.get("valid"))) {
            if (Boolean.TRUE.equals(expected.get("lenient_ok"))) {
                try {
                    read(file, npy);
                } catch (CorennException rejected) {
                    assertTrue(rejected.getMessage().length() > 0);
                }
            } else {
                CorennException e = assertThrows(CorennException.class, () -> read(file, npy),
                        String.valueOf(expected.get("note")));
                assertTrue(e.getMessage().length() > 0);
            }
            return;
        }
        if (npy) {
            checkArray(file.toString(), Npy.read(file), expected);
            return;
        }
        Map<String, HostArray> tensors = Safetensors.read(file);
        Map<String, Object> want = (Map<String, Object>) expected.get("tensors");
        assertEquals(want.keySet(), tensors.keySet());
        want.forEach((name, info) -> checkArray(name, tensors.get(name), (Map<String, Object>) info));
        if (expected.containsKey("metadata")) {
            assertEquals(expected.get("metadata"), Safetensors.readMetadata(file));
        }
    }

    private static void read(Path file, boolean npy) throws IOException {
        if (npy) {
            Npy.read(file);
        } else {
            Safetensors.read(file);
        }
    }

    private static void checkArray(String what, HostArray array, Map<String, Object> expected) {
        List<Object> shape = (List<Object>) expected.get("shape");
        assertEquals(shape.size(), array.shape().rank(), what);
        for (int i = 0; i < shape.size(); i++) {
            assertEquals((long) ((JsonParser.Number) shape.get(i)).asLong(), array.shape().dim(i), what);
        }
        List<Object> values = (List<Object>) expected.get("values_c_order");
        assertEquals(values.size(), array.size(), what);
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (array.dataType().isFloatingPoint()) {
                float want = value instanceof String ? Float.parseFloat(((String) value)
                        .replace("inf", "Infinity").replace("nan", "NaN"))
                        : (float) Double.parseDouble(((JsonParser.Number) value).literal);
                // Bitwise, so -0.0 and NaN are checked too.
                assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(array.getFloat(i)), what + "[" + i + "]");
            } else {
                assertEquals((long) ((JsonParser.Number) value).asLong(), array.getLong(i), what + "[" + i + "]");
            }
        }
    }
}
