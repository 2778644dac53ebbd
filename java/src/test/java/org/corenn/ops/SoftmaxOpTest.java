package org.corenn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.corenn.testing.IsaLevels;
import org.junit.jupiter.api.Test;

class SoftmaxOpTest {
    private static float[] reference(float[] x, Shape s, int axis, boolean log) {
        int a = s.normalizeAxis(axis);
        int n = s.dim(a), inner = 1;
        for (int d = a + 1; d < s.rank(); d++) {
            inner *= s.dim(d);
        }
        int outer = n * inner == 0 ? 0 : s.size() / (n * inner);
        float[] y = new float[x.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    max = Math.max(max, x[(o * n + k) * inner + i]);
                }
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += Math.exp(x[(o * n + k) * inner + i] - max);
                }
                for (int k = 0; k < n; k++) {
                    double centered = x[(o * n + k) * inner + i] - max;
                    y[(o * n + k) * inner + i] = (float) (log ? centered - Math.log(sum) : Math.exp(centered) / sum);
                }
            }
        }
        return y;
    }

    @Test
    void softmaxAndLogSoftmax_everyAxis_everyIsaAndThreadCount_matchReference() {
        Random rng = new Random(61);
        int[][] shapes = {{1}, {10}, {3, 17}, {2, 5, 9}, {2, 3, 4, 5}};
        for (int[] dims : shapes) {
            Shape s = Shape.of(dims);
            float[] x = new float[s.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (rng.nextFloat() * 2 - 1) * 30;
            }
            for (int axis = -s.rank(); axis < s.rank(); axis++) {
                for (boolean log : new boolean[] {false, true}) {
                    float[] want = reference(x, s, axis, log);
                    for (Options o : IsaLevels.everyIsaAndThreadCount()) {
                        SoftmaxOp op = log ? SoftmaxOp.logSoftmax(axis, o) : SoftmaxOp.softmax(axis, o);
                        try (Tensor xt = Tensor.of(x, s); Tensor y = op.apply(xt)) {
                            Reference.assertClose(want, y.toArray(), 2e-6, op + " " + s + " " + o);
                            op.run(xt, xt);
                            assertArrayEquals(y.toArray(), xt.toArray(), "in place " + op + " " + o);
                        }
                    }
                }
            }
        }
    }

    @Test
    void badArguments_throwClearExceptions() {
        SoftmaxOp op = SoftmaxOp.softmax(2, Options.defaults());
        try (Tensor x = Tensor.zeros(2, 3); Tensor y = Tensor.zeros(3, 2); Tensor ok = Tensor.zeros(2, 3, 4)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.apply(x));
            assertEquals("softmax: axis 2 is out of range for x [2, 3] (rank 1..8, axis in [-rank, rank))",
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> SoftmaxOp.softmax(-1, Options.defaults()).run(x, y));
            assertThrows(NullPointerException.class, () -> op.apply(null));
            try (Tensor y3 = op.apply(ok)) {
                assertEquals(Shape.of(2, 3, 4), y3.shape());
            }
        }
        assertThrows(NullPointerException.class, () -> SoftmaxOp.logSoftmax(0, null));
    }
}
