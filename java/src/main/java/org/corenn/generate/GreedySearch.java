package org.corenn.generate;

import java.util.Arrays;

/** Picks the most likely next token at every step: one hypothesis, no search. */
public final class GreedySearch {
    private GreedySearch() {
    }

    /**
     * Feeds {@code prompt} (e.g. just the start token) to hypothesis 0 of {@code decoder}, from whatever
     * state it holds, then appends the argmax token until {@code endToken} (not included; -1 for none)
     * or {@code maxLength} tokens.
     */
    public static Hypothesis decode(TokenDecoder decoder, int[] prompt, int endToken, int maxLength) {
        Generation.check(decoder, prompt, endToken, maxLength);
        int v = decoder.vocabularySize();
        float[] logits = new float[v];
        double[] logp = new double[v];
        int[] tokens = new int[maxLength];
        int[] next = new int[1];
        double score = 0;
        decoder.prime(prompt, logits);
        for (int t = 0; t < maxLength; t++) {
            int best = Generation.argmax(logits, 0, v);
            LogSoftmax.row(logits, 0, v, logp);
            score += logp[best];
            if (best == endToken) {
                return new Hypothesis(Arrays.copyOf(tokens, t), score, true);
            }
            tokens[t] = best;
            if (t + 1 < maxLength) {
                next[0] = best;
                decoder.step(next, 1, logits);
            }
        }
        return new Hypothesis(tokens, score, false);
    }
}
