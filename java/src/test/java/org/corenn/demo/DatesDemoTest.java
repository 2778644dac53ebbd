package org.corenn.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.corenn.generate.BeamSearch;
import org.corenn.generate.Hypothesis;
import org.corenn.io.HostArray;
import org.corenn.runtime.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatesDemoTest {
    /** PyTorch's greedy accuracy on 2,000 held-out dates of its own was 0.978 (models/dates/training.json). */
    static final double MIN_ACCURACY = 0.95;

    @TempDir
    Path dir;

    private static List<String[]> samples() throws IOException {
        String tsv = new String(BundledModels.bytes(DateTranslator.MODEL, "samples.tsv"), StandardCharsets.UTF_8);
        return tsv.lines().skip(1).map(l -> l.split("\t", -1)).toList();
    }

    @Test
    void greedyAndBeamOutputs_equalPyTorchsOnTheSavedSamples() throws IOException {
        List<String[]> rows = samples();
        assertTrue(rows.size() >= 100, "samples: " + rows.size());
        BeamSearch beam = new BeamSearch(DatesDemo.BEAM_WIDTH);
        try (DateTranslator t = DateTranslator.load(Options.defaults().withThreads(1), DatesDemo.BEAM_WIDTH)) {
            for (String[] row : rows) {
                assertEquals(row[2], t.greedy(row[0]), "greedy for '" + row[0] + "'");
                List<Hypothesis> found = t.beam(row[0], beam);
                String[] texts = row[4].split("\\|", -1);
                String[] scores = row[5].split(" ");
                assertEquals(texts.length, found.size(), "beam size for '" + row[0] + "'");
                for (int i = 0; i < texts.length; i++) {
                    assertEquals(texts[i], t.detokenize(found.get(i).tokens()), "beam " + i + " for '" + row[0] + "'");
                    assertEquals(Double.parseDouble(scores[i]), found.get(i).logProbability(), 1e-4,
                            "beam " + i + " log-probability for '" + row[0] + "'");
                }
            }
        }
    }

    @Test
    void decoderLogitsAlongTheGreedyPath_matchPyTorch() throws IOException {
        List<String[]> rows = samples();
        HostArray saved = BundledModels.npy(DateTranslator.MODEL, "sample_logits.npy");
        int count = saved.shape().dim(0);
        int steps = saved.shape().dim(1);
        int v = saved.shape().dim(2);
        float[] want = saved.toFloatArray();
        for (int threads = 1; threads <= 2; threads++) {
            try (DateTranslator t = DateTranslator.load(Options.defaults().withThreads(threads), 1)) {
                for (int s = 0; s < count; s++) {
                    String[] row = rows.get(s);
                    int n = Integer.parseInt(row[3]);
                    int[] tokens = new int[n];
                    tokens[0] = DateTranslator.START;
                    for (int i = 1; i < n; i++) {
                        tokens[i] = t.targetToken(String.valueOf(row[2].charAt(i - 1)));
                    }
                    float[][] got = t.decoderLogits(row[0], tokens);
                    for (int i = 0; i < n; i++) {
                        for (int k = 0; k < v; k++) {
                            assertEquals(want[(s * steps + i) * v + k], got[i][k], 1e-4,
                                    "sample " + s + " step " + i + " token " + k + " threads " + threads);
                        }
                    }
                }
            }
        }
    }

    @Test
    void freshJavaTimeDates_areTranslated() throws IOException {
        try (DateTranslator t = DateTranslator.load(Options.defaults().withThreads(1), DatesDemo.BEAM_WIDTH)) {
            DatesDemo.Score s = DatesDemo.score(t, 400, 77, null, 0);
            assertTrue(s.greedyAccuracy() >= MIN_ACCURACY, "greedy accuracy " + s.greedyAccuracy());
            assertTrue(s.beamAccuracy() >= s.greedyAccuracy() - 0.01, "beam " + s.beamAccuracy() + " greedy "
                    + s.greedyAccuracy());
        }
    }

    @Test
    void unknownCharacters_areRejectedByName() throws IOException {
        try (DateTranslator t = DateTranslator.load(Options.defaults(), 1)) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> t.greedy("26 Nov 2026 ☃"));
            assertTrue(e.getMessage().contains("'☃'"), e.getMessage());
        }
    }

    @Test
    void demo_printsTranslationsAccuracyAndLatency() throws IOException {
        StringWriter text = new StringWriter();
        new DatesDemo().run(new DemoContext(new PrintWriter(text, true), dir, Options.defaults().withThreads(1)));
        String s = text.toString();
        assertTrue(s.contains("accuracy on 500 fresh dates") && s.contains("p99") && s.contains("kernels:"), s);
    }
}
