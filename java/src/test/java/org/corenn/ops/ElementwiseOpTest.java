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

class ElementwiseOpTest {
    private static float[] ints(Random rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextInt(11) - 5;
        }
        return v;
    }

    /** Broadcast reference: walks the output index and maps it back into each operand. */
    private static float[] reference(ElementwiseOp.Kind kind, Shape a, float[] av, Shape b, float[] bv, Shape y) {
        float[] out = new float[y.size()];
        int[] index = new int[y.rank()];
        for (int flat = 0; flat < y.size(); flat++) {
            int rest = flat;
            for (int d = y.rank() - 1; d >= 0; d--) {
                index[d] = rest % y.dim(d);
                rest /= y.dim(d);
            }
            float x1 = av[offset(a, index)], x2 = bv[offset(b, index)];
            out[flat] = kind == ElementwiseOp.Kind.ADD ? x1 + x2 : x1 * x2;
        }
        return out;
    }

    private static int offset(Shape s, int[] index) {
        int off = 0;
        int lead = index.length - s.rank();
        for (int d = 0; d < s.rank(); d++) {
            off = off * s.dim(d) + (s.dim(d) == 1 ? 0 : index[lead + d]);
        }
        return off;
    }

    @Test
    void broadcasting_everyIsaAndThreadCount_matchesReferenceExactly() {
        Random rng = new Random(51);
        int[][][] pairs = {
            {{2, 3}, {2, 3}}, {{4, 1}, {1, 5}}, {{2, 3, 4}, {4}}, {{1}, {3, 7}}, {{}, {2, 2}},
            {{2, 1, 3, 1}, {5, 1, 4}}, {{3, 1, 1}, {1, 17, 9}}, {{1, 1, 1}, {1}}, {{2, 0, 3}, {3}}};
        for (int[][] pair : pairs) {
            Shape a = Shape.of(pair[0]), b = Shape.of(pair[1]);
            float[] av = ints(rng, a.size()), bv = ints(rng, b.size());
            for (ElementwiseOp.Kind kind : ElementwiseOp.Kind.values()) {
                for (Options o : IsaLevels.everyIsaAndThreadCount()) {
                    ElementwiseOp op = ElementwiseOp.create(kind, o);
                    Shape y = op.outputShape(a, b);
                    try (Tensor at = Tensor.of(av, a); Tensor bt = Tensor.of(bv, b); Tensor yt = op.apply(at, bt)) {
                        assertEquals(y, yt.shape());
                        assertArrayEquals(reference(kind, a, av, b, bv, y), yt.toArray(), kind + " " + a + " " + b
                                + " " + o);
                    }
                }
            }
        }
    }

    @Test
    void inPlace_intoTheOperandOfTheResultShape() {
        ElementwiseOp add = ElementwiseOp.create(ElementwiseOp.Kind.ADD, Options.defaults());
        try (Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
                Tensor b = Tensor.of(new float[] {10, 20, 30}, 3)) {
            add.run(a, b, a);
            assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, a.toArray());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> add.run(a, b, b));
            assertEquals("add: y must have shape [2, 3], got [3]", e.getMessage());
        }
    }

    @Test
    void badArguments_throwClearExceptions() {
        ElementwiseOp mul = ElementwiseOp.create(ElementwiseOp.Kind.MUL, Options.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mul.outputShape(Shape.of(2, 3), Shape.of(4, 3)));
        assertEquals("mul: shapes [2, 3] and [4, 3] do not broadcast: size 2 vs 4 at axis 0 of the result",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> mul.outputShape(Shape.of(1, 1, 1, 1, 1, 1, 1, 1, 1),
                Shape.of(1)));
        assertThrows(NullPointerException.class, () -> ElementwiseOp.create(null, Options.defaults()));
        try (Tensor a = Tensor.zeros(2, 3); Tensor b = Tensor.zeros(3); Tensor y = Tensor.zeros(3, 2)) {
            assertThrows(IllegalArgumentException.class, () -> mul.run(a, b, y));
            assertThrows(NullPointerException.class, () -> mul.run(a, null, y));
            b.close();
            assertThrows(IllegalStateException.class, () -> mul.apply(a, b));
        }
    }
}
