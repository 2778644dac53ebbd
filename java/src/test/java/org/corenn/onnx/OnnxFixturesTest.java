package org.corenn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.corenn.io.HostArray;
import org.corenn.io.Npy;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model under fixtures/onnx (exported by tools/fixtures/make_onnx_fixtures.py with PyTorch)
 * imported and run by Corenn; outputs must match PyTorch's within 1e-4 relative, for the saved
 * inputs and for the alt/ inputs of other batch and sequence sizes (a re-plan of the same Model).
 */
class OnnxFixturesTest {
    private static final Path ROOT = Path.of("src/test/resources/fixtures/onnx");

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(p -> Files.exists(p.resolve("model.onnx"))).map(p -> p.getFileName().toString())
                    .sorted().toList().stream();
        }
    }

    static Map<String, HostArray> arrays(Path dir, String prefix) throws IOException {
        Map<String, HostArray> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(".npy")) {
                    out.put(name.substring(prefix.length(), name.length() - 4), Npy.read(f));
                }
            }
        }
        return out;
    }

    static void check(Model model, Path dir, String what) throws IOException {
        Map<String, HostArray> inputs = arrays(dir, "input_");
        Map<String, HostArray> expected = arrays(dir, "output_");
        assertTrue(!inputs.isEmpty() && !expected.isEmpty(), what + ": fixture has no inputs or outputs");
        List<Tensor> tensors = new ArrayList<>();
        try (Predictor p = model.newPredictor()) {
            Map<String, Tensor> named = new LinkedHashMap<>();
            for (Map.Entry<String, HostArray> e : inputs.entrySet()) {
                Tensor t = Tensor.of(e.getValue().toFloatArray(), e.getValue().shape());
                tensors.add(t);
                named.put(e.getKey(), t);
            }
            Map<String, Tensor> outputs = p.predict(named);
            for (Map.Entry<String, HostArray> e : expected.entrySet()) {
                Tensor got = outputs.get(e.getKey());
                assertTrue(got != null, what + ": no output " + e.getKey() + " in " + outputs.keySet());
                assertEquals(e.getValue().shape(), got.shape(), what + " " + e.getKey());
                float[] want = e.getValue().toFloatArray();
                float[] have = got.toArray();
                double scale = 0;
                for (float v : want) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], have[i], 1e-4 * Math.max(1, scale), what + " " + e.getKey() + " at " + i);
                }
            }
        } finally {
            tensors.forEach(Tensor::close);
        }
    }

    /** One Model shared by 8 threads, each with its own Predictor: PyTorch's outputs on every thread. */
    @ParameterizedTest
    @MethodSource("fixtures")
    void eightThreadsSharingOneModel_allMatchPyTorch(String name) throws Exception {
        Path dir = ROOT.resolve(name);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        arrays(dir, "input_").forEach((k, v) -> shapes.put(k, v.shape()));
        try (Model model = OnnxImporter.read(dir.resolve("model.onnx")).compile(Options.defaults().withThreads(1),
                shapes)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    runs.add(pool.submit(() -> {
                        for (int round = 0; round < 5; round++) {
                            check(model, round % 2 == 0 || !Files.isDirectory(dir.resolve("alt")) ? dir
                                    : dir.resolve("alt"), name + " thread round " + round);
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> f : runs) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void importedModel_matchesPyTorch(String name) throws IOException {
        Path dir = ROOT.resolve(name);
        OnnxImporter.Imported imported = OnnxImporter.read(dir.resolve("model.onnx"));
        Map<String, Shape> shapes = new LinkedHashMap<>();
        arrays(dir, "input_").forEach((k, v) -> shapes.put(k, v.shape()));
        for (Options options : new Options[] {Options.defaults().withThreads(1), Options.defaults().withThreads(2)}) {
            try (Model model = imported.compile(options, shapes)) {
                check(model, dir, name + " " + options);
                Path alt = dir.resolve("alt");
                if (Files.isDirectory(alt)) {
                    check(model, alt, name + "/alt " + options);
                }
            }
        }
    }
}
