package org.corenn.cli;

import java.util.Random;

import org.corenn.io.HostArray;
import org.corenn.tensor.Shape;

/**
 * Synthetic inputs for benchmarks: floats uniform in [-1, 1), and for integer inputs ids uniform over
 * the rows of the embedding table they index (or over [0, 10) when the model does not show one).
 */
final class RandomInputs {
    static final int DEFAULT_ID_RANGE = 10;

    private RandomInputs() {
    }

    static HostArray generate(ModelFile model, String inputName, Shape shape, Random random) {
        float[] values = new float[shape.size()];
        if (model.inputType(inputName).isFloatingPoint()) {
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextFloat() * 2 - 1;
            }
        } else {
            int ids = idRange(model, inputName);
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(ids);
            }
        }
        return HostArray.ofFloat32(values, shape);
    }

    /** How many distinct ids a random integer input draws from. */
    static int idRange(ModelFile model, String inputName) {
        return model.embeddingRows(inputName).orElse(DEFAULT_ID_RANGE);
    }
}
