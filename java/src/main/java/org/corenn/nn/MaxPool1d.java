package org.corenn.nn;

/** {@code nn.MaxPool1d} over NCL (run as N×C×1×L). The stride defaults to the kernel. */
public final class MaxPool1d extends Pooling {
    public MaxPool1d(int kernel) {
        this(kernel, kernel, 0, false);
    }

    public MaxPool1d(int kernel, int stride, int padding, boolean ceilMode) {
        super(new Spec(true, false, true, 1, kernel, 1, stride, 1, 1, Padding.of(0, padding, 0, padding), ceilMode,
                true));
    }

    @Override
    public String kind() {
        return "MaxPool1d";
    }
}
