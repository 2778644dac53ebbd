package org.corenn.nn;

/**
 * Average over the whole plane: ONNX GlobalAveragePool, {@code nn.AdaptiveAvgPool2d(1)} /
 * {@code AdaptiveAvgPool1d(1)}. [N, C, H, W] → [N, C, 1, 1]; [N, C, L] → [N, C, 1].
 */
public final class GlobalAvgPool extends Pooling {
    public GlobalAvgPool() {
        super(new Spec(false, true, false, 1, 1, 1, 1, 1, 1, Padding.VALID, false, true));
    }

    @Override
    public String kind() {
        return "GlobalAvgPool";
    }
}
