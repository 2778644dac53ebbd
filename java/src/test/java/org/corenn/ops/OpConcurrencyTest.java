package org.corenn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.corenn.runtime.CpuInfo;
import org.corenn.runtime.Options;
import org.corenn.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The promises about threads and allocation: close-while-running is safe, a busy stream refuses a second caller. */
class OpConcurrencyTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean
                    && ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                            .isThreadAllocatedMemorySupported()
                    ? (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean() : null;

    /** Runs {@code body} on 4 threads and closes {@code target} meanwhile; only IllegalStateException may escape. */
    private static void closeWhileRunning(AutoCloseable target, Runnable body) throws Exception {
        CountDownLatch started = new CountDownLatch(4);
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                started.countDown();
                try {
                    for (int i = 0; i < 200; i++) {
                        body.run();
                    }
                } catch (IllegalStateException expected) {
                    // closed under us, or the stream was busy: the promised outcomes
                } catch (Throwable e) {
                    unexpected.set(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        started.await();
        target.close();
        for (Thread thread : threads) {
            thread.join();
        }
        if (unexpected.get() != null) {
            throw new AssertionError("unexpected failure", unexpected.get());
        }
    }

    @Test
    void convClosedWhileOtherThreadsRun_neverCrashes_nothingLeaks() throws Exception {
        long before = CpuInfo.liveNativeAllocations();
        Random rng = new Random(91);
        Options one = Options.defaults().withThreads(1);
        for (int round = 0; round < 10; round++) {
            Conv2dOp op = Conv2dOp.create(Conv2dOpTest.ints(rng, 8 * 8 * 9), null, 8, 8, Conv2dParams.of(3).padding(1),
                    one);
            try (Tensor x = Tensor.zeros(1, 8, 16, 16); Tensor y = Tensor.zeros(1, 8, 16, 16)) {
                closeWhileRunning(op, () -> op.run(x, y));
            }
        }
        assertEquals(before, CpuInfo.liveNativeAllocations());
    }

    @Test
    void rnnClosedWhileOtherThreadsRun_neverCrashes_itsStreamsThenRefuseToStep() throws Exception {
        long before = CpuInfo.liveNativeAllocations();
        RnnParams p = RnnParams.lstm(8, 16).numLayers(2);
        for (int round = 0; round < 10; round++) {
            RnnOp op = RnnOp.create(p, RnnOpTest.weights(p, new Random(round)), Options.defaults().withThreads(1));
            try (RnnStream stream = op.newStream(); Tensor x = Tensor.zeros(1, 8); Tensor y = Tensor.zeros(1, 16)) {
                closeWhileRunning(op, () -> {
                    try (Tensor xs = Tensor.zeros(3, 1, 8); RnnResult r = op.apply(xs)) {
                        assertEquals(16, r.hidden().shape().dim(2));
                    }
                });
                assertThrows(IllegalStateException.class, () -> stream.step(x, y));
            }
        }
        assertEquals(before, CpuInfo.liveNativeAllocations());
    }

    @Test
    void oneStreamFromManyThreads_isRefusedNotCorrupted_andCloseWhileSteppingIsSafe() throws Exception {
        RnnParams p = RnnParams.gru(4, 8);
        try (RnnOp op = RnnOp.create(p, RnnOpTest.weights(p, new Random(92)), Options.defaults().withThreads(1))) {
            for (int round = 0; round < 10; round++) {
                RnnStream stream = op.newStream();
                AtomicInteger steps = new AtomicInteger();
                try (Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 4)) {
                    closeWhileRunning(stream, () -> {
                        stream.step(x, null);
                        steps.incrementAndGet();
                    });
                }
                assertTrue(stream.isClosed());
            }
            // Sequentially, the same steps from the same start give the same state.
            try (RnnStream a = op.newStream(); RnnStream b = op.newStream();
                    Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 4)) {
                for (int i = 0; i < 5; i++) {
                    a.step(x, null);
                    b.step(x, null);
                }
                assertArrayEquals(a.hidden(), b.hidden());
            }
        }
    }

    @Test
    void streamStep_allocatesNothingAfterConstruction() {
        Assumptions.assumeTrue(THREADS != null && THREADS.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count per-thread allocation");
        RnnParams p = RnnParams.lstm(16, 32).numLayers(2);
        try (RnnOp op = RnnOp.create(p, RnnOpTest.weights(p, new Random(93)), Options.defaults().withThreads(1));
                RnnStream stream = op.newStream(4); Tensor one = Tensor.zeros(1, 16); Tensor four = Tensor.zeros(4, 16);
                Tensor y = Tensor.zeros(4, 32)) {
            for (int i = 0; i < 2000; i++) {
                stream.step(one, null);
                stream.step(four, y);
            }
            long thread = Thread.currentThread().getId();
            long before = THREADS.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 1000; i++) {
                stream.step(one, null);
                stream.step(four, y);
            }
            long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
            assertTrue(allocated < 2048, "2000 steps allocated " + allocated + " bytes");
        }
    }
}
