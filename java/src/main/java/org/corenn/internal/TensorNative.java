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
import org.corenn.internal.CorennNative.corenn_activation_desc;

/**
 * JNI mapping of the whole-tensor part of {@code corenn.h}: batchnorm, element-wise add/mul with
 * broadcasting, softmax. Shapes pass as Java {@code long[]} (JavaCPP copies them for the call), so
 * these calls need no native scratch. Not public API.
 */
@Properties(inherit = CorennPresets.class)
public final class TensorNative {
    static {
        Loader.load();
    }

    private TensorNative() {
    }

    public static final int CORENN_MAX_RANK = 8;
    public static final int CORENN_ELTWISE_ADD = 0;
    public static final int CORENN_ELTWISE_MUL = 1;

    /** Opaque {@code corenn_batchnorm*}. */
    @Opaque
    public static class corenn_batchnorm extends Pointer {
        public corenn_batchnorm() {
            super((Pointer) null);
        }
    }

    /** {@code corenn_batchnorm_desc}: channels, epsilon and the fused activation. */
    public static class corenn_batchnorm_desc extends Pointer {
        static {
            Loader.load();
        }

        public corenn_batchnorm_desc() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        public native int channels();

        public native corenn_batchnorm_desc channels(int v);

        public native float epsilon();

        public native corenn_batchnorm_desc epsilon(float v);

        public native @ByRef corenn_activation_desc activation();

        public native corenn_batchnorm_desc activation(@ByRef corenn_activation_desc v);
    }

    public static native int corenn_batchnorm_create(@Const corenn_batchnorm_desc desc, @Const FloatPointer mean,
            @Const FloatPointer var, @Const FloatPointer gamma, @Const FloatPointer beta, int isa,
            @ByPtrPtr corenn_batchnorm out);

    public static native int corenn_batchnorm_run(@Const corenn_batchnorm op, int batch,
            @Cast("int64_t") long spatial, @Const FloatPointer x, FloatPointer y, int threads);

    public static native String corenn_batchnorm_kernel(@Const corenn_batchnorm op);

    public static native void corenn_batchnorm_destroy(corenn_batchnorm op);

    public static native int corenn_eltwise_output_shape(int rank_a, @Cast("const int64_t*") long[] shape_a,
            int rank_b, @Cast("const int64_t*") long[] shape_b, int[] rank_y, @Cast("int64_t*") long[] shape_y);

    public static native int corenn_eltwise_run(int kind, int rank_a, @Cast("const int64_t*") long[] shape_a,
            @Const FloatPointer a, int rank_b, @Cast("const int64_t*") long[] shape_b, @Const FloatPointer b,
            FloatPointer y, int isa, int threads);

    public static native int corenn_softmax_run(int log_softmax, int rank, @Cast("const int64_t*") long[] shape,
            int axis, @Const FloatPointer x, FloatPointer y, int isa, int threads);
}
