package org.corenn.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.SplittableRandom;

import org.corenn.generate.BeamSearch;
import org.corenn.generate.Hypothesis;

/**
 * Sequence to sequence: the bundled GRU encoder–decoder rewrites dates written as people write them
 * into ISO 8601, decoding greedily and with beam search, on dates java.time renders fresh here.
 */
public final class DatesDemo implements Demo {
    static final int BEAM_WIDTH = 4;
    static final long SEED = 2026_11_26L;

    @Override
    public String name() {
        return "dates";
    }

    @Override
    public String summary() {
        return "GRU encoder-decoder: dates as people write them -> ISO 8601, greedy and beam-search decoding";
    }

    /** Greedy and beam accuracy over fresh dates, with the latency of each translation. */
    record Score(int count, int greedyCorrect, int beamCorrect, LatencyRecorder greedyLatency,
            LatencyRecorder beamLatency) {
        double greedyAccuracy() {
            return greedyCorrect / (double) count;
        }

        double beamAccuracy() {
            return beamCorrect / (double) count;
        }
    }

    static Score score(DateTranslator translator, int count, long seed, PrintWriter examples, int shown) {
        SplittableRandom random = new SplittableRandom(seed);
        BeamSearch beam = new BeamSearch(BEAM_WIDTH);
        LatencyRecorder greedyLatency = new LatencyRecorder(count);
        LatencyRecorder beamLatency = new LatencyRecorder(count);
        int greedyCorrect = 0;
        int beamCorrect = 0;
        for (int i = 0; i < count; i++) {
            DateFormats.Example e = DateFormats.random(random);
            long start = System.nanoTime();
            String greedy = translator.greedy(e.text());
            greedyLatency.record(System.nanoTime() - start);
            start = System.nanoTime();
            List<Hypothesis> found = translator.beam(e.text(), beam);
            beamLatency.record(System.nanoTime() - start);
            String best = translator.detokenize(found.get(0).tokens());
            greedyCorrect += greedy.equals(e.iso()) ? 1 : 0;
            beamCorrect += best.equals(e.iso()) ? 1 : 0;
            if (examples != null && i < shown) {
                examples.printf("  %-32s -> greedy %-10s beam %-10s (logP %.3f)  truth %s %s%n", e.text(), greedy, best,
                        found.get(0).logProbability(), e.iso(), best.equals(e.iso()) ? "ok" : "WRONG");
            }
        }
        return new Score(count, greedyCorrect, beamCorrect, greedyLatency, beamLatency);
    }

    @Override
    public void run(DemoContext context) throws IOException {
        PrintWriter out = context.out();
        out.println("== dates: " + summary());
        try (DateTranslator translator = DateTranslator.load(context.options(), BEAM_WIDTH)) {
            score(translator, 50, SEED + 1, null, 0);   // warm-up
            int n = 500;
            Score s = score(translator, n, SEED, out, 8);
            out.printf("accuracy on %d fresh dates (java.time, seed %d): greedy %.3f, beam-%d %.3f%n", n, SEED,
                    s.greedyAccuracy(), BEAM_WIDTH, s.beamAccuracy());
            out.println("latency per date, greedy (encode + decode, " + context.options().threads() + " threads): "
                    + s.greedyLatency().summary());
            out.println("latency per date, beam " + BEAM_WIDTH + ": " + s.beamLatency().summary());
            out.println("kernels: " + translator.kernels());
        }
    }
}
