package org.corenn.ops;

import java.util.concurrent.atomic.AtomicBoolean;

import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.corenn.internal.CorennNative;
import org.corenn.internal.NativeHandle;
import org.corenn.internal.Status;
import org.corenn.runtime.CorennException;

/**
 * Scratch memory for op calls, allocated once and reused so that a hot loop allocates no native memory: ask the
 * op how much a call needs ({@code workspaceBytes(...)}), allocate a workspace that large (or larger)
 * and pass it to each {@code run}. Keep one per thread: a workspace serves one call at a time, and a
 * second call that tries to use it concurrently gets an {@link IllegalStateException} instead of a
 * data race.
 *
 * <p>64-byte aligned native memory; {@code AutoCloseable}, a second close is harmless, use after
 * close throws {@link IllegalStateException}, and a shared {@code Cleaner} frees a forgotten one.
 */
public final class Workspace implements AutoCloseable {
    /** The smallest block allocated, so that "0 bytes needed" still gets a valid pointer. */
    private static final long MIN_BYTES = 64;

    private final long bytes;
    private final NativeHandle<Pointer> handle;
    private final AtomicBoolean inUse = new AtomicBoolean();
    /** Pointer array some calls pass (RNN states): grown on demand, freed by JavaCPP with this object. */
    private PointerPointer<Pointer> pointers;

    private Workspace(long bytes, NativeHandle<Pointer> handle) {
        this.bytes = bytes;
        this.handle = handle;
    }

    /** A workspace of at least {@code bytes} bytes ({@code >= 0}). */
    public static Workspace allocate(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("workspace: bytes must be >= 0, got " + bytes);
        }
        CorennNative.load();
        long size = Math.max(bytes, MIN_BYTES);
        Pointer raw = CorennNative.corenn_aligned_alloc(size);
        if (raw == null || raw.isNull()) {
            Status.check(CorennNative.CORENN_OUT_OF_MEMORY);
            throw new CorennException("cannot allocate a workspace of " + size + " bytes");
        }
        Workspace ws = new Workspace(size, new NativeHandle<>(raw, CorennNative::corenn_aligned_free,
                "workspace of " + size + " bytes"));
        ws.handle.cleanWhenUnreachable(ws);
        return ws;
    }

    /** Usable size in bytes. */
    public long bytes() {
        return bytes;
    }

    public boolean isClosed() {
        return handle.isClosed();
    }

    /** Frees the memory; a call still using it finishes first. Idempotent. */
    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return "Workspace[" + bytes + " bytes" + (isClosed() ? ", closed" : "") + "]";
    }

    /**
     * Takes the workspace for one call of {@code op} needing {@code need} bytes. Pair with
     * {@link #release()} in a finally block.
     */
    Pointer acquire(String op, long need) {
        if (isClosed()) {
            throw new IllegalStateException(op + ": " + this + " is closed");
        }
        if (need > bytes) {
            throw new IllegalArgumentException(op + ": workspace has " + bytes + " bytes, this call needs " + need
                    + " (see workspaceBytes)");
        }
        if (!inUse.compareAndSet(false, true)) {
            throw new IllegalStateException(op + ": " + this + " is in use by another call (use one per thread)");
        }
        try {
            return handle.acquire();
        } catch (RuntimeException e) {
            inUse.set(false);
            throw e;
        }
    }

    void release() {
        handle.release();
        inUse.set(false);
    }

    /** An array of at least {@code count} pointer slots; valid while this workspace is acquired. */
    PointerPointer<Pointer> pointers(int count) {
        if (pointers == null || pointers.capacity() < count) {
            if (pointers != null) {
                pointers.close();
            }
            pointers = new PointerPointer<>(Math.max(count, 8));
        }
        return pointers;
    }
}
