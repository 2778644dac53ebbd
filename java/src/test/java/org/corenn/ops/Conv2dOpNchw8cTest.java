package org.corenn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.corenn.testing.IsaLevels;
import org.junit.jupiter.api.Test;

/** Conv2dOp and Pool2dOp on the channel-blocked layout, against the same ops on NCHW. */
class Conv2dOpNchw8cTest {
    private static final Layout[][] BLOCKED = {
        {Layout.NCHW8C, Layout.NCHW8C}, {Layout.NCHW, Layout.NCHW8C}, {Layout.NCHW8C, Layout.NCHW},
    };

    private static Tensor in(Layout layout, Tensor nchw, int threads) {
        return layout == Layout.NCHW ? Tensor.of(nchw.toArray(), nchw.shape()) : LayoutOp.toNchw8c(nchw, threads);
    }

    private static float[] out(Layout layout, Tensor y, int channels, int threads) {
        if (layout == Layout.NCHW) {
            return y.toArray();
        }
        try (Tensor back = LayoutOp.toNchw(y, channels, threads)) {
            return back.toArray();
        }
    }

    /** conv2d and conv1d, channel counts around 8, a residual + relu epilogue: exact for small integers. */
    @Test
    void blockedLayouts_equalNchw_exactly_everyIsaAndThreadCount() {
        Random rng = new Random(31);
        int[][] problems = {{2, 7, 9, 6, 11, 3, 1}, {1, 9, 17, 5, 5, 3, 2}, {3, 16, 8, 4, 13, 1, 1}, {1, 13, 24, 1, 1,
            3, 1}};
        for (int[] p : problems) {
            int batch = p[0], inC = p[1], outC = p[2], h = p[3], w = p[4], k = p[5], stride = p[6];
            float[] weight = Conv2dOpTest.ints(rng, outC * inC * k * k);
            float[] bias = Conv2dOpTest.ints(rng, outC);
            Conv2dParams params = Conv2dParams.of(k).stride(stride).padding(k / 2).activation(Activation.RELU)
                    .residual(Residual.BEFORE_ACTIVATION);
            for (Options o : IsaLevels.everyIsaAndThreadCount()) {
                try (Conv2dOp plain = Conv2dOp.create(weight, bias, inC, outC, params, o);
                        Tensor x = Tensor.of(Conv2dOpTest.ints(rng, batch * inC * h * w), batch, inC, h, w)) {
                    Shape outShape = plain.outputShape(x.shape());
                    try (Tensor r = Tensor.of(Conv2dOpTest.ints(rng, outShape.size()), outShape);
                            Tensor want = plain.apply(x, r)) {
                        for (Layout[] layouts : BLOCKED) {
                            String what = o + " " + layouts[0] + "->" + layouts[1] + " " + inC + "->" + outC;
                            try (Conv2dOp op = Conv2dOp.create(weight, bias, inC, outC,
                                    params.layouts(layouts[0], layouts[1]), o);
                                    Tensor xb = in(layouts[0], x, o.threads());
                                    Tensor rb = in(layouts[1], r, o.threads());
                                    Tensor y = op.apply(xb, rb)) {
                                assertTrue(op.kernel().contains("nchw8c"), op.kernel());
                                assertEquals(layouts[1].shapeOf(outShape), y.shape(), what);
                                assertArrayEquals(want.toArray(), out(layouts[1], y, outC, o.threads()), what);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void conv1d_blocked_equalsNchw() {
        Random rng = new Random(32);
        float[] weight = Conv2dOpTest.ints(rng, 12 * 10 * 3);
        Conv2dParams params = Conv2dParams.conv1d(3).padding(1);
        Options o = Options.defaults().withThreads(2);
        try (Conv2dOp plain = Conv2dOp.createConv1d(weight, null, 10, 12, params, o);
                Conv2dOp blocked = Conv2dOp.createConv1d(weight, null, 10, 12,
                        params.layouts(Layout.NCHW8C, Layout.NCHW8C), o);
                Tensor x = Tensor.of(Conv2dOpTest.ints(rng, 2 * 10 * 40), 2, 10, 40);
                Tensor xb = LayoutOp.toNchw8c(x, 1); Tensor want = plain.apply(x); Tensor yb = blocked.apply(xb)) {
            assertEquals(Shape.of(2, 2, 40, 8), yb.shape());
            assertArrayEquals(want.toArray(), out(Layout.NCHW8C, yb, 12, 1));
        }
    }

    @Test
    void badBlockedArguments_throwNamingTheProblem() {
        Options o = Options.defaults().withThreads(1);
        Conv2dParams depthwise = Conv2dParams.of(3).groups(4).layouts(Layout.NCHW8C, Layout.NCHW8C);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2dOp.create(new float[4 * 9], null, 4, 4, depthwise, o));
        assertTrue(e.getMessage().contains("NCHW8c"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Conv2dParams.of(3).layouts(null, Layout.NCHW));
        try (Conv2dOp op = Conv2dOp.create(new float[16 * 9 * 9], null, 9, 16, Conv2dParams.of(3)
                .layouts(Layout.NCHW8C, Layout.NCHW8C), o); Tensor nchw = Tensor.zeros(1, 9, 5, 5);
                Tensor wrongBlocks = Tensor.zeros(1, 1, 5, 5, 8)) {
            e = assertThrows(IllegalArgumentException.class, () -> op.apply(nchw));
            assertTrue(e.getMessage().contains("[batch, 2, height, width, 8]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> op.apply(wrongBlocks));
            assertEquals(Shape.of(1, 2, 3, 3, 8), op.outputShape(Shape.of(1, 2, 5, 5, 8)));
        }
        try (Tensor x = Tensor.zeros(1, 9, 2, 2); Tensor y = Tensor.zeros(1, 2, 2, 2, 8)) {
            // x holds 9 channels, not 8; then a bad thread count
            e = assertThrows(IllegalArgumentException.class,
                    () -> LayoutOp.convert(x, Layout.NCHW, y, Layout.NCHW8C, 8, 1));
            assertTrue(e.getMessage().contains("[N, 8, H, W]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> LayoutOp.convert(x, Layout.NCHW, y, Layout.NCHW8C, 9, 0));
            assertTrue(e.getMessage().contains("threads"), e.getMessage());
        }
    }

    @Test
    void layoutOp_roundTrips_andPadsWithZeros() {
        Random rng = new Random(33);
        float[] values = new float[2 * 11 * 3 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextFloat() - 0.5f;
        }
        try (Tensor x = Tensor.of(values, 2, 11, 3, 4); Tensor b = LayoutOp.toNchw8c(x, 2);
                Tensor back = LayoutOp.toNchw(b, 11, 1)) {
            assertEquals(Shape.of(2, 2, 3, 4, 8), b.shape());
            assertArrayEquals(values, back.toArray());
            // channel 9 of image 1, pixel (2, 3): block 1, lane 1; lane 3 (channel 11) is padding
            assertEquals(values[((1 * 11 + 9) * 3 + 2) * 4 + 3], b.get(1, 1, 2, 3, 1));
            assertEquals(0.0f, b.get(1, 1, 2, 3, 3));
        }
    }

    @Test
    void maxAndAvgPool_blocked_equalNchw() {
        Random rng = new Random(34);
        float[] values = new float[2 * 11 * 9 * 7];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextFloat() * 2 - 1;
        }
        Pool2dParams[] pools = {Pool2dParams.max(3).stride(2).padding(1), Pool2dParams.avg(2).ceilMode(true),
            Pool2dParams.globalAvg()};
        for (Options o : IsaLevels.everyIsaAndThreadCount()) {
            for (Pool2dParams params : pools) {
                try (Pool2dOp plain = Pool2dOp.create(params, o);
                        Pool2dOp blocked = Pool2dOp.create(params.layout(Layout.NCHW8C), o);
                        Tensor x = Tensor.of(values, 2, 11, 9, 7); Tensor xb = LayoutOp.toNchw8c(x, 1);
                        Tensor want = plain.apply(x); Tensor yb = blocked.apply(xb)) {
                    assertTrue(blocked.kernel().contains("nchw8c"), blocked.kernel());
                    assertEquals(Layout.NCHW8C.shapeOf(want.shape()), yb.shape());
                    assertArrayEquals(want.toArray(), out(Layout.NCHW8C, yb, 11, 1), o + " " + params);
                }
            }
        }
    }
}
