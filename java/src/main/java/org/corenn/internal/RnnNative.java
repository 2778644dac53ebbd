package org.corenn.internal;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.annotation.ByPtrPtr;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Opaque;
import org.bytedeco.javacpp.annotation.Properties;

/** JNI mapping of the recurrent family of {@code corenn.h} (RNN stacks, streaming, ConvLSTM2d). Not public API. */
@Properties(inherit = CorennPresets.class)
public final class RnnNative {
    static {
        Loader.load();
    }

    private RnnNative() {
    }

    public static final int CORENN_RNN_LSTM = 0;
    public static final int CORENN_RNN_GRU = 1;
    public static final int CORENN_RNN_TANH = 2;
    public static final int CORENN_RNN_RELU = 3;

    public static final int CORENN_RNN_BATCH_FIRST = 1;
    public static final int CORENN_RNN_GATES_ONNX = 2;
    public static final int CORENN_RNN_GRU_LINEAR_BEFORE_RESET_0 = 4;
    public static final int CORENN_RNN_LSTM_INPUT_FORGET = 16;
    public static final int CORENN_RNN_REVERSE = 32;

    /** Opaque {@code corenn_rnn*}. */
    @Opaque
    public static class corenn_rnn extends Pointer {
        public corenn_rnn() {
            super((Pointer) null);
        }
    }

    /** Opaque {@code corenn_rnn_state*}. */
    @Opaque
    public static class corenn_rnn_state extends Pointer {
        public corenn_rnn_state() {
            super((Pointer) null);
        }
    }

    /** {@code corenn_rnn_desc}. */
    public static class corenn_rnn_desc extends Pointer {
        static {
            Loader.load();
        }

        public corenn_rnn_desc() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        public native int cell();

        public native corenn_rnn_desc cell(int v);

        public native int input_size();

        public native corenn_rnn_desc input_size(int v);

        public native int hidden_size();

        public native corenn_rnn_desc hidden_size(int v);

        public native int num_layers();

        public native corenn_rnn_desc num_layers(int v);

        public native int bidirectional();

        public native corenn_rnn_desc bidirectional(int v);

        public native int has_bias();

        public native corenn_rnn_desc has_bias(int v);

        public native int proj_size();

        public native corenn_rnn_desc proj_size(int v);

        public native @Cast("unsigned") int flags();

        public native corenn_rnn_desc flags(int v);

        public native float clip();

        public native corenn_rnn_desc clip(float v);

        public native int has_peepholes();

        public native corenn_rnn_desc has_peepholes(int v);
    }

    public static native int corenn_rnn_weight_count(@Const corenn_rnn_desc desc);

    public static native int corenn_rnn_create(@Const corenn_rnn_desc desc,
            @Cast("const float* const*") PointerPointer<FloatPointer> weights, int isa, @ByPtrPtr corenn_rnn out);

    public static native @Cast("size_t") long corenn_rnn_workspace_size(@Const corenn_rnn op, int seq_len, int batch);

    /** {@code lengths} is a Java array (or null), which JavaCPP pins or copies for the call. */
    public static native int corenn_rnn_run(@Const corenn_rnn op, int seq_len, int batch, @Const FloatPointer x,
            @Cast("const int32_t*") int[] lengths, @Const FloatPointer h0, @Const FloatPointer c0,
            FloatPointer y, FloatPointer h_n, FloatPointer c_n, Pointer workspace, int threads);

    public static native String corenn_rnn_kernel(@Const corenn_rnn op, int batch);

    public static native void corenn_rnn_destroy(corenn_rnn op);

    public static native int corenn_rnn_state_create(@Const corenn_rnn op, @ByPtrPtr corenn_rnn_state out);

    public static native int corenn_rnn_state_reset(corenn_rnn_state state, @Const FloatPointer h,
            @Const FloatPointer c);

    public static native int corenn_rnn_state_read(@Const corenn_rnn_state state, FloatPointer h, FloatPointer c);

    public static native int corenn_rnn_state_reset(corenn_rnn_state state, @Const float[] h, @Const float[] c);

    public static native int corenn_rnn_state_read(@Const corenn_rnn_state state, float[] h, float[] c);

    public static native void corenn_rnn_state_destroy(corenn_rnn_state state);

    public static native @Cast("size_t") long corenn_rnn_step_workspace_size(@Const corenn_rnn op, int steps,
            int streams);

    public static native int corenn_rnn_step(@Const corenn_rnn op,
            @Cast("corenn_rnn_state* const*") PointerPointer<corenn_rnn_state> states, int streams, int steps,
            @Const FloatPointer x, FloatPointer y, Pointer workspace, int threads);

    /** Opaque {@code corenn_convlstm2d*}. */
    @Opaque
    public static class corenn_convlstm2d extends Pointer {
        public corenn_convlstm2d() {
            super((Pointer) null);
        }
    }

    /** {@code corenn_convlstm2d_desc}. */
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

    public static native int corenn_convlstm2d_create(@Const corenn_convlstm2d_desc desc, @Const FloatPointer weight,
            @Const FloatPointer bias, int isa, @ByPtrPtr corenn_convlstm2d out);

    public static native @Cast("size_t") long corenn_convlstm2d_workspace_size(@Const corenn_convlstm2d op,
            int seq_len, int batch, int height, int width);

    public static native int corenn_convlstm2d_run(@Const corenn_convlstm2d op, int seq_len, int batch, int height,
            int width, @Const FloatPointer x, @Const FloatPointer h0, @Const FloatPointer c0, FloatPointer y,
            FloatPointer h_n, FloatPointer c_n, Pointer workspace, int threads);

    public static native String corenn_convlstm2d_kernel(@Const corenn_convlstm2d op);

    public static native void corenn_convlstm2d_destroy(corenn_convlstm2d op);
}
