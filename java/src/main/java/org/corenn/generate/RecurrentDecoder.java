package org.corenn.generate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.corenn.nn.Weights;
import org.corenn.ops.Activation;
import org.corenn.ops.DenseOp;
import org.corenn.ops.RnnOp;
import org.corenn.ops.RnnParams;
import org.corenn.ops.RnnStream;
import org.corenn.ops.Workspace;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * The usual autoregressive decoder, {@code Embedding → LSTM/GRU/RNN stack → Linear}, as a
 * {@link TokenDecoder}: each hypothesis is an {@link RnnStream}, and one {@link #step} advances all
 * of them as one batch in a single native call, then one dense call scores them. After construction
 * a step allocates nothing: inputs, outputs and scratch for every hypothesis count are set up here.
 *
 * <p>Not for concurrent use; make one per thread (they may share nothing but the weights' source).
 */
public final class RecurrentDecoder implements TokenDecoder, AutoCloseable {
    private final float[] embedding;
    private final int embeddingRows;
    private final int embeddingDim;
    private final RnnOp rnn;
    private final DenseOp head;
    private final List<List<RnnStream>> streamsByCount = new ArrayList<>();
    private final List<RnnStream> streams = new ArrayList<>();
    private final Workspace workspace;
    private final FloatBuffer x;
    private final FloatBuffer y;
    private final FloatBuffer logitsBuffer;
    private final Tensor[] xByCount;
    private final Tensor[] yByCount;
    private final Tensor[] rowsByCount;
    private final Tensor[] logitsByCount;
    private final float[][] hScratch;
    private final float[][] cScratch;
    private final float[] lastH;

    private RecurrentDecoder(float[] embedding, int rows, int dim, RnnOp rnn, DenseOp head, int capacity) {
        this.embedding = embedding;
        this.embeddingRows = rows;
        this.embeddingDim = dim;
        this.rnn = rnn;
        this.head = head;
        int p = rnn.params().outputHidden();
        int v = head.outFeatures();
        x = direct(capacity * dim);
        y = direct(capacity * p);
        logitsBuffer = direct(capacity * v);
        xByCount = new Tensor[capacity + 1];
        yByCount = new Tensor[capacity + 1];
        rowsByCount = new Tensor[capacity + 1];
        logitsByCount = new Tensor[capacity + 1];
        streamsByCount.add(List.of());
        for (int c = 1; c <= capacity; c++) {
            streams.add(rnn.newStream());
            streamsByCount.add(List.copyOf(streams));
            xByCount[c] = Tensor.wrap(x, Shape.of(1, c, dim));
            yByCount[c] = Tensor.wrap(y, Shape.of(1, c, p));
            rowsByCount[c] = Tensor.wrap(y, Shape.of(c, p));
            logitsByCount[c] = Tensor.wrap(logitsBuffer, Shape.of(c, v));
        }
        workspace = Workspace.allocate(rnn.stepWorkspaceBytes(1, capacity));
        RnnStream first = streams.get(0);
        hScratch = new float[capacity][first.hiddenShape().size()];
        cScratch = rnn.params().cell() == RnnParams.Cell.LSTM ? new float[capacity][first.cellShape().size()] : null;
        lastH = new float[first.hiddenShape().size()];
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * From a PyTorch state_dict: {@code <embedding>.weight [tokens, E]}, the unidirectional recurrent
     * stack's {@code <rnn>.weight_ih_l0} ... (layers, hidden size, proj_size and biases read from the
     * names and shapes), and {@code <head>.weight [V, P]} with optional {@code <head>.bias}.
     *
     * @param capacity the most hypotheses one step advances (the beam width, 1 for greedy/sampling)
     */
    public static RecurrentDecoder fromStateDict(Weights weights, RnnParams.Cell cell, String embedding, String rnn,
            String head, int capacity, Options options) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(options, "options");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        Weights.Entry table = require(weights, embedding + ".weight", 2);
        int rows = table.shape().dim(0);
        int dim = table.shape().dim(1);
        Map<String, float[]> stateDict = new HashMap<>();
        String prefix = rnn + ".";
        for (String name : weights.names()) {
            if (name.startsWith(prefix)) {
                if (name.endsWith("_reverse")) {
                    throw new IllegalArgumentException(name + ": a decoder steps forward only; a bidirectional "
                            + rnn + " cannot be one");
                }
                stateDict.put(name.substring(prefix.length()), weights.get(name).data());
            }
        }
        Weights.Entry hh = require(weights, prefix + "weight_hh_l0", 2);
        int hidden = hh.shape().dim(0) / cell.gates();
        int layers = 0;
        while (stateDict.containsKey("weight_ih_l" + layers)) {
            layers++;
        }
        Weights.Entry hr = weights.get(prefix + "weight_hr_l0");
        RnnParams params = RnnParams.of(cell, dim, hidden).numLayers(Math.max(layers, 1))
                .bias(stateDict.containsKey("bias_ih_l0")).projSize(hr == null ? 0 : hr.shape().dim(0));
        Weights.Entry fc = require(weights, head + ".weight", 2);
        if (fc.shape().dim(1) != params.outputHidden()) {
            throw new IllegalArgumentException(head + ".weight must be [vocabulary, " + params.outputHidden()
                    + "] to read the " + rnn + " output, got " + fc.shape());
        }
        Weights.Entry bias = weights.get(head + ".bias");
        RnnOp op = RnnOp.create(params, stateDict, options);
        DenseOp dense = null;
        try {
            dense = DenseOp.create(fc.data(), bias == null ? null : bias.data(), fc.shape().dim(1), fc.shape().dim(0),
                    Activation.IDENTITY, options);
            return new RecurrentDecoder(table.data(), rows, dim, op, dense, capacity);
        } catch (RuntimeException e) {
            op.close();
            if (dense != null) {
                dense.close();
            }
            throw e;
        }
    }

    private static Weights.Entry require(Weights weights, String name, int rank) {
        Weights.Entry e = weights.get(name);
        if (e == null) {
            throw new IllegalArgumentException("weights have no " + name);
        }
        if (e.shape().rank() != rank) {
            throw new IllegalArgumentException(name + " must have rank " + rank + ", got " + e.shape());
        }
        return e;
    }

    @Override
    public int vocabularySize() {
        return head.outFeatures();
    }

    @Override
    public int capacity() {
        return streams.size();
    }

    /** The recurrent stack (for its params and kernel names). */
    public RnnOp rnn() {
        return rnn;
    }

    /** The output layer. */
    public DenseOp head() {
        return head;
    }

    /** Hypothesis 0's state: h {@code [L*P]} and, for an LSTM, c {@code [L*H]}; null means zeros. */
    public void start(float[] h, float[] c) {
        streams.get(0).reset(h, c);
    }

    @Override
    public void step(int[] tokens, int count, float[] logits) {
        checkCount(count);
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(logits, "logits");
        int v = vocabularySize();
        if (tokens.length < count || logits.length < count * v) {
            throw new IllegalArgumentException("tokens must have >= " + count + " and logits >= " + count * v
                    + " entries, got " + tokens.length + " and " + logits.length);
        }
        for (int i = 0; i < count; i++) {
            x.put(i * embeddingDim, embedding, checkToken(tokens[i], "tokens[" + i + "]") * embeddingDim, embeddingDim);
        }
        rnn.step(streamsByCount.get(count), xByCount[count], yByCount[count], workspace);
        head.run(rowsByCount[count], logitsByCount[count]);
        logitsBuffer.get(0, logits, 0, count * v);
    }

    /** One native call for the whole prompt; the prompt's input tensor is the only allocation. */
    @Override
    public void prime(int[] prompt, float[] logits) {
        Objects.requireNonNull(prompt, "prompt");
        if (prompt.length == 0) {
            throw new IllegalArgumentException("prompt must have at least one token (e.g. the start token)");
        }
        float[] inputs = new float[prompt.length * embeddingDim];
        for (int t = 0; t < prompt.length; t++) {
            System.arraycopy(embedding, checkToken(prompt[t], "prompt[" + t + "]") * embeddingDim, inputs,
                    t * embeddingDim, embeddingDim);
        }
        RnnStream first = streams.get(0);
        try (Tensor xs = Tensor.of(inputs, prompt.length, embeddingDim)) {
            first.step(xs, null);
        }
        first.readState(lastH, null);   // every layer's h; the last layer's is the output
        int p = rnn.params().outputHidden();
        y.put(0, lastH, lastH.length - p, p);
        head.run(rowsByCount[1], logitsByCount[1]);
        logitsBuffer.get(0, logits, 0, vocabularySize());
    }

    @Override
    public void reorder(int[] sources, int count) {
        checkCount(count);
        Objects.requireNonNull(sources, "sources");
        boolean identity = true;
        for (int i = 0; i < count; i++) {
            if (sources[i] < 0 || sources[i] >= capacity()) {
                throw new IllegalArgumentException("sources[" + i + "] = " + sources[i] + " is not a hypothesis in [0, "
                        + capacity() + ")");
            }
            identity &= sources[i] == i;
        }
        if (identity) {
            return;
        }
        for (int i = 0; i < count; i++) {
            streams.get(sources[i]).readState(hScratch[i], cScratch == null ? null : cScratch[i]);
        }
        for (int i = 0; i < count; i++) {
            streams.get(i).reset(hScratch[i], cScratch == null ? null : cScratch[i]);
        }
    }

    private void checkCount(int count) {
        if (count < 1 || count > capacity()) {
            throw new IllegalArgumentException("count must be in [1, " + capacity() + "], got " + count);
        }
    }

    private int checkToken(int token, String what) {
        if (token < 0 || token >= embeddingRows) {
            throw new IllegalArgumentException(what + " = " + token + " is not a token id in [0, " + embeddingRows + ")");
        }
        return token;
    }

    @Override
    public void close() {
        streams.forEach(RnnStream::close);
        for (Tensor[] ts : new Tensor[][] {xByCount, yByCount, rowsByCount, logitsByCount}) {
            for (Tensor t : ts) {
                if (t != null) {
                    t.close();
                }
            }
        }
        workspace.close();
        head.close();
        rnn.close();
    }
}
