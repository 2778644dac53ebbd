package org.corenn.ops;

import org.bytedeco.javacpp.FloatPointer;
import org.corenn.internal.CorennNative;
import org.corenn.internal.CorennNative.corenn_dense;
import org.corenn.internal.CorennNative.corenn_dense_desc;
import org.corenn.internal.NativeHandle;
import org.corenn.internal.Status;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * A fully connected layer with a fused activation: {@code y = act(x W^T + b)}, x {@code [batch, in]},
 * W {@code [out, in]} (PyTorch's {@code nn.Linear.weight}), b {@code [out]}. The weights are copied
 * and prepacked once; the op is immutable and may be run from many threads at once. Batches up to 3
 * use Corenn's GEMV kernel, larger ones OpenBLAS sgemm.
 */
public final class DenseOp implements AutoCloseable {
    private static final String OP = "dense";

    private final int inFeatures;
    private final int outFeatures;
    private final Activation activation;
    private final Options options;
    private final NativeHandle<corenn_dense> handle;

    private DenseOp(int inFeatures, int outFeatures, Activation activation, Options options,
            NativeHandle<corenn_dense> handle) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.activation = activation;
        this.options = options;
        this.handle = handle;
    }

    /**
     * @param weight {@code [outFeatures][inFeatures]} row-major
     * @param bias {@code [outFeatures]}, or null for none
     */
    public static DenseOp create(float[] weight, float[] bias, int inFeatures, int outFeatures, Activation activation,
            Options options) {
        if (inFeatures <= 0) {
            throw new IllegalArgumentException(OP + ": inFeatures must be > 0, got " + inFeatures);
        }
        if (outFeatures <= 0) {
            throw new IllegalArgumentException(OP + ": outFeatures must be > 0, got " + outFeatures);
        }
        NativeArgs.requireNonNull(weight, OP, "weight");
        NativeArgs.requireNonNull(activation, OP, "activation");
        NativeArgs.requireNonNull(options, OP, "options");
        if ((long) inFeatures * outFeatures != weight.length) {
            throw new IllegalArgumentException(OP + ": weight must have outFeatures * inFeatures = " + outFeatures + " * "
                    + inFeatures + " values, got " + weight.length);
        }
        if (bias != null && bias.length != outFeatures) {
            throw new IllegalArgumentException(OP + ": bias must have outFeatures = " + outFeatures + " values, got "
                    + bias.length);
        }
        CorennNative.load();
        corenn_dense_desc desc = new corenn_dense_desc().in_features(inFeatures).out_features(outFeatures)
                .activation(NativeArgs.describe(activation));
        corenn_dense op = new corenn_dense();
        try (FloatPointer w = new FloatPointer(weight); FloatPointer b = bias == null ? null : new FloatPointer(bias)) {
            Status.check(CorennNative.corenn_dense_create(desc, w, b, options.isa().code(), op));
        }
        String description = OP + " " + outFeatures + "x" + inFeatures;
        DenseOp dense = new DenseOp(inFeatures, outFeatures, activation, options,
                new NativeHandle<>(op, CorennNative::corenn_dense_destroy, description));
        dense.handle.cleanWhenUnreachable(dense);
        return dense;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    public Activation activation() {
        return activation;
    }

    /** The kernel a batch of this size runs on, e.g. {@code f32-gemv-8x4-avx2} or {@code openblas-sgemm}. */
    public String kernel(int batch) {
        return handle.query(op -> CorennNative.corenn_dense_kernel(op, batch));
    }

    /** Computes into {@code y}, which must be {@code [batch, outFeatures]} for x {@code [batch, inFeatures]}. */
    public void run(Tensor x, Tensor y) {
        NativeArgs.requireNonNull(x, OP, "x");
        if (x.shape().rank() != 2) {
            throw new IllegalArgumentException(OP + ": x must have shape [batch, " + inFeatures + "], got " + x.shape());
        }
        int batch = x.shape().dim(0);
        NativeArgs.requireShape(x, Shape.of(batch, inFeatures), OP, "x", "[batch, " + inFeatures + "]");
        NativeArgs.requireShape(y, Shape.of(batch, outFeatures), OP, "y", "[" + batch + ", " + outFeatures + "]");
        if (x == y) {
            throw new IllegalArgumentException(OP + ": y must not be the same tensor as x");
        }
        corenn_dense op = handle.acquire();
        try (NativeArgs.Pinned p = new NativeArgs.Pinned(x, y)) {
            Status.check(CorennNative.corenn_dense_run(op, batch, p.get(0), p.get(1), options.threads()));
        } finally {
            handle.release();
        }
    }

    /** Computes into a new {@code [batch, outFeatures]} tensor the caller owns. */
    public Tensor apply(Tensor x) {
        NativeArgs.requireNonNull(x, OP, "x");
        if (x.shape().rank() != 2) {
            throw new IllegalArgumentException(OP + ": x must have shape [batch, " + inFeatures + "], got " + x.shape());
        }
        return NativeArgs.intoNew(Shape.of(x.shape().dim(0), outFeatures), y -> run(x, y));
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
        return "DenseOp[" + inFeatures + " -> " + outFeatures + ", " + activation + "]";
    }
}
