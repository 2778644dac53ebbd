package org.corenn.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;

import org.corenn.io.HostArray;
import org.corenn.runtime.Model;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * The founding article's image classifier: a small CNN trained on Fashion-MNIST with PyTorch
 * (tools/models/train_fashion_mnist.py), exported to ONNX, classified here one image at a time.
 */
public final class FashionMnistDemo implements Demo {
    static final String MODEL = "fashion_mnist";
    static final String[] CLASSES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
        "Sneaker", "Bag", "Ankle boot"};

    @Override
    public String name() {
        return "fashion";
    }

    @Override
    public String summary() {
        return "Fashion-MNIST CNN (conv/BN/relu/pool x2, linear, softmax): classify 64 test images one by one";
    }

    @Override
    public void run(DemoContext context) throws IOException {
        PrintWriter out = context.out();
        HostArray samples = BundledModels.npy(MODEL, "samples.npy");
        long[] labels = BundledModels.npy(MODEL, "labels.npy").toLongArray();
        int n = samples.shape().dim(0);
        float[] pixels = samples.toFloatArray();
        int image = 28 * 28;
        LatencyRecorder latency = new LatencyRecorder(n);
        int correct = 0;
        out.println("== fashion: " + summary());
        try (Model model = BundledModels.onnx(MODEL).compile(context.options(), Map.of("input", Shape.of(1, 1, 28, 28)));
                Predictor predictor = model.newPredictor(); Tensor x = Tensor.zeros(1, 1, 28, 28)) {
            float[] one = new float[image];
            for (int warm = 0; warm < 10; warm++) {
                predictor.predict(x);
            }
            out.printf("%-4s %-12s %-12s %s%n", "#", "predicted", "truth", "confidence");
            for (int i = 0; i < n; i++) {
                System.arraycopy(pixels, i * image, one, 0, image);
                x.copyFrom(one);
                long start = System.nanoTime();
                Tensor probs = predictor.predict(x).get(0);
                latency.record(System.nanoTime() - start);
                int best = argmax(probs);
                correct += best == labels[i] ? 1 : 0;
                if (i < 12) {
                    out.printf("%-4d %-12s %-12s %.3f%s%n", i, CLASSES[best], CLASSES[(int) labels[i]],
                            probs.getFlat(best), best == labels[i] ? "" : "   <- wrong");
                }
            }
            out.printf("accuracy on the %d bundled test images: %.3f (%d/%d); the full test set scores 0.92%n", n,
                    correct / (double) n, correct, n);
            out.println("latency per image (batch 1, " + context.options().threads() + " threads): " + latency.summary());
            out.println("kernels: " + Kernels.summary(model));
        }
    }

    static int argmax(Tensor probs) {
        int best = 0;
        for (int k = 1; k < probs.size(); k++) {
            if (probs.getFlat(k) > probs.getFlat(best)) {
                best = k;
            }
        }
        return best;
    }
}
