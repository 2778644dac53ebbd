package org.corenn.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.corenn.ops.Activation;
import org.corenn.ops.DenseOp;
import org.corenn.runtime.CpuInfo;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Ownership of everything that holds native memory: a second close is harmless, use after close throws
 * {@link IllegalStateException}, and closing a {@link Model} while many threads are inside
 * {@code predict} neither crashes nor leaks (the model is reference counted).
 */
class LifecycleTest {
    @Test
    void doubleClose_isHarmless_andFreesEverything() {
        long before = CpuInfo.liveNativeAllocations();
        Tensor t = Tensor.zeros(4, 4);
        DenseOp op = DenseOp.create(new float[16], null, 4, 4, Activation.RELU, Options.defaults());
        Model model = SmallModels.cnn(Options.defaults().withThreads(1));
        Predictor predictor = model.newPredictor();
        try (Tensor x = SmallModels.cnnInput(1, 1)) {
            predictor.predict(x);
        }
        for (int round = 0; round < 2; round++) {
            t.close();
            op.close();
            predictor.close();
            model.close();
        }
        assertTrue(t.isClosed() && op.isClosed() && model.isClosed());
        assertEquals(before, CpuInfo.liveNativeAllocations());
    }

    @Test
    void useAfterClose_throwsIllegalStateException() {
        Tensor t = Tensor.zeros(2, 4);
        t.close();
        assertClosed(() -> t.getFlat(0), "tensor [2, 4] is closed");
        assertClosed(t::toArray, "tensor [2, 4] is closed");
        assertClosed(() -> t.copyFrom(new float[8]), "tensor [2, 4] is closed");

        DenseOp op = DenseOp.create(new float[8], null, 4, 2, Activation.RELU, Options.defaults());
        op.close();
        try (Tensor x = Tensor.zeros(1, 4); Tensor y = Tensor.zeros(1, 2)) {
            assertClosed(() -> op.run(x, y), "closed");
            assertClosed(() -> op.kernel(1), "closed");
            assertClosed(() -> op.run(x, t), "closed");
        }

        Model model = SmallModels.lstm(Options.defaults().withThreads(1));
        Predictor open = model.newPredictor();
        Predictor closed = model.newPredictor();
        closed.close();
        try (Tensor x = SmallModels.lstmInput(3, 2, 1)) {
            assertClosed(() -> closed.predict(x), "predictor is closed");
            open.predict(x);
            model.close();
            assertClosed(() -> open.predict(x), "model is closed");
            assertClosed(() -> model.newPredictor().predict(x), "model is closed");
            assertClosed(model::describe, "model is closed");
            assertClosed(model::kernels, "model is closed");
        }
        open.close();
    }

    @Test
    void closingModel_whileEightThreadsPredict_neitherCrashesNorLeaks() throws Exception {
        long before = CpuInfo.liveNativeAllocations();
        for (int round = 0; round < 5; round++) {
            Model model = round % 2 == 0 ? SmallModels.cnn(Options.defaults().withThreads(1))
                    : SmallModels.lstm(Options.defaults().withThreads(1));
            boolean cnn = round % 2 == 0;
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch running = new CountDownLatch(8);
            List<Future<Integer>> predictions = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                long seed = thread;
                predictions.add(pool.submit(() -> predictUntilClosed(model, cnn, seed, running)));
            }
            running.await();
            model.close();
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
            for (Future<Integer> f : predictions) {
                assertTrue(f.get() > 0);
            }
        }
        assertEquals(before, CpuInfo.liveNativeAllocations());
    }

    /** Predicts until the model is closed under it; returns how many predictions completed. */
    private static int predictUntilClosed(Model model, boolean cnn, long seed, CountDownLatch running) {
        int done = 0;
        try (Predictor p = model.newPredictor();
                Tensor x = cnn ? SmallModels.cnnInput(2, seed) : SmallModels.lstmInput(6, 2, seed)) {
            while (true) {
                try {
                    p.predict(x).get(0).toArray();
                } catch (IllegalStateException closed) {
                    assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
                    return done;
                }
                if (++done == 3) {
                    running.countDown();
                }
            }
        }
    }

    private static void assertClosed(Runnable use, String message) {
        IllegalStateException e = assertThrows(IllegalStateException.class, use::run);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
