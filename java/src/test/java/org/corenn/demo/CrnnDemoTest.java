package org.corenn.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrnnDemoTest {
    @TempDir
    Path dir;

    @Test
    void bundledLines_logProbsMatchTorch_andSequenceAccuracyAtLeast095() throws IOException {
        float[] images = BundledModels.npy(CrnnDemo.MODEL, "samples.npy").toFloatArray();
        float[] torch = BundledModels.npy(CrnnDemo.MODEL, "torch_log_probs.npy").toFloatArray();   // [T, N, C]
        try (Model model = BundledModels.onnx(CrnnDemo.MODEL).compile(Options.defaults().withThreads(1),
                Map.of("image", Shape.of(1, 1, CrnnDemo.HEIGHT, CrnnDemo.WIDTH))); Predictor p = model.newPredictor()) {
            CrnnDemo.Result r = CrnnDemo.readAll(p, images);
            int n = r.truth().length;
            int c = CrnnDemo.CLASSES;
            int steps = torch.length / (n * c);
            for (int i = 0; i < n; i++) {
                for (int t = 0; t < steps; t++) {
                    for (int k = 0; k < c; k++) {
                        assertEquals(torch[(t * n + i) * c + k], r.logProbs()[i][t * c + k], 1e-4,
                                "image " + i + " step " + t + " class " + k);
                    }
                }
            }
            assertTrue(r.accuracy(r.greedy()) >= 0.95, "greedy accuracy " + r.accuracy(r.greedy()));
            assertTrue(r.accuracy(r.beam()) >= 0.95, "beam accuracy " + r.accuracy(r.beam()));
        }
    }

    @Test
    void beamSearch_sumsPathsThatGreedyCannot() {
        // Two steps, classes {blank, a}: best path is "blank blank" (0.36), but "a" collects
        // a·a, a·blank and blank·a = 0.16 + 0.24 + 0.24 = 0.64.
        float[] lp = {(float) Math.log(0.6), (float) Math.log(0.4), (float) Math.log(0.6), (float) Math.log(0.4)};
        assertEquals(List.of(), CtcDecoder.greedy(lp, 2, 2));
        assertEquals(List.of(1), CtcDecoder.beamSearch(lp, 2, 2, 4));
    }

    @Test
    void demo_printsAccuracyAndWritesInputs() throws IOException {
        StringWriter text = new StringWriter();
        new CrnnDemo().run(new DemoContext(new PrintWriter(text, true), dir, Options.defaults().withThreads(1)));
        assertTrue(text.toString().contains("sequence accuracy") && text.toString().contains("p99"), text.toString());
        assertTrue(Files.size(dir.resolve("crnn_inputs.png")) > 1000);
    }
}
