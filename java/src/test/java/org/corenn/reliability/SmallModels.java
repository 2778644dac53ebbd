package org.corenn.reliability;

import java.util.Random;

import org.corenn.nn.Activation;
import org.corenn.nn.BatchNorm;
import org.corenn.nn.Conv2d;
import org.corenn.nn.Dense;
import org.corenn.nn.Flatten;
import org.corenn.nn.Graph;
import org.corenn.nn.Lstm;
import org.corenn.nn.MaxPool2d;
import org.corenn.nn.Padding;
import org.corenn.nn.Sequential;
import org.corenn.nn.TakeLastStep;
import org.corenn.nn.Weights;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/** The small CNN and LSTM the lifecycle, concurrency and soak tests run, with their inputs. */
final class SmallModels {
    /** [batch, 3, 16, 16] -> [batch, 10]. */
    static final Graph CNN = Sequential.of(Shape.of(3, 16, 16), new Conv2d(8, 3, Padding.SAME), new BatchNorm(),
            Activation.RELU, new MaxPool2d(2), new Conv2d(16, 3).stride(2), Activation.RELU, new Flatten(),
            new Dense(10));
    /** [seq, batch, 12] -> [batch, 5]. */
    static final Graph LSTM = Sequential.withInput(new int[] {-1, -1, 12}, new Lstm(24).numLayers(2),
            new TakeLastStep(), new Dense(5));

    private SmallModels() {
    }

    static Model cnn(Options options) {
        return Model.compile(CNN, Weights.random(CNN, 11), options);
    }

    static Model lstm(Options options) {
        return Model.compile(LSTM, Weights.random(LSTM, 12), options);
    }

    static Tensor cnnInput(int batch, long seed) {
        return Tensor.of(uniform(batch * 3 * 16 * 16, seed), batch, 3, 16, 16);
    }

    static Tensor lstmInput(int seq, int batch, long seed) {
        return Tensor.of(uniform(seq * batch * 12, seed), seq, batch, 12);
    }

    static float[] uniform(int n, long seed) {
        Random random = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextFloat() * 2 - 1;
        }
        return v;
    }
}
