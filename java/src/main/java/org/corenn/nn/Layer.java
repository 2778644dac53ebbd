package org.corenn.nn;

import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.LayerInstance;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * One computation in a {@link Graph}: immutable, with its input shapes inferred from the graph rather
 * than tracked by hand. A layer names the weights it needs ({@link #parameters}, PyTorch state_dict
 * names such as {@code weight}, {@code running_var}, {@code weight_ih_l0_reverse}); a Model binds them.
 */
public abstract class Layer {
    /** Short type name for messages and describe(), e.g. {@code Conv2d}. */
    public abstract String kind();

    /** Fewest and most inputs the layer takes. */
    public int minInputs() {
        return 1;
    }

    public int maxInputs() {
        return 1;
    }

    public int outputCount() {
        return 1;
    }

    /** The weights this layer needs for these input shapes, by local name (e.g. "weight" → [out, in]). */
    public Map<String, Shape> parameters(List<Shape> inputs) {
        return Map.of();
    }

    /**
     * Output shapes (and contents, when known at plan time) for these inputs. Throws
     * {@link IllegalArgumentException} saying what the layer expected and what it got; the graph adds
     * the layer's name.
     */
    public abstract List<ValueInfo> infer(List<ValueInfo> inputs);

    /**
     * Internal: binds the weights (by local name, shapes already checked) and creates the native ops.
     * Called once per Model with the example input shapes.
     */
    public abstract LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options);

    /** One line for describe(), e.g. {@code Conv2d(32, k=3x3, s=1, p=1)}. */
    @Override
    public String toString() {
        return kind();
    }

    // ---- helpers for subclasses

    protected static List<ValueInfo> single(Shape shape) {
        return List.of(ValueInfo.of(shape));
    }

    protected static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
