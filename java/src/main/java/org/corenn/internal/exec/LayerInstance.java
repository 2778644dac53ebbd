package org.corenn.internal.exec;

import java.util.List;

import org.corenn.nn.ValueInfo;

/**
 * A layer bound to its weights inside one Model: native ops created and weights prepacked once.
 * {@link #plan} makes the step for concrete input shapes (batch and sequence length may change
 * between plans); it may be called from several threads.
 */
public interface LayerInstance extends AutoCloseable {
    /**
     * @param in value ids of the inputs, {@code out} of the outputs; shapes in {@code inInfo}/{@code outInfo}
     * @return the step, or null when the outputs need no work (folded constants, aliases)
     */
    Step plan(int[] in, List<ValueInfo> inInfo, int[] out, List<ValueInfo> outInfo);

    /** Bytes of workspace the step for these shapes needs (0 by default). */
    default long workspaceBytes(List<ValueInfo> inInfo) {
        return 0;
    }

    /** For output {@code output}, the input it shares memory with (reshapes), or -1. */
    default int aliasOf(int output) {
        return -1;
    }

    /** The kernel that runs, for describe() and corenn info; "" if none. */
    default String kernel() {
        return "";
    }

    /** Multiply-adds times two for these shapes, for describe(). */
    default long flops(List<ValueInfo> inInfo, List<ValueInfo> outInfo) {
        return 0;
    }

    @Override
    default void close() {
    }
}
