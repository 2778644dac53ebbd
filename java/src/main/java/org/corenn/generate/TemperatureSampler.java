package org.corenn.generate;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Draws each next token from softmax(logits / temperature), optionally only among the {@code topK}
 * most likely. Temperature 0 is greedy decoding. The caller's random generator makes runs repeatable.
 */
public final class TemperatureSampler {
    private final double temperature;
    private final int topK;

    /** All tokens are candidates. */
    public TemperatureSampler(double temperature) {
        this(temperature, 0);
    }

    /** Only the {@code topK} most likely tokens are candidates (0: all). */
    public TemperatureSampler(double temperature, int topK) {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0 (0: all tokens), got " + topK);
        }
        this.temperature = temperature;
        this.topK = topK;
    }

    /**
     * Feeds {@code prompt} to hypothesis 0 of {@code decoder}, then samples until {@code endToken} (not
     * included; -1 for none) or {@code maxLength} tokens.
     */
    public Hypothesis sample(TokenDecoder decoder, int[] prompt, int endToken, int maxLength, RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        int v = Objects.requireNonNull(decoder, "decoder").vocabularySize();
        double[] weights = new double[v];
        double[] sorted = new double[v];
        return Generation.extend(decoder, prompt, endToken, maxLength,
                logits -> temperature == 0 ? Generation.argmax(logits, 0, v) : draw(logits, weights, sorted, random));
    }

    private int draw(float[] logits, double[] weights, double[] sorted, RandomGenerator random) {
        int v = logits.length;
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double floor = Double.NEGATIVE_INFINITY;
        if (topK > 0 && topK < v) {
            for (int k = 0; k < v; k++) {
                sorted[k] = logits[k];
            }
            Arrays.sort(sorted);
            floor = sorted[v - topK];
        }
        double sum = 0;
        for (int k = 0; k < v; k++) {
            weights[k] = logits[k] >= floor ? Math.exp((logits[k] - max) / temperature) : 0;
            sum += weights[k];
        }
        double u = random.nextDouble() * sum;
        int last = 0;
        for (int k = 0; k < v; k++) {
            if (weights[k] > 0) {
                last = k;
                u -= weights[k];
                if (u < 0) {
                    return k;
                }
            }
        }
        return last;
    }
}
