package org.corenn.generate;

/**
 * The step model a generation loop drives: several hypotheses, each with its own recurrent state,
 * advanced one token at a time. {@link GreedySearch}, {@link BeamSearch} and {@link TemperatureSampler}
 * work on any implementation; {@link RecurrentDecoder} is the one for embedding → RNN → linear
 * decoders.
 */
public interface TokenDecoder {
    /** The number of token ids, and of logits per hypothesis. */
    int vocabularySize();

    /** How many hypotheses one {@link #step} can advance. */
    int capacity();

    /**
     * Feeds {@code tokens[i]} to hypothesis i for every i &lt; count (advancing its state) and writes
     * its next-token logits to {@code logits[i * vocabularySize() .. (i + 1) * vocabularySize())}.
     */
    void step(int[] tokens, int count, float[] logits);

    /**
     * Rearranges the states: afterwards hypothesis i holds the state hypothesis {@code sources[i]}
     * held before, for every i &lt; count (a source may be used several times, or not at all).
     */
    void reorder(int[] sources, int count);

    /**
     * Feeds a whole prompt (at least one token) to hypothesis 0 and writes the logits after its last
     * token to {@code logits[0 .. vocabularySize())}. One step per token unless an implementation
     * can do better.
     */
    default void prime(int[] prompt, float[] logits) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("prompt must have at least one token (e.g. the start token)");
        }
        int[] one = new int[1];
        for (int token : prompt) {
            one[0] = token;
            step(one, 1, logits);
        }
    }
}
