package org.corenn.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * All engines on one case at one thread count, measured in alternating slices (each engine gets
 * the same number of short turns) so that load from elsewhere on the machine hits every engine
 * alike and the ratios stay comparable. Each slice starts after a pause, so that the previous
 * engine's spinning worker threads (ONNX Runtime spins after a run) have gone idle, and with one
 * untimed call.
 */
final class QuickRow {
    private static final int TURNS = 10;
    private static final int MAX_SAMPLES = 1 << 20;
    private static final long PAUSE_MS = 20;

    private QuickRow() {
    }

    /** Opens every engine's runner, checks its output against the reference, warms up, then samples. */
    static List<QuickResult> measure(BenchCase c, List<Engine> engines, int threads, double seconds)
            throws Exception {
        List<Runner> runners = new ArrayList<>();
        try {
            for (Engine engine : engines) {
                Runner runner = engine.open(c, threads);
                runners.add(runner);
                runner.run();
                OutputCheck.verify(c, engine.name(), runner.outputs());
            }
            long slice = (long) (seconds * 1e9 / TURNS);
            for (Runner runner : runners) {
                warm(runner, slice / 2);
            }
            long[][] nanos = new long[runners.size()][MAX_SAMPLES];
            int[] counts = new int[runners.size()];
            for (int turn = 0; turn < TURNS; turn++) {
                for (int e = 0; e < runners.size(); e++) {
                    Thread.sleep(PAUSE_MS);
                    runners.get(e).run();
                    counts[e] = sample(runners.get(e), slice, nanos[e], counts[e]);
                }
            }
            List<QuickResult> row = new ArrayList<>();
            for (int e = 0; e < engines.size(); e++) {
                Engine engine = engines.get(e);
                row.add(new QuickResult(c.name(), engine.name(), engine.version(), engine.settings(threads), threads,
                        new Latencies(nanos[e], counts[e])));
            }
            return row;
        } finally {
            runners.forEach(Runner::close);
        }
    }

    private static void warm(Runner runner, long duration) {
        long end = System.nanoTime() + duration;
        do {
            runner.run();
        } while (System.nanoTime() < end);
    }

    /** Runs for {@code duration} ns (at least once), storing each call's time at {@code nanos[count..]}; returns the new count. */
    private static int sample(Runner runner, long duration, long[] nanos, int count) {
        long end = System.nanoTime() + duration;
        do {
            long t0 = System.nanoTime();
            runner.run();
            nanos[Math.min(count++, nanos.length - 1)] = System.nanoTime() - t0;
        } while (System.nanoTime() < end);
        return Math.min(count, nanos.length);
    }
}
