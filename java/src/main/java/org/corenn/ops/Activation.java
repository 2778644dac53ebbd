package org.corenn.ops;

import java.util.Objects;

/**
 * An element-wise activation, applied on its own or fused into the epilogue of a dense or
 * convolution op. Semantics are PyTorch's, including NaN propagation.
 */
public final class Activation {
    /** The kinds, numbered as {@code corenn_activation} in {@code corenn.h}. */
    public enum Kind {
        IDENTITY, RELU, LEAKY_RELU, SIGMOID, TANH, RELU6, HARDSWISH, CLIP
    }

    public static final Activation IDENTITY = new Activation(Kind.IDENTITY, 0f, 0f);
    public static final Activation RELU = new Activation(Kind.RELU, 0f, 0f);
    public static final Activation SIGMOID = new Activation(Kind.SIGMOID, 0f, 0f);
    public static final Activation TANH = new Activation(Kind.TANH, 0f, 0f);
    public static final Activation RELU6 = new Activation(Kind.RELU6, 0f, 0f);
    public static final Activation HARDSWISH = new Activation(Kind.HARDSWISH, 0f, 0f);

    private final Kind kind;
    private final float alpha;
    private final float beta;

    private Activation(Kind kind, float alpha, float beta) {
        this.kind = kind;
        this.alpha = alpha;
        this.beta = beta;
    }

    /** {@code x < 0 ? slope * x : x}; PyTorch's default slope is 0.01. */
    public static Activation leakyRelu(float negativeSlope) {
        if (!Float.isFinite(negativeSlope)) {
            throw new IllegalArgumentException("activation: leaky relu slope must be finite, got " + negativeSlope);
        }
        return new Activation(Kind.LEAKY_RELU, negativeSlope, 0f);
    }

    /** Clamps to {@code [min, max]} (ONNX Clip, PyTorch hardtanh). */
    public static Activation clip(float min, float max) {
        if (Float.isNaN(min) || Float.isNaN(max) || min > max) {
            throw new IllegalArgumentException("activation: clip needs min <= max, got [" + min + ", " + max + "]");
        }
        return new Activation(Kind.CLIP, min, max);
    }

    public Kind kind() {
        return kind;
    }

    /** Negative slope for LEAKY_RELU, lower bound for CLIP. */
    public float alpha() {
        return alpha;
    }

    /** Upper bound for CLIP. */
    public float beta() {
        return beta;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Activation)) {
            return false;
        }
        Activation other = (Activation) o;
        return kind == other.kind && Float.compare(alpha, other.alpha) == 0 && Float.compare(beta, other.beta) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, alpha, beta);
    }

    @Override
    public String toString() {
        switch (kind) {
            case LEAKY_RELU:
                return "leaky_relu(" + alpha + ")";
            case CLIP:
                return "clip(" + alpha + ", " + beta + ")";
            default:
                return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
