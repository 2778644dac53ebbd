package org.corenn.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.corenn.nn.Activation;
import org.corenn.nn.BatchNorm;
import org.corenn.nn.Conv2d;
import org.corenn.nn.Dense;
import org.corenn.nn.Flatten;
import org.corenn.nn.Graph;
import org.corenn.nn.Gru;
import org.corenn.nn.Layer;
import org.corenn.nn.Lstm;
import org.corenn.nn.MaxPool2d;
import org.corenn.nn.Padding;
import org.corenn.nn.Recurrent;
import org.corenn.nn.Sequential;
import org.corenn.nn.TakeLastStep;
import org.corenn.nn.Weights;
import org.corenn.runtime.Isa;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of whole models: small random {@link Sequential} CNNs (Conv2d, MaxPool2d, BatchNorm,
 * activations, Dense) and RNNs (Lstm, Gru) with random and hostile hyper-parameters (zero, negative
 * and huge sizes, kernels and strides larger than the input, huge padding), corrupted weights (NaN,
 * missing), hostile inputs (wrong shapes, empty batches and sequences, NaN/Inf, closed tensors) and
 * closed models and predictors. Every case computes or throws a documented exception; a computed
 * prediction with finite inputs and weights is finite and repeats bit for bit.
 */
class ModelFuzzTest {
    /** Models cost more than single ops; a tenth of the op cases keeps CI inside its budget. */
    private static final int CASES = Math.max(1, OpsFuzzTest.CASES / 10);
    /** Hostile sizes for layers and inputs: rejected early or overflowing, never merely huge. */
    private static final int[] HOSTILE = {0, -1, -5, Integer.MIN_VALUE, Integer.MAX_VALUE};
    private static final long MAX_PARAMETERS = 1 << 20;

    @Test
    void randomCnns_computeOrThrowDocumentedExceptions() {
        fuzz("cnn", OpsFuzzTest.SEED + 3, v -> modelCase(v, cnn(v), true));
    }

    @Test
    void randomRnns_computeOrThrowDocumentedExceptions() {
        fuzz("rnn", OpsFuzzTest.SEED + 4, v -> modelCase(v, rnn(v), false));
    }

    private interface Case {
        void run(HostileValues v) throws Exception;
    }

    private static void fuzz(String what, long seed, Case body) {
        Random random = new Random(seed);
        int computed = 0;
        for (int n = 0; n < CASES; n++) {
            long caseSeed = random.nextLong();
            computed += FuzzCase.run(what + " case " + n + " (case seed " + caseSeed + ")",
                    () -> body.run(new HostileValues(new Random(caseSeed)))) ? 1 : 0;
        }
        assertTrue(computed > 0 && (CASES < 20 || computed < CASES), computed + " of " + CASES + " " + what
                + " cases computed");
    }

    private static int size(HostileValues v, int max, double hostile) {
        return v.chance(hostile) ? HOSTILE[v.random().nextInt(HOSTILE.length)] : 1 + v.random().nextInt(max);
    }

    /** [batch, c, h, w] input, dynamic batch. */
    private static Graph cnn(HostileValues v) {
        List<Layer> layers = new ArrayList<>();
        int count = 1 + v.random().nextInt(4);
        for (int i = 0; i < count; i++) {
            switch (v.random().nextInt(4)) {
                case 0: {
                    Conv2d conv = new Conv2d(size(v, 6, 0.02), size(v, 4, 0.02)).stride(size(v, 3, 0.02))
                            .dilation(size(v, 2, 0.02));
                    conv = v.chance(0.2) ? conv.padding(Padding.SAME)
                            : conv.padding(v.chance(0.05) ? size(v, 1, 1) : v.random().nextInt(3));
                    layers.add(v.chance(0.1) ? conv.groups(size(v, 3, 0.1)) : conv);
                    break;
                }
                case 1:
                    layers.add(new MaxPool2d(size(v, 3, 0.02)).stride(size(v, 3, 0.02))
                            .padding(v.chance(0.03) ? size(v, 1, 1) : v.random().nextInt(2))
                            .ceilMode(v.random().nextBoolean()));
                    break;
                case 2:
                    layers.add(v.chance(0.03) ? new BatchNorm(v.floats(1, 1)[0], true) : new BatchNorm());
                    break;
                default:
                    layers.add(v.random().nextBoolean() ? Activation.RELU : Activation.TANH);
                    break;
            }
        }
        if (v.chance(0.7)) {
            layers.add(new Flatten());
            layers.add(new Dense(size(v, 10, 0.02)));
        }
        Shape sample = Shape.of(size(v, 4, 0.02), size(v, 10, 0.02), size(v, 10, 0.02));
        return Sequential.of(sample, layers.toArray(new Layer[0]));
    }

