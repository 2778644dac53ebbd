package org.corenn.benchmarks;

import java.util.Arrays;

/** Per-call times in nanoseconds, summarised as JMH's sample mode does (median, p99, mean in µs). */
final class Latencies {
    private final double[] micros;

    Latencies(long[] nanos, int count) {
        micros = new double[count];
        for (int i = 0; i < count; i++) {
            micros[i] = nanos[i] / 1e3;
        }
        Arrays.sort(micros);
    }

    int count() {
        return micros.length;
    }

    /** The p-th percentile (0..100), nearest rank. */
    double percentile(double p) {
        int rank = (int) Math.ceil(p / 100 * micros.length);
        return micros[Math.max(0, Math.min(micros.length - 1, rank - 1))];
    }

    double mean() {
        double sum = 0;
        for (double m : micros) {
            sum += m;
        }
        return sum / micros.length;
    }
}
