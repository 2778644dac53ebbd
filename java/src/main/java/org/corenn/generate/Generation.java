package org.corenn.generate;

import java.util.Arrays;
import java.util.Objects;

/** Argument checks and small helpers the search loops share. */
final class Generation {
    private Generation() {
    }

    static void check(TokenDecoder decoder, int[] prompt, int endToken, int maxLength) {
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(prompt, "prompt");
        if (prompt.length == 0) {
            throw new IllegalArgumentException("prompt must have at least one token (e.g. the start token)");
        }
        int v = decoder.vocabularySize();
        for (int i = 0; i < prompt.length; i++) {
            if (prompt[i] < 0 || prompt[i] >= v) {
                throw new IllegalArgumentException("prompt[" + i + "] = " + prompt[i] + " is not a token id in [0, " + v + ")");
            }
        }
        if (endToken < -1 || endToken >= v) {
            throw new IllegalArgumentException("endToken must be a token id in [0, " + v + ") or -1 for none, got " + endToken);
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be >= 1, got " + maxLength);
        }
    }

    /** Chooses the next token from one hypothesis's logits. */
    interface Picker {
        int pick(float[] logits);
    }

    /**
     * The single-hypothesis loop of greedy decoding and sampling: primes hypothesis 0 with the prompt,
     * then appends the picked token until {@code endToken} (not included) or {@code maxLength} tokens.
     */
    static Hypothesis extend(TokenDecoder decoder, int[] prompt, int endToken, int maxLength, Picker picker) {
        check(decoder, prompt, endToken, maxLength);
        int v = decoder.vocabularySize();
        float[] logits = new float[v];
        double[] logp = new double[v];
        int[] tokens = new int[maxLength];
        int[] next = new int[1];
        double score = 0;
        decoder.prime(prompt, logits);
        for (int t = 0; t < maxLength; t++) {
            int token = picker.pick(logits);
            LogSoftmax.row(logits, 0, v, logp);
            score += logp[token];
            if (token == endToken) {
                return new Hypothesis(Arrays.copyOf(tokens, t), score, true);
            }
            tokens[t] = token;
            if (t + 1 < maxLength) {
                next[0] = token;
                decoder.step(next, 1, logits);
            }
        }
        return new Hypothesis(tokens, score, false);
    }

    /** The index of the largest of logits[offset .. offset + n), the first one on ties. */
    static int argmax(float[] logits, int offset, int n) {
        int best = 0;
        for (int k = 1; k < n; k++) {
            if (logits[offset + k] > logits[offset + best]) {
                best = k;
            }
        }
        return best;
    }
}
