package org.corenn.ops;

import org.corenn.internal.CorennNative;
import org.corenn.internal.Status;
import org.corenn.internal.TensorNative;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * {@code y = a + b} or {@code y = a * b} with NumPy/PyTorch broadcasting: shapes align at their last
 * axis, each pair of sizes must be equal or one of them 1, and the result takes the larger rank and the
 * larger size per axis (ranks up to 8). {@code y} may be {@code a} or {@code b} itself when it has that
 * operand's shape; it must not otherwise share memory with them. Immutable and holds no native memory.
 */
public final class ElementwiseOp {
    /** The operation, numbered as {@code corenn_eltwise_kind}. */
    public enum Kind {
        ADD, MUL
    }

    private final Kind kind;
    private final Options options;
    private final String name;

    private ElementwiseOp(Kind kind, Options options) {
        this.kind = kind;
        this.options = options;
        this.name = kind == Kind.ADD ? "add" : "mul";
    }

    public static ElementwiseOp create(Kind kind, Options options) {
        NativeArgs.requireNonNull(kind, "elementwise", "kind");
        NativeArgs.requireNonNull(options, "elementwise", "options");
        CorennNative.load();
        return new ElementwiseOp(kind, options);
    }

    public Kind kind() {
        return kind;
    }

    /** The broadcast shape of {@code a} and {@code b}, or an exception naming the axis that does not fit. */
    public Shape outputShape(Shape a, Shape b) {
        NativeArgs.requireNonNull(a, name, "a shape");
        NativeArgs.requireNonNull(b, name, "b shape");
        for (Shape s : new Shape[] {a, b}) {
            if (s.rank() > TensorNative.CORENN_MAX_RANK) {
                throw new IllegalArgumentException(name + ": rank must be <= " + TensorNative.CORENN_MAX_RANK
                        + ", got " + s);
            }
        }
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 1; i <= rank; i++) {
            int da = i <= a.rank() ? a.dim(-i) : 1;
            int db = i <= b.rank() ? b.dim(-i) : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(name + ": shapes " + a + " and " + b + " do not broadcast: size "
                        + da + " vs " + db + " at axis " + (rank - i) + " of the result");
            }
            out[rank - i] = da == 1 ? db : da;
        }
        return Shape.of(out);
    }

    /** Computes into {@code y}, which must have the broadcast shape. */
    public void run(Tensor a, Tensor b, Tensor y) {
        NativeArgs.requireNonNull(a, name, "a");
        NativeArgs.requireNonNull(b, name, "b");
        NativeArgs.requireOpen(a, name, "a");
        NativeArgs.requireOpen(b, name, "b");
        Shape out = outputShape(a.shape(), b.shape());
        NativeArgs.requireShape(y, out, name, "y", out.toString());
        if ((y == a && !a.shape().equals(out)) || (y == b && !b.shape().equals(out))) {
            throw new IllegalArgumentException(name + ": y may be an operand only when that operand has y's shape");
        }
        try (NativeArgs.Pinned p = new NativeArgs.Pinned(a, b, y)) {
            Status.check(TensorNative.corenn_eltwise_run(kind.ordinal(), a.shape().rank(), dims(a.shape()), p.get(0),
                    b.shape().rank(), dims(b.shape()), p.get(1), p.get(2), options.isa().code(), options.threads()));
        }
    }

    /** {@code a op b} in a new tensor the caller owns. */
    public Tensor apply(Tensor a, Tensor b) {
        NativeArgs.requireNonNull(a, name, "a");
        NativeArgs.requireNonNull(b, name, "b");
        return NativeArgs.intoNew(outputShape(a.shape(), b.shape()), y -> run(a, b, y));
    }

    /** The shape as the {@code int64_t} array the C API takes (never empty, so JNI gets a valid pointer). */
    static long[] dims(Shape s) {
        long[] d = new long[Math.max(1, s.rank())];
        for (int i = 0; i < s.rank(); i++) {
            d[i] = s.dim(i);
        }
        return d;
    }

    @Override
    public String toString() {
        return "ElementwiseOp[" + name + "]";
    }
}
