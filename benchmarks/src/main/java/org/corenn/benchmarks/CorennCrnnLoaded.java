package org.corenn.benchmarks;

import java.util.List;

import org.corenn.io.HostArray;
import org.corenn.nn.Weights;
import org.corenn.tensor.Shape;

/**
 * The CRNN as two Corenn models, compiled once: the convolution stack, then (after a copy in Java
 * from (B, C, H, W) to (W, B, C*H), see {@link CorennCrnnRunner}) the BiLSTM and the per-column linear
 * layer.
 */
final class CorennCrnnLoaded implements LoadedModel, CorennModels {
    private final CorennLoaded convolutions;
    private final CorennLoaded sequence;
    private final int batch;

    CorennCrnnLoaded(Weights weights, HostArray image, int threads) {
        int[] dims = image.shape().dims();
        this.batch = dims[0];
        this.convolutions = new CorennLoaded(CorennGraphs.crnnConvolutions(dims), weights, List.of(image), threads);
        Shape sequenceShape = Shape.of(CorennGraphs.CRNN_COLUMNS, batch,
                CorennGraphs.CRNN_CHANNELS * CorennGraphs.CRNN_ROWS);
        HostArray columns = HostArray.ofFloat32(new float[sequenceShape.size()], sequenceShape);
        CorennLoaded sequenceModel = null;
        try {
            sequenceModel = new CorennLoaded(CorennGraphs.crnnSequence(batch), weights, List.of(columns), threads);
        } finally {
            if (sequenceModel == null) {
                convolutions.close();
            }
        }
        this.sequence = sequenceModel;
    }

    @Override
    public Runner newClient() {
        CorennRunner first = convolutions.newClient();
        try {
            return new CorennCrnnRunner(first, sequence.newClient(), batch);
        } catch (RuntimeException | Error e) {
            first.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return convolutions.describe() + "then a (B, C, H, W) -> (W, B, C*H) copy in Java, then\n" + sequence.describe();
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
