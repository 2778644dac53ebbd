package org.corenn.nn;

/** {@code nn.AvgPool1d} over NCL (run as N×C×1×L). The stride defaults to the kernel. */
public final class AvgPool1d extends Pooling {
    public AvgPool1d(int kernel) {
        this(kernel, kernel, 0, false);
    }

    public AvgPool1d(int kernel, int stride, int padding, boolean ceilMode) {
        super(new Spec(false, false, true, 1, kernel, 1, stride, 1, 1, Padding.of(0, padding, 0, padding), ceilMode,
                true));
    }

    @Override
    public String kind() {
        return "AvgPool1d";
    }
}
