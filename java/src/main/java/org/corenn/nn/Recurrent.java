package org.corenn.nn;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.corenn.internal.RnnNative;
import org.corenn.internal.RnnNative.corenn_rnn;
import org.corenn.internal.RnnNative.corenn_rnn_desc;
import org.corenn.internal.Status;
import org.corenn.internal.exec.Frame;
import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.internal.exec.Steps;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * The common part of {@link Lstm}, {@link Gru} and {@link Rnn}: a whole stack of layers, uni- or
 * bidirectional, run over the whole sequence in one native call, with PyTorch's semantics and
 * state_dict names ({@code weight_ih_l0}, {@code weight_hh_l0_reverse}, {@code bias_ih_l1},
 * {@code weight_hr_l0}; ONNX peepholes {@code peephole_l0}). Inputs: {@code x [T, B, I]}
 * ({@code [B, T, I]} with batch-first), then with {@link #withLengths} the per-element lengths
 * {@code [B]}, then with {@link #withStates} optionally the initial states {@code h0 [L*D, B, P]} and
 * {@code c0 [L*D, B, H]}. Outputs: {@code y [T, B, D*P]} and, with {@link #withStates}, the final
 * {@code h_n} (and {@code c_n}).
 */
public abstract class Recurrent extends Layer {
    /** Everything that defines the stack. {@code flags} are {@code corenn_rnn_flag} bits. */
    record Spec(int cell, int hidden, int layers, boolean bidirectional, boolean batchFirst, boolean bias, int proj,
            boolean states, int flags, float clip, boolean peepholes, boolean lengths) {
        static Spec of(int cell, int hidden) {
            return new Spec(cell, hidden, 1, false, false, true, 0, false, 0, 0f, false, false);
        }

        Spec withFlag(int flag, boolean on) {
            return new Spec(cell, hidden, layers, bidirectional, batchFirst, bias, proj, states,
                    on ? flags | flag : flags & ~flag, clip, peepholes, lengths);
        }

        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    /** Matches the native {@code corenn_rnn_create} limit. */
    public static final int MAX_LAYERS = 1024;

    final Spec spec;

    Recurrent(Spec spec) {
        this.spec = spec;  // first: kind() in the messages below reads it (Rnn names its nonlinearity)
        require(spec.hidden() > 0, kind() + ": hiddenSize must be > 0, got " + spec.hidden());
        // The native library's cap; checked here too so a huge count fails before parameters() lists its weights.
        require(spec.layers() > 0 && spec.layers() <= MAX_LAYERS,
                kind() + ": numLayers must be in [1, " + MAX_LAYERS + "], got " + spec.layers());
        require(spec.proj() >= 0 && (spec.proj() == 0 || spec.proj() < spec.hidden()),
                kind() + ": projSize must be 0 or in [1, hiddenSize), got " + spec.proj());
        require(!(spec.bidirectional() && spec.has(RnnNative.CORENN_RNN_REVERSE)),
                kind() + ": reverse needs bidirectional=false (a bidirectional stack already runs both ways)");
    }

    abstract Recurrent with(Spec s);

    abstract int gates();

    boolean hasCellState() {
        return false;
    }

    public Recurrent numLayers(int n) {
        return with(new Spec(spec.cell(), spec.hidden(), n, spec.bidirectional(), spec.batchFirst(), spec.bias(),
                spec.proj(), spec.states(), spec.flags(), spec.clip(), spec.peepholes(), spec.lengths()));
    }

    public Recurrent bidirectional(boolean b) {
        return with(new Spec(spec.cell(), spec.hidden(), spec.layers(), b, spec.batchFirst(), spec.bias(), spec.proj(),
                spec.states(), spec.flags(), spec.clip(), spec.peepholes(), spec.lengths()));
    }

    /** A unidirectional stack that runs backward in time, from each element's last step (ONNX direction="reverse"). */
    public Recurrent reverse(boolean r) {
        return with(spec.withFlag(RnnNative.CORENN_RNN_REVERSE, r));
    }

    public Recurrent batchFirst(boolean b) {
        return with(new Spec(spec.cell(), spec.hidden(), spec.layers(), spec.bidirectional(), b, spec.bias(),
                spec.proj(), spec.states(), spec.flags(), spec.clip(), spec.peepholes(), spec.lengths()));
    }

    public Recurrent bias(boolean b) {
        return with(new Spec(spec.cell(), spec.hidden(), spec.layers(), spec.bidirectional(), spec.batchFirst(), b,
                spec.proj(), spec.states(), spec.flags(), spec.clip(), spec.peepholes(), spec.lengths()));
    }

    /** Also output the final states h_n (and c_n for LSTM), and accept h0 (and c0) as extra inputs. */
    public Recurrent withStates() {
        return with(new Spec(spec.cell(), spec.hidden(), spec.layers(), spec.bidirectional(), spec.batchFirst(),
                spec.bias(), spec.proj(), true, spec.flags(), spec.clip(), spec.peepholes(), spec.lengths()));
    }

    /**
     * Take each batch element's sequence length as the second input, {@code [B]} integer values in
     * {@code [0, T]} (PyTorch packed-sequence results: y is zero past a length, final states are those
     * at the last valid step, the reverse direction starts there; a length of 0 keeps the initial state).
     */
    public Recurrent withLengths() {
        return with(new Spec(spec.cell(), spec.hidden(), spec.layers(), spec.bidirectional(), spec.batchFirst(),
                spec.bias(), spec.proj(), spec.states(), spec.flags(), spec.clip(), spec.peepholes(), true));
    }

    /**
     * ONNX's conventions, for the importer: weights with gate blocks in ONNX order (LSTM i,o,f,c and
     * peepholes i,o,f; GRU z,r,h), GRU's {@code linear_before_reset=0} when asked, and gate
     * pre-activations clipped to [-clip, clip] when {@code clip > 0}.
     */
    public Recurrent onnxConventions(boolean gruLinearBeforeReset0, float clip) {
        require(clip >= 0 && Float.isFinite(clip), kind() + ": clip must be finite and >= 0, got " + clip);
        Spec s = spec.withFlag(RnnNative.CORENN_RNN_GATES_ONNX, true)
                .withFlag(RnnNative.CORENN_RNN_GRU_LINEAR_BEFORE_RESET_0, gruLinearBeforeReset0);
        return with(new Spec(s.cell(), s.hidden(), s.layers(), s.bidirectional(), s.batchFirst(), s.bias(), s.proj(),
                s.states(), s.flags(), clip, s.peepholes(), s.lengths()));
    }

    int directions() {
        return spec.bidirectional() ? 2 : 1;
    }

    int outHidden() {
        return spec.proj() > 0 ? spec.proj() : spec.hidden();
    }

    /** Index of h0 among the inputs: after x and, with {@link #withLengths}, the lengths. */
    private int firstStateInput() {
        return spec.lengths() ? 2 : 1;
    }

    @Override
    public int minInputs() {
        return firstStateInput();
    }

    @Override
    public int maxInputs() {
        return firstStateInput() + (spec.states() ? (hasCellState() ? 2 : 1) : 0);
    }

    @Override
    public int outputCount() {
        return spec.states() ? 1 + (hasCellState() ? 2 : 1) : 1;
    }

    @Override
    public Map<String, Shape> parameters(List<Shape> inputs) {
        int input = inputs.get(0).dim(-1);
        int g = gates() * spec.hidden();
        Map<String, Shape> p = new LinkedHashMap<>();
        for (int l = 0; l < spec.layers(); l++) {
            int in = l == 0 ? input : directions() * outHidden();
            for (int d = 0; d < directions(); d++) {
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                p.put("weight_ih" + suffix, Shape.of(g, in));
                p.put("weight_hh" + suffix, Shape.of(g, outHidden()));
                if (spec.bias()) {
                    p.put("bias_ih" + suffix, Shape.of(g));
                    p.put("bias_hh" + suffix, Shape.of(g));
                }
                if (spec.peepholes()) {
                    p.put("peephole" + suffix, Shape.of(3 * spec.hidden()));
                }
                if (spec.proj() > 0) {
                    p.put("weight_hr" + suffix, Shape.of(spec.proj(), spec.hidden()));
                }
            }
        }
        return p;
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        Shape x = inputs.get(0).shape();
        require(x.rank() == 3, "input must be " + (spec.batchFirst() ? "[batch, seq, features]" : "[seq, batch, features]")
                + ", got " + x);
        int t = spec.batchFirst() ? x.dim(1) : x.dim(0);
        int b = spec.batchFirst() ? x.dim(0) : x.dim(1);
        Shape hShape = Shape.of(spec.layers() * directions(), b, outHidden());
        Shape cShape = Shape.of(spec.layers() * directions(), b, spec.hidden());
        if (spec.lengths()) {
            require(inputs.get(1).shape().equals(Shape.of(b)),
                    "lengths must be [" + b + "] (one per batch element), got " + inputs.get(1).shape());
        }
        int h0 = firstStateInput();
        if (inputs.size() > h0) {
            require(inputs.get(h0).shape().equals(hShape), "h0 must be " + hShape + ", got " + inputs.get(h0).shape());
        }
        if (inputs.size() > h0 + 1) {
            require(inputs.get(h0 + 1).shape().equals(cShape),
                    "c0 must be " + cShape + ", got " + inputs.get(h0 + 1).shape());
        }
        List<ValueInfo> out = new ArrayList<>();
        out.add(ValueInfo.of(spec.batchFirst() ? Shape.of(b, t, directions() * outHidden())
                : Shape.of(t, b, directions() * outHidden())));
        if (spec.states()) {
            out.add(ValueInfo.of(hShape));
            if (hasCellState()) {
                out.add(ValueInfo.of(cShape));
            }
        }
        return out;
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        int input = inputs.get(0).dim(-1);
        corenn_rnn_desc desc = new corenn_rnn_desc().cell(spec.cell()).input_size(input).hidden_size(spec.hidden())
                .num_layers(spec.layers()).bidirectional(spec.bidirectional() ? 1 : 0).has_bias(spec.bias() ? 1 : 0)
                .proj_size(spec.proj()).flags(spec.flags() | (spec.batchFirst() ? RnnNative.CORENN_RNN_BATCH_FIRST : 0))
                .clip(spec.clip()).has_peepholes(spec.peepholes() ? 1 : 0);
        List<FloatPointer> arrays = new ArrayList<>();
        for (String name : parameters(inputs).keySet()) {
            arrays.add(new FloatPointer(weights.get(name)));
        }
        corenn_rnn op = new corenn_rnn();
        try (PointerPointer<FloatPointer> pointers = new PointerPointer<>(arrays.toArray(new FloatPointer[0]))) {
            Status.check(RnnNative.corenn_rnn_create(desc, pointers, options.isa().code(), op));
        } finally {
            arrays.forEach(FloatPointer::close);
        }
        return new Instance(op, input);
    }

    private final class Instance implements LayerInstance {
        private final corenn_rnn op;
        private final int inputSize;

        Instance(corenn_rnn op, int inputSize) {
            this.op = op;
            this.inputSize = inputSize;
        }

        private int[] seqAndBatch(Shape x) {
            return spec.batchFirst() ? new int[] {x.dim(1), x.dim(0)} : new int[] {x.dim(0), x.dim(1)};
        }

        @Override
        public Step plan(int[] in, List<ValueInfo> inInfo, int[] out, List<ValueInfo> outInfo) {
            int[] tb = seqAndBatch(inInfo.get(0).shape());
            if (inInfo.get(0).shape().dim(2) != inputSize) {
                throw new IllegalArgumentException(kind() + ": input features changed from " + inputSize + " to "
                        + inInfo.get(0).shape().dim(2));
            }
            int x = in[0];
            int lengths = spec.lengths() ? in[1] : -1;
            int first = firstStateInput();
            int h0 = in.length > first ? in[first] : -1;
            int c0 = in.length > first + 1 ? in[first + 1] : -1;
            int y = out[0];
            int hn = out.length > 1 ? out[1] : -1;
            int cn = out.length > 2 ? out[2] : -1;
            return frame -> Steps.check(RnnNative.corenn_rnn_run(op, tb[0], tb[1], frame.pointer(x),
                    lengths < 0 ? null : lengths(frame, lengths, tb[0], tb[1]), h0 < 0 ? null : frame.pointer(h0),
                    c0 < 0 ? null : frame.pointer(c0), frame.pointer(y), hn < 0 ? null : frame.pointer(hn),
                    cn < 0 ? null : frame.pointer(cn), frame.workspace(), frame.threads()));
        }

        /** The lengths value (floats holding integers) as the int array the native run reads. */
        private int[] lengths(Frame frame, int value, int seq, int batch) {
            FloatBuffer v = frame.view(value);
            int[] out = frame.ints(batch);
            for (int b = 0; b < batch; b++) {
                float len = v.get(b);
                if (!(len >= 0 && len <= seq) || len != Math.rint(len)) {
                    throw new IllegalArgumentException(kind() + ": lengths[" + b + "] must be an integer in [0, seq="
                            + seq + "], got " + len);
                }
                out[b] = (int) len;
            }
            return out;
        }

        @Override
        public long workspaceBytes(List<ValueInfo> inInfo) {
            int[] tb = seqAndBatch(inInfo.get(0).shape());
            return RnnNative.corenn_rnn_workspace_size(op, tb[0], tb[1]);
        }

        @Override
        public String kernel() {
            return RnnNative.corenn_rnn_kernel(op, 1);
        }

        @Override
        public long flops(List<ValueInfo> inInfo, List<ValueInfo> outInfo) {
            Shape x = inInfo.get(0).shape();
            int[] tb = seqAndBatch(x);
            long perStep = 0;
            for (int l = 0; l < spec.layers(); l++) {
                int inSize = l == 0 ? x.dim(-1) : directions() * outHidden();
                perStep += (long) gates() * spec.hidden() * (inSize + outHidden())
                        + (spec.proj() > 0 ? (long) spec.proj() * spec.hidden() : 0)
                        + (spec.peepholes() ? 3L * spec.hidden() : 0);
            }
            return 2L * perStep * directions() * tb[0] * tb[1];
        }

        @Override
        public void close() {
            RnnNative.corenn_rnn_destroy(op);
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(kind()).append('(').append(spec.hidden());
        if (spec.layers() > 1) {
            s.append(", layers=").append(spec.layers());
        }
        if (spec.bidirectional()) {
            s.append(", bidirectional");
        }
        if (spec.has(RnnNative.CORENN_RNN_REVERSE)) {
            s.append(", reverse");
        }
        if (spec.peepholes()) {
            s.append(", peepholes");
        }
        if (spec.has(RnnNative.CORENN_RNN_LSTM_INPUT_FORGET)) {
            s.append(", input_forget");
        }
        if (spec.proj() > 0) {
            s.append(", proj=").append(spec.proj());
        }
        if (spec.batchFirst()) {
            s.append(", batch_first");
        }
        return s.append(')').toString();
    }
}
