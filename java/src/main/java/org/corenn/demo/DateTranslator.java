package org.corenn.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.corenn.generate.BeamSearch;
import org.corenn.generate.GreedySearch;
import org.corenn.generate.Hypothesis;
import org.corenn.generate.RecurrentDecoder;
import org.corenn.nn.Embedding;
import org.corenn.nn.Flatten;
import org.corenn.nn.Graph;
import org.corenn.nn.Gru;
import org.corenn.nn.Permute;
import org.corenn.nn.Weights;
import org.corenn.ops.RnnParams;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * The bundled encoder–decoder (tools/models/train_dates.py): reads a date written in one of
 * {@link DateFormats}' forms and writes it as ISO 8601. The encoder (embedding → bidirectional GRU,
 * both final states side by side) is a Corenn {@link Graph} compiled once; the decoder is a
 * {@link RecurrentDecoder} driven by {@link GreedySearch} or {@link BeamSearch}. Both load the same
 * PyTorch state_dict. One translator per thread.
 */
final class DateTranslator implements AutoCloseable {
    static final String MODEL = "dates";
    static final int START = 0;
    static final int END = 1;

    private final String sourceAlphabet;
    private final String[] targetTokens;
    private final int maxOutput;
    private final Model encoder;
    private final Predictor encoderPredictor;
    private final RecurrentDecoder decoder;

    private DateTranslator(String sourceAlphabet, String[] targetTokens, int maxOutput, Model encoder,
            RecurrentDecoder decoder) {
        this.sourceAlphabet = sourceAlphabet;
        this.targetTokens = targetTokens;
        this.maxOutput = maxOutput;
        this.encoder = encoder;
        this.encoderPredictor = encoder.newPredictor();
        this.decoder = decoder;
    }

    /** Loads the bundled model; {@code beamWidth} hypotheses at most (1 for greedy only). */
    static DateTranslator load(Options options, int beamWidth) throws IOException {
        String[] vocab = new String(BundledModels.bytes(MODEL, "vocab.txt"), StandardCharsets.UTF_8).split("\n");
        String source = vocab[0];
        String[] target = vocab[1].split(" ");
        Weights weights = BundledModels.weights(MODEL);
        Model encoder = Model.compile(encoderGraph(source.length() + 1, weights), weights.withoutPrefix("encoder."),
                options);
        try {
            RecurrentDecoder decoder = RecurrentDecoder.fromStateDict(weights.withoutPrefix("decoder."),
                    RnnParams.Cell.GRU, "embedding", "gru", "fc", beamWidth, options);
            return new DateTranslator(source, target, Integer.parseInt(vocab[2].trim()), encoder, decoder);
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    /** tokens {@code [S, 1]} → embedding → BiGRU → h_n {@code [2, 1, H]} → {@code [1, 2H]}. */
    private static Graph encoderGraph(int sourceTokens, Weights weights) {
        int embed = weights.get("encoder.embedding.weight").shape().dim(1);
        int hidden = weights.get("encoder.gru.weight_hh_l0").shape().dim(1);
        Graph.Builder b = Graph.builder();
        Graph.Value tokens = b.input("tokens", -1, 1);
        Graph.Value e = b.add("embedding", new Embedding(sourceTokens, embed), tokens);
        Graph.Value hn = b.addMulti("gru", new Gru(hidden).bidirectional(true).withStates(), e).get(1);
        Graph.Value batchMajor = b.add("h_batch_major", new Permute(1, 0, 2), hn);
        b.output("h0", b.add("h0", new Flatten(1), batchMajor));
        return b.build();
    }

    /** The decoder's first state for {@code text}. */
    private void encode(String text) {
        float[] ids = new float[text.length()];
        for (int i = 0; i < ids.length; i++) {
            int id = sourceAlphabet.indexOf(text.charAt(i));
            if (id < 0) {
                throw new IllegalArgumentException("character '" + text.charAt(i) + "' at " + i
                        + " is not one the model reads: " + sourceAlphabet);
            }
            ids[i] = id + 1;
        }
        if (ids.length == 0) {
            throw new IllegalArgumentException("text must not be empty");
        }
        try (Tensor input = Tensor.of(ids, Shape.of(ids.length, 1))) {
            List<Tensor> out = encoderPredictor.predict(input);
            decoder.start(out.get(0).toArray(), null);
        }
    }

    String greedy(String text) {
        encode(text);
        return detokenize(GreedySearch.decode(decoder, new int[] {START}, END, maxOutput).tokens());
    }

    /** Up to {@code beam.width()} finished translations, best first. */
    List<Hypothesis> beam(String text, BeamSearch beam) {
        encode(text);
        return beam.decode(decoder, new int[] {START}, END, maxOutput);
    }

    String detokenize(int[] tokens) {
        StringBuilder s = new StringBuilder();
        for (int t : tokens) {
            s.append(targetTokens[t]);
        }
        return s.toString();
    }

    /** The decoder's logits after feeding {@code tokens} (start first) from {@code text}'s encoding. */
    float[][] decoderLogits(String text, int[] tokens) {
        encode(text);
        float[][] out = new float[tokens.length][decoder.vocabularySize()];
        for (int t = 0; t < tokens.length; t++) {
            decoder.step(new int[] {tokens[t]}, 1, out[t]);
        }
        return out;
    }

    int targetToken(String token) {
        for (int i = 0; i < targetTokens.length; i++) {
            if (targetTokens[i].equals(token)) {
                return i;
            }
        }
        throw new IllegalArgumentException("'" + token + "' is not a target token");
    }

    String kernels() {
        return "encoder " + Kernels.summary(encoder) + "; decoder " + decoder.rnn().kernel(1) + ", "
                + decoder.head().kernel(1);
    }

    @Override
    public void close() {
        encoderPredictor.close();
        encoder.close();
        decoder.close();
    }
}
