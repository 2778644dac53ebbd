package org.corenn.benchmarks;

import java.util.List;
import java.util.Locale;

/** One engine's latencies on one case at one thread count, in the quick mode. */
record QuickResult(String model, String engine, String version, String settings, int threads, Latencies latencies) {
    /** Corenn itself (Java-built or ONNX-imported graph) rather than a peer. */
    boolean isCorenn() {
        return engine.startsWith("corenn");
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

    /** The results in the layout of JMH's {@code -rf json} (SampleTime, µs), for results_to_md.py. */
    static String toJmhJson(List<QuickResult> results) {
        StringBuilder s = new StringBuilder("[\n");
        for (int i = 0; i < results.size(); i++) {
            QuickResult r = results.get(i);
            s.append(String.format(Locale.ROOT, """
                      {"benchmark": "org.corenn.benchmarks.ModelBenchmark.run", "mode": "sample", "threads": 1,
                       "forks": 0, "jvm": "%s", "jdkVersion": "%s", "jmhVersion": "quick",
                       "params": {"engine": "%s", "model": "%s", "threads": "%d"},
                       "engineVersion": "%s", "engineSettings": "%s",
                       "primaryMetric": {"score": %.3f, "scoreUnit": "us/op", "sampleCount": %d,
                        "scorePercentiles": {"50.0": %.3f, "99.0": %.3f}}}""",
                    escape(System.getProperty("java.home")), escape(System.getProperty("java.version")), r.engine,
                    r.model, r.threads, escape(r.version), escape(r.settings), r.latencies.mean(), r.latencies.count(),
                    r.median(), r.latencies.percentile(99)));
            s.append(i + 1 < results.size() ? ",\n" : "\n");
        }
        return s.append("]\n").toString();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
