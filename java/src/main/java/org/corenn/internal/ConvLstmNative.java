package org.corenn.internal;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.ByPtrPtr;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Opaque;
import org.bytedeco.javacpp.annotation.Properties;

/** JNI mapping of the ConvLSTM2d part of {@code corenn.h}. Not public API. */
@Properties(inherit = CorennPresets.class)
public final class ConvLstmNative {
    static {
        Loader.load();
    }

    private ConvLstmNative() {
    }

    /** Opaque {@code corenn_convlstm2d*}. */
    @Opaque
    public static class corenn_convlstm2d extends Pointer {
        public corenn_convlstm2d() {
            super((Pointer) null);
        }
    }

    /** {@code corenn_convlstm2d_desc}: channels and the (odd) kernel. */
    public static class corenn_convlstm2d_desc extends Pointer {
        static {
            Loader.load();
        }

        public corenn_convlstm2d_desc() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        public native int in_channels();

        public native corenn_convlstm2d_desc in_channels(int v);

        public native int hidden_channels();

        public native corenn_convlstm2d_desc hidden_channels(int v);

        public native int kernel_h();

        public native corenn_convlstm2d_desc kernel_h(int v);

        public native int kernel_w();

        public native corenn_convlstm2d_desc kernel_w(int v);
    }

    public static native int corenn_convlstm2d_create(@Const corenn_convlstm2d_desc desc,
            @Const FloatPointer weight, @Const FloatPointer bias, int isa, @ByPtrPtr corenn_convlstm2d out);

    public static native @Cast("size_t") long corenn_convlstm2d_workspace_size(@Const corenn_convlstm2d op,
            int seq_len, int batch, int height, int width);

    public static native int corenn_convlstm2d_run(@Const corenn_convlstm2d op, int seq_len, int batch, int height,
            int width, @Const FloatPointer x, @Const FloatPointer h0, @Const FloatPointer c0, FloatPointer y,
            FloatPointer h_n, FloatPointer c_n, Pointer workspace, int threads);

    public static native String corenn_convlstm2d_kernel(@Const corenn_convlstm2d op);

    public static native void corenn_convlstm2d_destroy(corenn_convlstm2d op);
}
