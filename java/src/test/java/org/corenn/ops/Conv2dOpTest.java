package org.corenn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.corenn.ops.ConvReference.Problem;
import org.corenn.runtime.CpuInfo;
import org.corenn.runtime.Isa;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.corenn.testing.IsaLevels;
import org.junit.jupiter.api.Test;

class Conv2dOpTest {
    /** Edge problems: kernel larger than the input with padding, stride > kernel, dilation, groups. */
    private static final Problem[] PROBLEMS = {
        new Problem(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0),
        new Problem(2, 3, 5, 7, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1),
        new Problem(1, 2, 3, 2, 3, 5, 5, 1, 1, 1, 1, 1, 2, 2, 2, 2),
        new Problem(3, 4, 6, 9, 11, 2, 2, 3, 3, 1, 1, 1, 0, 0, 0, 0),
        new Problem(1, 3, 4, 10, 9, 3, 3, 1, 2, 2, 3, 1, 2, 3, 1, 0),
        new Problem(2, 4, 6, 8, 8, 3, 3, 1, 1, 1, 1, 2, 1, 1, 1, 1),
        new Problem(1, 9, 9, 7, 13, 3, 3, 2, 2, 1, 1, 9, 1, 1, 1, 1),
        new Problem(2, 8, 16, 6, 5, 3, 3, 1, 1, 2, 2, 8, 2, 2, 2, 2),
        new Problem(1, 17, 7, 5, 5, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0),
        new Problem(1, 5, 3, 4, 12, 1, 7, 1, 1, 1, 1, 1, 0, 3, 0, 3),
        new Problem(2, 3, 2, 11, 4, 7, 1, 2, 1, 1, 1, 1, 3, 0, 2, 0),
        new Problem(1, 16, 16, 12, 12, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1),
        new Problem(3, 16, 24, 9, 10, 3, 3, 1, 1, 1, 1, 1, 0, 1, 2, 0),
    };

