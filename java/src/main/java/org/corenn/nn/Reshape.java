package org.corenn.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.AliasInstance;
import org.corenn.internal.exec.LayerInstance;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * Changes the shape without moving data (C order is kept), as {@code torch.reshape} and ONNX Reshape:
 * one dimension may be -1 (inferred) and 0 copies the input's dimension at that position. With one
 * input the target is fixed; with two, the second input's known contents give it (ONNX).
 */
public final class Reshape extends Layer {
    private final int[] target;
    private final boolean dynamicTarget;

    public Reshape(int... target) {
        this(target, false);
    }

    private Reshape(int[] target, boolean dynamicTarget) {
        if (target == null) {
            throw new NullPointerException("Reshape: target must not be null");
        }
        this.target = target.clone();
        this.dynamicTarget = dynamicTarget;
    }

    /** The ONNX form: the target shape is the second input, known at plan time. */
    public static Reshape fromSecondInput() {
        return new Reshape(new int[0], true);
    }

    @Override
    public String kind() {
        return "Reshape";
    }

    @Override
    public int maxInputs() {
        return dynamicTarget ? 2 : 1;
    }

    @Override
    public int minInputs() {
        return dynamicTarget ? 2 : 1;
    }

    @Override
    public String toString() {
        return dynamicTarget ? "Reshape(dynamic)" : "Reshape" + Arrays.toString(target);
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        Shape in = inputs.get(0).shape();
        int[] t = dynamicTarget ? inputs.get(1).constantInts() : target;
        Shape out = resolve(in, t);
        ValueInfo x = inputs.get(0);
        return List.of(x.isConstant() ? ValueInfo.constant(out, x.constant()) : ValueInfo.of(out));
    }

    static Shape resolve(Shape in, int[] t) {
        int[] dims = t.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == 0) {
                require(i < in.rank(), "target " + Arrays.toString(t) + " copies dimension " + i + " of " + in
                        + ", which does not exist");
                dims[i] = in.dim(i);
            }
            if (dims[i] == -1) {
                require(inferred < 0, "target " + Arrays.toString(t) + " has more than one -1");
                inferred = i;
            } else {
                require(dims[i] >= 0, "target " + Arrays.toString(t) + " has a negative dimension");
                known *= dims[i];
            }
        }
        if (inferred >= 0) {
            require(known > 0 && in.size() % known == 0, "cannot reshape " + in + " into " + Arrays.toString(t));
            dims[inferred] = (int) (in.size() / known);
        }
        Shape out = Shape.of(dims);
        require(out.size() == in.size(), "cannot reshape " + in + " (" + in.size() + " elements) into " + out);
        return out;
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        return new AliasInstance();
    }
}
