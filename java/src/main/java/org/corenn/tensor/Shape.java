package org.corenn.tensor;

import java.util.Arrays;

/**
 * The dimensions of a tensor, outermost first (NCHW for images, (seq, batch, feature) for sequences).
 * Immutable. Every dimension is {@code >= 0} and the element count fits in an {@code int}, the limit
 * of Java's buffers.
 */
public final class Shape {
    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException("shape: dimension " + i + " must be >= 0, got "
                        + Arrays.toString(dims));
            }
            count *= dims[i];
            if (count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape: " + Arrays.toString(dims)
                        + " has more than 2^31-1 elements");
            }
        }
        this.dims = dims;
        this.size = (int) count;
    }

    public static Shape of(int... dims) {
        if (dims == null) {
            throw new NullPointerException("shape: dims must not be null");
        }
        return new Shape(dims.clone());
    }

    public int rank() {
        return dims.length;
    }

    /** Dimension {@code axis}; negative axes count from the end, as in PyTorch. */
    public int dim(int axis) {
        return dims[normalizeAxis(axis)];
    }

    /** Turns a possibly negative axis into an index, or throws naming the valid range. */
    public int normalizeAxis(int axis) {
        int normalized = axis < 0 ? axis + dims.length : axis;
        if (normalized < 0 || normalized >= dims.length) {
            throw new IllegalArgumentException("shape: axis " + axis + " is out of range for rank " + dims.length
                    + " shape " + this);
        }
        return normalized;
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** This shape with dimension {@code axis} replaced. */
    public Shape withDim(int axis, int value) {
        int[] copy = dims.clone();
        copy[normalizeAxis(axis)] = value;
        return new Shape(copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