    static float[] ints(Random rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextInt(7) - 3;
        }
        return v;
    }

    private static float[] run(Conv2dOp op, Shape xShape, float[] x, float[] residual) {
        try (Tensor xt = Tensor.of(x, xShape);
                Tensor rt = residual == null ? null : Tensor.of(residual, op.outputShape(xShape));
                Tensor y = op.apply(xt, rt)) {
            return y.toArray();
        }
    }

    /** Exact unless the op picked Winograd, whose transforms round (bounded by 2e-5 relative L2 natively). */
    private static void assertMatches(float[] want, float[] got, String kernel, String what) {
        if (!kernel.contains("winograd")) {
            assertArrayEquals(want, got, what + " on " + kernel);
            return;
        }
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-3 * (1 + Math.abs(want[i])), what + " at " + i + " on " + kernel);
        }
    }

    @Test
    void edgeProblems_everyIsaAndThreadCount_matchReference() {
        Random rng = new Random(21);
        for (Problem p : PROBLEMS) {
            float[] x = ints(rng, p.batch() * p.inC() * p.inH() * p.inW());
            float[] w = ints(rng, p.outC() * (p.inC() / p.groups()) * p.kh() * p.kw());
            float[] b = ints(rng, p.outC());
            float[] want = ConvReference.conv2d(p, x, w, b, null, null, Activation.IDENTITY, Residual.NONE, null);
            Shape xShape = Shape.of(p.batch(), p.inC(), p.inH(), p.inW());
            for (Options o : IsaLevels.everyIsaAndThreadCount()) {
                try (Conv2dOp op = Conv2dOp.create(w, b, p.inC(), p.outC(), p.params(), o)) {
                    assertEquals(Shape.of(p.batch(), p.outC(), p.outH(), p.outW()), op.outputShape(xShape),
                            p.toString());
                    assertMatches(want, run(op, xShape, x, null), op.kernel(), p + " " + o);
                }
            }
        }
    }

    @Test
    void fusedEpilogue_batchNormActivationResidual_matchReference() {
        Random rng = new Random(22);
        Problem p = new Problem(2, 6, 10, 7, 8, 3, 3, 1, 1, 1, 1, 2, 1, 1, 1, 1);
        float[] x = ints(rng, 2 * 6 * 7 * 8);
        float[] w = ints(rng, 10 * 3 * 9);
        float[] b = ints(rng, 10);
        float[] scale = ints(rng, 10);
        float[] shift = ints(rng, 10);
        float[] r = ints(rng, 2 * 10 * 7 * 8);
        Shape xShape = Shape.of(2, 6, 7, 8);
        for (Residual mode : Residual.values()) {
            for (Activation a : new Activation[] {Activation.RELU, Activation.clip(-2, 5), Activation.TANH}) {
                Conv2dParams params = p.params().foldedBatchNorm(scale, shift).activation(a).residual(mode);
                float[] res = mode == Residual.NONE ? null : r;
                float[] want = ConvReference.conv2d(p, x, w, b, scale, shift, a, mode, res);
                for (Options o : IsaLevels.everyIsaAndThreadCount()) {
                    try (Conv2dOp op = Conv2dOp.create(w, b, 6, 10, params, o)) {
                        float[] got = run(op, xShape, x, res);
                        for (int i = 0; i < want.length; i++) {
                            assertEquals(want[i], got[i], 1e-5 * (1 + Math.abs(want[i])), mode + " " + a + " " + o);
                        }
                    }
                }
            }
        }
    }

    /** An image network's stem (3 -> 32, 3x3 stride 2, folded BatchNorm + ReLU) takes the first-layer kernel. */
    @Test
    void threeChannelStem_firstLayerKernel_everyIsaAndThreadCount_matchReference() {
        Random rng = new Random(24);
        Problem p = new Problem(2, 3, 32, 29, 37, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1);
        float[] x = ints(rng, 2 * 3 * 29 * 37);
        float[] w = ints(rng, 32 * 3 * 9);
        float[] b = ints(rng, 32);
        float[] scale = ints(rng, 32);
        float[] shift = ints(rng, 32);
        Conv2dParams params = p.params().foldedBatchNorm(scale, shift).activation(Activation.RELU);
        float[] want = ConvReference.conv2d(p, x, w, b, scale, shift, Activation.RELU, Residual.NONE, null);
        Shape xShape = Shape.of(2, 3, 29, 37);
        for (Options o : IsaLevels.everyIsaAndThreadCount()) {
            try (Conv2dOp op = Conv2dOp.create(w, b, 3, 32, params, o)) {
                // At the generic level OpenBLAS's SIMD im2col path beats the scalar first-layer loop.
                if (o.isa() != Isa.GENERIC) {
                    assertTrue(op.kernel().contains("f32-conv2d-first"), op.kernel() + " " + o);
                }
                assertArrayEquals(want, run(op, xShape, x, null), p + " " + o + " on " + op.kernel());
            }
        }
    }

    @Test
    void conv1d_depthwiseAndDilated_matchReference() {
        Random rng = new Random(23);
        int[][] cases = {{1, 4, 8, 19, 3, 1, 1, 1, 4}, {2, 6, 6, 10, 5, 2, 2, 2, 6}, {3, 3, 5, 4, 7, 3, 1, 3, 1}};
        for (int[] c : cases) {
            int batch = c[0], inC = c[1], outC = c[2], len = c[3], k = c[4], stride = c[5], dil = c[6], pad = c[7];
            int groups = c[8];
            Problem p = new Problem(batch, inC, outC, 1, len, 1, k, 1, stride, 1, dil, groups, 0, pad, 0, pad);
            float[] x = ints(rng, batch * inC * len);
            float[] w = ints(rng, outC * (inC / groups) * k);
            float[] want = ConvReference.conv2d(p, x, w, null, null, null, Activation.IDENTITY, Residual.NONE, null);
            Conv2dParams params = Conv2dParams.conv1d(k).stride(stride).dilation(dil).padding(pad).groups(groups);
            for (Options o : IsaLevels.everyIsaAndThreadCount()) {
                try (Conv2dOp op = Conv2dOp.createConv1d(w, null, inC, outC, params, o)) {
                    Shape xShape = Shape.of(batch, inC, len);
                    assertEquals(Shape.of(batch, outC, p.outW()), op.outputShape(xShape));
                    assertArrayEquals(want, run(op, xShape, x, null), p + " " + o);
                }
            }
        }
    }

    @Test
    void reusedWorkspace_givesTheSameResult_andTooSmallIsRejected() {
        Random rng = new Random(24);
        Problem p = PROBLEMS[1];
        float[] x = ints(rng, p.batch() * p.inC() * p.inH() * p.inW());
        float[] w = ints(rng, p.outC() * p.inC() * 9);
        Shape xShape = Shape.of(p.batch(), p.inC(), p.inH(), p.inW());
        try (Conv2dOp op = Conv2dOp.create(w, null, p.inC(), p.outC(), p.params(), Options.defaults().withThreads(2));
                Tensor xt = Tensor.of(x, xShape); Tensor y = Tensor.zeros(op.outputShape(xShape));
                Workspace ws = Workspace.allocate(op.workspaceBytes(xShape))) {
            float[] want = run(op, xShape, x, null);
            for (int i = 0; i < 3; i++) {
                op.run(xt, null, y, ws);
                assertArrayEquals(want, y.toArray());
            }
            long need = op.workspaceBytes(xShape);
            if (need > 64) {
                try (Workspace small = Workspace.allocate(0)) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> op.run(xt, null, y, small));
                    assertTrue(e.getMessage().contains("workspace has 64 bytes, this call needs " + need),
                            e.getMessage());
                }
            }
        }
    }

    @Test
    void emptyBatch_givesAnEmptyOutput() {
        try (Conv2dOp conv = Conv2dOp.create(new float[2 * 3 * 9], null, 3, 2, Conv2dParams.of(3).padding(1),
                Options.defaults()); Pool2dOp pool = Pool2dOp.create(Pool2dParams.max(2), Options.defaults());
                Tensor x = Tensor.zeros(0, 3, 4, 4); Tensor y = conv.apply(x); Tensor pooled = pool.apply(x)) {
            assertEquals(Shape.of(0, 2, 4, 4), y.shape());
            assertEquals(Shape.of(0, 3, 2, 2), pooled.shape());
        }
    }

    @Test
    void badArguments_throwClearExceptions() {
        Options o = Options.defaults();
        Conv2dParams k3 = Conv2dParams.of(3);
        IllegalArgumentException weight = assertThrows(IllegalArgumentException.class,
                () -> Conv2dOp.create(new float[10], null, 2, 4, k3, o));
        assertEquals("conv2d: weight must have [4, 2, 3, 3] = 72 values, got 10", weight.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Conv2dOp.create(new float[72], new float[3], 2, 4, k3, o));
        assertThrows(IllegalArgumentException.class, () -> Conv2dOp.create(new float[36], null, 2, 4, k3.groups(3), o));
        assertThrows(IllegalArgumentException.class, () -> Conv2dOp.create(new float[4], null, 2, 4,
                Conv2dParams.conv1d(1), o));
        assertThrows(IllegalArgumentException.class, () -> Conv2dOp.createConv1d(new float[72], null, 2, 4, k3, o));
        assertThrows(IllegalArgumentException.class, () -> Conv2dOp.create(new float[72], null, 2, 4,
                k3.foldedBatchNorm(new float[3], new float[3]), o));
        assertThrows(IllegalArgumentException.class, () -> k3.foldedBatchNorm(new float[4], null));
        assertThrows(IllegalArgumentException.class, () -> Conv2dParams.of(0));
        assertThrows(IllegalArgumentException.class, () -> k3.stride(0));
        assertThrows(IllegalArgumentException.class, () -> k3.dilation(1, -1));
        assertThrows(IllegalArgumentException.class, () -> k3.padding(-1));
        assertThrows(IllegalArgumentException.class, () -> k3.groups(0));
        assertThrows(IllegalArgumentException.class, () -> Conv2dParams.conv1d(3).padding(1, 0, 0, 0));
        assertThrows(NullPointerException.class, () -> Conv2dOp.create(null, null, 2, 4, k3, o));
        assertThrows(NullPointerException.class, () -> k3.activation(null));

        try (Conv2dOp op = Conv2dOp.create(new float[72], null, 2, 4, k3, o);
                Conv2dOp withResidual = Conv2dOp.create(new float[72], null, 2, 4,
                        k3.padding(1).residual(Residual.AFTER_ACTIVATION), o);
                Tensor x = Tensor.zeros(1, 2, 5, 5); Tensor small = Tensor.zeros(1, 2, 2, 5);
                Tensor channels = Tensor.zeros(1, 3, 5, 5); Tensor y = Tensor.zeros(1, 4, 3, 3);
                Tensor wrongY = Tensor.zeros(1, 4, 3, 4); Tensor yPadded = Tensor.zeros(1, 4, 5, 5)) {
            IllegalArgumentException fit = assertThrows(IllegalArgumentException.class, () -> op.apply(small));
            assertEquals("conv2d: the dilated kernel 3x3 does not fit the padded input 2x5", fit.getMessage());
            IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> op.apply(channels));
            assertEquals("conv2d: x must have shape [batch, 2, height, width], got [1, 3, 5, 5]", c.getMessage());
            IllegalArgumentException out = assertThrows(IllegalArgumentException.class, () -> op.run(x, wrongY));
            assertEquals("conv2d: y must have shape [1, 4, 3, 3], got [1, 4, 3, 4]", out.getMessage());
            assertThrows(IllegalArgumentException.class, () -> op.run(x, y, y));
            assertThrows(NullPointerException.class, () -> withResidual.run(x, yPadded));
            assertThrows(IllegalArgumentException.class, () -> withResidual.run(x, y, yPadded));
            assertThrows(IllegalArgumentException.class, () -> withResidual.run(x, yPadded, yPadded));
            assertThrows(NullPointerException.class, () -> op.run(x, null, y, null));
            Tensor closed = Tensor.zeros(1, 2, 5, 5);
            closed.close();
            assertThrows(IllegalStateException.class, () -> op.apply(closed));
            Workspace ws = Workspace.allocate(op.workspaceBytes(x.shape()));
            ws.close();
            assertThrows(IllegalStateException.class, () -> op.run(x, null, y, ws));
        }
    }

    @Test
    void closedOp_throws_secondCloseHarmless_nothingLeaks() {
        long before = CpuInfo.liveNativeAllocations();
        Conv2dOp op = Conv2dOp.create(new float[9], null, 1, 1, Conv2dParams.of(3), Options.defaults());
        assertTrue(op.kernel().length() > 0);
        op.close();
        assertDoesNotThrow(op::close);
        assertTrue(op.isClosed());
        try (Tensor x = Tensor.zeros(1, 1, 3, 3)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> op.apply(x));
            assertTrue(e.getMessage().contains("conv2d 1->1 is closed"), e.getMessage());
            assertThrows(IllegalStateException.class, op::kernel);
        }
        assertEquals(before, CpuInfo.liveNativeAllocations());
        assertNull(Conv2dParams.of(1).scale());
    }
}
