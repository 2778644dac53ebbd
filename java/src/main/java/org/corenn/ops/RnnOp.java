package org.corenn.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.corenn.internal.CorennNative;
import org.corenn.internal.NativeHandle;
import org.corenn.internal.RnnNative;
import org.corenn.internal.RnnNative.corenn_rnn;
import org.corenn.internal.RnnNative.corenn_rnn_desc;
import org.corenn.internal.RnnNative.corenn_rnn_state;
import org.corenn.internal.Status;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * A whole LSTM / GRU / RNN stack ({@link RnnParams}) with {@code torch.nn}'s semantics, run over a
 * whole sequence in one native call, or stepped frame by frame through {@link RnnStream}s.
 *
 * <p>Sizes: H = hidden, P = projSize or H, D = 2 if bidirectional, L = layers. Tensors: x
 * {@code [T, B, input]}, y {@code [T, B, D*P]} (with batch-first both {@code [B, T, ...]}), h0 / h_n
 * {@code [L*D, B, P]}, c0 / c_n {@code [L*D, B, H]} (LSTM only). Per-element {@code lengths} give
 * packed-sequence results: y is zero past an element's length and its final state is the one at its
 * last valid step (the reverse direction starts there).
 *
 * <p>The weights are copied and prepacked once; the op is immutable and may be run from many threads
 * at once. With a reused {@link Workspace} a run allocates no native memory.
 */
public final class RnnOp implements AutoCloseable {
    private static final String OP = "rnn";

    private final RnnParams params;
    private final Options options;
    private final NativeHandle<corenn_rnn> handle;

    private RnnOp(RnnParams params, Options options, NativeHandle<corenn_rnn> handle) {
        this.params = params;
        this.options = options;
        this.handle = handle;
    }

    /** From weights by {@code state_dict} name ({@code weight_ih_l0}, {@code bias_hh_l1_reverse}, ...). */
    public static RnnOp create(RnnParams params, Map<String, float[]> stateDict, Options options) {
        NativeArgs.requireNonNull(params, OP, "params");
        return build(params, RnnWeights.fromStateDict(params, stateDict), options);
    }

    /** From weights in PyTorch's flat-weights order (see {@link RnnParams#weightShapes()}). */
    public static RnnOp create(RnnParams params, List<float[]> flatWeights, Options options) {
        NativeArgs.requireNonNull(params, OP, "params");
        return build(params, RnnWeights.fromFlatList(params, flatWeights), options);
    }

    private static RnnOp build(RnnParams params, List<float[]> weights, Options options) {
        NativeArgs.requireNonNull(options, OP, "options");
        CorennNative.load();
        corenn_rnn_desc desc = new corenn_rnn_desc().cell(params.cell().ordinal()).input_size(params.inputSize())
                .hidden_size(params.hiddenSize()).num_layers(params.numLayers())
                .bidirectional(params.bidirectional() ? 1 : 0).has_bias(params.bias() ? 1 : 0)
                .proj_size(params.projSize())
                .flags((params.batchFirst() ? RnnNative.CORENN_RNN_BATCH_FIRST : 0)
                        | (params.inputForget() ? RnnNative.CORENN_RNN_LSTM_INPUT_FORGET : 0))
                .clip(0f).has_peepholes(params.peepholes() ? 1 : 0);
        List<FloatPointer> arrays = new ArrayList<>(weights.size());
        corenn_rnn op = new corenn_rnn();
        try {
            for (float[] w : weights) {
                arrays.add(new FloatPointer(w));
            }
            try (PointerPointer<FloatPointer> pointers = new PointerPointer<>(arrays.toArray(new FloatPointer[0]))) {
                Status.check(RnnNative.corenn_rnn_create(desc, pointers, options.isa().code(), op));
            }
        } finally {
            arrays.forEach(FloatPointer::close);
        }
        RnnOp rnn = new RnnOp(params, options,
                new NativeHandle<>(op, RnnNative::corenn_rnn_destroy, params.toString()));
        rnn.handle.cleanWhenUnreachable(rnn);
        return rnn;
    }

    public RnnParams params() {
        return params;
    }

