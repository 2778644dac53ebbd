package org.corenn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.corenn.io.HostArray;
import org.corenn.io.Npy;
import org.corenn.onnx.OnnxImporter;
import org.corenn.runtime.CpuInfo;
import org.corenn.runtime.Isa;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compiler's NCHW8c pass: chained convolutions and poolings run blocked (seen in describe() and
 * kernels()), and every model gives the results it gives with the pass off, at 1 and 2 threads.
 */
class ChannelBlockingTest {
    private static final Path ONNX = Path.of("src/test/resources/fixtures/onnx");

    private static boolean hasVectorKernels() {
        return CpuInfo.current().defaultIsa().code() >= Isa.AVX2.code();
    }

    /**
     * Convs that run as im2col on NCHW (12 channels, below Winograd's 16; strided; dilated), so the
     * AUTO pass chains them: conv-bn-relu, a residual block, max pool, a strided conv, a dilated conv
     * into a global pool, dense.
     */
    private static Graph residualNet() {
        Graph.Builder b = Graph.builder();
        Graph.Value x = b.input("x", -1, 8, 16, 15);
        Graph.Value c1 = b.add("conv1", new Conv2d(12, 3).padding(1).bias(false), x);
        Graph.Value r1 = b.add("relu1", Activation.RELU, b.add("bn1", new BatchNorm(), c1));
        Graph.Value c2 = b.add("conv2", new Conv2d(12, 3).padding(1), r1);
        Graph.Value n2 = b.add("bn2", new BatchNorm(), c2);
        Graph.Value r2 = b.add("relu2", Activation.RELU, b.add("add", new Add(), n2, r1));
        Graph.Value p = b.add("pool", new MaxPool2d(2), r2);
        Graph.Value c3 = b.add("conv3", new Conv2d(24, 3).stride(2).padding(1), p);
        Graph.Value r3 = b.add("relu3", Activation.RELU, c3);
        Graph.Value c4 = b.add("conv4", new Conv2d(13, 3).dilation(2).padding(2), r3);
        Graph.Value g = b.add("gap", new GlobalAvgPool(), c4);
        b.output("y", b.add("fc", new Dense(5), b.add("flat", new Flatten(), g)));
        return b.build();
    }

    private static float[] predict(Model model, int threads, float[] x, Shape shape) {
        try (Predictor p = model.newPredictor(threads); Tensor t = Tensor.of(x, shape)) {
            return p.predict(t).get(0).toArray();
        }
    }

