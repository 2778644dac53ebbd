package org.corenn.ops;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.corenn.internal.NativeHandle;
import org.corenn.internal.RnnNative;
import org.corenn.internal.RnnNative.corenn_rnn;
import org.corenn.internal.RnnNative.corenn_rnn_state;
import org.corenn.internal.Status;
import org.corenn.internal.TensorAccess;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * One stream's recurrent state for an {@link RnnOp}: h {@code [L, P]} (and c {@code [L, H]} for an
 * LSTM) of every layer, starting at zeros. {@link #step} feeds frames as they arrive; k steps
 * in one call or k calls of one step give, bit for bit, what a whole-sequence run from the same state
 * gives. After construction a step allocates nothing (the scratch is owned here and grows only for a
 * k larger than any before). {@link RnnOp#step(List, Tensor, Tensor, Workspace)} steps many streams
 * as one batch.
 *
 * <p>A stream is used by one call at a time: a concurrent call on the same stream throws
 * {@link IllegalStateException} rather than corrupting the state. It keeps its op's native object alive
 * until it is closed. {@code AutoCloseable}; a second close is harmless; use after close throws.
 */
public final class RnnStream implements AutoCloseable {
    private static final String OP = "rnn_stream";

    private final RnnOp rnn;
    private final NativeHandle<corenn_rnn_state> handle;
    private final AtomicBoolean busy = new AtomicBoolean();
    /** This stream's own state pointer as the array corenn_rnn_step takes. */
    private final PointerPointer<corenn_rnn_state> self;
    private final int hiddenFloats;
    private final int cellFloats;
    /** Scratch for single-stream steps; replaced only when a call needs more. Guarded by {@link #busy}. */
    private Workspace workspace;

    private RnnStream(RnnOp rnn, NativeHandle<corenn_rnn_state> handle, corenn_rnn_state state, Workspace workspace) {
        this.rnn = rnn;
        this.handle = handle;
        this.self = new PointerPointer<corenn_rnn_state>(1).put(0, state);
        this.workspace = workspace;
        RnnParams p = rnn.params();
        this.hiddenFloats = p.numLayers() * p.outputHidden();
        this.cellFloats = p.cell() == RnnParams.Cell.LSTM ? p.numLayers() * p.hiddenSize() : 0;
    }

    /** Creates the native state, holding a reference on the op's native object until freed. */
    static RnnStream open(RnnOp rnn, int maxSteps) {
        NativeHandle<corenn_rnn> opHandle = rnn.handle();
        corenn_rnn op = opHandle.acquire();
        corenn_rnn_state state = new corenn_rnn_state();
        Workspace ws = null;
        try {
            Status.check(RnnNative.corenn_rnn_state_create(op, state));
            ws = Workspace.allocate(RnnNative.corenn_rnn_step_workspace_size(op, maxSteps, 1));
        } catch (RuntimeException e) {
            if (!state.isNull()) {
                RnnNative.corenn_rnn_state_destroy(state);
            }
            opHandle.release();
            throw e;
        }
        NativeHandle<corenn_rnn_state> handle = new NativeHandle<>(state, s -> {
            RnnNative.corenn_rnn_state_destroy(s);
            opHandle.release();
        }, "rnn stream of " + rnn.params());
        RnnStream stream = new RnnStream(rnn, handle, state, ws);
        handle.cleanWhenUnreachable(stream);
        return stream;
    }

    /** The op this stream belongs to. */
    public RnnOp rnn() {
        return rnn;
    }

    /** {@code [L, P]}: the shape of {@link #hidden()}. */
    public Shape hiddenShape() {
        return Shape.of(rnn.params().numLayers(), rnn.params().outputHidden());
    }

    /** {@code [L, H]}: the shape of {@link #cell()} (LSTM only; otherwise the state has no c). */
    public Shape cellShape() {
        return Shape.of(rnn.params().numLayers(), rnn.params().hiddenSize());
    }

    /**
     * Advances this stream by k steps: x {@code [k, input]}, y {@code [k, P]} (the last layer's h at each
     * step) or null if not wanted.
     */
    public void step(Tensor x, Tensor y) {
        NativeArgs.requireNonNull(x, OP, "x");
        NativeArgs.requireOpen(x, OP, "x");
        RnnParams p = rnn.params();
        Shape s = x.shape();
        if (s.rank() != 2 || s.dim(1) != p.inputSize()) {
            throw new IllegalArgumentException(OP + ": x must have shape [steps, " + p.inputSize() + "], got " + s);
        }
        int steps = s.dim(0);
        if (y != null) {
            NativeArgs.requireOpen(y, OP, "y");
            Shape ys = y.shape();
            if (ys.rank() != 2 || ys.dim(0) != steps || ys.dim(1) != p.outputHidden()) {
                throw new IllegalArgumentException(OP + ": y must have shape [" + steps + ", " + p.outputHidden()
                        + "], got " + ys);
            }
            if (y == x) {
                throw new IllegalArgumentException(OP + ": y must not be the same tensor as x");
            }
        }
        enter(OP, null, 0);
        try {
            NativeHandle<corenn_rnn> opHandle = rnn.handle();
            corenn_rnn op = opHandle.acquire();
            try {
                acquireState(OP, null, 0);
                try {
                    long need = RnnNative.corenn_rnn_step_workspace_size(op, steps, 1);
                    if (need > workspace.bytes()) {
                        workspace.close();
                        workspace = Workspace.allocate(need);
                    }
                    stepOnce(op, steps, x, y, workspace.acquire(OP, need));
                } finally {
                    releaseState();
                }
            } finally {
                opHandle.release();
            }
        } finally {
            exit();
        }
    }

    private void stepOnce(corenn_rnn op, int steps, Tensor x, Tensor y, Pointer ws) {
        try {
            FloatPointer xp = TensorAccess.acquire(x);
            try {
                FloatPointer yp = y == null ? null : TensorAccess.acquire(y);
                try {
                    Status.check(RnnNative.corenn_rnn_step(op, self, 1, steps, xp, yp, ws, rnn.options().threads()));
                } finally {
                    if (y != null) {
                        TensorAccess.release(y);
                    }
                }
            } finally {
                TensorAccess.release(x);
            }
        } finally {
            workspace.release();
        }
    }

    /** Back to zeros. */
    public void reset() {
        reset(null, null);
    }

    /**
     * Sets the state: h {@code [L*P]} and c {@code [L*H]} (LSTM) in {@link #hiddenShape()} /
     * {@link #cellShape()} order; a null array means zeros.
     */
    public void reset(float[] h, float[] c) {
        checkState(h, c);
        enter(OP, null, 0);
        try {
            corenn_rnn_state state = acquireState(OP, null, 0);
            try {
                Status.check(RnnNative.corenn_rnn_state_reset(state, h, c));
            } finally {
                releaseState();
            }
        } finally {
            exit();
        }
    }

    /** Copies the state into {@code h} {@code [L*P]} and {@code c} {@code [L*H]}; either may be null. */
    public void readState(float[] h, float[] c) {
        checkState(h, c);
        enter(OP, null, 0);
        try {
            corenn_rnn_state state = acquireState(OP, null, 0);
            try {
                Status.check(RnnNative.corenn_rnn_state_read(state, h, c));
            } finally {
                releaseState();
            }
        } finally {
            exit();
        }
    }

    /** A copy of h, {@link #hiddenShape()} in C order. */
    public float[] hidden() {
        float[] h = new float[hiddenFloats];
        readState(h, null);
        return h;
    }

    /** A copy of c, {@link #cellShape()} in C order; an empty array unless LSTM. */
    public float[] cell() {
        float[] c = new float[cellFloats];
        readState(null, cellFloats == 0 ? null : c);
        return c;
    }

    public boolean isClosed() {
        return handle.isClosed();
    }

    /** Frees the state (after a call still using it) and drops the reference on the op. Idempotent. */
    @Override
    public void close() {
        handle.close();
        closeWorkspaceIfIdle();
    }

    /** Frees the scratch unless a call holds it; that call's {@link #exit()} then frees it. */
    private void closeWorkspaceIfIdle() {
        if (busy.compareAndSet(false, true)) {
            workspace.close();
            busy.set(false);
        }
    }

    @Override
    public String toString() {
        return "RnnStream[" + rnn.params() + (isClosed() ? ", closed" : "") + "]";
    }

    private void checkState(float[] h, float[] c) {
        if (h != null && h.length != hiddenFloats) {
            throw new IllegalArgumentException(OP + ": h must have " + hiddenShape() + " = " + hiddenFloats
                    + " values, got " + h.length);
        }
        if (c != null && cellFloats == 0) {
            throw new IllegalArgumentException(OP + ": c must be null for " + rnn.params().cell()
                    + " (only an LSTM has a cell state)");
        }
        if (c != null && c.length != cellFloats) {
            throw new IllegalArgumentException(OP + ": c must have " + cellShape() + " = " + cellFloats
                    + " values, got " + c.length);
        }
    }

    /**
     * Marks this stream busy for one call. {@code batch} and {@code index} name its place in a batch step
     * (null for a single-stream call) so that a repeated stream is reported as such.
     */
    void enter(String op, List<RnnStream> batch, int index) {
        if (busy.compareAndSet(false, true)) {
            return;
        }
        if (batch != null) {
            for (int j = 0; j < index; j++) {
                if (batch.get(j) == this) {
                    throw new IllegalArgumentException(op + ": streams must be distinct, streams[" + index
                            + "] repeats streams[" + j + "]");
                }
            }
        }
        throw new IllegalStateException(op + ": " + (batch == null ? "the stream" : "streams[" + index + "]")
                + " is in use by another call");
    }

    void exit() {
        busy.set(false);
        if (handle.isClosed()) {
            closeWorkspaceIfIdle();
        }
    }

    /** The native state for one call; throws if closed. Pair with {@link #releaseState()}. */
    corenn_rnn_state acquireState(String op, List<RnnStream> batch, int index) {
        try {
            return handle.acquire();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(op + ": " + (batch == null ? "the stream" : "streams[" + index + "]")
                    + " is closed", e);
        }
    }

    void releaseState() {
        handle.release();
    }
}
