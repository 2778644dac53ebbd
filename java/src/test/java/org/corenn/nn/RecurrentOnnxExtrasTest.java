package org.corenn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.corenn.io.HostArray;
import org.corenn.io.Npy;
import org.corenn.runtime.CorennException;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The ONNX extras of the recurrent layers built in Java (peepholes, input_forget, reverse, a lengths
 * input), on the weights of the ONNX fixtures: the outputs of tools/fixtures/make_onnx_rnn_variants.py.
 */
class RecurrentOnnxExtrasTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/onnx_rnn");

    private static HostArray npy(String fixture, String file) throws IOException {
        return Npy.read(FIXTURES.resolve(fixture).resolve(file + ".npy"));
    }

    private static Tensor tensor(String fixture, String file) throws IOException {
        HostArray a = npy(fixture, file);
        return Tensor.of(a.toFloatArray(), a.shape());
    }

    /** ONNX W/R/B/P of a one-direction fixture under the layer's state_dict names. */
    private static Weights onnxWeights(String fixture) throws IOException {
        float[] b = npy(fixture, "init_B").toFloatArray();
        int half = b.length / 2;
        HostArray w = npy(fixture, "init_W");
        HostArray r = npy(fixture, "init_R");
        HostArray p = npy(fixture, "init_P");
        return Weights.builder()
                .put("lstm.weight_ih_l0", Shape.of(w.shape().dim(1), w.shape().dim(2)), w.toFloatArray())
                .put("lstm.weight_hh_l0", Shape.of(r.shape().dim(1), r.shape().dim(2)), r.toFloatArray())
                .put("lstm.bias_ih_l0", Shape.of(half), Arrays.copyOfRange(b, 0, half))
                .put("lstm.bias_hh_l0", Shape.of(half), Arrays.copyOfRange(b, half, b.length))
                .put("lstm.peephole_l0", Shape.of(p.size()), p.toFloatArray()).build();
    }

    private static void assertClose(HostArray want, float[] got, String what) {
        float[] w = want.toFloatArray();
        assertEquals(w.length, got.length, what);
        for (int i = 0; i < w.length; i++) {
            assertEquals(w[i], got[i], 1e-5 * Math.max(1, Math.abs(w[i])), what + " at " + i);
        }
    }

    @Test
    void reversePeepholeLstm_withLengthsAndStates_matchesTheOnnxReference() throws IOException {
        String fixture = "lstm_reverse_peephole_clip_seqlens";
        Graph.Builder b = Graph.builder();
        Graph.Value x = b.input("x", -1, -1, 4);
        Graph.Value lengths = b.input("lengths", -1);
        Graph.Value h0 = b.input("h0", 1, -1, 5);
        Graph.Value c0 = b.input("c0", 1, -1, 5);
        Recurrent lstm = new Lstm(5).peepholes(true).reverse(true).withStates().withLengths()
                .onnxConventions(false, 0.9f);
        assertEquals("Lstm(5, reverse, peepholes)", lstm.toString());
        List<Graph.Value> out = b.addMulti("lstm", lstm, x, lengths, h0, c0);
        b.output("y", out.get(0)).output("hn", out.get(1)).output("cn", out.get(2));
        try (Model m = Model.compile(b.build(), onnxWeights(fixture), Options.defaults().withThreads(2));
                Predictor p = m.newPredictor(); Tensor xt = tensor(fixture, "input_X");
                Tensor lt = tensor(fixture, "input_sequence_lens"); Tensor ht = tensor(fixture, "input_initial_h");
                Tensor ct = tensor(fixture, "input_initial_c")) {
            Map<String, Tensor> y = p.predict(Map.of("x", xt, "lengths", lt, "h0", ht, "c0", ct));
            assertClose(npy(fixture, "output_Y"), y.get("y").toArray(), "y");  // [T, 1, B, H] = [T, B, H]
            assertClose(npy(fixture, "output_Y_h"), y.get("hn").toArray(), "h_n");
            assertClose(npy(fixture, "output_Y_c"), y.get("cn").toArray(), "c_n");
        }
    }

    @Test
    void inputForgetLstm_matchesTheOnnxReference() throws IOException {
        String fixture = "lstm_input_forget";
        HostArray w = npy(fixture, "init_W");
        HostArray r = npy(fixture, "init_R");
        float[] bias = npy(fixture, "init_B").toFloatArray();
        Weights weights = Weights.builder().put("lstm.weight_ih_l0", Shape.of(16, 3), w.toFloatArray())
                .put("lstm.weight_hh_l0", Shape.of(16, 4), r.toFloatArray())
                .put("lstm.bias_ih_l0", Shape.of(16), Arrays.copyOfRange(bias, 0, 16))
                .put("lstm.bias_hh_l0", Shape.of(16), Arrays.copyOfRange(bias, 16, 32)).build();
        Graph.Builder b = Graph.builder();
        Graph.Value x = b.input("x", -1, -1, 3);
        Graph.Value h0 = b.input("h0", 1, -1, 4);
        Graph.Value c0 = b.input("c0", 1, -1, 4);
        List<Graph.Value> out = b.addMulti("lstm", new Lstm(4).inputForget(true).withStates()
                .onnxConventions(false, 0), x, h0, c0);
        b.output("y", out.get(0)).output("cn", out.get(2));
        try (Model m = Model.compile(b.build(), weights, Options.defaults()); Predictor p = m.newPredictor();
                Tensor xt = tensor(fixture, "input_X"); Tensor h = tensor(fixture, "input_initial_h");
                Tensor c = tensor(fixture, "input_initial_c")) {
            Map<String, Tensor> y = p.predict(Map.of("x", xt, "h0", h, "c0", c));
            assertClose(npy(fixture, "output_Y"), y.get("y").toArray(), "y");
            assertClose(npy(fixture, "output_Y_c"), y.get("cn").toArray(), "c_n");
        }
    }

    @Test
    void badConfigurations_nameTheProblem() throws IOException {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> new Lstm(4).peepholes(true).bidirectional(true).reverse(true));
        assertEquals("Lstm: reverse needs bidirectional=false (a bidirectional stack already runs both ways)",
                both.getMessage());
        Graph.Builder b = Graph.builder();
        Graph.Value x = b.input("x", 6, 3, 4);
        Graph.Value lengths = b.input("lengths", 2);
        b.output("y", b.add("lstm", new Lstm(5).withLengths(), x, lengths));
        RuntimeException shape = assertThrows(RuntimeException.class, () -> b.build());
        assertTrue(shape.getMessage().contains("lengths must be [3] (one per batch element), got [2]"),
                shape.getMessage());

        Graph g = Sequential.withInput(new int[] {6, 3, 4}, new Lstm(5).peepholes(true));
        Weights missing = Weights.builder().put("0.weight_ih_l0", Shape.of(20, 4), new float[80])
                .put("0.weight_hh_l0", Shape.of(20, 5), new float[100]).put("0.bias_ih_l0", Shape.of(20), new float[20])
                .put("0.bias_hh_l0", Shape.of(20), new float[20]).build();
        CorennException peephole = assertThrows(CorennException.class,
                () -> Model.compile(g, missing, Options.defaults()).close());
        assertTrue(peephole.getMessage().contains("0.peephole_l0"), peephole.getMessage());
    }
}
