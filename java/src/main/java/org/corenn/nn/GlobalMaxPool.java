package org.corenn.nn;

/** Maximum over the whole plane (ONNX GlobalMaxPool, {@code nn.AdaptiveMaxPool2d(1)}). */
public final class GlobalMaxPool extends Pooling {
    public GlobalMaxPool() {
        super(new Spec(true, true, false, 1, 1, 1, 1, 1, 1, Padding.VALID, false, true));
    }

    @Override
    public String kind() {
        return "GlobalMaxPool";
    }
}
