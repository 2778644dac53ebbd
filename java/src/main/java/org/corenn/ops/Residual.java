package org.corenn.ops;

/**
 * Where a convolution's fused residual add happens, numbered as {@code corenn_residual_mode}:
 * {@code y = act(t + r)} (ResNet's {@code relu(bn(conv(x)) + skip)}) or {@code y = act(t) + r}.
 */
public enum Residual {
    /** No residual input. */
    NONE,
    /** {@code y = act(t + r)}. */
    BEFORE_ACTIVATION,
    /** {@code y = act(t) + r}. */
    AFTER_ACTIVATION
}
