package org.corenn.internal;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.ByPtrPtr;
import org.bytedeco.javacpp.annotation.ByRef;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Opaque;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * Thin JNI mapping of the library-wide part of {@code corenn.h}: status, CPU and dispatch
 * information, aligned memory, activations and dense. Not public API: the safe layers in
 * {@code org.corenn.ops} validate every argument before calling here.
 */
@Properties(inherit = CorennPresets.class)
public final class CorennNative {
    static {
        Loader.load();
    }

    private CorennNative() {
    }

    /**
     * Makes sure the native libraries are loaded: the class initializer above loads them once (the first
     * time extracts them, ~1 s), so this is free afterwards. {@code Loader.load(Class)} itself is not:
     * it re-reads the class's properties on every call (milliseconds), too slow for per-tensor use.
     */
    public static void load() {
        // Calling any static member runs the class initializer exactly once; nothing else to do.
    }

    public static final int CORENN_OK = 0;
    public static final int CORENN_INVALID_ARGUMENT = 1;
    public static final int CORENN_OUT_OF_MEMORY = 2;
    public static final int CORENN_UNSUPPORTED = 3;
    public static final int CORENN_INTERNAL = 4;

    public static native String corenn_last_error();

    public static native String corenn_version();

    public static native int corenn_isa_best();

    public static native int corenn_isa_default();

    public static native String corenn_isa_name(int isa);

    public static native String corenn_cpu_name();

    public static native String corenn_cpu_features();

    public static native int corenn_physical_cores();

    public static native String corenn_openblas_config();

    public static native String corenn_kernel_report(int isa);

    public static native Pointer corenn_aligned_alloc(@Cast("size_t") long bytes);

    public static native void corenn_aligned_free(Pointer p);

    public static native @Cast("int64_t") long corenn_live_allocations();

    /** {@code corenn_activation_desc}: kind, alpha, beta. */
    public static class corenn_activation_desc extends Pointer {
        static {
            Loader.load();
        }

        public corenn_activation_desc() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        public native int kind();

        public native corenn_activation_desc kind(int kind);

        public native float alpha();

        public native corenn_activation_desc alpha(float alpha);

        public native float beta();

        public native corenn_activation_desc beta(float beta);
    }

    public static native int corenn_activation_run(@Const corenn_activation_desc act, @Const FloatPointer x,
            FloatPointer y, @Cast("size_t") long n, int isa, int threads);

    /** Opaque {@code corenn_dense*}. */
    @Opaque
    public static class corenn_dense extends Pointer {
        public corenn_dense() {
            super((Pointer) null);
        }
    }

    /** {@code corenn_dense_desc}: in/out features and the fused activation. */
    public static class corenn_dense_desc extends Pointer {
        static {
            Loader.load();
        }

        public corenn_dense_desc() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        public native int in_features();

        public native corenn_dense_desc in_features(int value);

        public native int out_features();

        public native corenn_dense_desc out_features(int value);

        @ByRef
        public native corenn_activation_desc activation();

        public native corenn_dense_desc activation(@ByRef corenn_activation_desc value);
    }

    public static native int corenn_dense_create(@Const corenn_dense_desc desc, @Const FloatPointer weight,
            @Const FloatPointer bias, int isa, @ByPtrPtr corenn_dense out);

    public static native int corenn_dense_run(@Const corenn_dense op, int batch, @Const FloatPointer x,
            FloatPointer y, int threads);

    public static native String corenn_dense_kernel(@Const corenn_dense op, int batch);

    public static native void corenn_dense_destroy(corenn_dense op);
}
