package org.corenn.benchmarks;

import java.util.List;

/**
 * One client of the CRNN's two Corenn models: the convolution stack, then a copy from (B, C, H, W) to
 * the sequence layout (W, B, C*H) in Java (the model layer has no transpose yet; 16K floats, a few µs,
 * included in the timing), then the BiLSTM and the per-column linear layer.
 */
final class CorennCrnnRunner implements Runner {
    private final CorennRunner convolutions;
    private final CorennRunner sequence;
    private final float[] features;
    private final float[] columns;
    private final int batch;

    CorennCrnnRunner(CorennRunner convolutions, CorennRunner sequence, int batch) {
        this.convolutions = convolutions;
        this.sequence = sequence;
        this.batch = batch;
        int n = batch * CorennGraphs.CRNN_CHANNELS * CorennGraphs.CRNN_ROWS * CorennGraphs.CRNN_COLUMNS;
        this.features = new float[n];
        this.columns = new float[n];
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
    public List<float[]> outputs() {
        return sequence.outputs();
    }

    @Override
    public void close() {
        try {
            convolutions.close();
        } finally {
            sequence.close();
        }
    }
}
