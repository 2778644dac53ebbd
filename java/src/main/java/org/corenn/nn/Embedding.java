package org.corenn.nn;

import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * {@code nn.Embedding}: token ids (given as float values, exact below 2^24) → rows of {@code weight
 * [numEmbeddings, dim]}; output shape = ids shape + [dim]. An id outside [0, numEmbeddings) throws.
 */
public final class Embedding extends Layer {
    private final int numEmbeddings;
    private final int dim;

    public Embedding(int numEmbeddings, int dim) {
        require(numEmbeddings > 0 && dim > 0, "Embedding: sizes must be > 0, got " + numEmbeddings + " x " + dim);
        this.numEmbeddings = numEmbeddings;
        this.dim = dim;
    }

    @Override
    public String kind() {
        return "Embedding";
    }

    @Override
    public String toString() {
        return "Embedding(" + numEmbeddings + ", " + dim + ")";
    }

    @Override
    public Map<String, Shape> parameters(List<Shape> inputs) {
        return Map.of("weight", Shape.of(numEmbeddings, dim));
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        Shape ids = inputs.get(0).shape();
        int[] dims = java.util.Arrays.copyOf(ids.dims(), ids.rank() + 1);
        dims[ids.rank()] = dim;
        return single(Shape.of(dims));
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        float[] table = weights.get("weight");
        return new LayerInstance() {
            @Override
            public Step plan(int[] in, List<ValueInfo> inInfo, int[] out, List<ValueInfo> outInfo) {
                int count = inInfo.get(0).shape().size();
                int x = in[0];
                int y = out[0];
                return frame -> {
                    java.nio.FloatBuffer ids = frame.view(x);
                    java.nio.FloatBuffer o = frame.view(y);
                    for (int i = 0; i < count; i++) {
                        float id = ids.get(i);
                        if (!(id >= 0 && id < numEmbeddings) || id != Math.rint(id)) {
                            throw new IllegalArgumentException("Embedding: token id " + id + " is outside [0, "
                                    + numEmbeddings + ")");
                        }
                        o.put(i * dim, table, (int) id * dim, dim);
                    }
                };
            }

            @Override
            public String kernel() {
                return "gather";
            }
        };
    }
}
