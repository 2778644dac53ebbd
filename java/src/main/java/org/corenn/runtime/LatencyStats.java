package org.corenn.runtime;

import java.util.Arrays;

/**
 * Summary of recorded call durations (nanoseconds in, microseconds out). Percentiles use the
 * nearest-rank definition: p is the smallest recorded value with at least p% of the calls at or below it.
 */
public record LatencyStats(int calls, long totalNanos, double minMicros, double medianMicros, double p90Micros,
        double p99Micros, double maxMicros, double meanMicros) {

    public static LatencyStats of(long[] durationsNanos, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("latency: no calls were recorded");
        }
        long[] sorted = Arrays.copyOf(durationsNanos, count);
        Arrays.sort(sorted);
        long total = 0;
        for (long d : sorted) {
            total += d;
        }
        return new LatencyStats(count, total, micros(sorted[0]), micros(nearestRank(sorted, 50)),
                micros(nearestRank(sorted, 90)), micros(nearestRank(sorted, 99)), micros(sorted[count - 1]),
                total / 1e3 / count);
    }

    private static long nearestRank(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static double micros(long nanos) {
        return nanos / 1e3;
    }

    /** Calls per second of time spent inside predict. */
    public double callsPerSecond() {
        return totalNanos == 0 ? 0 : calls * 1e9 / totalNanos;
    }
}
