package org.corenn.internal;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import org.bytedeco.javacpp.Pointer;

/**
 * Reference-counted ownership of one native object. The owner holds one reference; every native call
 * holds another for its duration ({@link #acquire()} / {@link #release()}). {@link #close()} drops the
 * owner's reference, so closing while another thread is still inside a call defers the free until
 * that call returns: no use-after-free, whatever the interleaving. A second close is harmless.
 *
 * <p>The handle never references its owner, so it can also be the action of the shared
 * {@link Cleaner} that frees what a user forgot to close.
 */
public final class NativeHandle<P extends Pointer> implements Runnable {
    /** One daemon thread for the whole library. */
    public static final Cleaner CLEANER = Cleaner.create();

    private final P pointer;
    private final Consumer<P> free;
    private final String description;
    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param description names the object in "is closed" messages, e.g. "tensor [2, 3]" */
    public NativeHandle(P pointer, Consumer<P> free, String description) {
        this.pointer = pointer;
        this.free = free;
        this.description = description;
    }

    /** Registers this handle to be closed when {@code owner} becomes unreachable. */
    public NativeHandle<P> cleanWhenUnreachable(Object owner) {
        CLEANER.register(owner, this);
        return this;
    }

    /** Takes a reference for the duration of a call; throws if the object is already closed. */
    public P acquire() {
        while (true) {
            int count = references.get();
            if (count == 0 || closed.get()) {
                throw new IllegalStateException(description + " is closed");
            }
            if (references.compareAndSet(count, count + 1)) {
                return pointer;
            }
        }
    }

    /** {@code query(pointer)} under a reference, for one-call reads such as a kernel name or a size. */
    public <R> R query(Function<P, R> query) {
        P p = acquire();
        try {
            return query.apply(p);
        } finally {
            release();
        }
    }

    public void release() {
        if (references.decrementAndGet() == 0) {
            free.accept(pointer);
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Drops the owner's reference; the object is freed now or when the last call releases it. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release();
        }
    }

    /** The Cleaner action. */
    @Override
    public void run() {
        close();
    }

    public String description() {
        return description;
    }
}
