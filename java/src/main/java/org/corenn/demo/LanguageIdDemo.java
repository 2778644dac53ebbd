package org.corenn.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.corenn.runtime.CorennException;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * Language identification of short texts: a character CNN + BiLSTM (Embedding, Conv1d, BiLSTM, linear)
 * trained with PyTorch on the translated message catalogs of Debian packages
 * (tools/models/train_langid.py), run here on the held-out test split, one text at a time.
 */
public final class LanguageIdDemo implements Demo {
    static final String MODEL = "langid";
    static final int MAX_LENGTH = 64;
    /** Class k of the model's logits; the order of "languages" in models/langid/training.json. */
    static final List<String> LANGUAGES = List.of("en", "de", "fr", "es", "it", "pt", "nl", "sv", "pl", "tr");
    /** Sentences written for this demo, not from any message catalog: the model meets everyday prose. */
    static final String[] FRESH = {
        "The train to the airport leaves every twenty minutes.",
        "Der Zug zum Flughafen fährt alle zwanzig Minuten.",
        "Le train pour l'aéroport part toutes les vingt minutes.",
        "El tren al aeropuerto sale cada veinte minutos.",
        "Il treno per l'aeroporto parte ogni venti minuti.",
        "O comboio para o aeroporto parte a cada vinte minutos.",
        "De trein naar het vliegveld vertrekt elke twintig minuten.",
        "Tåget till flygplatsen går var tjugonde minut.",
        "Pociąg na lotnisko odjeżdża co dwadzieścia minut.",
        "Havalimanı treni her yirmi dakikada bir kalkıyor.",
    };

    @Override
    public String name() {
        return "langid";
    }

    @Override
    public String summary() {
        return "character CNN + BiLSTM language identifier (10 languages) on held-out translated messages";
    }

    /** test.tsv: a language code, a tab and the text, one per line. */
    record TestSplit(String[] texts, int[] truth) {
        static TestSplit read() throws IOException {
            String[] lines = new String(BundledModels.bytes(MODEL, "test.tsv"), StandardCharsets.UTF_8).split("\n");
            String[] texts = new String[lines.length];
            int[] truth = new int[lines.length];
            for (int i = 0; i < lines.length; i++) {
                int tab = lines[i].indexOf('\t');
                truth[i] = tab < 0 ? -1 : LANGUAGES.indexOf(lines[i].substring(0, tab));
                if (truth[i] < 0) {
                    throw new CorennException("langid test.tsv line " + (i + 1) + ": expected 'LANG<tab>text' with LANG one of "
                            + LANGUAGES + ", got '" + lines[i] + "'");
                }
                texts[i] = lines[i].substring(tab + 1);
            }
            return new TestSplit(texts, truth);
        }
    }

    /** Corenn's logits [n][classes] and classes for a list of texts. */
    record Result(float[][] logits, int[] predicted, LatencyRecorder latency) {
        double agreement(int[] other) {
            return LanguageIdDemo.agreement(predicted, other);
        }
    }

    static LanguageTokenizer tokenizer() throws IOException {
        return LanguageTokenizer.parse(BundledModels.bytes(MODEL, "vocab.txt"), MAX_LENGTH);
    }

    static Model compile(Options options) throws IOException {
        return BundledModels.onnx(MODEL).compile(options, Map.of("tokens", Shape.of(1, MAX_LENGTH)));
    }

    /** Classifies each text alone (batch 1); the latency covers tokenising and the network. */
    static Result classifyAll(Predictor predictor, LanguageTokenizer tokenizer, String[] texts) {
        float[][] logits = new float[texts.length][];
        int[] predicted = new int[texts.length];
        LatencyRecorder latency = new LatencyRecorder(texts.length);
        float[] ids = new float[MAX_LENGTH];
        try (Tensor tokens = Tensor.zeros(1, MAX_LENGTH)) {
            for (int warm = 0; warm < 10; warm++) {
                predictor.predict(tokens);
            }
            for (int i = 0; i < texts.length; i++) {
                long start = System.nanoTime();
                tokenizer.encode(texts[i], ids);
                tokens.copyFrom(ids);
                Tensor y = predictor.predict(tokens).get(0);
                latency.record(System.nanoTime() - start);
                logits[i] = y.toArray();
                predicted[i] = argmax(logits[i]);
            }
        }
        return new Result(logits, predicted, latency);
    }

