package org.corenn.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.corenn.runtime.CpuInfo;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Tensor;

/**
 * The soak itself, run by {@link SoakTest} in a JVM of its own with a small heap so that resident
 * memory reflects Corenn rather than other tests: {@code predictions} alternating predictions of the
 * small CNN and LSTM, with fresh input tensors each time. Prints {@code key=value} lines: live native
 * allocations before, during and after, and VmRSS after warm-up and at the end.
 */
public final class SoakRun {
    private SoakRun() {
    }

    public static void main(String[] args) throws IOException {
        long predictions = Long.parseLong(args[0]);
        long warmUp = Math.min(predictions, Math.max(5000, predictions / 20));
        long liveAtStart = CpuInfo.liveNativeAllocations();
        long started = System.nanoTime();
        long liveSteady;
        long rssWarm;
        long rssEnd;
        long rssPeak = 0;
        try (Model cnn = SmallModels.cnn(Options.defaults().withThreads(1));
                Model lstm = SmallModels.lstm(Options.defaults().withThreads(1));
                Predictor cnnPredictor = cnn.newPredictor(); Predictor lstmPredictor = lstm.newPredictor()) {
            predict(cnnPredictor, lstmPredictor, 0, warmUp);
            liveSteady = CpuInfo.liveNativeAllocations();
            rssWarm = settledRssKb();
            long step = Math.max(1, (predictions - warmUp) / 10);
            for (long done = warmUp; done < predictions; done += step) {
                predict(cnnPredictor, lstmPredictor, done, Math.min(predictions, done + step));
                long rss = rssKb();
                rssPeak = Math.max(rssPeak, rss);
                // Printed as it happens, so an interrupted long run still leaves its trend behind.
                System.out.println("checkpoint after " + Math.min(predictions, done + step) + " predictions: rss "
                        + rss + " KiB, live native allocations " + CpuInfo.liveNativeAllocations());
            }
            rssEnd = settledRssKb();
            if (CpuInfo.liveNativeAllocations() != liveSteady) {
                System.out.println("liveDuringRun=" + CpuInfo.liveNativeAllocations());
            }
        }
        System.out.println("predictions=" + predictions);
        System.out.println("seconds=" + (System.nanoTime() - started) / 1_000_000_000L);
        System.out.println("liveAtStart=" + liveAtStart);
        System.out.println("liveSteady=" + liveSteady);
        System.out.println("liveAtEnd=" + CpuInfo.liveNativeAllocations());
        System.out.println("rssWarmKb=" + rssWarm);
        System.out.println("rssPeakKb=" + rssPeak);
        System.out.println("rssEndKb=" + rssEnd);
    }

    private static void predict(Predictor cnn, Predictor lstm, long from, long to) {
        for (long i = from; i < to; i++) {
            boolean image = (i & 1) == 0;
            try (Tensor x = image ? SmallModels.cnnInput(1, i) : SmallModels.lstmInput(8, 1, i)) {
                float first = (image ? cnn : lstm).predict(x).get(0).getFlat(0);
                if (!Float.isFinite(first)) {
                    throw new IllegalStateException("prediction " + i + " is not finite: " + first);
                }
            }
        }
    }

    /** RSS after a collection, so garbage waiting for the collector is not counted as drift. */
    private static long settledRssKb() throws IOException {
        System.gc();
        System.runFinalization();
        return rssKb();
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