    /** [seq, batch, features] input (or batch-first), dynamic seq and batch. */
    private static Graph rnn(HostileValues v) {
        Recurrent cell = v.random().nextBoolean() ? new Lstm(size(v, 9, 0.03)) : new Gru(size(v, 9, 0.03));
        if (cell instanceof Lstm && v.chance(0.15)) {
            cell = ((Lstm) cell).projSize(size(v, 4, 0.1));
        }
        cell = cell.numLayers(v.chance(0.03) ? size(v, 1, 1) : 1 + v.random().nextInt(2))
                .bidirectional(v.random().nextBoolean());
        boolean batchFirst = v.chance(0.3);
        cell = cell.batchFirst(batchFirst).bias(v.chance(0.9));
        int features = size(v, 12, 0.02);
        if (v.chance(0.5)) {
            return Sequential.withInput(new int[] {-1, -1, features}, cell, new TakeLastStep(batchFirst),
                    new Dense(size(v, 6, 0.02)));
        }
        return Sequential.withInput(new int[] {-1, -1, features}, cell);
    }

    private static Weights weights(HostileValues v, Graph graph, boolean[] finite) {
        long total = 0;
        for (Shape s : graph.parameterShapes().values()) {
            total += s.size();
        }
        if (total > MAX_PARAMETERS || v.chance(0.02)) {
            return Weights.empty();
        }
        Weights random = Weights.random(graph, v.random().nextLong());
        if (!v.chance(0.05)) {
            return random;
        }
        finite[0] = false;
        Weights.Builder corrupted = Weights.builder();
        for (String name : random.names()) {
            Weights.Entry e = random.get(name);
            corrupted.put(name, e.shape(), v.chance(0.5) ? v.floats(e.shape().size(), 0.2) : e.data());
        }
        return corrupted.build();
    }

    private static Tensor input(HostileValues v, Graph graph, boolean image, boolean[] finite) {
        int[] dims = graph.inputs().get(0).dims();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                dims[i] = image ? 1 + v.random().nextInt(3) : 1 + v.random().nextInt(5);
            }
            if (v.chance(0.02)) {
                dims[i] = v.chance(0.5) ? 0 : dims[i] + 1;
            }
        }
        Shape shape = Shape.of(dims);
        double hostile = v.chance(0.1) ? 0.1 : 0;
        finite[0] &= hostile == 0;
        return Tensor.of(v.floats(shape.size(), hostile), shape);
    }

    private static void modelCase(HostileValues v, Graph graph, boolean image) {
        boolean[] finite = {true};
        Weights weights = weights(v, graph, finite);
        Options options = Options.defaults().withThreads(1 + v.random().nextInt(2))
                .withIsa(v.random().nextBoolean() ? Isa.AUTO : Isa.GENERIC);
        try (Model model = Model.compile(graph, weights, options); Predictor predictor = model.newPredictor()) {
            int calls = 1 + v.random().nextInt(3);
            for (int c = 0; c < calls; c++) {
                if (v.chance(0.015)) {
                    model.close();
                } else if (v.chance(0.015)) {
                    predictor.close();
                }
                try (Tensor x = input(v, graph, image, finite)) {
                    if (v.chance(0.02)) {
                        x.close();
                    }
                    predictOnce(predictor, x, finite[0]);
                }
            }
        }
    }

    private static void predictOnce(Predictor predictor, Tensor x, boolean finite) {
        float[] first = predictor.predict(x).get(0).toArray();
        if (finite) {
            assertTrue(HostileValues.allFinite(first), "finite input and weights gave a non-finite output");
        }
        Map<String, Tensor> again = predictor.predict(Map.of("input", x));
        assertArrayEquals(first, again.get("output").toArray(), "a repeated prediction differs");
    }
}
