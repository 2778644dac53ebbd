package org.corenn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.corenn.runtime.CpuInfo;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.corenn.testing.IsaLevels;
import org.junit.jupiter.api.Test;

class RnnOpTest {
    static float[] uniform(Random rng, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        }
        return v;
    }

    /** Random weights in flat-weights order, scaled like PyTorch's init (1/sqrt(hidden)). */
    static List<float[]> weights(RnnParams p, Random rng) {
        List<float[]> w = new ArrayList<>();
        double scale = 1 / Math.sqrt(p.hiddenSize());
        for (int[] shape : p.weightShapes().values()) {
            w.add(uniform(rng, shape.length == 1 ? shape[0] : shape[0] * shape[1], scale));
        }
        return w;
    }

    /** [T][B][F] <-> [B][T][F]. */
    static float[] swapFirstAxes(float[] v, int first, int second, int features) {
        float[] out = new float[v.length];
        for (int i = 0; i < first; i++) {
            for (int j = 0; j < second; j++) {
                System.arraycopy(v, (i * second + j) * features, out, (j * first + i) * features, features);
            }
        }
        return out;
    }

    /** benchdnn's RNN rule: the tolerance grows with log2 of the accumulation length. */
    static double tolerance(RnnParams p, int seq) {
        return 2e-5 * (1 + Math.log(Math.max(2, seq * p.numLayers())) / Math.log(2));
    }

    static void check(RnnParams p, int seq, int batch, boolean lengths, boolean states, Random rng) {
        List<float[]> w = weights(p, rng);
        float[] x = uniform(rng, seq * batch * p.inputSize(), 1);
        int[] len = null;
        if (lengths) {
            len = new int[batch];
            for (int b = 0; b < batch; b++) {
                len[b] = b == 0 ? seq : rng.nextInt(seq + 1);
            }
        }
        int slots = p.numLayers() * p.directions();
        boolean lstm = p.cell() == RnnParams.Cell.LSTM;
        float[] h0 = states ? uniform(rng, slots * batch * p.outputHidden(), 0.5) : null;
        float[] c0 = states && lstm ? uniform(rng, slots * batch * p.hiddenSize(), 0.5) : null;
        RnnReference.Result want = RnnReference.run(p, w, x, seq, batch, len, h0, c0);
        int features = p.directions() * p.outputHidden();
        float[] xIn = p.batchFirst() ? swapFirstAxes(x, seq, batch, p.inputSize()) : x;
        float[] yWant = p.batchFirst() ? swapFirstAxes(want.y(), seq, batch, features) : want.y();
        Shape xShape = p.batchFirst() ? Shape.of(batch, seq, p.inputSize()) : Shape.of(seq, batch, p.inputSize());
        double tol = tolerance(p, seq);
        float[] first = null;
        for (Options o : IsaLevels.everyIsaAndThreadCount()) {
            String what = p + " T" + seq + " B" + batch + " lengths " + lengths + " states " + states + " " + o;
            try (RnnOp op = RnnOp.create(p, w, o); Tensor xt = Tensor.of(xIn, xShape);
                    Tensor h0t = h0 == null ? null : Tensor.of(h0, op.hiddenShape(batch));
                    Tensor c0t = c0 == null ? null : Tensor.of(c0, op.cellShape(batch));
                    RnnResult r = op.apply(xt, len, h0t, c0t)) {
                Reference.assertClose(yWant, r.output().toArray(), tol, what + " y");
                Reference.assertClose(want.h(), r.hidden().toArray(), tol, what + " h_n");
                if (lstm) {
                    Reference.assertClose(want.c(), r.cell().toArray(), tol, what + " c_n");
                } else {
                    assertNull(r.cell());
                }
                if (o.threads() == 1) {
                    first = r.output().toArray();
                } else {
                    assertArrayEquals(first, r.output().toArray(), what + ": 2 threads must equal 1 thread");
                }
            }
        }
    }

    @Test
    void everyCell_sizesAroundTheSimdWidth_everyIsaAndThreadCount_matchReference() {
        Random rng = new Random(71);
        for (RnnParams.Cell cell : RnnParams.Cell.values()) {
            for (int hidden : new int[] {1, 7, 8, 9}) {
                int input = hidden == 8 ? 9 : hidden + 2;
                check(RnnParams.of(cell, input, hidden), 5, 1 + hidden % 3, false, false, rng);
            }
        }
    }

    @Test
    void stacksBidirectionalBatchFirstLengthsAndStates_matchReference() {
        Random rng = new Random(72);
        for (RnnParams.Cell cell : RnnParams.Cell.values()) {
            RnnParams base = RnnParams.of(cell, 5, 7);
            check(base.numLayers(2), 6, 2, false, true, rng);
            check(base.bidirectional(true), 7, 3, true, false, rng);
            check(base.numLayers(2).bidirectional(true).batchFirst(true), 4, 3, true, true, rng);
            check(base.bias(false).batchFirst(true), 3, 2, false, true, rng);
        }
        check(RnnParams.lstm(6, 9).projSize(4).numLayers(2).bidirectional(true), 5, 2, true, true, rng);
        check(RnnParams.lstm(3, 8).projSize(1), 9, 1, false, true, rng);
    }

    @Test
    void stateDictNames_giveTheSameOpAsTheFlatList() {
        Random rng = new Random(73);
        RnnParams p = RnnParams.gru(4, 6).numLayers(2).bidirectional(true);
        List<float[]> flat = weights(p, rng);
        Map<String, float[]> byName = new LinkedHashMap<>();
        List<String> names = p.weightNames();
        assertEquals("weight_ih_l0_reverse", names.get(4));
        for (int i = names.size() - 1; i >= 0; i--) {
            byName.put(names.get(i), flat.get(i));
        }
        float[] x = uniform(rng, 3 * 2 * 4, 1);
        try (RnnOp a = RnnOp.create(p, flat, Options.defaults()); RnnOp b = RnnOp.create(p, byName, Options.defaults());
                Tensor xt = Tensor.of(x, 3, 2, 4); RnnResult ra = a.apply(xt); RnnResult rb = b.apply(xt)) {
            assertArrayEquals(ra.output().toArray(), rb.output().toArray());
            assertArrayEquals(ra.hidden().toArray(), rb.hidden().toArray());
        }
    }

    @Test
    void callerTensorsAndReusedWorkspace_matchApply() {
        Random rng = new Random(74);
        RnnParams p = RnnParams.lstm(5, 8).numLayers(2);
        List<float[]> w = weights(p, rng);
        float[] x = uniform(rng, 6 * 2 * 5, 1);
        try (RnnOp op = RnnOp.create(p, w, Options.defaults().withThreads(2)); Tensor xt = Tensor.of(x, 6, 2, 5);
                RnnResult want = op.apply(xt); Tensor y = Tensor.zeros(op.outputShape(xt.shape()));
                Tensor h = Tensor.zeros(op.hiddenShape(2)); Tensor c = Tensor.zeros(op.cellShape(2));
                Workspace ws = Workspace.allocate(op.workspaceBytes(6, 2))) {
            for (int i = 0; i < 3; i++) {
                op.run(xt, null, null, null, y, h, c, ws);
                assertArrayEquals(want.output().toArray(), y.toArray());
                assertArrayEquals(want.hidden().toArray(), h.toArray());
                assertArrayEquals(want.cell().toArray(), c.toArray());
            }
            op.run(xt, null, null, null, y, null, null, ws);
            assertArrayEquals(want.output().toArray(), y.toArray());
        }
    }

    @Test
    void emptySequenceOrBatch_giveEmptyOutputs_andTheInitialStates() {
        RnnParams p = RnnParams.lstm(3, 4).numLayers(2);
        float[] h0 = uniform(new Random(77), 2 * 2 * 4, 1), c0 = uniform(new Random(78), 2 * 2 * 4, 1);
        try (RnnOp op = RnnOp.create(p, weights(p, new Random(79)), Options.defaults());
                Tensor empty = Tensor.zeros(0, 2, 3); Tensor h = Tensor.of(h0, op.hiddenShape(2));
                Tensor c = Tensor.of(c0, op.cellShape(2)); RnnResult r = op.apply(empty, null, h, c);
                Tensor noBatch = Tensor.zeros(5, 0, 3); RnnResult none = op.apply(noBatch)) {
            assertEquals(Shape.of(0, 2, 4), r.output().shape());
            assertArrayEquals(h0, r.hidden().toArray());
            assertArrayEquals(c0, r.cell().toArray());
            assertEquals(Shape.of(5, 0, 4), none.output().shape());
            assertEquals(Shape.of(2, 0, 4), none.hidden().shape());
        }
    }

    @Test
    void badArguments_throwClearExceptions() {
        Options o = Options.defaults();
        RnnParams p = RnnParams.lstm(3, 4);
        List<float[]> w = weights(p, new Random(75));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> RnnOp.create(p, w.subList(0, 3), o));
        assertTrue(count.getMessage().startsWith("rnn: weights must have 4 arrays [weight_ih_l0, weight_hh_l0, "
                + "bias_ih_l0, bias_hh_l0] for lstm(3, 4), got 3"), count.getMessage());
        List<float[]> wrongSize = new ArrayList<>(w);
        wrongSize.set(1, new float[5]);
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> RnnOp.create(p, wrongSize, o));
        assertEquals("rnn: weight 'weight_hh_l0' must have shape [16, 4] = 64 values, got 5", size.getMessage());
        Map<String, float[]> extra = new LinkedHashMap<>();
        for (int i = 0; i < w.size(); i++) {
            extra.put(p.weightNames().get(i), w.get(i));
        }
        extra.put("weight_ih_l1", new float[1]);
        assertThrows(IllegalArgumentException.class, () -> RnnOp.create(p, extra, o));
        extra.remove("weight_ih_l1");
        extra.remove("bias_hh_l0");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> RnnOp.create(p, extra, o));
        assertEquals("rnn: missing weight 'bias_hh_l0' [16] for lstm(3, 4)", missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RnnParams.gru(3, 4).projSize(2));
        assertThrows(IllegalArgumentException.class, () -> p.projSize(4));
        assertThrows(IllegalArgumentException.class, () -> p.numLayers(0));
        assertThrows(IllegalArgumentException.class, () -> RnnParams.lstm(0, 4));

        try (RnnOp op = RnnOp.create(p, w, o); Tensor x = Tensor.zeros(5, 2, 3); Tensor badX = Tensor.zeros(5, 2, 4);
                Tensor y = Tensor.zeros(5, 2, 4); Tensor badH = Tensor.zeros(1, 3, 4);
                RnnOp gru = RnnOp.create(RnnParams.gru(3, 4), weights(RnnParams.gru(3, 4), new Random(1)), o);
                Tensor c = Tensor.zeros(1, 2, 4)) {
            IllegalArgumentException xe = assertThrows(IllegalArgumentException.class, () -> op.apply(badX));
            assertEquals("rnn: x must have shape [seq, batch, 3], got [5, 2, 4]", xe.getMessage());
            IllegalArgumentException he = assertThrows(IllegalArgumentException.class,
                    () -> op.apply(x, null, badH, null));
            assertEquals("rnn: h0 must have shape [1, 2, 4], got [1, 3, 4]", he.getMessage());
            IllegalArgumentException le = assertThrows(IllegalArgumentException.class,
                    () -> op.apply(x, new int[] {5, 6}, null, null));
            assertEquals("rnn: lengths[1] must be in [0, seq=5], got 6", le.getMessage());
            assertThrows(IllegalArgumentException.class, () -> op.apply(x, new int[] {1}, null, null));
            assertThrows(IllegalArgumentException.class, () -> gru.apply(x, null, null, c));
            assertThrows(IllegalArgumentException.class, () -> op.run(x, null, null, null, y, y, null));
            assertThrows(NullPointerException.class, () -> op.run(x, null, null, null, null, null, null));
        }
    }

    @Test
    void closedOp_throws_secondCloseHarmless_nothingLeaks() {
        long before = CpuInfo.liveNativeAllocations();
        RnnParams p = RnnParams.rnnTanh(2, 3);
        RnnOp op = RnnOp.create(p, weights(p, new Random(76)), Options.defaults());
        assertTrue(op.kernel(1).length() > 0);
        op.close();
        assertDoesNotThrow(op::close);
        try (Tensor x = Tensor.zeros(2, 1, 2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> op.apply(x));
            assertTrue(e.getMessage().contains("rnn_tanh(2, 3) is closed"), e.getMessage());
        }
        assertThrows(IllegalStateException.class, op::newStream);
        assertEquals(before, CpuInfo.liveNativeAllocations());
    }
}