    private static void assertClose(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        double scale = 1e-30;
        for (float v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5 * scale, what + " at " + i);
        }
    }

    @Test
    void residualNet_runsChainBlocked_andMatchesTheNchwModel_atOneAndTwoThreads() {
        assumeTrue(hasVectorKernels(), "the pass runs only where a vector direct kernel exists");
        Graph graph = residualNet();
        Weights w = Weights.random(graph, 41);
        Random rng = new Random(42);
        Options options = Options.defaults().withThreads(1);
        try (Model blocked = Model.compile(graph, w, options);
                Model nchw = Model.compile(graph, w, options.withBlockedLayout(Options.BlockedLayout.OFF))) {
            Map<String, String> kernels = blocked.kernels();
            for (String conv : new String[] {"conv1", "conv2", "conv3", "conv4"}) {
                assertTrue(kernels.get(conv).startsWith("conv2d-direct-nchw8c"), conv + ": " + kernels);
            }
            assertTrue(kernels.get("pool").contains("nchw8c"), kernels.toString());
            assertFalse(kernels.get("gap").contains("nchw8c"), kernels.toString());
            assertFalse(nchw.kernels().values().stream().anyMatch(k -> k.contains("nchw8c")),
                    nchw.kernels().toString());
            String text = blocked.describe();
            // conv1 reads the NCHW input and writes blocked [1, 2, 16, 15, 8]; conv4 converts back for the global pool
            assertTrue(text.contains("Conv2d(12, k=3x3, p=1, +bn, +relu) [nchw->nchw8c]"), text);
            assertTrue(text.contains("[1, 2, 16, 15, 8]"), text);
            assertTrue(text.contains("Conv2d(12, k=3x3, p=1, +bn, +residual, +relu) [nchw8c->nchw8c]"), text);
            assertTrue(text.contains("MaxPool2d(k=2x2) [nchw8c->nchw8c]"), text);
            assertTrue(text.contains("Conv2d(24, k=3x3, s=2, p=1, +relu) [nchw8c->nchw8c]"), text);
            assertTrue(text.contains("Conv2d(13, k=3x3, p=2, d=2) [nchw8c->nchw]"), text);
            for (int batch : new int[] {1, 3}) {
                Shape shape = Shape.of(batch, 8, 16, 15);
                float[] x = new float[shape.size()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = rng.nextFloat() * 2 - 1;
                }
                float[] want = predict(nchw, 1, x, shape);
                float[] one = predict(blocked, 1, x, shape);
                assertClose(want, one, "batch " + batch);
                assertEquals(java.util.Arrays.toString(one), java.util.Arrays.toString(predict(blocked, 2, x, shape)),
                        "2 threads, batch " + batch);
            }
        }
    }

    /**
     * Chain edges: a depthwise conv and a 3x3 Winograd-size conv stay NCHW, a graph output read
     * mid-chain is written as NCHW; BlockedLayout.ALL also chains the Winograd-size conv.
     */
    @Test
    void chainEdges_depthwiseWinogradAndGraphOutputs() {
        assumeTrue(hasVectorKernels());
        Graph.Builder b = Graph.builder();
        Graph.Value x = b.input("x", 1, 8, 10, 10);
        Graph.Value c1 = b.add("conv1", new Conv2d(8, 3).padding(1), x);
        Graph.Value dw = b.add("dw", new Conv2d(8, 3).padding(1).groups(8), c1);
        Graph.Value c2 = b.add("conv2", new Conv2d(16, 3).padding(1), dw);
        Graph.Value c3 = b.add("conv3", new Conv2d(16, 3).padding(2).dilation(2), c2);
        Graph.Value c4 = b.add("conv4", new Conv2d(16, 3).padding(1), c3);
        Graph.Value c5 = b.add("conv5", new Conv2d(8, 3).padding(1), c4);
        b.output("mid", c3);
        b.output("y", c5);
        Graph graph = b.build();
        Weights w = Weights.random(graph, 43);
        Options options = Options.defaults().withThreads(2);
        try (Model auto = Model.compile(graph, w, options);
                Model all = Model.compile(graph, w, options.withBlockedLayout(Options.BlockedLayout.ALL));
                Model nchw = Model.compile(graph, w, options.withBlockedLayout(Options.BlockedLayout.OFF));
                Tensor in = Tensor.of(new float[800], 1, 8, 10, 10)) {
            String text = auto.describe();
            assertTrue(text.contains("Conv2d(16, k=3x3, p=1) [nchw->nchw8c]"), text);
            assertTrue(text.contains("Conv2d(16, k=3x3, p=2, d=2) [nchw8c->nchw]"), text);
            for (String plain : new String[] {"conv1", "dw", "conv4", "conv5"}) {
                assertFalse(auto.kernels().get(plain).contains("nchw8c"), auto.kernels().toString());
            }
            String allText = all.describe();
            // conv3 feeds a graph output, so conv4 starts a second chain that conv5 ends
            assertTrue(allText.contains("Conv2d(16, k=3x3, p=1) [nchw->nchw8c]"), allText);
            assertTrue(allText.contains("Conv2d(8, k=3x3, p=1) [nchw8c->nchw]"), allText);
            assertFalse(all.kernels().get("dw").contains("nchw8c"), all.kernels().toString());
            Random rng = new Random(44);
            for (int i = 0; i < 800; i++) {
                in.setFlat(i, rng.nextFloat() - 0.5f);
            }
            try (Predictor pn = nchw.newPredictor(); Predictor pa = auto.newPredictor();
                    Predictor pl = all.newPredictor()) {
                List<Tensor> want = pn.predict(in);
                for (Predictor p : new Predictor[] {pa, pl}) {
                    List<Tensor> got = p.predict(in);
                    for (int k = 0; k < 2; k++) {
                        assertClose(want.get(k).toArray(), got.get(k).toArray(), "output " + k);
                    }
                }
            }
        }
    }

    private static Map<String, HostArray> arrays(Path dir, String prefix) throws IOException {
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

    private static Map<String, float[]> run(Model model, int threads, Map<String, HostArray> inputs) {
        List<Tensor> tensors = new ArrayList<>();
        try (Predictor p = model.newPredictor(threads)) {
            Map<String, Tensor> named = new LinkedHashMap<>();
            for (Map.Entry<String, HostArray> e : inputs.entrySet()) {
                Tensor t = Tensor.of(e.getValue().toFloatArray(), e.getValue().shape());
                tensors.add(t);
                named.put(e.getKey(), t);
            }
            Map<String, float[]> out = new LinkedHashMap<>();
            p.predict(named).forEach((k, v) -> out.put(k, v.toArray()));
            return out;
        } finally {
            tensors.forEach(Tensor::close);
        }
    }

    /**
     * PyTorch-exported CNNs: the same outputs with every supported conv chained (BlockedLayout.ALL:
     * residual adds, folded BatchNorms, max pools and strided 1x1 downsamples inside chains) as on
     * NCHW, at 1 and 2 threads.
     */
    @ParameterizedTest
    @ValueSource(strings = {"resnet_cnn", "resnet_cnn_bn", "resnet_cnn_opset17", "crnn", "crnn_opset17"})
    void onnxFixtures_sameResultsWithBlockedChains(String name) throws IOException {
        assumeTrue(hasVectorKernels());
        Path dir = ONNX.resolve(name);
        for (Path example : new Path[] {dir, dir.resolve("alt")}) {
            Map<String, HostArray> inputs = arrays(example, "input_");
            Map<String, Shape> shapes = new LinkedHashMap<>();
            inputs.forEach((k, v) -> shapes.put(k, v.shape()));
            OnnxImporter.Imported imported = OnnxImporter.read(dir.resolve("model.onnx"));
            Options options = Options.defaults().withThreads(1);
            try (Model blocked = imported.compile(options.withBlockedLayout(Options.BlockedLayout.ALL), shapes);
                    Model nchw = imported.compile(options.withBlockedLayout(Options.BlockedLayout.OFF), shapes)) {
                long chained = blocked.kernels().values().stream().filter(k -> k.contains("nchw8c")).count();
                assertTrue(chained >= (name.startsWith("resnet") ? 8 : 3), blocked.kernels().toString());
                Map<String, float[]> want = run(nchw, 1, inputs);
                for (int threads : new int[] {1, 2}) {
                    Map<String, float[]> got = run(blocked, threads, inputs);
                    for (String output : want.keySet()) {
                        assertClose(want.get(output), got.get(output), example + " " + output + " threads " + threads);
                    }
                }
            }
        }
    }
}
