package org.corenn.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.corenn.nn.Graph;
import org.corenn.nn.MaxPool2d;
import org.corenn.nn.Sequential;
import org.corenn.nn.Softmax;
import org.corenn.nn.Weights;
import org.corenn.ops.Activation;
import org.corenn.ops.ActivationOp;
import org.corenn.ops.DenseOp;
import org.corenn.runtime.CpuInfo;
import org.corenn.runtime.Isa;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Floating-point contract at the JNI boundary (docs/RELIABILITY.md): denormals are flushed to zero
 * inside native calls (FTZ + DAZ), the caller's MXCSR comes back unchanged so Java arithmetic keeps
 * its IEEE gradual underflow, and NaN propagates as in PyTorch through relu-like activations, max
 * pooling and softmax.
 */
class NumericsTest {
    private static final float DENORMAL = Float.MIN_NORMAL / 4;

    /** Read through a volatile field so the JIT cannot fold the arithmetic at compile time. */
    private static volatile float minNormal = Float.MIN_NORMAL;
    private static volatile float denormal = DENORMAL;

    @ParameterizedTest
    @EnumSource(value = Isa.class, names = {"GENERIC", "AVX2", "AVX512"})
    void denseOp_flushesDenormalsInside_andRestoresJavaGradualUnderflow(Isa isa) {
        assumeCpuHas(isa);
        for (int threads = 1; threads <= 2; threads++) {
            Options options = Options.defaults().withThreads(threads).withIsa(isa);
            // y = x * 1 + 0 for a denormal x (DAZ reads it as 0) and y = 2^-70 * 2^-70 (FTZ writes 0).
            float tiny = 0x1p-70f;
            try (DenseOp op = DenseOp.create(new float[] {1f, 0f, 0f, tiny}, null, 2, 2, Activation.IDENTITY, options);
                    Tensor x = Tensor.of(new float[] {DENORMAL, tiny}, 1, 2)) {
                for (int round = 0; round < 3_000; round++) {
                    try (Tensor y = op.apply(x)) {
                        if (round == 0) {
                            assertEquals(0f, y.getFlat(0), "denormal input was not treated as zero");
                            assertEquals(0f, y.getFlat(1), "denormal product was not flushed to zero");
                        }
                    }
                    assertJavaKeepsGradualUnderflow();
                }
            }
        }
    }

    private static void assertJavaKeepsGradualUnderflow() {
        float quarter = minNormal / 4;
        if (quarter != DENORMAL || denormal * 1f != DENORMAL || denormal + denormal == 0f) {
            throw new AssertionError("Java float arithmetic lost its denormals after a native call (MXCSR not"
                    + " restored): " + quarter + ", " + denormal * 1f);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Isa.class, names = {"GENERIC", "AVX2", "AVX512"})
    void activations_propagateNaN_asPyTorch(Isa isa) {
        assumeCpuHas(isa);
        Activation[] all = {Activation.RELU, Activation.RELU6, Activation.leakyRelu(0.1f), Activation.SIGMOID,
            Activation.TANH, Activation.HARDSWISH, Activation.clip(-1, 1), Activation.IDENTITY};
        float[] x = new float[19];
        x[3] = Float.NaN;
        x[17] = Float.NaN;
        for (Activation a : all) {
            try (Tensor in = Tensor.of(x, x.length);
                    Tensor out = ActivationOp.create(a, Options.defaults().withIsa(isa)).apply(in)) {
                for (int i = 0; i < x.length; i++) {
                    assertEquals(Float.isNaN(x[i]), Float.isNaN(out.getFlat(i)), a + " at " + i);
                }
            }
        }
        try (DenseOp dense = DenseOp.create(new float[] {1, 1, 1, 0}, null, 2, 2, Activation.RELU,
                Options.defaults().withIsa(isa)); Tensor in = Tensor.of(new float[] {Float.NaN, 1}, 1, 2);
                Tensor out = dense.apply(in)) {
            assertTrue(Float.isNaN(out.getFlat(0)) && Float.isNaN(out.getFlat(1)), "dense + relu dropped a NaN");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Isa.class, names = {"GENERIC", "AVX2", "AVX512"})
    void maxPool_windowWithNaN_givesNaN_asPyTorch(Isa isa) {
        assumeCpuHas(isa);
        // [1, 1, 2, 18] pooled 2x2: windows 0..8; NaN in window 1 (first element) and window 8 (last).
        float[] x = new float[36];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 5 - 2;
        }
        x[2] = Float.NaN;
        x[35] = Float.NaN;
        float[] got = run(Sequential.of(Shape.of(1, 2, 18), new MaxPool2d(2)), x, Shape.of(1, 1, 2, 18), isa);
        for (int w = 0; w < 9; w++) {
            assertEquals(w == 1 || w == 8, Float.isNaN(got[w]), "window " + w);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Isa.class, names = {"GENERIC", "AVX2", "AVX512"})
    void softmax_rowWithNaN_isAllNaN_otherRowsUnaffected(Isa isa) {
        assumeCpuHas(isa);
        int cols = 11;
        float[] x = new float[3 * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7) * 0.5f;
        }
        x[cols + 9] = Float.NaN;
        float[] got = run(Sequential.of(Shape.of(cols), Softmax.softmax(-1)), x, Shape.of(3, cols), isa);
        for (int i = 0; i < x.length; i++) {
            assertEquals(i / cols == 1, Float.isNaN(got[i]), "element " + i);
        }
    }

    private static void assumeCpuHas(Isa isa) {
        Assumptions.assumeTrue(isa.code() <= CpuInfo.current().bestIsa().code(), "CPU lacks " + isa);
    }

    private static float[] run(Graph graph, float[] x, Shape shape, Isa isa) {
        try (Model model = Model.compile(graph, Weights.random(graph, 1), Options.defaults().withIsa(isa));
                Predictor p = model.newPredictor(); Tensor in = Tensor.of(x, shape)) {
            return p.predict(in).get(0).toArray();
        }
    }
}
