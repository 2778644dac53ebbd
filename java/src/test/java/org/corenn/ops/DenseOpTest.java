package org.corenn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.corenn.runtime.CpuInfo;
import org.corenn.runtime.Isa;
import org.corenn.runtime.Options;
import org.corenn.tensor.Tensor;
import org.corenn.testing.IsaLevels;
import org.junit.jupiter.api.Test;

class DenseOpTest {
    private static float[] randomInts(Random rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextInt(7) - 3;
        }
        return v;
    }

    private static float[] randomFloats(Random rng, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (rng.nextFloat() * 2 - 1) * scale;
        }
        return v;
    }

    private static float[] run(float[] w, float[] b, float[] x, int batch, int in, int out, Activation a, Options o) {
        try (DenseOp op = DenseOp.create(w, b, in, out, a, o); Tensor xt = Tensor.of(x, batch, in);
                Tensor y = op.apply(xt)) {
            return y.toArray();
        }
    }

    @Test
    void smallIntegers_everyIsaAndThreadCount_matchReferenceExactly() {
        Random rng = new Random(11);
        int[][] cases = {{1, 1, 1}, {1, 9, 17}, {2, 64, 33}, {3, 131, 8}, {4, 17, 129}, {37, 70, 300}};
        for (int[] c : cases) {
            int batch = c[0], in = c[1], out = c[2];
            float[] x = randomInts(rng, batch * in), w = randomInts(rng, out * in), b = randomInts(rng, out);
            float[] want = Reference.dense(x, w, b, batch, in, out, Activation.IDENTITY);
            for (Options o : IsaLevels.everyIsaAndThreadCount()) {
                assertArrayEquals(want, run(w, b, x, batch, in, out, Activation.IDENTITY, o),
                        "batch " + batch + " in " + in + " out " + out + " " + o);
            }
        }
    }

    @Test
    void fusedActivations_matchReference_identicalAcrossThreadCounts() {
        Random rng = new Random(12);
        Activation[] activations = {Activation.RELU, Activation.leakyRelu(0.1f), Activation.SIGMOID, Activation.TANH,
            Activation.RELU6, Activation.HARDSWISH, Activation.clip(-0.5f, 0.5f)};
        for (int batch : new int[] {1, 40}) {
            int in = 96, out = 50;
            float[] x = randomFloats(rng, batch * in, 1), w = randomFloats(rng, out * in, 0.3f);
            float[] b = randomFloats(rng, out, 0.5f);
            for (Activation a : activations) {
                float[] want = Reference.dense(x, w, b, batch, in, out, a);
                for (Isa isa : IsaLevels.available()) {
                    Options base = Options.defaults().withIsa(isa);
                    float[] one = run(w, b, x, batch, in, out, a, base.withThreads(1));
                    float[] two = run(w, b, x, batch, in, out, a, base.withThreads(2));
                    assertArrayEquals(one, two, a + " " + isa);
                    for (int i = 0; i < want.length; i++) {
                        assertEquals(want[i], one[i], 1e-5 + 1e-5 * Math.abs(want[i]), a + " " + isa + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void kernel_namesTheChoice() {
        try (DenseOp op = DenseOp.create(new float[16], null, 4, 4, Activation.IDENTITY,
                Options.defaults().withIsa(Isa.GENERIC))) {
            assertEquals("f32-gemv-8x1-scalar", op.kernel(1));
            assertEquals("openblas-sgemm", op.kernel(100));
        }
        if (CpuInfo.current().bestIsa().code() >= Isa.AVX2.code()) {
            try (DenseOp op = DenseOp.create(new float[16], null, 4, 4, Activation.IDENTITY, Options.defaults())) {
                assertEquals("f32-gemv-8x4-avx2", op.kernel(1));
            }
        }
    }

    @Test
    void badArguments_throwClearExceptions_beforeAnyNativeCall() {
        Options o = Options.defaults();
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> DenseOp.create(new float[5], null, 2, 3, Activation.IDENTITY, o));
        assertTrue(size.getMessage().contains("weight must have outFeatures * inFeatures = 3 * 2 values, got 5"),
                size.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DenseOp.create(new float[6], new float[2], 2, 3,
                Activation.IDENTITY, o));
        assertThrows(IllegalArgumentException.class, () -> DenseOp.create(new float[0], null, 0, 3,
                Activation.IDENTITY, o));
        assertThrows(NullPointerException.class, () -> DenseOp.create(null, null, 2, 3, Activation.IDENTITY, o));
        assertThrows(NullPointerException.class, () -> DenseOp.create(new float[6], null, 2, 3, null, o));
        assertThrows(IllegalArgumentException.class, () -> Options.defaults().withThreads(0));

        try (DenseOp op = DenseOp.create(new float[6], null, 2, 3, Activation.IDENTITY, o);
                Tensor good = Tensor.zeros(4, 2); Tensor wrongIn = Tensor.zeros(4, 3);
                Tensor rank3 = Tensor.zeros(1, 4, 2); Tensor wrongOut = Tensor.zeros(4, 2)) {
            IllegalArgumentException in = assertThrows(IllegalArgumentException.class, () -> op.apply(wrongIn));
            assertEquals("dense: x must have shape [batch, 2], got [4, 3]", in.getMessage());
            assertThrows(IllegalArgumentException.class, () -> op.apply(rank3));
            IllegalArgumentException out = assertThrows(IllegalArgumentException.class, () -> op.run(good, wrongOut));
            assertEquals("dense: y must have shape [4, 3], got [4, 2]", out.getMessage());
            assertThrows(NullPointerException.class, () -> op.run(good, null));
            Tensor closed = Tensor.zeros(4, 2);
            closed.close();
            assertThrows(IllegalStateException.class, () -> op.apply(closed));
        }
    }

    @Test
    void closedOp_throws_secondCloseHarmless_nothingLeaks() {
        long before = CpuInfo.liveNativeAllocations();
        DenseOp op = DenseOp.create(new float[6], new float[3], 2, 3, Activation.RELU, Options.defaults());
        op.close();
        assertDoesNotThrow(op::close);
        try (Tensor x = Tensor.zeros(1, 2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> op.apply(x));
            assertTrue(e.getMessage().contains("dense 3x2 is closed"), e.getMessage());
        }
        assertEquals(before, CpuInfo.liveNativeAllocations());
    }

    @Test
    void closeWhileOtherThreadsRun_neverCrashes() throws Exception {
        Random rng = new Random(3);
        int in = 512, out = 512;
        for (int round = 0; round < 20; round++) {
            DenseOp op = DenseOp.create(randomFloats(rng, in * out, 0.1f), null, in, out, Activation.TANH,
                    Options.defaults().withThreads(1));
            CountDownLatch started = new CountDownLatch(4);
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    try (Tensor x = Tensor.zeros(8, in); Tensor y = Tensor.zeros(8, out)) {
                        started.countDown();
                        for (int i = 0; i < 200; i++) {
                            op.run(x, y);
                        }
                    } catch (IllegalStateException expected) {
                        // the op was closed under us: the promised outcome
                    } catch (Throwable e) {
                        unexpected.set(e);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            started.await();
            op.close();
            for (Thread thread : threads) {
                thread.join();
            }
            if (unexpected.get() != null) {
                throw new AssertionError("unexpected failure", unexpected.get());
            }
        }
    }
}
