package org.corenn.demo;

import static org.corenn.demo.NextFrameModel.INPUT_FRAMES;
import static org.corenn.demo.NextFrameModel.SIZE;

import org.corenn.runtime.Model;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Tensor;

/**
 * Runs {@link NextFrameModel} on a fixed number of sequences at a time: gathers their 10-frame windows into
 * the model's {@code [T, B, 1, 32, 32]} input and returns the predicted next frames. One per thread.
 */
final class FramePredictor implements AutoCloseable {
    static final int FRAME = SIZE * SIZE;

    private final int batch;
    private final Predictor predictor;
    private final Tensor input;
    private final float[] staging;
    private final float[] next;

    FramePredictor(Model model, int batch) {
        this.batch = batch;
        this.predictor = model.newPredictor();
        this.input = Tensor.zeros(INPUT_FRAMES, batch, 1, SIZE, SIZE);
        this.staging = new float[INPUT_FRAMES * batch * FRAME];
        this.next = new float[batch * FRAME];
    }

    int batch() {
        return batch;
    }

    /**
     * Frame 11 of each sequence from its frames {@code first .. first + 9}.
     *
     * @param sequences {@code batch} arrays of {@code [frames][32][32]}
     * @return {@code [batch][32][32]}, reused by the next call
     */
    float[] next(float[][] sequences, int first) {
        if (sequences.length != batch) {
            throw new IllegalArgumentException("frame predictor: expected " + batch + " sequences, got "
                    + sequences.length);
        }
        for (int t = 0; t < INPUT_FRAMES; t++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(sequences[b], (first + t) * FRAME, staging, (t * batch + b) * FRAME, FRAME);
            }
        }
        input.copyFrom(staging);
        predictor.predict(input).get(0).copyTo(next);
        return next;
    }

    /**
     * Predicts {@code steps} frames past frame 10 of each sequence, each from the last 10 frames, where
     * frames past 10 are the model's own predictions (a sliding window).
     *
     * @return per sequence {@code [steps][32][32]}
     */
    float[][] rollout(float[][] sequences, int steps) {
        float[][] windows = new float[batch][(INPUT_FRAMES + steps) * FRAME];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(sequences[b], 0, windows[b], 0, INPUT_FRAMES * FRAME);
        }
        for (int k = 0; k < steps; k++) {
            float[] frame = next(windows, k);
            for (int b = 0; b < batch; b++) {
                System.arraycopy(frame, b * FRAME, windows[b], (INPUT_FRAMES + k) * FRAME, FRAME);
            }
        }
        float[][] out = new float[batch][steps * FRAME];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(windows[b], INPUT_FRAMES * FRAME, out[b], 0, steps * FRAME);
        }
        return out;
    }

    @Override
    public void close() {
        input.close();
        predictor.close();
    }
}
