package org.corenn.nn;

import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.AliasInstance;
import org.corenn.internal.exec.LayerInstance;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/** {@code nn.Dropout}: the identity at inference (no data moves). */
public final class Dropout extends Layer {
    private final float probability;

    public Dropout(float probability) {
        require(probability >= 0 && probability < 1, "Dropout: probability must be in [0, 1), got " + probability);
        this.probability = probability;
    }

    @Override
    public String kind() {
        return "Dropout";
    }

    @Override
    public String toString() {
        return "Dropout(" + probability + ", identity at inference)";
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        return List.of(inputs.get(0));
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        return new AliasInstance();
    }
}
