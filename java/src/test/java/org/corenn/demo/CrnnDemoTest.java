package org.corenn.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrnnDemoTest {
    /** Never used in training (tools/models/train_crnn.py renders with 20261126, 20261127 and 20261128). */
    static final long TEST_SEED = 5_550_123;
    static final int TEST_LINES = 500;

    static CrnnDemo.Result fresh;

    @TempDir
    Path dir;

    @BeforeAll
    static void readFreshLines() throws IOException {
        List<TextLineRenderer.Line> lines = CrnnDemo.render(TEST_SEED, TEST_LINES);
        try (Model model = compile(); Predictor p = model.newPredictor()) {
            fresh = CrnnDemo.readAll(p, lines);
        }
    }

    static Model compile() throws IOException {
        return CrnnDemo.compile(new DemoContext(new PrintWriter(new StringWriter()), Path.of("."),
                Options.defaults().withThreads(1)));
    }

    @Test
    void freshRenderedLines_sequenceAccuracyAtLeast095_greedyAndBeam() {
        double greedy = fresh.accuracy(fresh.greedy());
        double beam = fresh.accuracy(fresh.beam());
        System.out.printf("crnn: %d fresh lines (seed %d): sequence accuracy greedy %.3f, beam %.3f%n",
                TEST_LINES, TEST_SEED, greedy, beam);
        assertTrue(greedy >= 0.95, "greedy sequence accuracy " + greedy);
        assertTrue(beam >= 0.95, "beam-search sequence accuracy " + beam);
        assertTrue(beam >= greedy - 0.01, "beam " + beam + " well below greedy " + greedy);
    }

    @Test
    void freshRenderedLines_coverEveryCharacterAndLength() {
        String all = String.join("", fresh.truth());
        for (char c : TextLineRenderer.ALPHABET.toCharArray()) {
            assertTrue(all.indexOf(c) >= 0, "no test line contains '" + c + "'");
        }
        for (int length = 1; length <= TextLineRenderer.MAX_LENGTH; length++) {
            int wanted = length;
            assertTrue(List.of(fresh.truth()).stream().anyMatch(t -> t.length() == wanted), "no line of length " + length);
        }
    }

    @Test
    void torchFixtureLines_logProbsMatchTorch() throws IOException {
        // Lines rendered by TextLineRenderer when the model was trained, and PyTorch's output for them.
        float[] images = BundledModels.npy(CrnnDemo.MODEL, "samples.npy").toFloatArray();
        float[] torch = BundledModels.npy(CrnnDemo.MODEL, "torch_log_probs.npy").toFloatArray();   // [T, N, C]
        int n = images.length / (CrnnDemo.HEIGHT * CrnnDemo.WIDTH);
        int c = CrnnDemo.CLASSES;
        int steps = torch.length / (n * c);
        assertEquals(CrnnDemo.WIDTH / 4, steps);
        try (Model model = compile(); Predictor p = model.newPredictor()) {
            CrnnDemo.Result r = CrnnDemo.readAll(p, images, new String[n]);
            for (int i = 0; i < n; i++) {
                for (int t = 0; t < steps; t++) {
                    for (int k = 0; k < c; k++) {
                        assertEquals(torch[(t * n + i) * c + k], r.logProbs()[i][t * c + k], 1e-4,
                                "line " + i + " step " + t + " class " + k);
                    }
                }
            }
        }
    }

    @Test
    void demo_printsAccuracyAndWritesInputs() throws IOException {
        StringWriter text = new StringWriter();
        new CrnnDemo().run(new DemoContext(new PrintWriter(text, true), dir, Options.defaults().withThreads(1)));
        assertTrue(text.toString().contains("sequence accuracy") && text.toString().contains("p99"), text.toString());
        assertTrue(Files.size(dir.resolve("crnn_inputs.png")) > 1000);
    }
}
