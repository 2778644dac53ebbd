package org.corenn.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.corenn.generate.GreedySearch;
import org.corenn.generate.RecurrentDecoder;
import org.corenn.runtime.Options;
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
    void savedSteps_matchTorch_atOneAndTwoThreads() throws IOException {
        long[] tokens = BundledModels.npy(ChargenDemo.MODEL, "step_tokens.npy").toLongArray();
        float[] logits = BundledModels.npy(ChargenDemo.MODEL, "step_logits.npy").toFloatArray();
        int steps = tokens.length;
        int vocab = logits.length / steps;
        for (int threads = 1; threads <= 2; threads++) {
            try (RecurrentDecoder d = ChargenDemo.decoder(Options.defaults().withThreads(threads))) {
                float[] got = new float[vocab];
                for (int s = 0; s < steps; s++) {
                    d.step(new int[] {Math.toIntExact(tokens[s])}, 1, got);
                    for (int k = 0; k < vocab; k++) {
                        assertEquals(logits[s * vocab + k], got[k], 1e-4, "step " + s + " logit " + k);
                    }
                }
            }
        }
    }

    @Test
    void greedyGeneration_equalsTorchGreedyString() throws IOException {
        String prompt = text("greedy_prompt.npy");
        String want = text("greedy_continuation.npy");
        int[] vocab = ChargenDemo.vocab();
        try (RecurrentDecoder d = ChargenDemo.decoder(Options.defaults().withThreads(1))) {
            int[] got = GreedySearch.decode(d, ChargenDemo.tokens(prompt, vocab), -1, want.length()).tokens();
            assertEquals(want, ChargenDemo.text(got, vocab));
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
