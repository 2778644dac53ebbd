package org.corenn.demo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.corenn.runtime.Model;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * Text-line recognition: a CRNN (conv stack, BiLSTM, linear, log-softmax) trained with CTC in PyTorch on
 * digit lines rendered in the DejaVu fonts (tools/models/train_crnn.py), decoded here greedily and by
 * prefix beam search.
 */
public final class CrnnDemo implements Demo {
    static final String MODEL = "crnn";
    static final int HEIGHT = 16;
    static final int WIDTH = 64;
    static final int CLASSES = 11;
    static final int BEAM_WIDTH = 8;

    @Override
    public String name() {
        return "crnn";
    }

    @Override
    public String summary() {
        return "CRNN (conv x2, BiLSTM, CTC) reads rendered digit lines; greedy and beam-search decoding";
    }

    /** Corenn's log-probabilities [n][T * C] and its greedy and beam-search readings of every bundled image. */
    record Result(float[][] logProbs, String[] greedy, String[] beam, String[] truth, LatencyRecorder latency) {
        double accuracy(String[] read) {
            int correct = 0;
            for (int i = 0; i < truth.length; i++) {
                correct += read[i].equals(truth[i]) ? 1 : 0;
            }
            return correct / (double) truth.length;
        }
    }

    static String[] labels() throws IOException {
        long[] digits = BundledModels.npy(MODEL, "labels.npy").toLongArray();
        int width = BundledModels.npy(MODEL, "labels.npy").shape().dim(1);
        String[] labels = new String[digits.length / width];
        for (int i = 0; i < labels.length; i++) {
            StringBuilder s = new StringBuilder();
            for (int k = 0; k < width && digits[i * width + k] >= 0; k++) {
                s.append(digits[i * width + k]);
            }
            labels[i] = s.toString();
        }
        return labels;
    }

    static String text(List<Integer> classes) {
        StringBuilder s = new StringBuilder();
        for (int c : classes) {
            s.append((char) ('0' + c - 1));
        }
        return s.toString();
    }

    static Result readAll(Predictor predictor, float[] images) throws IOException {
        String[] truth = labels();
        int n = truth.length;
        int pixels = HEIGHT * WIDTH;
        float[][] logProbs = new float[n][];
        String[] greedy = new String[n];
        String[] beam = new String[n];
        LatencyRecorder latency = new LatencyRecorder(n);
        float[] one = new float[pixels];
        try (Tensor x = Tensor.zeros(1, 1, HEIGHT, WIDTH)) {
            for (int warm = 0; warm < 5; warm++) {
                predictor.predict(Map.of("image", x));
            }
            for (int i = 0; i < n; i++) {
                System.arraycopy(images, i * pixels, one, 0, pixels);
                x.copyFrom(one);
                long start = System.nanoTime();
                Tensor y = predictor.predict(Map.of("image", x)).get("log_probs");   // [T, 1, C]
                logProbs[i] = y.toArray();
                greedy[i] = text(CtcDecoder.greedy(logProbs[i], y.shape().dim(0), CLASSES));
                latency.record(System.nanoTime() - start);
                beam[i] = text(CtcDecoder.beamSearch(logProbs[i], y.shape().dim(0), CLASSES, BEAM_WIDTH));
            }
        }
        return new Result(logProbs, greedy, beam, truth, latency);
    }

    @Override
    public void run(DemoContext context) throws IOException {
        PrintWriter out = context.out();
        out.println("== crnn: " + summary());
        float[] images = BundledModels.npy(MODEL, "samples.npy").toFloatArray();
        try (Model model = BundledModels.onnx(MODEL).compile(context.options(),
                Map.of("image", Shape.of(1, 1, HEIGHT, WIDTH))); Predictor predictor = model.newPredictor()) {
            Result r = readAll(predictor, images);
            int shown = 12;
            out.printf("%-4s %-8s %-8s %-8s%n", "#", "truth", "greedy", "beam");
            for (int i = 0; i < r.truth.length; i++) {
                boolean wrong = !r.greedy[i].equals(r.truth[i]) || !r.beam[i].equals(r.truth[i]);
                if (i < shown || wrong) {
                    out.printf("%-4d %-8s %-8s %-8s%s%n", i, r.truth[i], r.greedy[i], r.beam[i], wrong ? "   <- wrong" : "");
                }
            }
            out.printf("sequence accuracy on the %d bundled lines: greedy %.3f, beam search (width %d) %.3f%n",
                    r.truth.length, r.accuracy(r.greedy), BEAM_WIDTH, r.accuracy(r.beam));
            Path png = context.outputDir().resolve("crnn_inputs.png");
            ImageIO.write(sheet(images, shown), "png", png.toFile());
            out.println("the first " + shown + " input lines, top to bottom, 3x: " + png);
            out.println("latency per line (network + greedy decoding, batch 1, " + context.options().threads()
                    + " threads): " + r.latency.summary());
            out.println("kernels: " + Kernels.summary(model));
        }
    }

    /** The first {@code count} preprocessed images (ink 1, paper 0) as dark-on-white lines, scaled 3x. */
    static BufferedImage sheet(float[] images, int count) {
        int scale = 3;
        int gap = 4;
        BufferedImage sheet = new BufferedImage(WIDTH * scale, count * (HEIGHT * scale + gap), BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < count; i++) {
            for (int y = 0; y < HEIGHT * scale + gap; y++) {
                for (int x = 0; x < WIDTH * scale; x++) {
                    int level = 160;
                    if (y < HEIGHT * scale) {
                        float ink = images[i * HEIGHT * WIDTH + (y / scale) * WIDTH + x / scale];
                        level = Math.round(255 * (1 - Math.max(0, Math.min(1, ink))));
                    }
                    sheet.getRaster().setSample(x, i * (HEIGHT * scale + gap) + y, 0, level);
                }
            }
        }
        return sheet;
    }
}
