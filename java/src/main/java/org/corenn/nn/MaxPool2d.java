package org.corenn.nn;

/**
 * {@code nn.MaxPool2d} over NCHW. The stride defaults to the kernel, as in PyTorch. Configure by
 * copies: {@code new MaxPool2d(3).stride(2).padding(1).ceilMode(true)}.
 */
public final class MaxPool2d extends Pooling {
    public MaxPool2d(int kernel) {
        this(kernel, kernel);
    }

    public MaxPool2d(int kernelH, int kernelW) {
        this(new Spec(true, false, false, kernelH, kernelW, kernelH, kernelW, 1, 1, Padding.VALID, false, true));
    }

    private MaxPool2d(Spec spec) {
        super(spec);
    }

    public MaxPool2d stride(int stride) {
        return stride(stride, stride);
    }

    public MaxPool2d stride(int h, int w) {
        return new MaxPool2d(new Spec(true, false, false, spec.kernelH(), spec.kernelW(), h, w, spec.dilationH(),
                spec.dilationW(), spec.padding(), spec.ceilMode(), spec.countIncludePad()));
    }

    public MaxPool2d padding(int padding) {
        return padding(Padding.of(padding));
    }

    public MaxPool2d padding(Padding padding) {
        return new MaxPool2d(new Spec(true, false, false, spec.kernelH(), spec.kernelW(), spec.strideH(),
                spec.strideW(), spec.dilationH(), spec.dilationW(), padding, spec.ceilMode(), spec.countIncludePad()));
    }

    public MaxPool2d ceilMode(boolean ceilMode) {
        return new MaxPool2d(new Spec(true, false, false, spec.kernelH(), spec.kernelW(), spec.strideH(),
                spec.strideW(), spec.dilationH(), spec.dilationW(), spec.padding(), ceilMode, spec.countIncludePad()));
    }

    public MaxPool2d dilation(int dilation) {
        return new MaxPool2d(new Spec(true, false, false, spec.kernelH(), spec.kernelW(), spec.strideH(),
                spec.strideW(), dilation, dilation, spec.padding(), spec.ceilMode(), spec.countIncludePad()));
    }

    @Override
    public String kind() {
        return "MaxPool2d";
    }
}
