package org.corenn.internal;

import org.bytedeco.javacpp.FloatPointer;
import org.corenn.tensor.Tensor;

/**
 * Gives the op layer the native pointer of a {@link Tensor} without putting JavaCPP types into the
 * public API (the "shared secrets" pattern: Tensor registers the implementation when it loads).
 */
public final class TensorAccess {
    /** What Tensor exposes to the op layer. */
    public interface Accessor {
        /** Takes a reference (see {@link NativeHandle#acquire()}); pair with {@link #release}. */
        FloatPointer acquire(Tensor tensor);

        void release(Tensor tensor);

        /** Java view of the tensor's memory (absolute indices); only while a reference is held. */
        java.nio.FloatBuffer view(Tensor tensor);
    }

    private static volatile Accessor accessor;

    private TensorAccess() {
    }

    public static void register(Accessor implementation) {
        accessor = implementation;
    }

    public static FloatPointer acquire(Tensor tensor) {
        return accessor().acquire(tensor);
    }

    public static void release(Tensor tensor) {
        accessor().release(tensor);
    }

    public static java.nio.FloatBuffer view(Tensor tensor) {
        return accessor().view(tensor);
    }

    private static Accessor accessor() {
        Accessor a = accessor;
        if (a == null) {
            try {
                Class.forName(Tensor.class.getName(), true, Tensor.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = accessor;
        }
        return a;
    }
}
