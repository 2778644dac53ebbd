package org.corenn.ops;

import org.corenn.internal.CorennNative;
import org.corenn.internal.CorennNative.corenn_activation_desc;
import org.corenn.internal.Status;
import org.corenn.runtime.Options;
import org.corenn.tensor.Tensor;

/** An element-wise activation over whole tensors; immutable and safe to share between threads. */
public final class ActivationOp {
    private final Activation activation;
    private final Options options;
    private final corenn_activation_desc desc;

    private ActivationOp(Activation activation, Options options) {
        this.activation = activation;
        this.options = options;
        this.desc = NativeArgs.describe(activation);
    }

    public static ActivationOp create(Activation activation, Options options) {
        NativeArgs.requireNonNull(activation, "activation", "activation");
        NativeArgs.requireNonNull(options, "activation", "options");
        CorennNative.load();
        return new ActivationOp(activation, options);
    }

    public Activation activation() {
        return activation;
    }

    /** {@code y = act(x)}; {@code y} must have x's shape and may be x itself (in place). */
    public void run(Tensor x, Tensor y) {
        NativeArgs.requireNonNull(x, "activation", "x");
        NativeArgs.requireShape(x, x.shape(), "activation", "x", x.shape().toString());
        NativeArgs.requireShape(y, x.shape(), "activation", "y", "equal to x's " + x.shape());
        try (NativeArgs.Pinned p = new NativeArgs.Pinned(x, y)) {
            Status.check(CorennNative.corenn_activation_run(desc, p.get(0), p.get(1), x.size(),
                    options.isa().code(), options.threads()));
        }
    }

    /** {@code act(x)} in a new tensor the caller owns. */
    public Tensor apply(Tensor x) {
        NativeArgs.requireNonNull(x, "activation", "x");
        return NativeArgs.intoNew(x.shape(), y -> run(x, y));
    }
}
