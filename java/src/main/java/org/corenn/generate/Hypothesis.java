package org.corenn.generate;

import java.util.Arrays;

/**
 * A generated sequence (without the start and end tokens) and its summed log-probability; {@code
 * finished} is true when the decoder chose the end token, false when the length limit stopped it.
 */
public record Hypothesis(int[] tokens, double logProbability, boolean finished) {
    public Hypothesis {
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    public int length() {
        return tokens.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hypothesis h && Arrays.equals(tokens, h.tokens) && logProbability == h.logProbability
                && finished == h.finished;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tokens) * 31 + Double.hashCode(logProbability);
    }

    @Override
    public String toString() {
        return "Hypothesis" + Arrays.toString(tokens) + " logP=" + logProbability + (finished ? "" : " (cut at limit)");
    }
}