    @Override
    public void run(DemoContext context) throws IOException {
        PrintWriter out = context.out();
        out.println("== langid: " + summary());
        TestSplit test = TestSplit.read();
        int[] torch = toInts(BundledModels.npy(MODEL, "torch_classes.npy").toLongArray());
        LanguageTokenizer tokenizer = tokenizer();
        try (Model model = compile(context.options()); Predictor predictor = model.newPredictor()) {
            Result r = classifyAll(predictor, tokenizer, test.texts());
            out.printf("%-4s %-5s %-9s %-10s %s%n", "#", "truth", "predicted", "confidence", "text");
            for (int i = 0; i < 12; i++) {
                printRow(out, i, test.truth()[i], r.logits()[i], test.texts()[i]);
            }
            out.printf("accuracy on the %d held-out texts (%d per language): Corenn %.3f, PyTorch %.3f; same class as"
                    + " PyTorch on %.2f%%%n", test.texts().length, test.texts().length / LANGUAGES.size(),
                    r.agreement(test.truth()), agreement(torch, test.truth()), 100 * r.agreement(torch));
            out.println("per language: " + perLanguage(r.predicted(), test.truth()));
            out.println("latency per text (tokenise + network, batch 1, " + context.options().threads() + " threads): "
                    + r.latency().summary());
            out.println("kernels: " + Kernels.summary(model));
            try (Model built = LanguageIdNetwork.compile(tokenizer.vocabularySize(), context.options());
                    Predictor builtPredictor = built.newPredictor()) {
                Result same = classifyAll(builtPredictor, tokenizer, test.texts());
                out.printf("the same network built in Java (org.corenn.nn) from model.safetensors: max |logit difference|"
                        + " %.1e vs the ONNX import, same class on %.2f%%%n", maxDifference(same.logits(), r.logits()),
                        100 * same.agreement(r.predicted()));
            }
            out.println("sentences written for this demo (everyday prose, unlike the training messages):");
            Result fresh = classifyAll(predictor, tokenizer, FRESH);
            for (int i = 0; i < FRESH.length; i++) {
                printRow(out, i, i, fresh.logits()[i], FRESH[i]);
            }
        }
    }

    private static void printRow(PrintWriter out, int row, int truth, float[] logits, String text) {
        int best = argmax(logits);
        out.printf("%-4d %-5s %-9s %-10.3f %s%s%n", row, LANGUAGES.get(truth), LANGUAGES.get(best),
                softmax(logits)[best], text, best == truth ? "" : "   <- wrong");
    }

    private static String perLanguage(int[] predicted, int[] truth) {
        int[] correct = new int[LANGUAGES.size()];
        int[] total = new int[LANGUAGES.size()];
        for (int i = 0; i < truth.length; i++) {
            total[truth[i]]++;
            correct[truth[i]] += predicted[i] == truth[i] ? 1 : 0;
        }
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < total.length; k++) {
            s.append(k == 0 ? "" : ", ").append(LANGUAGES.get(k))
                    .append(String.format(" %.2f", correct[k] / (double) Math.max(1, total[k])));
        }
        return s.toString();
    }

    static double maxDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < a[i].length; k++) {
                max = Math.max(max, Math.abs(a[i][k] - b[i][k]));
            }
        }
        return max;
    }

    static double agreement(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        return same / (double) a.length;
    }

    static int[] toInts(long[] values) {
        return Arrays.stream(values).mapToInt(Math::toIntExact).toArray();
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }

    static float[] softmax(float[] logits) {
        float max = logits[argmax(logits)];
        double sum = 0;
        float[] p = new float[logits.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) Math.exp(logits[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= (float) sum;
        }
        return p;
    }
}
