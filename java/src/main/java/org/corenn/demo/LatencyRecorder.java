package org.corenn.demo;

import org.corenn.runtime.LatencyStats;

/** Per-call latencies in nanoseconds, kept in a preallocated array; summarised by {@link LatencyStats}. */
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

    public LatencyStats stats() {
        return LatencyStats.of(nanos, count);
    }

    /** "p50 123 µs, p90 140 µs, p99 210 µs (n=64)". */
    public String summary() {
        LatencyStats s = stats();
        return String.format("p50 %.0f µs, p90 %.0f µs, p99 %.0f µs (n=%d)", s.medianMicros(), s.p90Micros(),
                s.p99Micros(), count);
    }
}
