package org.corenn.demo;

import static org.corenn.demo.FramePredictor.FRAME;
import static org.corenn.demo.NextFrameModel.INPUT_FRAMES;
import static org.corenn.demo.NextFrameModel.SIZE;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import org.corenn.io.HostArray;
import org.corenn.runtime.Model;

/**
 * Video next-frame prediction: a ConvLSTM trained with PyTorch (tools/models/train_next_frame.py) on
 * Moving-Fashion-MNIST reads 10 frames and predicts the 11th, then rolls out further frames from its own
 * predictions; compared with the baseline that copies the last frame.
 */
public final class NextFrameDemo implements Demo {
    static final int ROLLOUT = 3;
    static final int FRESH_SEQUENCES = 64;
    static final long FRESH_SEED = 1;

    @Override
    public String name() {
        return "nextframe";
    }

    @Override
    public String summary() {
        return "ConvLSTM video prediction on Moving-Fashion-MNIST: 10 frames in, the next 3 out, vs copying the last";
    }

    /** The bundled test sequences, {@code [8][10 + 3 frames][32][32]} in [0, 1]. */
    static float[][] bundledSamples() throws IOException {
        return sequences(BundledModels.npy(NextFrameModel.MODEL, "samples.npy"));
    }

    /** uint8 {@code [n, frames, 32, 32]} to n float sequences in [0, 1]. */
    static float[][] sequences(HostArray u8) {
        float[] all = u8.toFloatArray();
        int n = u8.shape().dim(0);
        int length = all.length / n;
        float[][] out = new float[n][length];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < length; i++) {
                out[s][i] = all[s * length + i] / 255f;
            }
        }
        return out;
    }

    /** Mean squared error of {@code count} values. */
    static double mse(float[] a, int aOffset, float[] b, int bOffset, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            double d = a[aOffset + i] - b[bOffset + i];
            sum += d * d;
        }
        return sum / count;
    }

    @Override
    public void run(DemoContext context) throws IOException {
        PrintWriter out = context.out();
        out.println("== nextframe: " + summary());
        try (Model model = NextFrameModel.compile(context.options(), 1);
                FramePredictor predictor = new FramePredictor(model, 1)) {
            out.printf("bundled test sequences: Corenn vs PyTorch, max |difference| %.1e over %d frames%n",
                    maxDifferenceFromTorch(predictor), bundledSamples().length * ROLLOUT);

            MovingFashionMnist data = new MovingFashionMnist(
                    toBytes(BundledModels.npy(NextFrameModel.MODEL, "items.npy")));
            SplittableRandom random = new SplittableRandom(FRESH_SEED);
            float[][] fresh = new float[FRESH_SEQUENCES][];
            for (int s = 0; s < FRESH_SEQUENCES; s++) {
                fresh[s] = data.sequence(random, INPUT_FRAMES + ROLLOUT);
            }
            for (int warm = 0; warm < 5; warm++) {
                predictor.next(new float[][] {fresh[0]}, 0);
            }
            LatencyRecorder latency = new LatencyRecorder(FRESH_SEQUENCES);
            double[] modelMse = new double[ROLLOUT];
            double[] copyMse = new double[ROLLOUT];
            float[][] predicted = new float[FRESH_SEQUENCES][];
            for (int s = 0; s < FRESH_SEQUENCES; s++) {
                long start = System.nanoTime();
                predictor.next(new float[][] {fresh[s]}, 0);
                latency.record(System.nanoTime() - start);
                predicted[s] = predictor.rollout(new float[][] {fresh[s]}, ROLLOUT)[0];
                for (int k = 0; k < ROLLOUT; k++) {
                    int truth = (INPUT_FRAMES + k) * FRAME;
                    modelMse[k] += mse(predicted[s], k * FRAME, fresh[s], truth, FRAME) / FRESH_SEQUENCES;
                    copyMse[k] += mse(fresh[s], (INPUT_FRAMES - 1) * FRAME, fresh[s], truth, FRAME) / FRESH_SEQUENCES;
                }
            }
            out.printf("%d fresh sequences (made here from %d bundled test items, seed %d); MSE per predicted frame:%n",
                    FRESH_SEQUENCES, data.itemCount(), FRESH_SEED);
            out.printf("%-7s %9s %11s %6s%n", "frame", "ConvLSTM", "copy-last", "ratio");
            for (int k = 0; k < ROLLOUT; k++) {
                out.printf("%-7d %9.4f %11.4f %6.2f%n", INPUT_FRAMES + 1 + k, modelMse[k], copyMse[k],
                        modelMse[k] / copyMse[k]);
            }
            Path png = context.outputDir().resolve("nextframe.png");
            ImageIO.write(filmstrip(fresh, predicted, 4), "png", png.toFile());
            out.println("frames of 4 sequences (10 inputs | true 11-13 | predicted 11-13): " + png);
            out.println("latency per 10-frame sequence -> next frame (batch 1, " + context.options().threads()
                    + " threads): " + latency.summary());
            out.println("kernels: " + Kernels.summary(model));
        }
    }

    /** Max |Corenn - PyTorch| over the rollouts of the bundled samples (PyTorch's in float64). */
    static double maxDifferenceFromTorch(FramePredictor predictor) throws IOException {
        float[][] samples = bundledSamples();
        float[] torch = BundledModels.npy(NextFrameModel.MODEL, "torch_rollout.npy").toFloatArray();
        double max = 0;
        for (int s = 0; s < samples.length; s += predictor.batch()) {
            float[][] batch = new float[predictor.batch()][];
            System.arraycopy(samples, s, batch, 0, batch.length);
            float[][] rolled = predictor.rollout(batch, ROLLOUT);
            for (int b = 0; b < batch.length; b++) {
                for (int i = 0; i < ROLLOUT * FRAME; i++) {
                    max = Math.max(max, Math.abs(rolled[b][i] - torch[(s + b) * ROLLOUT * FRAME + i]));
                }
            }
        }
        return max;
    }

    private static byte[] toBytes(HostArray u8) {
        long[] values = u8.toLongArray();
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** One row per sequence: its 10 input frames, the true next 3 and the predicted next 3, at 3x scale. */
    static BufferedImage filmstrip(float[][] sequences, float[][] predicted, int rows) {
        int scale = 3;
        int cell = SIZE * scale + 4;
        int columns = INPUT_FRAMES + 2 * ROLLOUT;
        int gap = 12;
        BufferedImage image = new BufferedImage(columns * cell + 2 * gap, rows * cell, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GRAY);   // frames are drawn over this, so grey is left only between them
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.dispose();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                boolean isPrediction = c >= INPUT_FRAMES + ROLLOUT;
                float[] source = isPrediction ? predicted[r] : sequences[r];
                int frame = isPrediction ? c - INPUT_FRAMES - ROLLOUT : c;
                int x0 = c * cell + (c >= INPUT_FRAMES ? gap : 0) + (isPrediction ? gap : 0);
                for (int y = 0; y < SIZE * scale; y++) {
                    for (int x = 0; x < SIZE * scale; x++) {
                        float v = source[frame * FRAME + (y / scale) * SIZE + x / scale];
                        image.getRaster().setSample(x0 + x, r * cell + y, 0, Math.round(255 * Math.min(1, Math.max(0, v))));
                    }
                }
            }
        }
        return image;
    }
}
