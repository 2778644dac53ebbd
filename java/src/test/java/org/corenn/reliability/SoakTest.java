package org.corenn.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Soak: {@link SoakRun} in a bounded-heap JVM ({@code -Xmx64m}, touched up front so heap growth is not
 * mistaken for drift) predicts the small CNN and LSTM many times; live native allocations must come back
 * to where they started and stay constant in the steady state, and resident memory must drift less than
 * 1 MiB after warm-up. CI runs 20,000 predictions;
 * {@code -Dcorenn.soak.predictions=1000000} is the long form. The figures are printed for the record.
 */
class SoakTest {
    private static final long PREDICTIONS = Long.getLong("corenn.soak.predictions", 20_000);
    /**
     * 1 MiB for the long form. The CI form finishes in about a second, while the JIT is still compiling
     * (code cache and metaspace grow by a few MiB), so it only guards against gross growth; the native
     * allocation counter is exact in both forms.
     */
    private static final long MAX_RSS_DRIFT_KB = PREDICTIONS >= 1_000_000 ? 1024 : 16 * 1024;

    @Test
    void cnnAndLstm_manyPredictions_noNativeLeak_andRssDriftUnderOneMegabyte() throws Exception {
        String output = runSoak();
        System.out.println("soak:\n" + output);
        Map<String, Long> figures = figures(output);
        assertEquals(PREDICTIONS, figures.get("predictions"));
        assertEquals(null, figures.get("liveDuringRun"), "live native allocations changed in the steady state");
        assertEquals(figures.get("liveAtStart"), figures.get("liveAtEnd"), "native allocations leaked");
        long drift = figures.get("rssEndKb") - figures.get("rssWarmKb");
        assertTrue(drift < MAX_RSS_DRIFT_KB, "RSS drifted " + drift + " KiB after warm-up: " + figures);
    }

    private static String runSoak() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch", "-cp",
                System.getProperty("java.class.path"), SoakRun.class.getName(), Long.toString(PREDICTIONS))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "soak did not finish");
        assertEquals(0, process.exitValue(), "soak JVM failed:\n" + output);
        return output;
    }

    /** The numeric {@code key=value} lines. */
    private static Map<String, Long> figures(String output) {
        Map<String, Long> figures = new HashMap<>();
        for (String line : List.of(output.split("\n"))) {
            String[] kv = line.trim().split("=", 2);
            if (kv.length == 2 && kv[1].matches("-?[0-9]+")) {
                figures.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return figures;
    }
}
