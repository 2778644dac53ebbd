package org.corenn.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChargenDemoTest {
    @TempDir
    Path dir;

    private static String text(String file) throws IOException {
        StringBuilder s = new StringBuilder();
        for (long c : BundledModels.npy(ChargenDemo.MODEL, file).toLongArray()) {
            s.appendCodePoint(Math.toIntExact(c));
        }
        return s.toString();
    }

    @Test
    void savedSteps_matchTorch() throws IOException {
        long[] tokens = BundledModels.npy(ChargenDemo.MODEL, "step_tokens.npy").toLongArray();
        float[] h = BundledModels.npy(ChargenDemo.MODEL, "step_h.npy").toFloatArray();
        float[] logits = BundledModels.npy(ChargenDemo.MODEL, "step_logits.npy").toFloatArray();
        float[] hOut = BundledModels.npy(ChargenDemo.MODEL, "step_h_out.npy").toFloatArray();
        int steps = tokens.length;
        int hidden = h.length / steps;
        int vocab = logits.length / steps;
        try (Model model = ChargenDemo.compile(Options.defaults().withThreads(1)); Predictor p = model.newPredictor();
                Tensor token = Tensor.zeros(1); Tensor state = Tensor.zeros(1, 1, hidden)) {
            float[] one = new float[hidden];
            for (int s = 0; s < steps; s++) {
                token.setFlat(0, tokens[s]);
                System.arraycopy(h, s * hidden, one, 0, hidden);
                state.copyFrom(one);
                Map<String, Tensor> out = p.predict(Map.of("token", token, "h", state));
                for (int k = 0; k < vocab; k++) {
                    assertEquals(logits[s * vocab + k], out.get("logits").getFlat(k), 1e-4, "step " + s + " logit " + k);
                }
                for (int k = 0; k < hidden; k++) {
                    assertEquals(hOut[s * hidden + k], out.get("h_out").getFlat(k), 1e-4, "step " + s + " h_out " + k);
                }
            }
        }
    }

    @Test
    void greedyGeneration_equalsTorchGreedyString() throws IOException {
        String prompt = text("greedy_prompt.npy");
        String want = text("greedy_continuation.npy");
        int hidden = BundledModels.npy(ChargenDemo.MODEL, "step_h.npy").shape().dim(3);
        try (Model model = ChargenDemo.compile(Options.defaults().withThreads(1)); Predictor p = model.newPredictor();
                ChargenDemo.Generator g = new ChargenDemo.Generator(p, ChargenDemo.vocab(), hidden, 1000)) {
            assertEquals(want, g.generate(prompt, want.length(), 0, null));
        }
    }

    @Test
    void demo_printsSnippetAndPerCharacterLatency() throws IOException {
        StringWriter text = new StringWriter();
        new ChargenDemo().run(new DemoContext(new PrintWriter(text, true), dir, Options.defaults().withThreads(1)));
        assertTrue(text.toString().contains("latency per character") && text.toString().contains("p99"), text.toString());
        assertTrue(text.toString().contains(ChargenDemo.PROMPT + "|"), text.toString());
    }
}
