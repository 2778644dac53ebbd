package org.corenn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.corenn.runtime.Options;
import org.corenn.tensor.Tensor;
import org.corenn.testing.IsaLevels;
import org.junit.jupiter.api.Test;

class ActivationOpTest {
    private static final Activation[] ALL = {Activation.IDENTITY, Activation.RELU, Activation.leakyRelu(0.2f),
        Activation.SIGMOID, Activation.TANH, Activation.RELU6, Activation.HARDSWISH, Activation.clip(-1f, 2f)};

    @Test
    void everyKind_everyIsaAndThreadCount_matchesReferenceWithin1e6() {
        Random rng = new Random(5);
        float[] x = new float[20011];
        for (int i = 0; i < x.length; i++) {
            x[i] = (rng.nextFloat() * 2 - 1) * 12;
        }
        x[0] = Float.NaN;
        try (Tensor in = Tensor.of(x, x.length)) {
            for (Activation a : ALL) {
                for (Options o : IsaLevels.everyIsaAndThreadCount()) {
                    try (Tensor out = ActivationOp.create(a, o).apply(in)) {
                        float[] y = out.toArray();
                        assertTrue(Float.isNaN(y[0]), a + " must propagate NaN");
                        for (int i = 1; i < x.length; i++) {
                            double want = Reference.activate(a, x[i]);
                            assertEquals(want, y[i], 1e-6 + 1e-6 * Math.abs(want), a + " " + o + " x=" + x[i]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void inPlace_givesTheSameResult() {
        float[] x = {-3, -1, 0, 1, 3, 7};
        ActivationOp relu6 = ActivationOp.create(Activation.RELU6, Options.defaults());
        try (Tensor t = Tensor.of(x, 6)) {
            relu6.run(t, t);
            assertArrayEquals(new float[] {0, 0, 0, 1, 3, 6}, t.toArray());
        }
    }

    @Test
    void mismatchedShapes_throw() {
        ActivationOp op = ActivationOp.create(Activation.RELU, Options.defaults());
        try (Tensor a = Tensor.zeros(2, 3); Tensor b = Tensor.zeros(3, 2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.run(a, b));
            assertTrue(e.getMessage().contains("y must have shape equal to x's [2, 3], got [3, 2]"), e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> ActivationOp.create(null, Options.defaults()));
        assertThrows(IllegalArgumentException.class, () -> Activation.clip(2, 1));
        assertThrows(IllegalArgumentException.class, () -> Activation.leakyRelu(Float.NaN));
    }
}
