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

class BatchNormOpTest {
    private static float[] uniform(Random rng, int n, float lo, float hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + rng.nextFloat() * (hi - lo);
        }
        return v;
    }

    private static float[] reference(float[] x, int batch, int channels, int spatial, float[] mean, float[] var,
            float[] gamma, float[] beta, float eps, Activation a) {
        float[] y = new float[x.length];
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                double g = gamma == null ? 1 : gamma[c], b = beta == null ? 0 : beta[c];
                for (int s = 0; s < spatial; s++) {
                    int i = (n * channels + c) * spatial + s;
                    y[i] = (float) Reference.activate(a, (x[i] - mean[c]) / Math.sqrt(var[c] + (double) eps) * g + b);
                }
            }
        }
        return y;
    }

    @Test
    void batchNorm1dAnd2d_everyIsaAndThreadCount_matchReference() {
        Random rng = new Random(41);
        int[][] shapes = {{1, 1}, {3, 7}, {2, 9, 13}, {1, 16, 5, 7}, {3, 3, 1, 1}, {2, 8, 3, 4, 2}};
        for (int[] dims : shapes) {
            Shape shape = Shape.of(dims);
            int channels = dims[1];
            int spatial = shape.size() / (dims[0] * channels);
            float[] x = uniform(rng, shape.size(), -3, 3);
            float[] mean = uniform(rng, channels, -1, 1), var = uniform(rng, channels, 0.1f, 2);
            float[] gamma = uniform(rng, channels, -2, 2), beta = uniform(rng, channels, -1, 1);
            for (boolean affine : new boolean[] {true, false}) {
                float[] g = affine ? gamma : null, b = affine ? beta : null;
                Activation a = affine ? Activation.RELU : Activation.IDENTITY;
                float[] want = reference(x, dims[0], channels, spatial, mean, var, g, b, 1e-5f, a);
                for (Options o : IsaLevels.everyIsaAndThreadCount()) {
                    try (BatchNormOp bn = BatchNormOp.create(mean, var, g, b, 1e-5f, a, o);
                            Tensor xt = Tensor.of(x, shape); Tensor y = bn.apply(xt)) {
                        Reference.assertClose(want, y.toArray(), 1e-5, shape + " affine " + affine + " " + o);
                        bn.run(xt, xt);
                        assertArrayEquals(y.toArray(), xt.toArray(), "in place " + o);
                    }
                }
            }
        }
    }

    @Test
    void badArguments_throwClearExceptions() {
        Options o = Options.defaults();
        float[] two = {1, 1};
        IllegalArgumentException var = assertThrows(IllegalArgumentException.class,
                () -> BatchNormOp.create(two, new float[3], null, null, 1e-5f, Activation.IDENTITY, o));
        assertEquals("batchnorm: var must have 2 values (one per channel, as mean), got 3", var.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> BatchNormOp.create(two, new float[] {1, -1}, null, null, 1e-5f, Activation.IDENTITY, o));
        assertThrows(IllegalArgumentException.class,
                () -> BatchNormOp.create(two, two, null, null, Float.NaN, Activation.IDENTITY, o));
        assertThrows(IllegalArgumentException.class,
                () -> BatchNormOp.create(new float[0], new float[0], null, null, 0, Activation.IDENTITY, o));
        assertThrows(NullPointerException.class, () -> BatchNormOp.create(two, null, null, null, 0,
                Activation.IDENTITY, o));
        try (BatchNormOp bn = BatchNormOp.create(two, two, null, null, 0, Activation.IDENTITY, o);
                Tensor x = Tensor.zeros(1, 3, 4); Tensor good = Tensor.zeros(1, 2, 4);
                Tensor wrong = Tensor.zeros(1, 2, 5)) {
            IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> bn.apply(x));
            assertEquals("batchnorm: x must have shape [batch, 2, ...], got [1, 3, 4]", c.getMessage());
            assertThrows(IllegalArgumentException.class, () -> bn.run(good, wrong));
        }
    }

    @Test
    void closedOp_throws_secondCloseHarmless_nothingLeaks() {
        long before = CpuInfo.liveNativeAllocations();
        BatchNormOp bn = BatchNormOp.create(new float[] {0}, new float[] {1}, null, null, 0, Activation.IDENTITY,
                Options.defaults());
        assertTrue(bn.kernel().length() > 0);
        bn.close();
        assertDoesNotThrow(bn::close);
        try (Tensor x = Tensor.zeros(1, 1)) {
            assertThrows(IllegalStateException.class, () -> bn.apply(x));
        }
        assertEquals(before, CpuInfo.liveNativeAllocations());
    }
}
