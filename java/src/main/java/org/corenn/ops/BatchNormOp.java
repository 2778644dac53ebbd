package org.corenn.ops;

import org.bytedeco.javacpp.FloatPointer;
import org.corenn.internal.CorennNative;
import org.corenn.internal.NativeHandle;
import org.corenn.internal.Status;
import org.corenn.internal.TensorNative;
import org.corenn.internal.TensorNative.corenn_batchnorm;
import org.corenn.internal.TensorNative.corenn_batchnorm_desc;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * Inference BatchNorm on its own (when it cannot be folded into a convolution), with a fused
 * activation: {@code y = act((x - mean[c]) / sqrt(var[c] + eps) * gamma[c] + beta[c])} over
 * {@code [N, C, ...]} (BatchNorm1d/2d/3d: channels on axis 1). Immutable, thread-safe, no scratch;
 * {@code x == y} is allowed.
 */
public final class BatchNormOp implements AutoCloseable {
    private static final String OP = "batchnorm";

    private final int channels;
    private final Options options;
    private final NativeHandle<corenn_batchnorm> handle;

    private BatchNormOp(int channels, Options options, NativeHandle<corenn_batchnorm> handle) {
        this.channels = channels;
        this.options = options;
        this.handle = handle;
    }

    /**
     * @param mean running_mean {@code [C]}
     * @param var running_var {@code [C]}; {@code var + epsilon} must be {@code > 0}
     * @param gamma weight {@code [C]}, or null (ones: {@code affine=False})
     * @param beta bias {@code [C]}, or null (zeros)
     * @param epsilon finite and {@code >= 0} (PyTorch's default is 1e-5)
     */
    public static BatchNormOp create(float[] mean, float[] var, float[] gamma, float[] beta, float epsilon,
            Activation activation, Options options) {
        NativeArgs.requireNonNull(mean, OP, "mean");
        NativeArgs.requireNonNull(var, OP, "var");
        NativeArgs.requireNonNull(activation, OP, "activation");
        NativeArgs.requireNonNull(options, OP, "options");
        int channels = mean.length;
        if (channels < 1) {
            throw new IllegalArgumentException(OP + ": mean must have >= 1 channel, got 0");
        }
        sameLength("var", var, channels);
        sameLength("gamma", gamma, channels);
        sameLength("beta", beta, channels);
        if (!Float.isFinite(epsilon) || epsilon < 0) {
            throw new IllegalArgumentException(OP + ": epsilon must be finite and >= 0, got " + epsilon);
        }
        for (int c = 0; c < channels; c++) {
            if (!((double) var[c] + epsilon > 0)) {
                throw new IllegalArgumentException(OP + ": var + epsilon must be > 0, got var[" + c + "] = " + var[c]
                        + " with epsilon " + epsilon);
            }
        }
        CorennNative.load();
        corenn_batchnorm_desc desc = new corenn_batchnorm_desc().channels(channels).epsilon(epsilon)
                .activation(NativeArgs.describe(activation));
        corenn_batchnorm op = new corenn_batchnorm();
        try (FloatPointer m = new FloatPointer(mean); FloatPointer v = new FloatPointer(var);
                FloatPointer g = gamma == null ? null : new FloatPointer(gamma);
                FloatPointer b = beta == null ? null : new FloatPointer(beta)) {
            Status.check(TensorNative.corenn_batchnorm_create(desc, m, v, g, b, options.isa().code(), op));
        }
        BatchNormOp bn = new BatchNormOp(channels, options,
                new NativeHandle<>(op, TensorNative::corenn_batchnorm_destroy, OP + " of " + channels + " channels"));
        bn.handle.cleanWhenUnreachable(bn);
        return bn;
    }

    private static void sameLength(String name, float[] values, int channels) {
        if (values != null && values.length != channels) {
            throw new IllegalArgumentException(OP + ": " + name + " must have " + channels
                    + " values (one per channel, as mean), got " + values.length);
        }
    }

    public int channels() {
        return channels;
    }

    /** The kernel chosen at create, e.g. {@code f32-affine-8x-avx2}. */
    public String kernel() {
        return handle.query(TensorNative::corenn_batchnorm_kernel);
    }

    /** {@code y = bn(x)}; x is {@code [N, C, ...]}, y has x's shape and may be x itself. */
    public void run(Tensor x, Tensor y) {
        NativeArgs.requireNonNull(x, OP, "x");
        NativeArgs.requireOpen(x, OP, "x");
        Shape s = x.shape();
        if (s.rank() < 2 || s.dim(1) != channels) {
            throw new IllegalArgumentException(OP + ": x must have shape [batch, " + channels + ", ...], got " + s);
        }
        NativeArgs.requireShape(y, s, OP, "y", "equal to x's " + s);
        int batch = s.dim(0);
        long spatial = batch * (long) channels == 0 ? 0 : s.size() / ((long) batch * channels);
        corenn_batchnorm op = handle.acquire();
        try (NativeArgs.Pinned p = new NativeArgs.Pinned(x, y)) {
            Status.check(TensorNative.corenn_batchnorm_run(op, batch, spatial, p.get(0), p.get(1), options.threads()));
        } finally {
            handle.release();
        }
    }

    /** {@code bn(x)} in a new tensor the caller owns. */
    public Tensor apply(Tensor x) {
        NativeArgs.requireNonNull(x, OP, "x");
        return NativeArgs.intoNew(x.shape(), y -> run(x, y));
    }

    public boolean isClosed() {
        return handle.isClosed();
    }

    /** Frees the native op; a call still running on another thread finishes first. Idempotent. */
    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return "BatchNormOp[" + channels + " channels]";
    }
}
