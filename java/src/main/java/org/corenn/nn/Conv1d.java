package org.corenn.nn;

/**
 * {@code nn.Conv1d} over NCL with OIL weights ({@code weight}, {@code bias}); runs on the conv2d
 * kernels as N×C×1×L. Configure by copies: {@code new Conv1d(64, 3).padding(1)}.
 */
public final class Conv1d extends Convolution {
    public Conv1d(int outChannels, int kernel) {
        this(ConvSpec.of(outChannels, 1, kernel, true));
    }

    private Conv1d(ConvSpec spec) {
        super(spec);
    }

    @Override
    Convolution with(ConvSpec s) {
        return new Conv1d(s);
    }

    public Conv1d stride(int stride) {
        return new Conv1d(spec.withStride(1, stride));
    }

    public Conv1d dilation(int dilation) {
        return new Conv1d(spec.withDilation(1, dilation));
    }

    /** Same padding on both ends. */
    public Conv1d padding(int padding) {
        return new Conv1d(spec.withPadding(Padding.of(0, padding, 0, padding)));
    }

    /** Asymmetric (ONNX pads) or SAME. */
    public Conv1d padding(Padding padding) {
        return new Conv1d(spec.withPadding(padding));
    }

    public Conv1d groups(int groups) {
        return new Conv1d(spec.withGroups(groups));
    }

    public Conv1d bias(boolean bias) {
        return new Conv1d(spec.withBias(bias));
    }

    @Override
    public String kind() {
        return "Conv1d";
    }
}
