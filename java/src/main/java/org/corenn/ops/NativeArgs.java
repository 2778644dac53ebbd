package org.corenn.ops;

import org.bytedeco.javacpp.FloatPointer;
import org.corenn.internal.CorennNative.corenn_activation_desc;
import org.corenn.internal.TensorAccess;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/** Argument checks and conversions shared by the safe ops. */
final class NativeArgs {
    private NativeArgs() {
    }

    static corenn_activation_desc describe(Activation activation) {
        return new corenn_activation_desc().kind(activation.kind().ordinal()).alpha(activation.alpha())
                .beta(activation.beta());
    }

    static <T> T requireNonNull(T value, String op, String name) {
        if (value == null) {
            throw new NullPointerException(op + ": " + name + " must not be null");
        }
        return value;
    }

    /** Checks the tensor is not closed. */
    static void requireOpen(Tensor tensor, String op, String name) {
        if (tensor.isClosed()) {
            throw new IllegalStateException(op + ": " + name + " " + tensor + " is closed");
        }
    }

    /** Checks the tensor is open and has exactly the expected shape (shown as {@code expected}). */
    static void requireShape(Tensor tensor, Shape want, String op, String name, String expected) {
        requireNonNull(tensor, op, name);
        requireOpen(tensor, op, name);
        if (!tensor.shape().equals(want)) {
            throw new IllegalArgumentException(op + ": " + name + " must have shape " + expected + ", got "
                    + tensor.shape());
        }
    }

    /**
     * A new tensor of {@code shape} filled by {@code compute}; closed again if computing throws, so
     * the {@code apply} convenience methods never leak their output.
     */
    static Tensor intoNew(Shape shape, java.util.function.Consumer<Tensor> compute) {
        Tensor y = Tensor.zeros(shape);
        try {
            compute.accept(y);
            return y;
        } catch (RuntimeException e) {
            y.close();
            throw e;
        }
    }

    /** Acquires the pointers of several tensors for one native call; releases them all on close. */
    static final class Pinned implements AutoCloseable {
        private final Tensor[] tensors;
        private final FloatPointer[] pointers;
        private int acquired;

        Pinned(Tensor... tensors) {
            this.tensors = tensors;
            this.pointers = new FloatPointer[tensors.length];
            try {
                for (; acquired < tensors.length; acquired++) {
                    Tensor t = tensors[acquired];
                    pointers[acquired] = t == null ? null : TensorAccess.acquire(t);
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        FloatPointer get(int i) {
            return pointers[i];
        }

        @Override
        public void close() {
            for (int i = 0; i < acquired; i++) {
                if (tensors[i] != null) {
                    TensorAccess.release(tensors[i]);
                }
            }
            acquired = 0;
        }
    }
}
