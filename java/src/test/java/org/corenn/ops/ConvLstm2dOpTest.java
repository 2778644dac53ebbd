package org.corenn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.corenn.runtime.CpuInfo;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.corenn.testing.IsaLevels;
import org.junit.jupiter.api.Test;

class ConvLstm2dOpTest {
    /** Double-precision ConvLSTM: {y, h_n, c_n} for x [T][B][Cin][H][W], states [B][Ch][H][W]. */
    private static float[][] reference(float[] x, float[] w, float[] bias, float[] h0, float[] c0, int seq, int batch,
            int cin, int ch, int height, int width, int kh, int kw) {
        int plane = height * width, cols = cin + ch;
        float[] y = new float[seq * batch * ch * plane];
        float[] hN = new float[batch * ch * plane], cN = new float[batch * ch * plane];
        for (int b = 0; b < batch; b++) {
            double[] h = new double[ch * plane], c = new double[ch * plane];
            for (int i = 0; i < ch * plane; i++) {
                h[i] = h0 == null ? 0 : h0[b * ch * plane + i];
                c[i] = c0 == null ? 0 : c0[b * ch * plane + i];
            }
            for (int t = 0; t < seq; t++) {
                double[] in = new double[cols * plane];
                for (int i = 0; i < cin * plane; i++) {
                    in[i] = x[(t * batch + b) * cin * plane + i];
                }
                System.arraycopy(h, 0, in, cin * plane, ch * plane);
                double[] gates = new double[4 * ch * plane];
                for (int o = 0; o < 4 * ch; o++) {
                    for (int r = 0; r < height; r++) {
                        for (int q = 0; q < width; q++) {
                            double acc = bias == null ? 0 : bias[o];
                            for (int k = 0; k < cols; k++) {
                                for (int a = 0; a < kh; a++) {
                                    int rr = r + a - kh / 2;
                                    for (int e = 0; e < kw; e++) {
                                        int qq = q + e - kw / 2;
                                        if (rr >= 0 && rr < height && qq >= 0 && qq < width) {
                                            acc += in[(k * height + rr) * width + qq]
                                                    * w[((o * cols + k) * kh + a) * kw + e];
                                        }
                                    }
                                }
                            }
                            gates[(o * height + r) * width + q] = acc;
                        }
                    }
                }
                int n = ch * plane;
                for (int i = 0; i < n; i++) {
                    double ig = sigmoid(gates[i]), fg = sigmoid(gates[n + i]), gg = Math.tanh(gates[2 * n + i]);
                    double og = sigmoid(gates[3 * n + i]);
                    c[i] = (float) (fg * c[i] + ig * gg);
                    h[i] = (float) (og * Math.tanh(c[i]));
                    y[(t * batch + b) * n + i] = (float) h[i];
                }
            }
            for (int i = 0; i < ch * plane; i++) {
                hN[b * ch * plane + i] = (float) h[i];
                cN[b * ch * plane + i] = (float) c[i];
            }
        }
        return new float[][] {y, hN, cN};
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    @Test
    void sequences_everyIsaAndThreadCount_matchReference() {
        Random rng = new Random(101);
        // {seq, batch, cin, ch, height, width, kh, kw, states}
        int[][] cases = {{3, 1, 1, 1, 1, 1, 1, 1, 0}, {4, 2, 3, 5, 6, 7, 3, 3, 1}, {2, 3, 2, 8, 5, 4, 3, 5, 1},
            {5, 1, 4, 9, 3, 9, 5, 1, 0}, {1, 2, 1, 2, 2, 2, 5, 5, 1}};
        for (int[] c : cases) {
            int seq = c[0], batch = c[1], cin = c[2], ch = c[3], height = c[4], width = c[5], kh = c[6], kw = c[7];
            double scale = 1 / Math.sqrt((cin + ch) * kh * kw);
            float[] w = RnnOpTest.uniform(rng, 4 * ch * (cin + ch) * kh * kw, scale);
            float[] bias = RnnOpTest.uniform(rng, 4 * ch, scale);
            float[] x = RnnOpTest.uniform(rng, seq * batch * cin * height * width, 1);
            int state = batch * ch * height * width;
            float[] h0 = c[8] == 1 ? RnnOpTest.uniform(rng, state, 0.5) : null;
            float[] c0 = c[8] == 1 ? RnnOpTest.uniform(rng, state, 0.5) : null;
            float[][] want = reference(x, w, bias, h0, c0, seq, batch, cin, ch, height, width, kh, kw);
            Shape xShape = Shape.of(seq, batch, cin, height, width);
            float[] first = null;
            for (Options o : IsaLevels.everyIsaAndThreadCount()) {
                String what = java.util.Arrays.toString(c) + " " + o;
                try (ConvLstm2dOp op = ConvLstm2dOp.create(w, bias, cin, ch, kh, kw, o);
                        Tensor xt = Tensor.of(x, xShape);
                        Tensor h0t = h0 == null ? null : Tensor.of(h0, op.stateShape(xShape));
                        Tensor c0t = c0 == null ? null : Tensor.of(c0, op.stateShape(xShape));
                        RnnResult r = op.apply(xt, h0t, c0t)) {
                    Reference.assertClose(want[0], r.output().toArray(), 5e-5, what + " y");
                    Reference.assertClose(want[1], r.hidden().toArray(), 5e-5, what + " h_n");
                    Reference.assertClose(want[2], r.cell().toArray(), 5e-5, what + " c_n");
                    if (o.threads() == 1) {
                        first = r.output().toArray();
                    } else {
                        assertArrayEquals(first, r.output().toArray(), what + ": 2 threads must equal 1 thread");
                    }
                }
            }
        }
    }

    @Test
    void badArguments_throwClearExceptions() {
        Options o = Options.defaults();
        IllegalArgumentException even = assertThrows(IllegalArgumentException.class,
                () -> ConvLstm2dOp.create(new float[4 * 2 * 3 * 4], null, 1, 2, 2, 2, o));
        assertEquals("convlstm2d: kernel must be odd and >= 1 for same padding, got 2x2", even.getMessage());
        IllegalArgumentException weight = assertThrows(IllegalArgumentException.class,
                () -> ConvLstm2dOp.create(new float[10], null, 1, 2, 3, 3, o));
        assertEquals("convlstm2d: weight must have [8, 3, 3, 3] = 216 values, got 10", weight.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConvLstm2dOp.create(new float[216], new float[2], 1, 2, 3,
                3, o));
        assertThrows(NullPointerException.class, () -> ConvLstm2dOp.create(null, null, 1, 2, 3, 3, o));
        try (ConvLstm2dOp op = ConvLstm2dOp.create(new float[216], null, 1, 2, 3, 3, o);
                Tensor x = Tensor.zeros(2, 1, 1, 4, 4); Tensor badX = Tensor.zeros(2, 1, 2, 4, 4);
                Tensor badH = Tensor.zeros(1, 2, 4, 5)) {
            IllegalArgumentException xe = assertThrows(IllegalArgumentException.class, () -> op.apply(badX));
            assertEquals("convlstm2d: x must have shape [seq, batch, 1, height >= 1, width >= 1], got [2, 1, 2, 4, 4]",
                    xe.getMessage());
            IllegalArgumentException he = assertThrows(IllegalArgumentException.class,
                    () -> op.apply(x, badH, null));
            assertEquals("convlstm2d: h0 must have shape [1, 2, 4, 4], got [1, 2, 4, 5]", he.getMessage());
        }
    }

    @Test
    void closedOp_throws_secondCloseHarmless_nothingLeaks() {
        long before = CpuInfo.liveNativeAllocations();
        ConvLstm2dOp op = ConvLstm2dOp.create(new float[216], null, 1, 2, 3, 3, Options.defaults());
        assertTrue(op.kernel().length() > 0);
        op.close();
        assertDoesNotThrow(op::close);
        try (Tensor x = Tensor.zeros(2, 1, 1, 4, 4)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> op.apply(x));
            assertTrue(e.getMessage().contains("convlstm2d 1->2 k3x3 is closed"), e.getMessage());
        }
        assertEquals(before, CpuInfo.liveNativeAllocations());
    }
}
