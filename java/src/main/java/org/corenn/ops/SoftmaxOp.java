package org.corenn.ops;

import org.corenn.internal.CorennNative;
import org.corenn.internal.Status;
import org.corenn.internal.TensorNative;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * Softmax or log-softmax over one axis (negative axes count from the end, as {@code dim} in PyTorch).
 * {@code y} has x's shape and may be x itself. Immutable and holds no native memory.
 */
public final class SoftmaxOp {
    private final boolean log;
    private final int axis;
    private final Options options;
    private final String name;

    private SoftmaxOp(boolean log, int axis, Options options) {
        this.log = log;
        this.axis = axis;
        this.options = options;
        this.name = log ? "log_softmax" : "softmax";
    }

    /** {@code torch.softmax(x, dim=axis)}. */
    public static SoftmaxOp softmax(int axis, Options options) {
        NativeArgs.requireNonNull(options, "softmax", "options");
        CorennNative.load();
        return new SoftmaxOp(false, axis, options);
    }

    /** {@code torch.log_softmax(x, dim=axis)}. */
    public static SoftmaxOp logSoftmax(int axis, Options options) {
        NativeArgs.requireNonNull(options, "log_softmax", "options");
        CorennNative.load();
        return new SoftmaxOp(true, axis, options);
    }

    public boolean isLog() {
        return log;
    }

    public int axis() {
        return axis;
    }

    /** Computes into {@code y}, which must have x's shape (and may be x). */
    public void run(Tensor x, Tensor y) {
        NativeArgs.requireNonNull(x, name, "x");
        NativeArgs.requireOpen(x, name, "x");
        Shape s = x.shape();
        if (s.rank() < 1 || s.rank() > TensorNative.CORENN_MAX_RANK || axis < -s.rank() || axis >= s.rank()) {
            throw new IllegalArgumentException(name + ": axis " + axis + " is out of range for x " + s
                    + " (rank 1.." + TensorNative.CORENN_MAX_RANK + ", axis in [-rank, rank))");
        }
        NativeArgs.requireShape(y, s, name, "y", "equal to x's " + s);
        try (NativeArgs.Pinned p = new NativeArgs.Pinned(x, y)) {
            Status.check(TensorNative.corenn_softmax_run(log ? 1 : 0, s.rank(), ElementwiseOp.dims(s), axis, p.get(0),
                    p.get(1), options.isa().code(), options.threads()));
        }
    }

    /** The result in a new tensor the caller owns. */
    public Tensor apply(Tensor x) {
        NativeArgs.requireNonNull(x, name, "x");
        return NativeArgs.intoNew(x.shape(), y -> run(x, y));
    }

    @Override
    public String toString() {
        return "SoftmaxOp[" + name + ", axis " + axis + "]";
    }
}
