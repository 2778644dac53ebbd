package org.corenn.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Random;

import org.corenn.generate.RecurrentDecoder;
import org.corenn.generate.TemperatureSampler;
import org.corenn.ops.RnnParams;
import org.corenn.runtime.Options;

/**
 * Character-level text generation: a GRU language model trained with PyTorch on the GPL-3 text that
 * Debian ships (tools/models/train_chargen.py), loaded from its state_dict into a
 * {@link RecurrentDecoder} (the streaming RNN API: one state per stream, one native call per step, no
 * allocation) and driven by a {@link TemperatureSampler}.
 */
public final class ChargenDemo implements Demo {
    static final String MODEL = "chargen";
    static final String PROMPT = "This License ";

    @Override
    public String name() {
        return "chargen";
    }

    @Override
    public String summary() {
        return "char-level GRU (trained on the GPL-3 text): stream a prompt, then sample characters one step at a time";
    }

    /** Token id = index in this array of Unicode code points. */
    static int[] vocab() throws IOException {
        long[] points = BundledModels.npy(MODEL, "vocab.npy").toLongArray();
        int[] vocab = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            vocab[i] = Math.toIntExact(points[i]);
        }
        return vocab;
    }

    static RecurrentDecoder decoder(Options options) throws IOException {
        return RecurrentDecoder.fromStateDict(BundledModels.weights(MODEL), RnnParams.Cell.GRU, "embedding", "gru", "fc",
                1, options);
    }

    static int[] tokens(String text, int[] vocab) {
        return text.codePoints().map(c -> {
            for (int i = 0; i < vocab.length; i++) {
                if (vocab[i] == c) {
                    return i;
                }
            }
            throw new IllegalArgumentException("character '" + Character.toString(c) + "' is not in the vocabulary");
        }).toArray();
    }

    static String text(int[] tokens, int[] vocab) {
        StringBuilder s = new StringBuilder();
        for (int t : tokens) {
            s.appendCodePoint(vocab[t]);
        }
        return s.toString();
    }

    @Override
    public void run(DemoContext context) throws IOException {
        PrintWriter out = context.out();
        out.println("== chargen: " + summary());
        int[] vocab = vocab();
        int[] prompt = tokens(PROMPT, vocab);
        int n = 300;
        try (RecurrentDecoder decoder = decoder(context.options())) {
            new TemperatureSampler(0).sample(decoder, prompt, -1, 20, new Random(1));    // warm-up
            for (double temperature : new double[] {0, 0.7}) {
                decoder.start(null, null);
                TimedDecoder timed = new TimedDecoder(decoder, n);
                String generated = text(new TemperatureSampler(temperature)
                        .sample(timed, prompt, -1, n, new Random(42)).tokens(), vocab);
                out.println(temperature == 0 ? "greedy:" : "sampled at temperature " + temperature + " (java.util.Random seed 42):");
                out.println("  " + PROMPT + "|" + generated);
                out.println("latency per character (one streaming step, batch 1, " + context.options().threads()
                        + " threads): " + timed.latency.summary());
            }
            out.println("kernels: " + decoder.rnn().kernel(1) + ", " + decoder.head().kernel(1));
        }
    }
}
