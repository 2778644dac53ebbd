package org.corenn.ops;

import org.corenn.tensor.Shape;

/**
 * Memory layout of the activations a convolution, pooling or layout conversion reads and writes.
 * {@link #NCHW} is PyTorch's. {@link #NCHW8C} is channel-blocked: a logical {@code [N, C, H, W]} tensor
 * is stored as {@code [N, ceil(C / 8), H, W, 8]} (channel c in block c / 8, lane c % 8; a 1-D
 * {@code [N, C, L]} as {@code [N, ceil(C / 8), L, 8]}), the lanes past C zero. A chain of convolutions
 * exchanging NCHW8c tensors skips the per-layer layout work of NCHW kernels; convert with
 * {@link LayoutOp} at the chain's ends.
 */
public enum Layout {
    NCHW,
    NCHW8C;

    /** Channels per block of {@link #NCHW8C}. */
    public static final int BLOCK = 8;

    /** The shape a tensor with this logical NCHW / NCL shape has in this layout. */
    public Shape shapeOf(Shape logical) {
        NativeArgs.requireNonNull(logical, "layout", "shape");
        if (this == NCHW) {
            return logical;
        }
        if (logical.rank() != 3 && logical.rank() != 4) {
            throw new IllegalArgumentException("layout: NCHW8c needs a [N, C, L] or [N, C, H, W] shape, got "
                    + logical);
        }
        int[] dims = new int[logical.rank() + 1];
        dims[0] = logical.dim(0);
        dims[1] = blocks(logical.dim(1));
        for (int i = 2; i < logical.rank(); i++) {
            dims[i] = logical.dim(i);
        }
        dims[logical.rank()] = BLOCK;
        return Shape.of(dims);
    }

    /** The logical NCHW / NCL shape of a tensor of this layout holding {@code channels} channels. */
    public Shape logicalShape(Shape stored, int channels) {
        NativeArgs.requireNonNull(stored, "layout", "shape");
        if (this == NCHW) {
            return stored;
        }
        if ((stored.rank() != 4 && stored.rank() != 5) || stored.dim(-1) != BLOCK
                || stored.dim(1) != blocks(channels)) {
            throw new IllegalArgumentException("layout: an NCHW8c tensor of " + channels
                    + " channels must have shape [N, " + blocks(channels) + ", (H,) W, 8], got " + stored);
        }
        int[] dims = new int[stored.rank() - 1];
        dims[0] = stored.dim(0);
        dims[1] = channels;
        for (int i = 2; i < dims.length; i++) {
            dims[i] = stored.dim(i);
        }
        return Shape.of(dims);
    }

    static int blocks(int channels) {
        return (channels + BLOCK - 1) / BLOCK;
    }

    int code() {
        return ordinal();
    }
}
