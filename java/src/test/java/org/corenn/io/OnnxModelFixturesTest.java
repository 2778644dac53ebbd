package org.corenn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Reads every fixture model under fixtures/onnx/ (PyTorch exports) and fixtures/onnx_rnn/ (single
 * recurrent nodes) and compares what Corenn sees with what Python's onnx package saw
 * (fixtures/io/onnx_fixtures_summary.json, made by make_io_fixtures.py): nodes, attributes,
 * initializer shapes and types, graph inputs and outputs, and the safetensors and .npy files beside
 * each model, whose values must equal the initializers of the same name.
 */
@SuppressWarnings("unchecked") // the summary's JSON objects and arrays
class OnnxModelFixturesTest {
    @TestFactory
    Stream<DynamicTest> everyExportedModel_matchesPythonOnnx() throws IOException {
        String json = Files.readString(Fixtures.path("io/onnx_fixtures_summary.json"), StandardCharsets.UTF_8);
        Map<String, Object> summary = (Map<String, Object>) JsonParser.parse(json, "summary", 16);
        assertFalse(summary.isEmpty());
        return summary.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(),
                () -> checkNotingRegeneration(Fixtures.path(entry.getKey()),
                        (Map<String, Object>) entry.getValue())));
    }

    /** Fixtures added after the summary was made: they must at least read. */
    @TestFactory
    Stream<DynamicTest> modelsNotInTheSummary_read() throws IOException {
        String json = Files.readString(Fixtures.path("io/onnx_fixtures_summary.json"), StandardCharsets.UTF_8);
        Map<String, Object> summary = (Map<String, Object>) JsonParser.parse(json, "summary", 16);
        Path root = Fixtures.path("onnx").getParent();
        List<Path> models = new ArrayList<>();
        for (String set : new String[] {"onnx", "onnx_rnn"}) {
            if (!Files.isDirectory(root.resolve(set))) {
                continue;
            }
            try (Stream<Path> folders = Files.list(root.resolve(set))) {
                folders.map(folder -> folder.resolve("model.onnx")).filter(Files::isRegularFile)
                        .filter(model -> !summary.containsKey(root.relativize(model.getParent()).toString()))
                        .forEach(models::add);
            }
        }
        return models.stream().map(model -> DynamicTest.dynamicTest(root.relativize(model).toString(),
                () -> assertFalse(OnnxModel.read(model).graph().nodes().isEmpty())));
    }

    /**
     * Exports are deterministic, so a regenerated fixture usually still matches; if it does not, the
     * failure says the summary needs regenerating rather than blaming the reader.
     */
    private static void checkNotingRegeneration(Path folder, Map<String, Object> expected) throws IOException {
        try {
            check(folder, expected);
        } catch (AssertionError e) {
            if (!expected.get("sha256").equals(sha256(folder.resolve("model.onnx")))) {
                throw new AssertionError(folder + "/model.onnx changed since the summary was made; rerun"
                        + " /usr/bin/python3 tools/fixtures/make_io_fixtures.py (" + e.getMessage() + ")", e);
            }
            throw e;
        }
    }

    private static void check(Path folder, Map<String, Object> expected) throws IOException {
        Path modelFile = folder.resolve("model.onnx");
        OnnxModel model = OnnxModel.read(modelFile);
        assertEquals(number(expected.get("ir_version")), model.irVersion());
        assertEquals(expected.get("producer_name"), model.producerName());
        Map<String, Long> opsets = new LinkedHashMap<>();
        ((Map<String, Object>) expected.get("opsets")).forEach((k, v) -> opsets.put(k, number(v)));
        assertEquals(opsets, model.opsets());
        OnnxGraph graph = model.graph();
        assertEquals(expected.get("graph_name"), graph.name());

        List<Object> nodes = (List<Object>) expected.get("nodes");
        assertEquals(nodes.size(), graph.nodes().size());
        for (int i = 0; i < nodes.size(); i++) {
            Map<String, Object> want = (Map<String, Object>) nodes.get(i);
            OnnxNode node = graph.nodes().get(i);
            assertEquals(want.get("op_type"), node.opType(), "node " + i);
            assertEquals(want.get("name"), node.name());
            assertEquals(want.get("inputs"), node.inputs());
            assertEquals(want.get("outputs"), node.outputs());
            Map<String, String> kinds = new LinkedHashMap<>();
            ((Map<String, Object>) want.get("attributes")).forEach((k, v) -> kinds.put(k, kindName(number(v))));
            Map<String, String> actual = new LinkedHashMap<>();
            node.attributes().forEach((k, v) -> actual.put(k, v.kind().name()));
            assertEquals(kinds, actual, node.name());
        }

        Map<String, Object> initializers = (Map<String, Object>) expected.get("initializers");
        assertEquals(initializers.keySet(), graph.initializers().keySet());
        initializers.forEach((name, value) -> {
            Map<String, Object> want = (Map<String, Object>) value;
            HostArray array = graph.initializers().get(name);
            assertEquals(dims(want.get("dims")), longs(array.shape().dims()), name);
            assertEquals(OnnxDataTypes.fromCode((int) number(want.get("data_type"))).orElseThrow(), array.dataType());
        });
        checkValues((List<Object>) expected.get("inputs"), graph.inputs());
        checkValues((List<Object>) expected.get("outputs"), graph.outputs());

        if (expected.containsKey("safetensors")) {
            Map<String, HostArray> tensors = Safetensors.read(folder.resolve("model.safetensors"));
            Map<String, Object> want = (Map<String, Object>) expected.get("safetensors");
            assertEquals(want.keySet(), tensors.keySet());
            want.forEach((name, info) -> assertEquals(dims(((Map<String, Object>) info).get("shape")),
                    longs(tensors.get(name).shape().dims()), name));
            // Parameters the exporter did not fold keep their state_dict names; two independent writers
            // (torch.onnx and the safetensors script) must agree on every bit.
            graph.initializers().forEach((name, array) -> {
                if (tensors.containsKey(name)) {
                    assertEquals(tensors.get(name), array, name);
                }
            });
        }
        for (Map.Entry<String, Object> npy : ((Map<String, Object>) expected.get("npy")).entrySet()) {
            HostArray array = Npy.read(folder.resolve(npy.getKey()));
            assertEquals(dims(npy.getValue()), longs(array.shape().dims()), npy.getKey());
            // init_<name>.npy is initializer <name> saved by NumPy: the two decodings must agree exactly.
            String file = npy.getKey();
            if (file.startsWith("init_")) {
                String initializer = file.substring("init_".length(), file.length() - ".npy".length());
                assertEquals(array, graph.initializers().get(initializer), file);
            }
        }
    }

    private static void checkValues(List<Object> expected, List<OnnxValueInfo> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> want = (Map<String, Object>) expected.get(i);
            OnnxValueInfo value = actual.get(i);
            assertEquals(want.get("name"), value.name());
            assertEquals(number(want.get("elem_type")), value.elementType());
            List<String> dims = new ArrayList<>();
            for (Object dim : (List<Object>) want.get("dims")) {
                dims.add(dim.toString());
            }
            List<String> actualDims = new ArrayList<>();
            value.dims().forEach(d -> actualDims.add(d.toString()));
            assertEquals(dims, actualDims, value.name());
        }
    }

    /** AttributeProto.AttributeType codes 1..8 in the order of OnnxAttribute.Kind. */
    private static String kindName(long type) {
        return OnnxAttribute.Kind.values()[(int) type - 1].name();
    }

    private static long number(Object value) {
        return ((JsonParser.Number) value).asLong();
    }

    private static List<Long> dims(Object value) {
        List<Long> dims = new ArrayList<>();
        for (Object dim : (List<Object>) value) {
            dims.add(number(dim));
        }
        return dims;
    }

    private static List<Long> longs(int[] values) {
        List<Long> list = new ArrayList<>();
        for (int value : values) {
            list.add((long) value);
        }
        return list;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
