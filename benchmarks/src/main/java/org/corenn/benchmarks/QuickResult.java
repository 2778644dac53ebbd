package org.corenn.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * One engine's latencies on one case in the quick mode: either one caller at {@code threads} intra-op
 * threads ({@code clients == 0}, the ModelBenchmark row), or the server scenario, {@code clients}
 * request threads sharing one model at 1 intra-op thread, with its {@code throughput} (calls/s).
 */
record QuickResult(String model, String engine, String version, String settings, int threads, int clients,
        Latencies latencies, double throughput) {
    /** A single-caller result. */
    QuickResult(String model, String engine, String version, String settings, int threads, Latencies latencies) {
        this(model, engine, version, settings, threads, 0, latencies, 0);
    }

    /** Corenn itself (Java-built or ONNX-imported graph) rather than a peer. */
    boolean isCorenn() {
        return engine.startsWith("corenn");
    }

    boolean isServer() {
        return clients > 0;
    }

    double median() {
        return latencies.percentile(50);
    }

    static void printRow(BenchCase c, List<QuickResult> row) {
        double bestPeer = Double.MAX_VALUE;
        for (QuickResult r : row) {
            if (!r.isCorenn()) {
                bestPeer = Math.min(bestPeer, r.median());
            }
        }
        for (QuickResult r : row) {
            String ratio = r.isCorenn() && bestPeer < Double.MAX_VALUE
                    ? String.format(Locale.ROOT, "%.2f", r.median() / bestPeer) : "";
            System.out.printf(Locale.ROOT, "%-18s %3d  %-12s %10.1f %10.1f %8.1f  %s%n", r.model, r.threads, r.engine,
                    r.median(), r.latencies.percentile(99), c.flops() / r.median() / 1e3, ratio);
        }
    }

    static void printServerRow(List<QuickResult> row) {
        double bestPeer = 0;
        for (QuickResult r : row) {
            if (!r.isCorenn()) {
                bestPeer = Math.max(bestPeer, r.throughput);
            }
        }
        for (QuickResult r : row) {
            String ratio = r.isCorenn() && bestPeer > 0 ? String.format(Locale.ROOT, "%.2f", r.throughput / bestPeer) : "";
            System.out.printf(Locale.ROOT, "%-18s %3s  %-12s %10.1f %10.1f %8.0f  %s%n", r.model, r.clients + "c",
                    r.engine, r.median(), r.latencies.percentile(99), r.throughput, ratio);
        }
    }

    /**
     * The results in the layout of JMH's {@code -rf json} (SampleTime, µs), for results_to_md.py:
     * single-caller rows as {@code ModelBenchmark.run}, server rows as {@code ServerBenchmark.run} with
     * JMH's thread count and the measured throughput as a secondary metric.
     */
    static String toJmhJson(List<QuickResult> results) {
        StringBuilder s = new StringBuilder("[\n");
        for (int i = 0; i < results.size(); i++) {
            QuickResult r = results.get(i);
            String params = r.isServer()
                    ? String.format(Locale.ROOT, "{\"engine\": \"%s\", \"model\": \"%s\"}", r.engine, r.model)
                    : String.format(Locale.ROOT, "{\"engine\": \"%s\", \"model\": \"%s\", \"threads\": \"%d\"}",
                            r.engine, r.model, r.threads);
            String secondary = r.isServer()
                    ? String.format(Locale.ROOT, ",%n   \"secondaryMetrics\": {\"throughput\": {\"score\": %.3f, "
                            + "\"scoreUnit\": \"ops/s\"}}", r.throughput) : "";
            s.append(String.format(Locale.ROOT, """
                      {"benchmark": "org.corenn.benchmarks.%s.run", "mode": "sample", "threads": %d,
                       "forks": 0, "jvm": "%s", "jdkVersion": "%s", "jmhVersion": "quick",
                       "params": %s,
                       "engineVersion": "%s", "engineSettings": "%s",
                       "primaryMetric": {"score": %.3f, "scoreUnit": "us/op", "sampleCount": %d,
                        "scorePercentiles": {"50.0": %.3f, "99.0": %.3f}}%s}""",
                    r.isServer() ? "ServerBenchmark" : "ModelBenchmark", r.isServer() ? r.clients : 1,
                    escape(System.getProperty("java.home")), escape(System.getProperty("java.version")), params,
                    escape(r.version), escape(r.settings), r.latencies.mean(), r.latencies.count(), r.median(),
                    r.latencies.percentile(99), secondary));
            s.append(i + 1 < results.size() ? ",\n" : "\n");
        }
        return s.append("]\n").toString();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
