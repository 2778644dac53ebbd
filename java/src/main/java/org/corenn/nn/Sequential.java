package org.corenn.nn;

import org.corenn.tensor.Shape;

/**
 * A chain of layers, as PyTorch's {@code nn.Sequential}: layer i's weights are named {@code i.weight},
 * {@code i.bias}, ... so a state_dict saved from an {@code nn.Sequential} loads unchanged.
 *
 * <pre>{@code
 * Graph g = Sequential.of(Shape.of(1, 28, 28),
 *         new Conv2d(32, 3, Padding.SAME), Activation.RELU, new MaxPool2d(2),
 *         new Flatten(), new Dense(10));
 * }</pre>
 */
public final class Sequential {
    private Sequential() {
    }

    /** A chain whose input is {@code [batch, sampleShape...]} with a dynamic batch. */
    public static Graph of(Shape sampleShape, Layer... layers) {
        int[] dims = new int[sampleShape.rank() + 1];
        dims[0] = -1;
        System.arraycopy(sampleShape.dims(), 0, dims, 1, sampleShape.rank());
        return withInput(dims, layers);
    }

    /** A chain with explicit input dims, -1 for dynamic ones (e.g. {@code -1, -1, 64} for (seq, batch, 64)). */
    public static Graph withInput(int[] inputDims, Layer... layers) {
        if (layers == null || layers.length == 0) {
            throw new IllegalArgumentException("sequential: needs at least one layer");
        }
        Graph.Builder b = Graph.builder();
        Graph.Value v = b.input("input", inputDims);
        for (int i = 0; i < layers.length; i++) {
            v = b.add(String.valueOf(i), layers[i], v);
        }
        b.output("output", v);
        return b.build();
    }
}
