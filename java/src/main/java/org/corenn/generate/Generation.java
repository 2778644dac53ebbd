package org.corenn.generate;

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
