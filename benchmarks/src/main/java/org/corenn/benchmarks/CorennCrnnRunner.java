package org.corenn.benchmarks;

import java.util.List;

import org.corenn.io.HostArray;
import org.corenn.nn.Weights;
import org.corenn.tensor.Shape;

/**
 * The CRNN as two Corenn models: the convolution stack, then a copy from (B, C, H, W) to the
 * sequence layout (W, B, C*H) in Java (the model layer has no transpose yet; 16K floats, a few µs,
 * included in the timing), then the BiLSTM and the per-column linear layer.
 */
final class CorennCrnnRunner implements Runner, CorennModels {
    private final CorennRunner convolutions;
    private final CorennRunner sequence;
    private final float[] features;
    private final float[] columns;
    private final int batch;

    CorennCrnnRunner(Weights weights, HostArray image, int threads) {
        int[] dims = image.shape().dims();
        this.batch = dims[0];
        this.convolutions = new CorennRunner(CorennGraphs.crnnConvolutions(dims), weights, List.of(image), threads);
        int n = batch * CorennGraphs.CRNN_CHANNELS * CorennGraphs.CRNN_ROWS * CorennGraphs.CRNN_COLUMNS;
        this.features = new float[n];
        this.columns = new float[n];
        Shape sequenceShape = Shape.of(CorennGraphs.CRNN_COLUMNS, batch,
                CorennGraphs.CRNN_CHANNELS * CorennGraphs.CRNN_ROWS);
        this.sequence = new CorennRunner(CorennGraphs.crnnSequence(batch), weights,
                List.of(HostArray.ofFloat32(columns, sequenceShape)), threads);
    }

    @Override
    public void run() {
        convolutions.run();
        convolutions.lastOutput().copyTo(features);
        int rows = CorennGraphs.CRNN_CHANNELS * CorennGraphs.CRNN_ROWS;
        int width = CorennGraphs.CRNN_COLUMNS;
        for (int b = 0; b < batch; b++) {
            for (int r = 0; r < rows; r++) {
                int from = (b * rows + r) * width;
                for (int w = 0; w < width; w++) {
                    columns[(w * batch + b) * rows + r] = features[from + w];
                }
            }
        }
        sequence.runOn(columns);
    }

    @Override
    public String describe() {
        return convolutions.describe() + "then a (B, C, H, W) -> (W, B, C*H) copy in Java, then\n" + sequence.describe();
    }

    @Override
    public List<float[]> outputs() {
        return sequence.outputs();
    }

    @Override
    public void close() {
        convolutions.close();
        sequence.close();
    }
}
