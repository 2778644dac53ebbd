package org.corenn.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Checks recurrent weights against {@link RnnParams#weightShapes()} and puts them in flat-weights order. */
final class RnnWeights {
    private static final String OP = "rnn";

    private RnnWeights() {
    }

    /** Weights by state_dict name: every expected name present with the right size, nothing else. */
    static List<float[]> fromStateDict(RnnParams params, Map<String, float[]> stateDict) {
        NativeArgs.requireNonNull(stateDict, OP, "weights");
        Map<String, int[]> shapes = params.weightShapes();
        for (String name : stateDict.keySet()) {
            if (!shapes.containsKey(name)) {
                throw new IllegalArgumentException(OP + ": unexpected weight '" + name + "' for " + params
                        + " (expected " + shapes.keySet() + ")");
            }
        }
        List<float[]> ordered = new ArrayList<>(shapes.size());
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            float[] w = stateDict.get(e.getKey());
            if (w == null) {
                throw new IllegalArgumentException(OP + ": missing weight '" + e.getKey() + "' "
                        + Arrays.toString(e.getValue()) + " for " + params);
            }
            ordered.add(checked(e.getKey(), e.getValue(), w));
        }
        return ordered;
    }

    /** Weights in PyTorch's flat-weights order ({@code module._flat_weights}). */
    static List<float[]> fromFlatList(RnnParams params, List<float[]> flat) {
        NativeArgs.requireNonNull(flat, OP, "weights");
        Map<String, int[]> shapes = params.weightShapes();
        if (flat.size() != shapes.size()) {
            throw new IllegalArgumentException(OP + ": weights must have " + shapes.size() + " arrays "
                    + shapes.keySet() + " for " + params + ", got " + flat.size());
        }
        List<float[]> ordered = new ArrayList<>(shapes.size());
        int i = 0;
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            float[] w = flat.get(i++);
            if (w == null) {
                throw new NullPointerException(OP + ": weights[" + (i - 1) + "] (" + e.getKey() + ") must not be null");
            }
            ordered.add(checked(e.getKey(), e.getValue(), w));
        }
        return ordered;
    }

    private static float[] checked(String name, int[] shape, float[] w) {
        long want = 1;
        for (int d : shape) {
            want *= d;
        }
        if (w.length != want) {
            throw new IllegalArgumentException(OP + ": weight '" + name + "' must have shape " + Arrays.toString(shape)
                    + " = " + want + " values, got " + w.length);
        }
        return w;
    }
}
