package org.corenn.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.corenn.io.Npy;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The bundled Fashion-MNIST CNN on all 10,000 real test images (Debian's dataset-fashion-mnist, which
 * .ci/run installs): accuracy >= 0.89 and the same class as PyTorch on >= 99.9% of the images.
 */
class FashionMnistAccuracyTest {
    @Test
    void allTestImages_accuracyAtLeast089_andAgreeWithPyTorch() throws IOException {
        assumeTrue(Files.exists(FashionMnistFiles.TEST_IMAGES), "Debian package dataset-fashion-mnist is not installed");
        byte[] pixels = FashionMnistFiles.testImages();
        byte[] labels = FashionMnistFiles.idx(FashionMnistFiles.TEST_LABELS, 2049, 1);
        long[] torch = Npy.read(Path.of("../models/fashion_mnist/torch_predictions.npy")).toLongArray();
        int n = labels.length;
        assertEquals(10000, n);
        int batch = 100;
        float mean = 0.286f;
        float std = 0.353f;
        int correct = 0;
        int agree = 0;
        try (Model model = BundledModels.onnx(FashionMnistDemo.MODEL).compile(Options.defaults(),
                Map.of("input", Shape.of(batch, 1, 28, 28))); Predictor p = model.newPredictor();
                Tensor x = Tensor.zeros(batch, 1, 28, 28)) {
            float[] chunk = new float[batch * 784];
            for (int start = 0; start < n; start += batch) {
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = ((pixels[start * 784 + i] & 0xff) / 255f - mean) / std;
                }
                x.copyFrom(chunk);
                float[] probs = p.predict(x).get(0).toArray();
                for (int b = 0; b < batch; b++) {
                    int best = 0;
                    for (int k = 1; k < 10; k++) {
                        if (probs[b * 10 + k] > probs[b * 10 + best]) {
                            best = k;
                        }
                    }
                    correct += best == labels[start + b] ? 1 : 0;
                    agree += best == torch[start + b] ? 1 : 0;
                }
            }
        }
        double accuracy = correct / (double) n;
        double agreement = agree / (double) n;
        assertTrue(accuracy >= 0.89, "accuracy " + accuracy);
        assertTrue(agreement >= 0.999, "agreement with PyTorch " + agreement);
    }
}
