package org.corenn.nn;

import java.util.Arrays;

/**
 * Zero padding of a convolution or pooling window: explicit per side (ONNX {@code pads}, possibly
 * asymmetric), or SAME (output size = ceil(input / stride); the odd extra goes at the end, like
 * PyTorch's {@code padding='same'} and ONNX's SAME_UPPER).
 */
public final class Padding {
    public static final Padding VALID = new Padding(false, 0, 0, 0, 0);
    public static final Padding SAME = new Padding(true, 0, 0, 0, 0);

    private final boolean same;
    private final int top;
    private final int left;
    private final int bottom;
    private final int right;

    private Padding(boolean same, int top, int left, int bottom, int right) {
        if (top < 0 || left < 0 || bottom < 0 || right < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got [" + top + ", " + left + ", " + bottom + ", "
                    + right + "]");
        }
        this.same = same;
        this.top = top;
        this.left = left;
        this.bottom = bottom;
        this.right = right;
    }

    public static Padding of(int all) {
        return new Padding(false, all, all, all, all);
    }

    public static Padding of(int height, int width) {
        return new Padding(false, height, width, height, width);
    }

    public static Padding of(int top, int left, int bottom, int right) {
        return new Padding(false, top, left, bottom, right);
    }

    public boolean isSame() {
        return same;
    }

    /**
     * Pads {top, left, bottom, right} for an input of {@code inH x inW}.
     */
    public int[] resolve(int inH, int inW, int kernelH, int kernelW, int strideH, int strideW, int dilationH,
            int dilationW) {
        if (!same) {
            return new int[] {top, left, bottom, right};
        }
        int totalH = samePadTotal(inH, kernelH, strideH, dilationH);
        int totalW = samePadTotal(inW, kernelW, strideW, dilationW);
        return new int[] {totalH / 2, totalW / 2, totalH - totalH / 2, totalW - totalW / 2};
    }

    private static int samePadTotal(int in, int kernel, int stride, int dilation) {
        int out = (in + stride - 1) / stride;
        return Math.max(0, (out - 1) * stride + dilation * (kernel - 1) + 1 - in);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Padding)) {
            return false;
        }
        Padding p = (Padding) o;
        return same == p.same && top == p.top && left == p.left && bottom == p.bottom && right == p.right;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {same ? 1 : 0, top, left, bottom, right});
    }

    @Override
    public String toString() {
        if (same) {
            return "same";
        }
        if (top == bottom && left == right) {
            return top == left ? String.valueOf(top) : top + "x" + left;
        }
        return "[" + top + ", " + left + ", " + bottom + ", " + right + "]";
    }
}
