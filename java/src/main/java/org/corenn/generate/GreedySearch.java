package org.corenn.generate;

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
        return Generation.extend(decoder, prompt, endToken, maxLength,
                logits -> Generation.argmax(logits, 0, logits.length));
    }
}
