package org.corenn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.corenn.io.OnnxAttribute;
import org.corenn.io.OnnxGraph;
import org.corenn.io.OnnxModel;
import org.corenn.io.OnnxNode;
import org.corenn.io.OnnxTestModels;
import org.corenn.runtime.CorennException;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The single-node ONNX LSTM/GRU/RNN variants under fixtures/onnx_rnn (made with the onnx package by
 * tools/fixtures/make_onnx_rnn_variants.py; expected outputs from its numpy reference of the ONNX
 * spec, cross-checked with ONNX Runtime): peepholes, input_forget, clip, sequence_lens, initial
 * states, bidirectional and reverse directions, layout 1, GRU linear_before_reset 0/1, RNN Relu.
 * Each is imported and run at 1 and 2 threads. Attributes the importer cannot honour must fail at
 * load with the node and the attribute named.
 */
class OnnxRnnVariantsTest {
    private static final Path ROOT = Path.of("src/test/resources/fixtures/onnx_rnn");

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(p -> Files.exists(p.resolve("model.onnx"))).map(p -> p.getFileName().toString())
                    .sorted().toList().stream();
        }
    }

    private static Map<String, Shape> inputShapes(Path dir) throws IOException {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        OnnxFixturesTest.arrays(dir, "input_").forEach((k, v) -> shapes.put(k, v.shape()));
        return shapes;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void importedVariant_oneAndTwoThreads_matchesReference(String name) throws IOException {
        Path dir = ROOT.resolve(name);
        OnnxImporter.Imported imported = OnnxImporter.read(dir.resolve("model.onnx"));
        for (Options options : new Options[] {Options.defaults().withThreads(1), Options.defaults().withThreads(2)}) {
            try (Model model = imported.compile(options, inputShapes(dir))) {
                OnnxFixturesTest.check(model, dir, name + " " + options);
            }
        }
    }

    @Test
    void nonzeroPeepholes_reachTheKernel_zeroOnesRunThePlainCell() throws IOException {
        OnnxModel model = OnnxModel.read(ROOT.resolve("lstm_peephole/model.onnx"));
        try (Model withPeepholes = compile(model)) {
            assertTrue(withPeepholes.describe().contains("peepholes"), withPeepholes.describe());
        }
        HostArray p = model.graph().initializers().get("P");
        OnnxModel zeroed = withInitializer(model, "P", HostArray.ofFloat32(new float[p.size()], p.shape()));
        try (Model plain = compile(zeroed)) {
            assertTrue(!plain.describe().contains("peepholes"), plain.describe());
        }
    }

    @Test
    void defaultActivationsInAnySpelling_andUnusedAlphaBeta_areAccepted() throws IOException {
        Path dir = ROOT.resolve("lstm_peephole");
        OnnxModel model = OnnxModel.read(dir.resolve("model.onnx"));
        OnnxModel spelled = withAttributes(model, OnnxAttribute.ofStrings("activations", List.of("sigmoid", "TANH",
                "Tanh")), OnnxAttribute.ofFloats("activation_alpha", new float[] {0.5f}),
                OnnxAttribute.ofFloats("activation_beta", new float[] {0.25f}));
        try (Model m = OnnxImporter.convert(spelled).compile(Options.defaults().withThreads(1), inputShapes(dir))) {
            OnnxFixturesTest.check(m, dir, "spelled-out default activations");
        }
    }

    @Test
    void unsupportedAttributes_failAtLoad_namingNodeAndAttribute() throws IOException {
        OnnxModel lstm = OnnxModel.read(ROOT.resolve("lstm_peephole/model.onnx"));
        expectRejected(withAttributes(lstm, OnnxAttribute.ofStrings("activations", List.of("HardSigmoid", "Tanh",
                "Tanh"))), "onnx: node 'lstm_0' (LSTM): unsupported: attribute activations=[HardSigmoid, Tanh, Tanh] "
                        + "(supported: Sigmoid, Tanh, Tanh per direction (the defaults))");
        expectRejected(withAttributes(lstm, OnnxAttribute.ofStrings("activations", List.of("Sigmoid", "Tanh"))),
                "attribute activations=[Sigmoid, Tanh]");
        expectRejected(withAttributes(lstm, OnnxAttribute.ofInt("output_sequence", 1)),
                "onnx: node 'lstm_0' (LSTM): unsupported: attribute output_sequence");
        expectRejected(withAttributes(lstm, OnnxAttribute.ofInt("linear_before_reset", 1)),
                "(LSTM): unsupported: attribute linear_before_reset");
        expectRejected(withAttributes(lstm, OnnxAttribute.ofString("direction", "sideways")),
                "(LSTM): unsupported: attribute direction=sideways");
        expectRejected(withAttributes(lstm, OnnxAttribute.ofInt("layout", 2)), "attribute layout=2 (expected 0 or 1)");
        expectRejected(withAttributes(lstm, OnnxAttribute.ofInt("input_forget", 2)),
                "attribute input_forget=2 (expected 0 or 1)");
        expectRejected(withAttributes(lstm, OnnxAttribute.ofFloat("clip", -1f)),
                "attribute clip=-1.0 (expected a finite threshold > 0)");
        expectRejected(withInitializer(lstm, "P", HostArray.ofFloat32(new float[14], Shape.of(1, 14))),
                "(LSTM): unsupported: P [1, 14] (expected [1, 15])");

        OnnxModel rnn = OnnxModel.read(ROOT.resolve("rnn_tanh_bidir/model.onnx"));
        expectRejected(withAttributes(rnn, OnnxAttribute.ofStrings("activations", List.of("Tanh", "Relu"))),
                "onnx: node 'rnn_0' (RNN): unsupported: attribute activations=[Tanh, Relu] (supported: all Tanh or "
                        + "all Relu)");
        expectRejected(withAttributes(rnn, OnnxAttribute.ofInt("input_forget", 1)),
                "(RNN): unsupported: attribute input_forget");
        OnnxModel gru = OnnxModel.read(ROOT.resolve("gru_lbr0/model.onnx"));
        expectRejected(withAttributes(gru, OnnxAttribute.ofStrings("activations", List.of("Sigmoid", "Relu"))),
                "onnx: node 'gru_0' (GRU): unsupported: attribute activations=[Sigmoid, Relu]");
    }

    @Test
    void sequenceLengthOutOfRange_failsTheCall_namingTheElement() throws IOException {
        Path dir = ROOT.resolve("lstm_peephole_bidir_seqlens");
        Map<String, HostArray> inputs = OnnxFixturesTest.arrays(dir, "input_");
        try (Model model = OnnxImporter.read(dir.resolve("model.onnx")).compile(Options.defaults(),
                inputShapes(dir)); Predictor p = model.newPredictor()) {
            Map<String, Tensor> named = new LinkedHashMap<>();
            List<Tensor> tensors = new ArrayList<>();
            try {
                for (Map.Entry<String, HostArray> e : inputs.entrySet()) {
                    float[] values = e.getValue().toFloatArray();
                    if (e.getKey().equals("sequence_lens")) {
                        values[1] = 7;  // seq is 6
                    }
                    Tensor t = Tensor.of(values, e.getValue().shape());
                    tensors.add(t);
                    named.put(e.getKey(), t);
                }
                RuntimeException e = assertThrows(RuntimeException.class, () -> p.predict(named));
                assertTrue(e.getMessage().contains("Lstm: lengths[1] must be an integer in [0, seq=6], got 7.0"),
                        e.getMessage());
            } finally {
                tensors.forEach(Tensor::close);
            }
        }
    }

    private static Model compile(OnnxModel model) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        model.graph().runtimeInputs().forEach(in -> shapes.put(in.name(), Shape.of(in.dims().stream()
                .mapToInt(d -> d.isFixed() ? (int) d.value() : 2).toArray())));
        return OnnxImporter.convert(model).compile(Options.defaults().withThreads(1), shapes);
    }

    private static void expectRejected(OnnxModel model, String message) {
        CorennException e = assertThrows(CorennException.class, () -> OnnxImporter.convert(model));
        assertTrue(e.getMessage().contains(message), "expected '" + message + "' in: " + e.getMessage());
    }

    /** The model with its one node's attributes added to (or replaced by) these. */
    private static OnnxModel withAttributes(OnnxModel model, OnnxAttribute... extra) {
        OnnxGraph g = model.graph();
        assertEquals(1, g.nodes().size());
        OnnxNode node = g.nodes().get(0);
        Map<String, OnnxAttribute> attributes = new LinkedHashMap<>(node.attributes());
        for (OnnxAttribute a : extra) {
            attributes.put(a.name(), a);
        }
        OnnxNode edited = new OnnxNode(node.name(), node.opType(), node.domain(), node.inputs(), node.outputs(),
                new ArrayList<>(attributes.values()));
        return OnnxTestModels.withGraph(model, new OnnxGraph(g.name(), List.of(edited), g.initializers(), g.inputs(),
                g.outputs(), g.valueInfo()));
    }

    private static OnnxModel withInitializer(OnnxModel model, String name, HostArray value) {
        OnnxGraph g = model.graph();
        Map<String, HostArray> initializers = new LinkedHashMap<>(g.initializers());
        initializers.put(name, value);
        return OnnxTestModels.withGraph(model, new OnnxGraph(g.name(), g.nodes(), initializers, g.inputs(),
                g.outputs(), g.valueInfo()));
    }
}
