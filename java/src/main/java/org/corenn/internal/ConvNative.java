package org.corenn.internal;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.ByPtrPtr;
import org.bytedeco.javacpp.annotation.ByRef;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Opaque;
import org.bytedeco.javacpp.annotation.Properties;
import org.corenn.internal.CorennNative.corenn_activation_desc;

/** JNI mapping of the convolution family of {@code corenn.h}: conv2d and pool2d. Not public API. */
@Properties(inherit = CorennPresets.class)
public final class ConvNative {
    static {
        Loader.load();
    }

    private ConvNative() {
    }

    public static final int CORENN_RESIDUAL_NONE = 0;
    public static final int CORENN_RESIDUAL_BEFORE_ACTIVATION = 1;
    public static final int CORENN_RESIDUAL_AFTER_ACTIVATION = 2;

    /** Opaque {@code corenn_conv2d*}. */
    @Opaque
    public static class corenn_conv2d extends Pointer {
        public corenn_conv2d() {
            super((Pointer) null);
        }
    }

    /** {@code corenn_conv2d_desc}. */
    public static class corenn_conv2d_desc extends Pointer {
        static {
            Loader.load();
        }

        public corenn_conv2d_desc() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        public native int in_channels();


        public native corenn_conv2d_desc in_channels(int v);

        public native int out_channels();


        public native corenn_conv2d_desc out_channels(int v);

        public native int groups();


        public native corenn_conv2d_desc groups(int v);

        public native int kernel_h();


        public native corenn_conv2d_desc kernel_h(int v);

        public native int kernel_w();


        public native corenn_conv2d_desc kernel_w(int v);

        public native int stride_h();


        public native corenn_conv2d_desc stride_h(int v);

        public native int stride_w();


        public native corenn_conv2d_desc stride_w(int v);

        public native int dilation_h();


        public native corenn_conv2d_desc dilation_h(int v);

        public native int dilation_w();


        public native corenn_conv2d_desc dilation_w(int v);

        public native int pad_top();


        public native corenn_conv2d_desc pad_top(int v);

        public native int pad_left();


        public native corenn_conv2d_desc pad_left(int v);

        public native int pad_bottom();


        public native corenn_conv2d_desc pad_bottom(int v);

        public native int pad_right();


        public native corenn_conv2d_desc pad_right(int v);

        public native @Const FloatPointer scale();


        public native corenn_conv2d_desc scale(@Const FloatPointer v);

        public native @Const FloatPointer shift();


        public native corenn_conv2d_desc shift(@Const FloatPointer v);

        public native @ByRef corenn_activation_desc activation();


        public native corenn_conv2d_desc activation(@ByRef corenn_activation_desc v);

        public native int residual();


        public native corenn_conv2d_desc residual(int v);

        public native int input_layout();

        public native corenn_conv2d_desc input_layout(int v);

        public native int output_layout();

        public native corenn_conv2d_desc output_layout(int v);
    }

    public static final int CORENN_LAYOUT_NCHW = 0;
    public static final int CORENN_LAYOUT_NCHW8C = 1;

    public static native @Cast("size_t") long corenn_layout_floats(int layout, int batch, int channels, int h, int w);

    public static native int corenn_layout_convert(int from, int to, int batch, int channels, int h, int w,
            @Const FloatPointer x, FloatPointer y, int threads);

    public static native int corenn_conv2d_output_shape(@Const corenn_conv2d_desc desc, int in_h, int in_w,
            IntPointer out_h, IntPointer out_w);

    public static native int corenn_conv2d_create(@Const corenn_conv2d_desc desc, @Const FloatPointer weight,
            @Const FloatPointer bias, int isa, @ByPtrPtr corenn_conv2d out);

    public static native int corenn_conv2d_prefers_nchw8c(@Const corenn_conv2d_desc desc, int isa);

    public static native @Cast("size_t") long corenn_conv2d_workspace_size(@Const corenn_conv2d op, int batch,
            int in_h, int in_w);

    public static native int corenn_conv2d_run(@Const corenn_conv2d op, int batch, int in_h, int in_w,
            @Const FloatPointer x, @Const FloatPointer residual, FloatPointer y, Pointer workspace, int threads);

    public static native String corenn_conv2d_kernel(@Const corenn_conv2d op);

    public static native void corenn_conv2d_destroy(corenn_conv2d op);

    public static final int CORENN_POOL_MAX = 0;
    public static final int CORENN_POOL_AVG = 1;

    /** Opaque {@code corenn_pool2d*}. */
    @Opaque
    public static class corenn_pool2d extends Pointer {
        public corenn_pool2d() {
            super((Pointer) null);
        }
    }

    /** {@code corenn_pool2d_desc}. */
    public static class corenn_pool2d_desc extends Pointer {
        static {
            Loader.load();
        }

        public corenn_pool2d_desc() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        public native int kind();


        public native corenn_pool2d_desc kind(int v);

        public native int global();


        public native corenn_pool2d_desc global(int v);

        public native int kernel_h();


        public native corenn_pool2d_desc kernel_h(int v);

        public native int kernel_w();


        public native corenn_pool2d_desc kernel_w(int v);

        public native int stride_h();


        public native corenn_pool2d_desc stride_h(int v);

        public native int stride_w();


        public native corenn_pool2d_desc stride_w(int v);

        public native int dilation_h();


        public native corenn_pool2d_desc dilation_h(int v);

        public native int dilation_w();


        public native corenn_pool2d_desc dilation_w(int v);

        public native int pad_top();


        public native corenn_pool2d_desc pad_top(int v);

        public native int pad_left();


        public native corenn_pool2d_desc pad_left(int v);

        public native int pad_bottom();


        public native corenn_pool2d_desc pad_bottom(int v);

        public native int pad_right();


        public native corenn_pool2d_desc pad_right(int v);

        public native int ceil_mode();


        public native corenn_pool2d_desc ceil_mode(int v);

        public native int count_include_pad();


        public native corenn_pool2d_desc count_include_pad(int v);

        public native int layout();

        public native corenn_pool2d_desc layout(int v);
    }

    public static native int corenn_pool2d_output_shape(@Const corenn_pool2d_desc desc, int in_h, int in_w,
            IntPointer out_h, IntPointer out_w);

    public static native int corenn_pool2d_create(@Const corenn_pool2d_desc desc, int isa,
            @ByPtrPtr corenn_pool2d out);

    public static native @Cast("size_t") long corenn_pool2d_workspace_size(@Const corenn_pool2d op, int in_h,
            int in_w);

    public static native int corenn_pool2d_run(@Const corenn_pool2d op, int batch, int channels, int in_h, int in_w,
            @Const FloatPointer x, FloatPointer y, Pointer workspace, int threads);

    public static native String corenn_pool2d_kernel(@Const corenn_pool2d op);

    public static native void corenn_pool2d_destroy(corenn_pool2d op);
}
