package org.corenn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.corenn.nn.Activation;
import org.corenn.nn.Dense;
import org.corenn.nn.Dropout;
import org.corenn.nn.Flatten;
import org.corenn.nn.Graph;
import org.corenn.nn.Sequential;
import org.corenn.nn.Softmax;
import org.corenn.nn.Weights;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ModelTest {
    private static final Graph MLP = Sequential.of(Shape.of(2, 6), new Flatten(), new Dense(16), Activation.TANH,
            new Dropout(0.5f), new Dense(5), Softmax.softmax(-1));

    /** Plain-Java forward pass of {@link #MLP}. */
    private static float[] reference(Weights w, float[] x, int batch) {
        float[] out = new float[batch * 5];
        float[] w1 = w.get("1.weight").data(), b1 = w.get("1.bias").data();
        float[] w4 = w.get("4.weight").data(), b4 = w.get("4.bias").data();
        for (int n = 0; n < batch; n++) {
            double[] h = new double[16];
            for (int o = 0; o < 16; o++) {
                double s = b1[o];
                for (int i = 0; i < 12; i++) {
                    s += (double) x[n * 12 + i] * w1[o * 12 + i];
                }
                h[o] = Math.tanh(s);
            }
            double[] z = new double[5];
            double max = Double.NEGATIVE_INFINITY;
            for (int o = 0; o < 5; o++) {
                double s = b4[o];
                for (int i = 0; i < 16; i++) {
                    s += (float) h[i] * w4[o * 16 + i];
                }
                z[o] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int o = 0; o < 5; o++) {
                sum += Math.exp(z[o] - max);
            }
            for (int o = 0; o < 5; o++) {
                out[n * 5 + o] = (float) (Math.exp(z[o] - max) / sum);
            }
        }
        return out;
    }

    private static float[] random(Random rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextFloat() * 2 - 1;
        }
        return v;
    }

    @Test
    void sequential_mlp_matchesReference_forSeveralBatchSizes() {
        Weights w = Weights.random(MLP, 1);
        assertEquals(Map.of("1.weight", Shape.of(16, 12), "1.bias", Shape.of(16), "4.weight", Shape.of(5, 16),
                "4.bias", Shape.of(5)), MLP.parameterShapes());
        Random rng = new Random(2);
        try (Model model = Model.compile(MLP, w, Options.defaults()); Predictor p = model.newPredictor()) {
            for (int batch : new int[] {1, 7, 1, 32}) {
                float[] x = random(rng, batch * 12);
                try (Tensor in = Tensor.of(x, batch, 2, 6)) {
                    Tensor out = p.predict(in).get(0);
                    assertEquals(Shape.of(batch, 5), out.shape());
                    float[] want = reference(w, x, batch);
                    float[] got = out.toArray();
                    for (int i = 0; i < want.length; i++) {
                        assertEquals(want[i], got[i], 1e-5, "batch " + batch + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void eightThreads_sharingOneModel_getBitIdenticalResults() throws Exception {
        Weights w = Weights.random(MLP, 3);
        Random rng = new Random(4);
        List<float[]> inputs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            inputs.add(random(rng, 3 * 12));
        }
        try (Model model = Model.compile(MLP, w, Options.defaults().withThreads(1))) {
            List<float[]> expected = new ArrayList<>();
            try (Predictor p = model.newPredictor()) {
                for (float[] x : inputs) {
                    try (Tensor in = Tensor.of(x, 3, 2, 6)) {
                        expected.add(p.predict(in).get(0).toArray());
                    }
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    results.add(pool.submit(() -> {
                        try (Predictor p = model.newPredictor()) {
                            for (int round = 0; round < 50; round++) {
                                for (int i = 0; i < inputs.size(); i++) {
                                    try (Tensor in = Tensor.of(inputs.get(i), 3, 2, 6)) {
                                        if (!java.util.Arrays.equals(expected.get(i), p.predict(in).get(0).toArray())) {
                                            return false;
                                        }
                                    }
                                }
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> f : results) {
                    assertTrue(f.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void missingOrMisshapedWeights_nameTheWeight() {
        Weights w = Weights.random(MLP, 1);
        Weights.Builder partial = Weights.builder();
        for (String name : w.names()) {
            if (!name.equals("4.bias")) {
                partial.put(name, w.get(name).shape(), w.get(name).data());
            }
        }
        CorennException missing = assertThrows(CorennException.class,
                () -> Model.compile(MLP, partial.build(), Options.defaults()));
        assertEquals("model: missing weight '4.bias' [5] for layer '4' (Dense)", missing.getMessage());
        partial.put("4.bias", Shape.of(6), new float[6]);
        CorennException shape = assertThrows(CorennException.class,
                () -> Model.compile(MLP, partial.build(), Options.defaults()));
        assertTrue(shape.getMessage().contains("'4.bias' has shape [6], layer '4' (Dense) expects [5]"),
                shape.getMessage());
    }

    @Test
    void wrongInputs_throwBeforeRunning() {
        try (Model model = Model.compile(MLP, Weights.random(MLP, 1), Options.defaults());
                Predictor p = model.newPredictor(); Tensor bad = Tensor.zeros(1, 3, 6); Tensor good = Tensor.zeros(1, 2, 6)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.predict(bad));
            assertEquals("model: input 'input' must have shape [?, 2, 6], got [1, 3, 6]", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> p.predict(good, good));
            assertThrows(NullPointerException.class, () -> p.predict((Tensor) null));
            assertThrows(IllegalArgumentException.class, () -> p.predict(Map.of("x", good)));
            Tensor out = p.predict(good).get(0);
            out.close();
            assertThrows(IllegalStateException.class, () -> p.predict(good));
        }
    }

    @Test
    void shapeErrors_nameTheLayerAndShapes() {
        CorennException e = assertThrows(CorennException.class,
                () -> Sequential.of(Shape.of(4), new Dense(3), new org.corenn.nn.Reshape(2, 2)));
        assertTrue(e.getMessage().startsWith("layer '1' (Reshape): cannot reshape [1, 3]"), e.getMessage());
    }

    @Test
    void closedModel_throws_andDescribeListsLayers() {
        Model model = Model.compile(MLP, Weights.random(MLP, 1), Options.defaults());
        String text = model.describe();
        assertTrue(text.contains("Dense(16, tanh)") && text.contains("f32-gemv") && text.contains("intermediate values"), text);
        Predictor p = model.newPredictor();
        model.close();
        model.close();
        try (Tensor x = Tensor.zeros(1, 2, 6)) {
            assertThrows(IllegalStateException.class, () -> p.predict(x));
        }
    }

    @Test
    void deadBranches_areDropped() {
        Graph.Builder b = Graph.builder();
        Graph.Value x = b.input("x", -1, 4);
        Graph.Value used = b.add("used", new Dense(3), x);
        b.add("unused", new Dense(1000), x);
        b.output("y", used);
        Graph g = b.build();
        try (Model model = Model.compile(g, Weights.random(g, 1), Options.defaults())) {
            String text = model.describe();
            assertTrue(text.contains("used") && !text.contains("unused"), text);
        }
    }
}
