package org.corenn.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * Character-level text generation: a GRU language model trained with PyTorch on the GPL-3 text that
 * Debian ships (tools/models/train_chargen.py), exported as one step (token, h -> logits, h_out) and
 * driven here one character at a time, the state fed back between calls.
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

    /** A generator over the step model: one token in, the next-character logits out, state kept here. */
    static final class Generator implements AutoCloseable {
        private final Predictor predictor;
        private final int[] vocab;
        private final Map<Integer, Integer> ids = new HashMap<>();
        private final Tensor token = Tensor.zeros(1);
        private final Tensor h;
        private final Map<String, Tensor> inputs;
        private final float[] logits;
        final LatencyRecorder latency;

        Generator(Predictor predictor, int[] vocab, int hidden, int maxSteps) {
            this.predictor = predictor;
            this.vocab = vocab;
            for (int i = 0; i < vocab.length; i++) {
                ids.put(vocab[i], i);
            }
            this.h = Tensor.zeros(1, 1, hidden);
            this.inputs = Map.of("token", token, "h", h);
            this.logits = new float[vocab.length];
            this.latency = new LatencyRecorder(maxSteps);
        }

        /** Feeds one character (code point); afterwards {@link #logits()} scores the next one. */
        void feed(int codePoint) {
            Integer id = ids.get(codePoint);
            if (id == null) {
                throw new IllegalArgumentException("character '" + Character.toString(codePoint) + "' is not in the vocabulary");
            }
            token.setFlat(0, id);
            long start = System.nanoTime();
            Map<String, Tensor> out = predictor.predict(inputs);
            h.copyFrom(out.get("h_out"));
            out.get("logits").copyTo(logits);
            latency.record(System.nanoTime() - start);
        }

        float[] logits() {
            return logits;
        }

        int greedy() {
            int best = 0;
            for (int k = 1; k < logits.length; k++) {
                if (logits[k] > logits[best]) {
                    best = k;
                }
            }
            return vocab[best];
        }

        /** Draws from softmax(logits / temperature). */
        int sample(double temperature, Random random) {
            double max = Double.NEGATIVE_INFINITY;
            for (float l : logits) {
                max = Math.max(max, l / temperature);
            }
            double[] p = new double[logits.length];
            double sum = 0;
            for (int k = 0; k < logits.length; k++) {
                p[k] = Math.exp(logits[k] / temperature - max);
                sum += p[k];
            }
            double u = random.nextDouble() * sum;
            for (int k = 0; k < p.length; k++) {
                u -= p[k];
                if (u <= 0) {
                    return vocab[k];
                }
            }
            return vocab[p.length - 1];
        }

        /** Feeds the prompt, then n characters chosen by greedy (temperature 0) or sampling. */
        String generate(String prompt, int n, double temperature, Random random) {
            prompt.codePoints().forEach(this::feed);
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < n; i++) {
                int next = temperature <= 0 ? greedy() : sample(temperature, random);
                s.appendCodePoint(next);
                if (i + 1 < n) {
                    feed(next);
                }
            }
            return s.toString();
        }

        @Override
        public void close() {
            token.close();
            h.close();
        }
    }

    static int[] vocab() throws IOException {
        long[] points = BundledModels.npy(MODEL, "vocab.npy").toLongArray();
        int[] vocab = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            vocab[i] = Math.toIntExact(points[i]);
        }
        return vocab;
    }

    static Model compile(Options options) throws IOException {
        int hidden = BundledModels.npy(MODEL, "step_h.npy").shape().dim(3);
        return BundledModels.onnx(MODEL).compile(options, Map.of("token", Shape.of(1), "h", Shape.of(1, 1, hidden)));
    }

    @Override
    public void run(DemoContext context) throws IOException {
        PrintWriter out = context.out();
        out.println("== chargen: " + summary());
        int[] vocab = vocab();
        int hidden = BundledModels.npy(MODEL, "step_h.npy").shape().dim(3);
        try (Model model = compile(context.options()); Predictor predictor = model.newPredictor()) {
            try (Generator warm = new Generator(predictor, vocab, hidden, 0)) {
                warm.generate(PROMPT, 20, 0, null);
            }
            int n = 300;
            for (double temperature : new double[] {0, 0.7}) {
                try (Generator g = new Generator(predictor, vocab, hidden, PROMPT.length() + n)) {
                    String text = g.generate(PROMPT, n, temperature, new Random(42));
                    out.println(temperature == 0 ? "greedy:" : "sampled at temperature " + temperature + " (java.util.Random seed 42):");
                    out.println("  " + PROMPT + "|" + text);
                    out.println("latency per character (one step, batch 1, " + context.options().threads() + " threads): "
                            + g.latency.summary());
                }
            }
            out.println("kernels: " + Kernels.summary(model));
        }
    }
}
