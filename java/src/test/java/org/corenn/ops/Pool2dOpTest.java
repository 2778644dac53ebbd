package org.corenn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.corenn.runtime.CpuInfo;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.corenn.testing.IsaLevels;
import org.junit.jupiter.api.Test;

class Pool2dOpTest {
    private static final List<Pool2dParams> CASES = List.of(
            Pool2dParams.max(2),
            Pool2dParams.max(3).stride(2).padding(1),
            Pool2dParams.max(3).stride(2).padding(1).ceilMode(true),
            Pool2dParams.max(2, 3).stride(3, 1).dilation(2, 1).padding(1, 0, 0, 1),
            Pool2dParams.max(3).dilation(2).padding(2).ceilMode(true),
            Pool2dParams.avg(2),
            Pool2dParams.avg(3).stride(2).padding(1),
            Pool2dParams.avg(3).stride(2).padding(1).countIncludePad(false),
            Pool2dParams.avg(3).stride(2).padding(1).ceilMode(true),
            Pool2dParams.avg(3, 2).stride(2, 3).padding(1, 1, 0, 1).ceilMode(true).countIncludePad(false),
            Pool2dParams.globalMax(),
            Pool2dParams.globalAvg());

    @Test
    void everyCase_everyIsaAndThreadCount_matchesReference() {
        Random rng = new Random(31);
        int[][] shapes = {{1, 1, 5, 5}, {2, 3, 7, 8}, {3, 9, 11, 6}, {1, 17, 4, 13}};
        for (int[] dims : shapes) {
            Shape xShape = Shape.of(dims);
            float[] x = new float[xShape.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextInt(17) - 8;
            }
            x[x.length / 2] = Float.NaN;
            for (Pool2dParams p : CASES) {
                for (Options o : IsaLevels.everyIsaAndThreadCount()) {
                    try (Pool2dOp op = Pool2dOp.create(p, o); Tensor xt = Tensor.of(x, xShape);
                            Tensor y = op.apply(xt)) {
                        Shape out = y.shape();
                        float[] want = ConvReference.pool2d(p, dims[0] * dims[1], dims[2], dims[3], out.dim(2),
                                out.dim(3), x);
                        Reference.assertClose(want, y.toArray(), 1e-6, p + " " + xShape + " " + o);
                    }
                }
            }
        }
    }

    @Test
    void outputShapes_followPyTorch() {
        Options o = Options.defaults();
        try (Pool2dOp ceil = Pool2dOp.create(Pool2dParams.max(3).stride(2).ceilMode(true), o);
                Pool2dOp floor = Pool2dOp.create(Pool2dParams.max(3).stride(2), o);
                Pool2dOp global = Pool2dOp.create(Pool2dParams.globalAvg(), o);
                Pool2dOp oneD = Pool2dOp.create(Pool2dParams.avg1d(4).stride(2).padding(2), o)) {
            assertEquals(Shape.of(1, 2, 3, 3), ceil.outputShape(Shape.of(1, 2, 6, 6)));
            assertEquals(Shape.of(1, 2, 2, 2), floor.outputShape(Shape.of(1, 2, 6, 6)));
            // ceil mode drops a last window that would start in the end padding (PyTorch)
            try (Pool2dOp padded = Pool2dOp.create(Pool2dParams.max(2).stride(2).padding(1).ceilMode(true), o)) {
                assertEquals(Shape.of(1, 1, 3, 3), padded.outputShape(Shape.of(1, 1, 5, 5)));
            }
            assertEquals(Shape.of(2, 3, 1, 1), global.outputShape(Shape.of(2, 3, 5, 7)));
            assertEquals(Shape.of(2, 3, 1), global.outputShape(Shape.of(2, 3, 9)));
            assertEquals(Shape.of(2, 3, 5), oneD.outputShape(Shape.of(2, 3, 9)));
        }
    }

    @Test
    void pool1d_matchesTheSamePoolingOverOneRow() {
        Random rng = new Random(32);
        float[] x = new float[2 * 3 * 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(9);
        }
        Pool2dParams p = Pool2dParams.max1d(3).stride(2).padding(1).dilation(2);
        for (Options o : IsaLevels.everyIsaAndThreadCount()) {
            try (Pool2dOp op = Pool2dOp.create(p, o); Tensor xt = Tensor.of(x, 2, 3, 10); Tensor y = op.apply(xt)) {
                assertEquals(3, y.shape().rank());
                float[] want = ConvReference.pool2d(p, 6, 1, 10, 1, y.shape().dim(2), x);
                assertArrayEquals(want, y.toArray(), o.toString());
            }
        }
    }

    @Test
    void badArguments_throwClearExceptions() {
        Options o = Options.defaults();
        IllegalArgumentException pads = assertThrows(IllegalArgumentException.class,
                () -> Pool2dOp.create(Pool2dParams.max(3).padding(2), o));
        assertEquals("pool2d: pads must be at most half the dilated kernel 3x3, got [top 2, left 2, bottom 2, right 2]",
                pads.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pool2dParams.avg(3).dilation(2));
        assertThrows(IllegalArgumentException.class, () -> Pool2dParams.max(3).countIncludePad(false));
        assertThrows(IllegalArgumentException.class, () -> Pool2dParams.globalAvg().stride(2));
        assertThrows(IllegalArgumentException.class, () -> Pool2dParams.max(0));
        assertThrows(IllegalArgumentException.class, () -> Pool2dParams.max1d(2).stride(2, 2));
        assertThrows(NullPointerException.class, () -> Pool2dOp.create(null, o));
        try (Pool2dOp op = Pool2dOp.create(Pool2dParams.max(3), o); Tensor small = Tensor.zeros(1, 1, 2, 5);
                Tensor rank3 = Tensor.zeros(1, 2, 5); Tensor x = Tensor.zeros(1, 1, 6, 6);
                Tensor wrongY = Tensor.zeros(1, 1, 3, 3)) {
            IllegalArgumentException fit = assertThrows(IllegalArgumentException.class, () -> op.apply(small));
            assertEquals("pool2d: the dilated kernel 3x3 does not fit the padded input 2x5 of x [1, 1, 2, 5]",
                    fit.getMessage());
            assertThrows(IllegalArgumentException.class, () -> op.apply(rank3));
            IllegalArgumentException y = assertThrows(IllegalArgumentException.class, () -> op.run(x, wrongY));
            assertEquals("pool2d: y must have shape [1, 1, 2, 2], got [1, 1, 3, 3]", y.getMessage());
        }
    }

    @Test
    void closedOp_throws_secondCloseHarmless_nothingLeaks() {
        long before = CpuInfo.liveNativeAllocations();
        Pool2dOp op = Pool2dOp.create(Pool2dParams.avg(2), Options.defaults());
        try (Tensor x = Tensor.zeros(1, 1, 4, 4); Workspace ws = Workspace.allocate(op.workspaceBytes(x.shape()));
                Tensor y = Tensor.zeros(1, 1, 2, 2)) {
            op.run(x, y, ws);
            op.close();
            assertDoesNotThrow(op::close);
            assertThrows(IllegalStateException.class, () -> op.run(x, y, ws));
            assertThrows(IllegalStateException.class, () -> op.apply(x));
            assertTrue(op.isClosed());
        }
        assertEquals(before, CpuInfo.liveNativeAllocations());
    }
}
