package org.corenn.tensor;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.corenn.internal.CorennNative;
import org.corenn.internal.NativeHandle;
import org.corenn.internal.Status;
import org.corenn.internal.TensorAccess;
import org.corenn.runtime.CorennException;

/**
 * A dense float32 tensor in native memory, C order, 64-byte aligned when Corenn allocates it.
 *
 * <p>Ownership is explicit: close it (try-with-resources) when done. A second {@code close()} is
 * harmless; any other use after close throws {@link IllegalStateException}. A shared {@code Cleaner}
 * frees tensors that become unreachable unclosed, as a safety net only. A tensor that wraps a direct
 * {@link FloatBuffer} shares that buffer's memory (no copy) and keeps it reachable.
 *
 * <p>Safe to read from many threads; concurrent writes to one tensor are the caller's to order.
 */
public final class Tensor implements AutoCloseable {
    static {
        TensorAccess.register(new TensorAccess.Accessor() {
            @Override
            public FloatPointer acquire(Tensor tensor) {
                return tensor.handle.acquire();
            }

            @Override
            public void release(Tensor tensor) {
                tensor.handle.release();
            }

            @Override
            public FloatBuffer view(Tensor tensor) {
                return tensor.view;
            }
        });
    }

    private final Shape shape;
    private final NativeHandle<FloatPointer> handle;
    /** Java's view of the same memory, for bulk copies; never handed out. */
    private final FloatBuffer view;
    /** Keeps a wrapped user buffer reachable as long as this tensor is. */
    @SuppressWarnings("unused")
    private final FloatBuffer wrapped;

    private Tensor(Shape shape, NativeHandle<FloatPointer> handle, FloatBuffer view, FloatBuffer wrapped) {
        this.shape = shape;
        this.handle = handle;
        this.view = view;
        this.wrapped = wrapped;
    }

    /** A zero-filled tensor (the native allocator zeroes it). */
    public static Tensor zeros(Shape shape) {
        requireNonNull(shape, "shape");
        CorennNative.load();
        long bytes = (long) shape.size() * Float.BYTES;
        Pointer raw = CorennNative.corenn_aligned_alloc(bytes);
        if (raw == null || raw.isNull()) {
            Status.check(CorennNative.CORENN_OUT_OF_MEMORY);
            throw new CorennException("cannot allocate " + bytes + " bytes for tensor " + shape);
        }
        FloatPointer pointer = new FloatPointer(raw).capacity(shape.size());
        FloatBuffer view = pointer.asBuffer();
        NativeHandle<FloatPointer> handle = new NativeHandle<>(pointer, CorennNative::corenn_aligned_free,
                "tensor " + shape);
        Tensor tensor = new Tensor(shape, handle, view, null);
        handle.cleanWhenUnreachable(tensor);
        return tensor;
    }

    public static Tensor zeros(int... dims) {
        return zeros(Shape.of(dims));
    }

    /** A new tensor holding a copy of {@code data}, which must have exactly {@code shape.size()} values. */
    public static Tensor of(float[] data, Shape shape) {
        requireNonNull(data, "data");
        requireNonNull(shape, "shape");
        if (data.length != shape.size()) {
            throw new IllegalArgumentException("tensor: data has " + data.length + " values but shape " + shape
                    + " needs " + shape.size());
        }
        Tensor tensor = zeros(shape);
        tensor.view.put(0, data);
        return tensor;
    }

    public static Tensor of(float[] data, int... dims) {
        return of(data, Shape.of(dims));
    }

    /**
     * A tensor over a direct, writable, native-order buffer without copying: it reads and writes the
     * {@code shape.size()} floats from the buffer's position on.
     */
    public static Tensor wrap(FloatBuffer buffer, Shape shape) {
        requireNonNull(buffer, "buffer");
        requireNonNull(shape, "shape");
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("tensor: buffer must be direct (use Tensor.of to copy a heap buffer)");
        }
        if (buffer.isReadOnly()) {
            throw new IllegalArgumentException("tensor: buffer must be writable");
        }
        if (buffer.order() != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException("tensor: buffer must be in native byte order " + ByteOrder.nativeOrder()
                    + ", got " + buffer.order());
        }
        if (buffer.remaining() < shape.size()) {
            throw new IllegalArgumentException("tensor: buffer has " + buffer.remaining() + " floats remaining but shape "
                    + shape + " needs " + shape.size());
        }
        CorennNative.load();
        FloatBuffer slice = buffer.slice().limit(shape.size());
        FloatPointer pointer = new FloatPointer(slice).capacity(shape.size());
        NativeHandle<FloatPointer> handle = new NativeHandle<>(pointer, p -> { }, "tensor " + shape);
        return new Tensor(shape, handle, slice, buffer);
    }

    public Shape shape() {
        return shape;
    }

    public int size() {
        return shape.size();
    }

    /** The value at a flat (C-order) index. */
    public float getFlat(int index) {
        checkIndex(index);
        handle.acquire();
        try {
            return view.get(index);
        } finally {
            handle.release();
        }
    }

    public void setFlat(int index, float value) {
        checkIndex(index);
        handle.acquire();
        try {
            view.put(index, value);
        } finally {
            handle.release();
        }
    }

    /** The value at a full multi-dimensional index. */
    public float get(int... index) {
        return getFlat(flatIndex(index));
    }

    public void set(float value, int... index) {
        setFlat(flatIndex(index), value);
    }

    /** A copy of all values in C order. */
    public float[] toArray() {
        float[] out = new float[shape.size()];
        copyTo(out);
        return out;
    }

    public void copyTo(float[] destination) {
        requireNonNull(destination, "destination");
        requireLength(destination.length, "destination");
        handle.acquire();
        try {
            view.get(0, destination);
        } finally {
            handle.release();
        }
    }

    public void copyFrom(float[] source) {
        requireNonNull(source, "source");
        requireLength(source.length, "source");
        handle.acquire();
        try {
            view.put(0, source);
        } finally {
            handle.release();
        }
    }

    /** Copies {@code source}'s values into this tensor; both must have the same number of elements. */
    public void copyFrom(Tensor source) {
        requireNonNull(source, "source");
        requireLength(source.size(), "source tensor");
        source.handle.acquire();
        handle.acquire();
        try {
            view.put(0, source.view, 0, shape.size());
        } finally {
            handle.release();
            source.handle.release();
        }
    }

    public boolean isClosed() {
        return handle.isClosed();
    }

    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return "Tensor" + shape + (isClosed() ? " (closed)" : "");
    }

    private int flatIndex(int[] index) {
        requireNonNull(index, "index");
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("tensor: index has " + index.length + " coordinates, shape " + shape
                    + " needs " + shape.rank());
        }
        int flat = 0;
        for (int axis = 0; axis < index.length; axis++) {
            int dim = shape.dim(axis);
            if (index[axis] < 0 || index[axis] >= dim) {
                throw new IndexOutOfBoundsException("tensor: index " + index[axis] + " on axis " + axis
                        + " is outside [0, " + dim + ") for shape " + shape);
            }
            flat = flat * dim + index[axis];
        }
        return flat;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= shape.size()) {
            throw new IndexOutOfBoundsException("tensor: flat index " + index + " is outside [0, " + shape.size()
                    + ") for shape " + shape);
        }
    }

    private void requireLength(int length, String what) {
        if (length != shape.size()) {
            throw new IllegalArgumentException("tensor: " + what + " has " + length + " values, tensor " + shape
                    + " has " + shape.size());
        }
    }

    private static void requireNonNull(Object value, String name) {
        if (value == null) {
            throw new NullPointerException("tensor: " + name + " must not be null");
        }
    }
}
