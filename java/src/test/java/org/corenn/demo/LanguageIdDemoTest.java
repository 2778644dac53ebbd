package org.corenn.demo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;

import org.corenn.io.HostArray;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LanguageIdDemoTest {
    /** PyTorch scores 0.929 on the committed split (models/langid/training.json); Corenn must stay close. */
    static final double MIN_ACCURACY = 0.92;

    @TempDir
    Path dir;

    @Test
    void tokenizer_matchesPythonIdsOnTheCommittedSample() throws IOException {
        LanguageIdDemo.TestSplit test = LanguageIdDemo.TestSplit.read();
        HostArray python = BundledModels.npy(LanguageIdDemo.MODEL, "sample_tokens.npy");   // int16 [SAMPLE, 64]
        long[] expected = python.toLongArray();
        int sample = python.shape().dim(0);
        assertEquals(LanguageIdDemo.MAX_LENGTH, python.shape().dim(1));
        LanguageTokenizer tokenizer = LanguageIdDemo.tokenizer();
        float[] ids = new float[LanguageIdDemo.MAX_LENGTH];
        for (int i = 0; i < sample; i++) {
            tokenizer.encode(test.texts()[i], ids);
            for (int t = 0; t < ids.length; t++) {
                assertEquals(expected[i * ids.length + t], (long) ids[t], "text " + i + " '" + test.texts()[i] + "' position " + t);
            }
        }
    }

    @Test
    void tokenizer_matchesPythonIdsOnTheProbes() throws IOException {
        String file = new String(BundledModels.bytes(LanguageIdDemo.MODEL, "tokenizer_probes.txt"), UTF_8);
        String[] probes = file.substring(0, file.length() - 1).split("\n", -1);      // one per line, the last ends in \n
        HostArray python = BundledModels.npy(LanguageIdDemo.MODEL, "tokenizer_probe_ids.npy");
        assertEquals(probes.length, python.shape().dim(0));
        long[] expected = python.toLongArray();
        LanguageTokenizer tokenizer = LanguageIdDemo.tokenizer();
        float[] ids = new float[LanguageIdDemo.MAX_LENGTH];
        for (int i = 0; i < probes.length; i++) {
            tokenizer.encode(probes[i], ids);
            for (int t = 0; t < ids.length; t++) {
                assertEquals(expected[i * ids.length + t], (long) ids[t], "probe " + i + " '" + probes[i] + "' position " + t);
            }
        }
    }

    @Test
    void bundledTestSplit_accuracyAgreementAndLogitsMatchTorch() throws IOException {
        LanguageIdDemo.TestSplit test = LanguageIdDemo.TestSplit.read();
        int[] torch = LanguageIdDemo.toInts(BundledModels.npy(LanguageIdDemo.MODEL, "torch_classes.npy").toLongArray());
        HostArray sampleLogits = BundledModels.npy(LanguageIdDemo.MODEL, "sample_logits.npy");   // [SAMPLE, classes]
        float[] expected = sampleLogits.toFloatArray();
        int classes = LanguageIdDemo.LANGUAGES.size();
        assertEquals(classes, sampleLogits.shape().dim(1));
        assertEquals(test.texts().length, torch.length);
        try (Model model = LanguageIdDemo.compile(Options.defaults().withThreads(1)); Predictor p = model.newPredictor()) {
            LanguageIdDemo.Result r = LanguageIdDemo.classifyAll(p, LanguageIdDemo.tokenizer(), test.texts());
            for (int i = 0; i < sampleLogits.shape().dim(0); i++) {
                for (int k = 0; k < classes; k++) {
                    assertEquals(expected[i * classes + k], r.logits()[i][k], 1e-4, "text " + i + " class " + k);
                }
            }
            double corenn = r.agreement(test.truth());
            double pytorch = LanguageIdDemo.agreement(torch, test.truth());
            System.out.printf("langid: accuracy Corenn %.4f, PyTorch %.4f, same class %.4f%n", corenn, pytorch,
                    r.agreement(torch));
            assertTrue(corenn >= MIN_ACCURACY, "accuracy " + corenn + " (PyTorch " + pytorch + ")");
            assertTrue(r.agreement(torch) >= 0.995, "same class as PyTorch on " + r.agreement(torch));
        }
    }

    @Test
    void javaBuiltNetworkFromSafetensors_matchesTorchLogits() throws IOException {
        LanguageIdDemo.TestSplit test = LanguageIdDemo.TestSplit.read();
        HostArray sampleLogits = BundledModels.npy(LanguageIdDemo.MODEL, "sample_logits.npy");
        float[] expected = sampleLogits.toFloatArray();
        int sample = sampleLogits.shape().dim(0);
        int classes = sampleLogits.shape().dim(1);
        LanguageTokenizer tokenizer = LanguageIdDemo.tokenizer();
        try (Model model = LanguageIdNetwork.compile(tokenizer.vocabularySize(), Options.defaults().withThreads(1));
                Predictor p = model.newPredictor()) {
            LanguageIdDemo.Result r = LanguageIdDemo.classifyAll(p, tokenizer, Arrays.copyOf(test.texts(), sample));
            for (int i = 0; i < sample; i++) {
                for (int k = 0; k < classes; k++) {
                    assertEquals(expected[i * classes + k], r.logits()[i][k], 1e-4, "text " + i + " class " + k);
                }
            }
        }
    }

    @Test
    void tokenizer_normalisesCutsPadsAndMapsUnknownCharacters() {
        byte[] vocab = "# comment\nU+0020  \nU+0061 a\nU+00E9 é\n".getBytes(UTF_8);
        LanguageTokenizer tokenizer = LanguageTokenizer.parse(vocab, 4);
        assertEquals(5, tokenizer.vocabularySize());
        float[] ids = new float[4];
        tokenizer.encode("a e\u0301", ids);                 // 'e' + combining acute is NFC 'é'
        assertArrayEquals(new float[] {3, 2, 4, 0}, ids);
        tokenizer.encode("\uD83D\uDE00aaaaa", ids);         // one supplementary code point is one unknown id; cut at 4
        assertArrayEquals(new float[] {1, 3, 3, 3}, ids);
        tokenizer.encode("", ids);
        assertArrayEquals(new float[] {0, 0, 0, 0}, ids);
    }

    @Test
    void tokenizer_rejectsBadVocabularyAndArguments() {
        for (String bad : new String[] {"U+0062 a\n", "U+0061 a\nU+0061 a\n", "0061 a\n", "U+zz a\n", "# only\n"}) {
            byte[] bytes = bad.getBytes(UTF_8);
            Exception e = assertThrows(RuntimeException.class,
                    () -> LanguageTokenizer.parse(bytes, 4), bad);
            assertTrue(e.getMessage().contains("language vocabulary"), e.getMessage());
        }
        LanguageTokenizer tokenizer = LanguageTokenizer.parse("U+0061 a\n".getBytes(UTF_8), 4);
        assertThrows(IllegalArgumentException.class, () -> tokenizer.encode("a", new float[3]));
        assertThrows(NullPointerException.class, () -> tokenizer.encode(null, new float[4]));
        assertThrows(IllegalArgumentException.class,
                () -> LanguageTokenizer.parse("U+0061 a\n".getBytes(UTF_8), 0));
    }

    @Test
    void demo_printsAccuracyLatencyAndKernels() throws IOException {
        StringWriter text = new StringWriter();
        new LanguageIdDemo().run(new DemoContext(new PrintWriter(text, true), dir, Options.defaults().withThreads(1)));
        String printed = text.toString();
        assertTrue(printed.contains("accuracy on the") && printed.contains("p99") && printed.contains("kernels: ")
                && printed.contains("built in Java"), printed);
    }
}
