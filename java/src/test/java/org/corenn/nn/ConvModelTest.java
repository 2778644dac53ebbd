package org.corenn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.corenn.testing.IsaLevels;
import org.junit.jupiter.api.Test;

class ConvModelTest {
    private static float[] f(Weights w, String name) {
        return w.get(name).data();
    }

    private static double[] random(Random rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static void assertClose(double[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-4 + 1e-4 * Math.abs(want[i]), what + " at " + i);
        }
    }

    @Test
    void smallCnn_convBnReluPoolDense_matchesNaiveForward_everyIsaAndThreadCount() {
        Graph g = Sequential.of(Shape.of(3, 12, 12), new Conv2d(8, 3).padding(1), new BatchNorm(), Activation.RELU,
                new MaxPool2d(2), new Conv2d(6, 3).stride(2), new Flatten(), new Dense(5));
        Weights w = Weights.random(g, 7);
        Random rng = new Random(8);
        int n = 2;
        double[] x = random(rng, n * 3 * 12 * 12);
        double[] y = NaiveNet.conv2d(x, n, 3, 12, 12, f(w, "0.weight"), f(w, "0.bias"), 8, 3, 1, 1, 1);
        y = NaiveNet.batchNorm(y, n, 8, 144, f(w, "1.weight"), f(w, "1.bias"), f(w, "1.running_mean"),
                f(w, "1.running_var"), 1e-5);
        y = NaiveNet.maxPool(NaiveNet.relu(y), n, 8, 12, 12, 2);
        y = NaiveNet.conv2d(y, n, 8, 6, 6, f(w, "4.weight"), f(w, "4.bias"), 6, 3, 2, 0, 1);
        double[] want = NaiveNet.dense(y, n, 6 * 2 * 2, f(w, "6.weight"), f(w, "6.bias"), 5);
        for (Options o : IsaLevels.everyIsaAndThreadCount()) {
            try (Model model = Model.compile(g, w, o); Predictor p = model.newPredictor();
                    Tensor in = Tensor.of(toFloat(x), n, 3, 12, 12)) {
                assertClose(want, p.predict(in).get(0).toArray(), o.toString());
                String text = model.describe();
                assertTrue(text.contains("Conv2d(8, k=3x3, p=1, +bn, +relu)"), text);
            }
        }
    }

    @Test
    void residualBlock_fusesAddAndRelu_andMatchesNaiveForward() {
        Graph.Builder b = Graph.builder();
        Graph.Value x = b.input("x", -1, 4, 9, 9);
        Graph.Value c1 = b.add("conv1", new Conv2d(4, 3).padding(1).bias(false), x);
        Graph.Value n1 = b.add("bn1", new BatchNorm(), c1);
        Graph.Value r1 = b.add("relu1", Activation.RELU, n1);
        Graph.Value c2 = b.add("conv2", new Conv2d(4, 3).padding(1).bias(false), r1);
        Graph.Value n2 = b.add("bn2", new BatchNorm(), c2);
        Graph.Value sum = b.add("add", new Add(), n2, x);
        Graph.Value out = b.add("relu2", Activation.RELU, sum);
        Graph.Value pooled = b.add("pool", new GlobalAvgPool(), out);
        b.output("y", pooled);
        Graph g = b.build();
        Weights w = Weights.random(g, 11);
        Random rng = new Random(12);
        int n = 3;
        double[] in = random(rng, n * 4 * 81);
        double[] h = NaiveNet.conv2d(in, n, 4, 9, 9, f(w, "conv1.weight"), null, 4, 3, 1, 1, 1);
        h = NaiveNet.relu(NaiveNet.batchNorm(h, n, 4, 81, f(w, "bn1.weight"), f(w, "bn1.bias"),
                f(w, "bn1.running_mean"), f(w, "bn1.running_var"), 1e-5));
        h = NaiveNet.conv2d(h, n, 4, 9, 9, f(w, "conv2.weight"), null, 4, 3, 1, 1, 1);
        h = NaiveNet.batchNorm(h, n, 4, 81, f(w, "bn2.weight"), f(w, "bn2.bias"), f(w, "bn2.running_mean"),
                f(w, "bn2.running_var"), 1e-5);
        double[] want = NaiveNet.globalAvg(NaiveNet.relu(NaiveNet.add(h, in)), n * 4, 81);
        try (Model model = Model.compile(g, w, Options.defaults()); Predictor p = model.newPredictor();
                Tensor t = Tensor.of(toFloat(in), n, 4, 9, 9)) {
            Tensor y = p.predict(t).get(0);
            assertEquals(Shape.of(n, 4, 1, 1), y.shape());
            assertClose(want, y.toArray(), "residual block");
            String text = model.describe();
            assertTrue(text.contains("Conv2d(4, k=3x3, p=1, +bn, +residual, +relu)"), text);
            assertTrue(text.contains("2 steps") || text.contains("3 steps"), text);
        }
    }

    @Test
    void standaloneBatchNorm_andDepthwiseConv1d() {
        Graph g = Sequential.of(Shape.of(6, 20), new BatchNorm(), new Conv1d(12, 3).groups(6).padding(1));
        Weights w = Weights.random(g, 3);
        Random rng = new Random(4);
        double[] x = random(rng, 2 * 6 * 20);
        double[] h = NaiveNet.batchNorm(x, 2, 6, 20, f(w, "0.weight"), f(w, "0.bias"), f(w, "0.running_mean"),
                f(w, "0.running_var"), 1e-5);
        // a 1-row input padded by 1 above and below: only the kernel's middle row meets data
        double[] want = NaiveNet.conv2d(h, 2, 6, 1, 20, padTo2d(f(w, "1.weight"), 12, 1, 3), f(w, "1.bias"), 12, 3,
                1, 1, 6);
        try (Model model = Model.compile(g, w, Options.defaults()); Predictor p = model.newPredictor();
                Tensor t = Tensor.of(toFloat(x), 2, 6, 20)) {
            assertClose(want, p.predict(t).get(0).toArray(), "bn + depthwise conv1d");
        }
    }

    /** OIL weights as OIHW with the kernel in the middle row of a k×k window. */
    private static float[] padTo2d(float[] w, int o, int cg, int k) {
        float[] out = new float[o * cg * k * k];
        for (int i = 0; i < o * cg; i++) {
            for (int j = 0; j < k; j++) {
                out[(i * k + k / 2) * k + j] = w[i * k + j];
            }
        }
        return out;
    }
}