    Options options() {
        return options;
    }

    NativeHandle<corenn_rnn> handle() {
        return handle;
    }

    /** The kernels a batch of this size runs on. */
    public String kernel(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException(OP + ": batch must be >= 1, got " + batch);
        }
        return handle.query(op -> RnnNative.corenn_rnn_kernel(op, batch));
    }

    /** y's shape for this x. */
    public Shape outputShape(Shape x) {
        int[] tb = seqAndBatch(x);
        int features = params.directions() * params.outputHidden();
        return params.batchFirst() ? Shape.of(tb[1], tb[0], features) : Shape.of(tb[0], tb[1], features);
    }

    /** {@code [L*D, batch, P]}: h0 and h_n. */
    public Shape hiddenShape(int batch) {
        return Shape.of(params.numLayers() * params.directions(), batch, params.outputHidden());
    }

    /** {@code [L*D, batch, H]}: c0 and c_n (LSTM only). */
    public Shape cellShape(int batch) {
        return Shape.of(params.numLayers() * params.directions(), batch, params.hiddenSize());
    }

    /** Scratch bytes a whole-sequence run of this length and batch needs (see {@link Workspace}). */
    public long workspaceBytes(int seqLen, int batch) {
        requireSequence(seqLen, batch, OP);
        return handle.query(op -> RnnNative.corenn_rnn_workspace_size(op, seqLen, batch));
    }

    /** The whole sequence from zero states into new tensors. */
    public RnnResult apply(Tensor x) {
        return apply(x, null, null, null);
    }

    /**
     * The whole sequence into new tensors.
     *
     * @param lengths per batch element, each in {@code [0, T]}, or null (all T)
     * @param h0 initial h, or null (zeros)
     * @param c0 initial c (LSTM only), or null (zeros)
     */
    public RnnResult apply(Tensor x, int[] lengths, Tensor h0, Tensor c0) {
        NativeArgs.requireNonNull(x, OP, "x");
        int batch = seqAndBatch(x.shape())[1];
        boolean lstm = params.cell() == RnnParams.Cell.LSTM;
        List<Tensor> made = new ArrayList<>(3);
        try {
            Tensor y = track(made, Tensor.zeros(outputShape(x.shape())));
            Tensor hN = track(made, Tensor.zeros(hiddenShape(batch)));
            Tensor cN = lstm ? track(made, Tensor.zeros(cellShape(batch))) : null;
            run(x, lengths, h0, c0, y, hN, cN);
            return new RnnResult(y, hN, cN);
        } catch (RuntimeException e) {
            made.forEach(Tensor::close);
            throw e;
        }
    }

    private static Tensor track(List<Tensor> made, Tensor t) {
        made.add(t);
        return t;
    }

    /** The whole sequence into caller tensors; allocates the scratch for this call. */
    public void run(Tensor x, int[] lengths, Tensor h0, Tensor c0, Tensor y, Tensor hN, Tensor cN) {
        NativeArgs.requireNonNull(x, OP, "x");
        int[] tb = seqAndBatch(x.shape());
        try (Workspace ws = Workspace.allocate(workspaceBytes(tb[0], tb[1]))) {
            run(x, lengths, h0, c0, y, hN, cN, ws);
        }
    }

    /**
     * The whole sequence into caller tensors, with scratch from {@code workspace}: no native allocation.
     * {@code h0, c0, hN, cN} and {@code lengths} may be null; {@code c0, cN} must be null unless LSTM.
     */
    public void run(Tensor x, int[] lengths, Tensor h0, Tensor c0, Tensor y, Tensor hN, Tensor cN,
            Workspace workspace) {
        NativeArgs.requireNonNull(x, OP, "x");
        NativeArgs.requireOpen(x, OP, "x");
        int[] tb = seqAndBatch(x.shape());
        int seq = tb[0];
        int batch = tb[1];
        Shape out = outputShape(x.shape());
        NativeArgs.requireShape(y, out, OP, "y", out.toString());
        optionalState(h0, "h0", hiddenShape(batch), true);
        optionalState(hN, "hN", hiddenShape(batch), true);
        boolean lstm = params.cell() == RnnParams.Cell.LSTM;
        optionalState(c0, "c0", cellShape(batch), lstm);
        optionalState(cN, "cN", cellShape(batch), lstm);
        if (y == x || (hN != null && (hN == x || hN == y || hN == h0)) || (cN != null && (cN == x || cN == y
                || cN == c0 || cN == hN))) {
            throw new IllegalArgumentException(OP + ": outputs y, hN and cN must be distinct tensors, not inputs");
        }
        checkLengths(lengths, seq, batch);
        NativeArgs.requireNonNull(workspace, OP, "workspace");
        corenn_rnn op = handle.acquire();
        try {
            Pointer ws = workspace.acquire(OP, RnnNative.corenn_rnn_workspace_size(op, seq, batch));
            try (NativeArgs.Pinned p = new NativeArgs.Pinned(x, h0, c0, y, hN, cN)) {
                Status.check(RnnNative.corenn_rnn_run(op, seq, batch, p.get(0), lengths, p.get(1), p.get(2),
                        p.get(3), p.get(4), p.get(5), ws, options.threads()));
            } finally {
                workspace.release();
            }
        } finally {
            handle.release();
        }
    }

    /**
     * A new stream: one sequence's h (and c) for every layer, starting at zeros, stepped by
     * {@link RnnStream#step}. Unidirectional ops only. Scratch for one step is allocated now.
     */
    public RnnStream newStream() {
        return newStream(1);
    }

    /** A new stream whose scratch covers steps of up to {@code maxSteps} frames without reallocating. */
    public RnnStream newStream(int maxSteps) {
        if (params.bidirectional()) {
            throw new UnsupportedOperationException(OP + ": streaming needs a unidirectional rnn, " + params
                    + " is bidirectional");
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException(OP + ": maxSteps must be >= 1, got " + maxSteps);
        }
        return RnnStream.open(this, maxSteps);
    }

    /** Scratch bytes {@link #step(List, Tensor, Tensor, Workspace)} needs for this many steps and streams. */
    public long stepWorkspaceBytes(int steps, int streams) {
        requireSequence(steps, streams, "rnn_step");
        return handle.query(op -> RnnNative.corenn_rnn_step_workspace_size(op, steps, streams));
    }

    /** Steps many streams together as one batch; allocates the scratch for this call. */
    public void step(List<RnnStream> streams, Tensor x, Tensor y) {
        NativeArgs.requireNonNull(streams, "rnn_step", "streams");
        NativeArgs.requireNonNull(x, "rnn_step", "x");
        int steps = x.shape().rank() == 3 ? x.shape().dim(0) : 0;
        try (Workspace ws = Workspace.allocate(stepWorkspaceBytes(steps, streams.size()))) {
            step(streams, x, y, ws);
        }
    }

    /**
     * Advances {@code streams} (distinct, made by this op) by k steps as one batch: x
     * {@code [k, streams, input]}, y {@code [k, streams, P]} or null, time-major whatever
     * {@code batchFirst} says. Equal, bit for bit, to a whole-sequence run of that batch from the
     * streams' states. No native allocation once {@code workspace} has held this many streams.
     */
    public void step(List<RnnStream> streams, Tensor x, Tensor y, Workspace workspace) {
        String op = "rnn_step";
        NativeArgs.requireNonNull(streams, op, "streams");
        int count = streams.size();
        if (count < 1) {
            throw new IllegalArgumentException(op + ": streams must not be empty");
        }
        for (int i = 0; i < count; i++) {
            RnnStream s = streams.get(i);
            if (s == null) {
                throw new NullPointerException(op + ": streams[" + i + "] must not be null");
            }
            if (s.rnn() != this) {
                throw new IllegalArgumentException(op + ": streams[" + i + "] was made by another RnnOp");
            }
        }
        int steps = checkStepTensors(op, x, y, count);
        NativeArgs.requireNonNull(workspace, op, "workspace");
        int entered = 0;
        int pinned = 0;
        try {
            for (; entered < count; entered++) {
                streams.get(entered).enter(op, streams, entered);
            }
            corenn_rnn rnn = handle.acquire();
            try {
                Pointer ws = workspace.acquire(op, RnnNative.corenn_rnn_step_workspace_size(rnn, steps, count));
                try {
                    @SuppressWarnings({"unchecked", "rawtypes"})
                    PointerPointer<corenn_rnn_state> states = (PointerPointer) workspace.pointers(count);
                    for (; pinned < count; pinned++) {
                        states.put(pinned, streams.get(pinned).acquireState(op, streams, pinned));
                    }
                    try (NativeArgs.Pinned p = new NativeArgs.Pinned(x, y)) {
                        Status.check(RnnNative.corenn_rnn_step(rnn, states, count, steps, p.get(0), p.get(1), ws,
                                options.threads()));
                    }
                } finally {
                    for (int i = 0; i < pinned; i++) {
                        streams.get(i).releaseState();
                    }
                    workspace.release();
                }
            } finally {
                handle.release();
            }
        } finally {
            for (int i = 0; i < entered; i++) {
                streams.get(i).exit();
            }
        }
    }

    /** Checks x {@code [k, streams, input]} and y (null or {@code [k, streams, P]}); returns k. */
    int checkStepTensors(String op, Tensor x, Tensor y, int streams) {
        NativeArgs.requireNonNull(x, op, "x");
        NativeArgs.requireOpen(x, op, "x");
        Shape s = x.shape();
        if (s.rank() != 3 || s.dim(1) != streams || s.dim(2) != params.inputSize()) {
            throw new IllegalArgumentException(op + ": x must have shape [steps, " + streams + ", "
                    + params.inputSize() + "], got " + s);
        }
        if (y != null) {
            Shape want = Shape.of(s.dim(0), streams, params.outputHidden());
            NativeArgs.requireShape(y, want, op, "y", want.toString());
            if (y == x) {
                throw new IllegalArgumentException(op + ": y must not be the same tensor as x");
            }
        }
        return s.dim(0);
    }

    public boolean isClosed() {
        return handle.isClosed();
    }

    /**
     * Frees the native op once no call is running and no stream made by it is open (each stream holds
     * a reference). Idempotent; later calls throw {@link IllegalStateException}.
     */
    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return "RnnOp[" + params + "]";
    }

    /** {seq, batch} of x, checked against the layout and input size. */
    private int[] seqAndBatch(Shape x) {
        NativeArgs.requireNonNull(x, OP, "x shape");
        String layout = params.batchFirst() ? "[batch, seq, " + params.inputSize() + "]"
                : "[seq, batch, " + params.inputSize() + "]";
        if (x.rank() != 3 || x.dim(2) != params.inputSize()) {
            throw new IllegalArgumentException(OP + ": x must have shape " + layout + ", got " + x);
        }
        int[] tb = params.batchFirst() ? new int[] {x.dim(1), x.dim(0)} : new int[] {x.dim(0), x.dim(1)};
        requireSequence(tb[0], tb[1], OP);
        return tb;
    }

    private static void requireSequence(int seq, int batch, String op) {
        if (seq < 0 || batch < 0 || (long) seq * batch > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": seq and batch must be >= 0 with seq * batch < 2^31, got " + seq
                    + " x " + batch);
        }
    }

    private void optionalState(Tensor t, String name, Shape want, boolean allowed) {
        if (t == null) {
            return;
        }
        if (!allowed) {
            throw new IllegalArgumentException(OP + ": " + name + " must be null for " + params.cell()
                    + " (only an LSTM has a cell state)");
        }
        NativeArgs.requireShape(t, want, OP, name, want.toString());
    }

    private static void checkLengths(int[] lengths, int seq, int batch) {
        if (lengths == null) {
            return;
        }
        if (lengths.length != batch) {
            throw new IllegalArgumentException(OP + ": lengths must have batch = " + batch + " values, got "
                    + lengths.length);
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 0 || lengths[b] > seq) {
                throw new IllegalArgumentException(OP + ": lengths[" + b + "] must be in [0, seq=" + seq + "], got "
                        + lengths[b]);
            }
        }
    }
}
