package org.corenn.nn;

import java.util.Arrays;

import org.corenn.tensor.Shape;

/**
 * What planning knows about one value of a graph: its shape, and its contents when they are known
 * without running the model (weights, shape arithmetic such as ONNX's Shape → Gather → Concat). Values
 * with known contents are folded at plan time and never computed per call.
 */
public final class ValueInfo {
    private final Shape shape;
    private final double[] constant;

    private ValueInfo(Shape shape, double[] constant) {
        this.shape = shape;
        this.constant = constant;
    }

    public static ValueInfo of(Shape shape) {
        return new ValueInfo(shape, null);
    }

    /** A value whose contents are known; {@code values.length} must equal the shape's size. */
    public static ValueInfo constant(Shape shape, double[] values) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException("constant of shape " + shape + " needs " + shape.size()
                    + " values, got " + values.length);
        }
        return new ValueInfo(shape, values.clone());
    }

    public Shape shape() {
        return shape;
    }

    public boolean isConstant() {
        return constant != null;
    }

    /** The known contents (a copy); throws if not constant. */
    public double[] constant() {
        if (constant == null) {
            throw new IllegalStateException("value of shape " + shape + " is not known at plan time");
        }
        return constant.clone();
    }

    /** Known contents as ints, e.g. a target shape; throws if any is not an int. */
    public int[] constantInts() {
        double[] v = constant();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || Math.abs(v[i]) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("expected integers, got " + Arrays.toString(v));
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    @Override
    public String toString() {
        return shape + (constant == null ? "" : "=" + (constant.length <= 8 ? Arrays.toString(constant) : "const"));
    }
}
