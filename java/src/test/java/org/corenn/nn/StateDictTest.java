package org.corenn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.corenn.io.HostArray;
import org.corenn.io.Npy;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models built in Java with PyTorch's module names load the PyTorch state_dict (safetensors) unchanged
 * and reproduce PyTorch's outputs (the same fixtures the ONNX importer is tested on).
 */
class StateDictTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/onnx");

    @TempDir
    Path tmp;

    private static Tensor input(String fixture, String name) throws IOException {
        HostArray a = Npy.read(FIXTURES.resolve(fixture).resolve("input_" + name + ".npy"));
        return Tensor.of(a.toFloatArray(), a.shape());
    }

    private static void assertMatches(String fixture, String output, Tensor got) throws IOException {
        HostArray want = Npy.read(FIXTURES.resolve(fixture).resolve("output_" + output + ".npy"));
        assertEquals(want.shape(), got.shape(), fixture + " " + output);
        float[] w = want.toFloatArray();
        float[] g = got.toArray();
        for (int i = 0; i < w.length; i++) {
            assertEquals(w[i], g[i], 1e-4 * Math.max(1, Math.abs(w[i])), fixture + " " + output + " at " + i);
        }
    }

    @Test
    void mlp_sequentialWithPrefixStripped_matchesPyTorch() throws IOException {
        Graph g = Sequential.of(Shape.of(20), new Dense(64), Activation.RELU, new Dense(32), Activation.TANH,
                new Dense(5));
        Weights w = Weights.readSafetensors(FIXTURES.resolve("mlp/model.safetensors")).withoutPrefix("net.");
        try (Model m = Model.compile(g, w, Options.defaults()); Predictor p = m.newPredictor();
                Tensor x = input("mlp", "x")) {
            assertMatches("mlp", "y", p.predict(x).get(0));
        }
    }

    @Test
    void twoLayerLstm_withStates_matchesPyTorch_andSurvivesASafetensorsRoundTrip() throws IOException {
        Graph.Builder b = Graph.builder();
        Graph.Value x = b.input("x", -1, -1, 8);
        Graph.Value h0 = b.input("h0", 2, -1, 16);
        Graph.Value c0 = b.input("c0", 2, -1, 16);
        List<Graph.Value> out = b.addMulti("lstm", new Lstm(16).numLayers(2).withStates(), x, h0, c0);
        b.output("y", out.get(0)).output("hn", out.get(1)).output("cn", out.get(2));
        Graph g = b.build();
        Weights w = Weights.readSafetensors(FIXTURES.resolve("lstm_states/model.safetensors"));
        Path copy = tmp.resolve("copy.safetensors");
        w.writeSafetensors(copy);
        Weights reread = Weights.readSafetensors(copy);
        try (Model m = Model.compile(g, reread, Options.defaults()); Predictor p = m.newPredictor();
                Tensor xt = input("lstm_states", "x"); Tensor h = input("lstm_states", "h0");
                Tensor c = input("lstm_states", "c0")) {
            Map<String, Tensor> y = p.predict(Map.of("x", xt, "h0", h, "c0", c));
            assertMatches("lstm_states", "y", y.get("y"));
            assertMatches("lstm_states", "hn", y.get("hn"));
            assertMatches("lstm_states", "cn", y.get("cn"));
        }
    }

    @Test
    void bidirectionalGru_withStates_matchesPyTorch() throws IOException {
        Graph.Builder b = Graph.builder();
        Graph.Value x = b.input("x", -1, -1, 8);
        Graph.Value h0 = b.input("h0", 4, -1, 12);
        List<Graph.Value> out = b.addMulti("gru", new Gru(12).numLayers(2).bidirectional(true).withStates(), x, h0);
        b.output("y", out.get(0)).output("hn", out.get(1));
        Weights w = Weights.readSafetensors(FIXTURES.resolve("gru_states/model.safetensors"));
        try (Model m = Model.compile(b.build(), w, Options.defaults()); Predictor p = m.newPredictor();
                Tensor xt = input("gru_states", "x"); Tensor h = input("gru_states", "h0")) {
            Map<String, Tensor> y = p.predict(Map.of("x", xt, "h0", h));
            assertMatches("gru_states", "y", y.get("y"));
            assertMatches("gru_states", "hn", y.get("hn"));
        }
    }

    @Test
    void textClassifier_embeddingConv1dBiLstm_builtInJava_matchesPyTorch() throws IOException {
        Graph.Builder b = Graph.builder();
        Graph.Value tokens = b.input("tokens", -1, -1);
        Graph.Value e = b.add("embedding", new Embedding(50, 16), tokens);
        Graph.Value nct = b.add("to_ncl", new Permute(0, 2, 1), e);
        Graph.Value conv = b.add("conv", new Conv1d(24, 3).padding(1), nct);
        Graph.Value relu = b.add("relu", Activation.RELU, conv);
        Graph.Value ntc = b.add("to_ntc", new Permute(0, 2, 1), relu);
        List<Graph.Value> lstm = b.addMulti("lstm", new Lstm(20).bidirectional(true).batchFirst(true).withStates(), ntc);
        Graph.Value hn = lstm.get(1);
        Graph.Value batchMajor = b.add("h_batch_major", new Permute(1, 0, 2), hn);
        Graph.Value flat = b.add("concat_h", new Flatten(1), batchMajor);
        b.output("logits", b.add("fc", new Dense(4), flat));
        Weights w = Weights.readSafetensors(FIXTURES.resolve("text_cnn_bilstm/model.safetensors"));
        HostArray ids = Npy.read(FIXTURES.resolve("text_cnn_bilstm/input_tokens.npy"));
        float[] asFloats = new float[ids.size()];
        long[] raw = ids.toLongArray();
        for (int i = 0; i < raw.length; i++) {
            asFloats[i] = raw[i];
        }
        try (Model m = Model.compile(b.build(), w, Options.defaults()); Predictor p = m.newPredictor();
                Tensor t = Tensor.of(asFloats, ids.shape())) {
            assertMatches("text_cnn_bilstm", "logits", p.predict(t).get(0));
        }
    }
}
