package org.corenn.internal.exec;

import java.nio.FloatBuffer;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The memory one plan runs in: a native pointer and a Java view per value (values that alias each
 * other share one storage), the scratch workspace, and the thread count. Owned by one Predictor and
 * touched by one thread at a time.
 */
public final class Frame {
    private final FloatPointer[] pointers;
    private final FloatBuffer[] views;
    private final int[] storageOf;
    private final Pointer workspace;
    private final int threads;
    private int[] ints = new int[0];

    public Frame(FloatPointer[] pointers, FloatBuffer[] views, int[] storageOf, Pointer workspace, int threads) {
        this.pointers = pointers;
        this.views = views;
        this.storageOf = storageOf;
        this.workspace = workspace;
        this.threads = threads;
    }

    /** Native pointer to value {@code value}'s first element. */
    public FloatPointer pointer(int value) {
        return pointers[storageOf[value]];
    }

    /** Java view of value {@code value}: absolute indices from 0. */
    public FloatBuffer view(int value) {
        return views[storageOf[value]];
    }

    public Pointer workspace() {
        return workspace;
    }

    public int threads() {
        return threads;
    }

    /**
     * A reusable int array of at least {@code size} elements, for a step that hands integers to a native
     * call (sequence lengths): allocated once per Frame and size, so steps allocate nothing per call.
     */
    public int[] ints(int size) {
        if (ints.length < size) {
            ints = new int[size];
        }
        return ints;
    }

    /** Points an external storage (a graph input) at the caller's tensor for one call. */
    public void bind(int value, FloatPointer pointer, FloatBuffer view) {
        pointers[storageOf[value]] = pointer;
        views[storageOf[value]] = view;
    }
}
