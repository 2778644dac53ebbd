package org.corenn.internal.exec;

import java.util.List;

import org.corenn.nn.ValueInfo;

/**
 * For layers whose output is their first input with another shape (reshape, flatten, identity): no
 * step; the planner shares the memory, or copies where sharing is not allowed (graph inputs/outputs).
 */
public final class AliasInstance implements LayerInstance {
    @Override
    public Step plan(int[] in, List<ValueInfo> inInfo, int[] out, List<ValueInfo> outInfo) {
        return null;
    }

    @Override
    public int aliasOf(int output) {
        return 0;
    }
}
