package org.corenn.demo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.corenn.runtime.Model;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * Text-line recognition: a CRNN (conv stack, BiLSTM, linear, log-softmax) trained with CTC in PyTorch
 * (tools/models/train_crnn.py) on lines that {@link TextLineRenderer} draws in the JDK's fonts. The demo
 * renders fresh lines with the same class, reads them with the bundled model and decodes them here,
 * greedily and by prefix beam search.
 */
public final class CrnnDemo implements Demo {
    static final String MODEL = "crnn";
    static final int HEIGHT = TextLineRenderer.HEIGHT;
    static final int WIDTH = TextLineRenderer.WIDTH;
    static final int CLASSES = TextLineRenderer.ALPHABET.length() + 1;
    static final int BEAM_WIDTH = 8;
    /** Differs from the training script's seeds (20261126-20261128) and from CrnnDemoTest's. */
    static final long DEMO_SEED = 42;
    static final int DEMO_LINES = 200;
    static final int SHOWN = 12;

    @Override
    public String name() {
        return "crnn";
    }

    @Override
    public String summary() {
        return "CRNN (conv x4, BiLSTM, CTC) reads text lines rendered in the JDK's fonts; greedy and beam-search decoding";
    }

    /** Corenn's log-probabilities [n][T * C] and its greedy and beam-search readings of each line. */
    record Result(float[][] logProbs, String[] greedy, String[] beam, String[] truth, LatencyRecorder latency) {
        double accuracy(String[] read) {
            int correct = 0;
            for (int i = 0; i < truth.length; i++) {
                correct += read[i].equals(truth[i]) ? 1 : 0;
            }
            return correct / (double) truth.length;
        }
    }

    /** Model classes (1 = {@code ALPHABET[0]}; 0, the blank, never appears) as text. */
    static String text(List<Integer> classes) {
        StringBuilder s = new StringBuilder();
        for (int c : classes) {
            s.append(TextLineRenderer.ALPHABET.charAt(c - 1));
        }
        return s.toString();
    }

    static List<TextLineRenderer.Line> render(long seed, int count) {
        TextLineRenderer renderer = new TextLineRenderer(seed);
        List<TextLineRenderer.Line> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(renderer.next());
        }
        return lines;
    }

    /** Reads preprocessed images {@code [n, 1, HEIGHT, WIDTH]} one at a time; {@code truth} has n texts. */
    static Result readAll(Predictor predictor, float[] images, String[] truth) {
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

    static Result readAll(Predictor predictor, List<TextLineRenderer.Line> lines) {
        int pixels = HEIGHT * WIDTH;
        float[] images = new float[lines.size() * pixels];
        String[] truth = new String[lines.size()];
        for (int i = 0; i < truth.length; i++) {
            System.arraycopy(lines.get(i).input(), 0, images, i * pixels, pixels);
            truth[i] = lines.get(i).text();
        }
        return readAll(predictor, images, truth);
    }

    static Model compile(DemoContext context) throws IOException {
        return BundledModels.onnx(MODEL).compile(context.options(), Map.of("image", Shape.of(1, 1, HEIGHT, WIDTH)));
    }

    @Override
    public void run(DemoContext context) throws IOException {
        PrintWriter out = context.out();
        out.println("== crnn: " + summary());
        List<TextLineRenderer.Line> lines = render(DEMO_SEED, DEMO_LINES);
        try (Model model = compile(context); Predictor predictor = model.newPredictor()) {
            Result r = readAll(predictor, lines);
            out.printf("%-4s %-12s %-12s %-12s%n", "#", "truth", "greedy", "beam");
            for (int i = 0; i < r.truth.length; i++) {
                boolean wrong = !r.greedy[i].equals(r.truth[i]) || !r.beam[i].equals(r.truth[i]);
                if (i < SHOWN || wrong) {
                    out.printf("%-4d %-12s %-12s %-12s%s%n", i, r.truth[i], r.greedy[i], r.beam[i],
                            wrong ? "   <- wrong" : "");
                }
            }
            out.printf("sequence accuracy on %d freshly rendered lines (seed %d): greedy %.3f, beam search (width %d) %.3f%n",
                    r.truth.length, DEMO_SEED, r.accuracy(r.greedy), BEAM_WIDTH, r.accuracy(r.beam));
            Path png = context.outputDir().resolve("crnn_inputs.png");
            ImageIO.write(sheet(lines.subList(0, SHOWN)), "png", png.toFile());
            out.println("the first " + SHOWN + " input lines, top to bottom, 2x: " + png);
            out.println("latency per line (network + greedy decoding, batch 1, " + context.options().threads()
                    + " threads): " + r.latency.summary());
            out.println("kernels: " + Kernels.summary(model));
        }
    }

    /** The lines as rendered (before preprocessing), scaled 2x, one under the other with a grey gap. */
    static BufferedImage sheet(List<TextLineRenderer.Line> lines) {
        int scale = 2;
        int gap = 4;
        int rowHeight = HEIGHT * scale + gap;
        BufferedImage sheet = new BufferedImage(WIDTH * scale, lines.size() * rowHeight, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < lines.size(); i++) {
            byte[] pixels = lines.get(i).pixels();
            for (int y = 0; y < rowHeight; y++) {
                for (int x = 0; x < WIDTH * scale; x++) {
                    int level = y < HEIGHT * scale ? pixels[(y / scale) * WIDTH + x / scale] & 0xff : 128;
                    sheet.getRaster().setSample(x, i * rowHeight + y, 0, level);
                }
            }
        }
        return sheet;
    }
}
