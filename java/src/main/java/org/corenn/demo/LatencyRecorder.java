package org.corenn.demo;

import java.util.Arrays;

/** Per-call latencies in nanoseconds, kept in a preallocated array; percentiles by sorting a copy. */
public final class LatencyRecorder {
    private final long[] nanos;
    private int count;

    public LatencyRecorder(int capacity) {
        this.nanos = new long[capacity];
    }

    public void record(long elapsedNanos) {
        if (count < nanos.length) {
            nanos[count++] = elapsedNanos;
        }
    }

    public int count() {
        return count;
    }

    /** The q-quantile (0..1) in microseconds, nearest-rank. */
    public double percentileMicros(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))] / 1000.0;
    }

    /** "p50 123 µs, p90 140 µs, p99 210 µs (n=64)". */
    public String summary() {
        return String.format("p50 %.0f µs, p90 %.0f µs, p99 %.0f µs (n=%d)", percentileMicros(0.5),
                percentileMicros(0.9), percentileMicros(0.99), count);
    }
}
