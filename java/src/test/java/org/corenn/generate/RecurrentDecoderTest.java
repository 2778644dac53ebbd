package org.corenn.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.corenn.nn.Weights;
import org.corenn.ops.Activation;
import org.corenn.ops.DenseOp;
import org.corenn.ops.RnnOp;
import org.corenn.ops.RnnParams;
import org.corenn.ops.RnnResult;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RecurrentDecoderTest {
    private static final int TOKENS = 11;
    private static final int EMBED = 5;
    private static final int VOCAB = 9;

    /** A state_dict for embedding -> rnn (params) -> fc, uniformly random in +-0.5. */
    private static Weights weights(RnnParams params, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Weights.Builder b = Weights.builder();
        b.put("embedding.weight", Shape.of(TOKENS, EMBED), random(random, TOKENS * EMBED));
        params.weightShapes().forEach((name, dims) -> {
            Shape s = Shape.of(dims);
            b.put("rnn." + name, s, random(random, s.size()));
        });
        b.put("fc.weight", Shape.of(VOCAB, params.outputHidden()), random(random, VOCAB * params.outputHidden()));
        b.put("fc.bias", Shape.of(VOCAB), random(random, VOCAB));
        return b.build();
    }

    private static float[] random(SplittableRandom random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (random.nextDouble() - 0.5);
        }
        return a;
    }

    /** The logits after each token of {@code tokens}, by the whole-sequence op and a dense layer. */
    private static float[][] reference(Weights w, RnnParams params, int[] tokens) {
        float[] table = w.get("embedding.weight").data();
        float[] x = new float[tokens.length * EMBED];
        for (int t = 0; t < tokens.length; t++) {
            System.arraycopy(table, tokens[t] * EMBED, x, t * EMBED, EMBED);
        }
        Map<String, float[]> stateDict = new java.util.HashMap<>();
        params.weightNames().forEach(n -> stateDict.put(n, w.get("rnn." + n).data()));
        int p = params.outputHidden();
        try (RnnOp rnn = RnnOp.create(params, stateDict, Options.defaults());
                DenseOp fc = DenseOp.create(w.get("fc.weight").data(), w.get("fc.bias").data(), p, VOCAB,
                        Activation.IDENTITY, Options.defaults());
                Tensor xs = Tensor.of(x, tokens.length, 1, EMBED); RnnResult r = rnn.apply(xs);
                Tensor rows = Tensor.of(r.output().toArray(), tokens.length, p); Tensor logits = fc.apply(rows)) {
            float[] all = logits.toArray();
            float[][] out = new float[tokens.length][VOCAB];
            for (int t = 0; t < tokens.length; t++) {
                System.arraycopy(all, t * VOCAB, out[t], 0, VOCAB);
            }
            return out;
        }
    }

    @ParameterizedTest
    @CsvSource({"GRU,7,1,0", "LSTM,6,2,0", "LSTM,8,1,3", "RNN_TANH,4,3,0"})
    void batchedHypotheses_matchTheWholeSequenceOpPerHypothesis(RnnParams.Cell cell, int hidden, int layers, int proj) {
        RnnParams params = RnnParams.of(cell, EMBED, hidden).numLayers(layers).projSize(proj);
        Weights w = weights(params, hidden * 31L + layers);
        int[][] sequences = {{0, 3, 3, 10}, {1, 4, 9, 2}, {2, 2, 7, 5}};
        float[] logits = new float[3 * VOCAB];
        try (RecurrentDecoder d = RecurrentDecoder.fromStateDict(w, cell, "embedding", "rnn", "fc", 3, Options.defaults())) {
            assertEquals(VOCAB, d.vocabularySize());
            assertEquals(3, d.capacity());
            float[][][] want = new float[3][][];
            for (int i = 0; i < 3; i++) {
                want[i] = reference(w, params, sequences[i]);
            }
            int[] tokens = new int[3];
            for (int t = 0; t < 4; t++) {
                for (int i = 0; i < 3; i++) {
                    tokens[i] = sequences[i][t];
                }
                d.step(tokens, 3, logits);
                for (int i = 0; i < 3; i++) {
                    for (int k = 0; k < VOCAB; k++) {
                        assertEquals(want[i][t][k], logits[i * VOCAB + k], 1e-5, "hypothesis " + i + " step " + t);
                    }
                }
            }
        }
    }

    @Test
    void prime_equalsOneStepPerToken_andReorderCopiesStates() {
        RnnParams params = RnnParams.of(RnnParams.Cell.LSTM, EMBED, 6).numLayers(2);
        Weights w = weights(params, 5);
        int[] prompt = {4, 1, 7, 7, 0};
        float[] primed = new float[VOCAB];
        float[] stepped = new float[3 * VOCAB];
        try (RecurrentDecoder a = RecurrentDecoder.fromStateDict(w, RnnParams.Cell.LSTM, "embedding", "rnn", "fc", 3,
                Options.defaults());
                RecurrentDecoder b = RecurrentDecoder.fromStateDict(w, RnnParams.Cell.LSTM, "embedding", "rnn", "fc", 3,
                        Options.defaults())) {
            a.prime(prompt, primed);
            for (int token : prompt) {
                b.step(new int[] {token}, 1, stepped);
            }
            assertArrayEquals(primed, java.util.Arrays.copyOf(stepped, VOCAB));

            // b: hypothesis 1 takes a different path; then every hypothesis takes hypothesis 0's state.
            b.step(new int[] {3, 8}, 2, stepped);
            b.reorder(new int[] {0, 0, 0}, 3);
            b.step(new int[] {6, 6, 6}, 3, stepped);
            a.step(new int[] {3}, 1, primed);
            a.step(new int[] {6}, 1, primed);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(primed, java.util.Arrays.copyOfRange(stepped, i * VOCAB, (i + 1) * VOCAB), "hypothesis " + i);
            }
        }
    }

    @Test
    void start_setsHypothesisZerosState() {
        RnnParams params = RnnParams.of(RnnParams.Cell.GRU, EMBED, 4);
        Weights w = weights(params, 9);
        float[] h = {0.5f, -0.25f, 0.125f, 1f};
        float[] got = new float[VOCAB];
        float[] zero = new float[VOCAB];
        try (RecurrentDecoder d = RecurrentDecoder.fromStateDict(w, RnnParams.Cell.GRU, "embedding", "rnn", "fc", 1,
                Options.defaults())) {
            d.step(new int[] {2}, 1, zero);
            d.start(h, null);
            d.step(new int[] {2}, 1, got);
            d.start(null, null);
            float[] again = new float[VOCAB];
            d.step(new int[] {2}, 1, again);
            assertArrayEquals(zero, again);
            assertTrue(!java.util.Arrays.equals(zero, got), "a non-zero initial state must change the logits");
        }
    }

    @Test
    void badWeightsAndArguments_throwClearly() {
        RnnParams params = RnnParams.of(RnnParams.Cell.GRU, EMBED, 4);
        Weights w = weights(params, 1);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> RecurrentDecoder.fromStateDict(w, RnnParams.Cell.GRU, "embed", "rnn", "fc", 1, Options.defaults()));
        assertTrue(missing.getMessage().contains("embed.weight"), missing.getMessage());
        Weights bi = weights(params.bidirectional(true), 1);
        IllegalArgumentException reverse = assertThrows(IllegalArgumentException.class,
                () -> RecurrentDecoder.fromStateDict(bi, RnnParams.Cell.GRU, "embedding", "rnn", "fc", 1, Options.defaults()));
        assertTrue(reverse.getMessage().contains("_reverse"), reverse.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> RecurrentDecoder.fromStateDict(w, RnnParams.Cell.GRU, "embedding", "rnn", "fc", 0, Options.defaults()));
        try (RecurrentDecoder d = RecurrentDecoder.fromStateDict(w, RnnParams.Cell.GRU, "embedding", "rnn", "fc", 2,
                Options.defaults())) {
            float[] logits = new float[2 * VOCAB];
            IllegalArgumentException token = assertThrows(IllegalArgumentException.class,
                    () -> d.step(new int[] {0, TOKENS}, 2, logits));
            assertTrue(token.getMessage().contains("tokens[1]"), token.getMessage());
            assertThrows(IllegalArgumentException.class, () -> d.step(new int[] {0, 1, 2}, 3, new float[3 * VOCAB]));
            assertThrows(IllegalArgumentException.class, () -> d.step(new int[] {0}, 1, new float[VOCAB - 1]));
            assertThrows(IllegalArgumentException.class, () -> d.reorder(new int[] {0, 2}, 2));
            assertThrows(IllegalArgumentException.class, () -> d.prime(new int[] {-1}, logits));
        }
    }
}
