package org.corenn.nn;

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
import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.internal.exec.Steps;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * The common part of {@link Lstm}, {@link Gru} and {@link Rnn}: a whole stack of layers, uni- or
 * bidirectional, run over the whole sequence in one native call, with PyTorch's semantics and
 * state_dict names ({@code weight_ih_l0}, {@code weight_hh_l0_reverse}, {@code bias_ih_l1},
 * {@code weight_hr_l0}). Input {@code x [T, B, I]} ({@code [B, T, I]} with batch-first), optionally
 * the initial states {@code h0 [L*D, B, P]} and {@code c0 [L*D, B, H]}; outputs {@code y [T, B, D*P]}
 * and, with {@link #withStates}, the final {@code h_n} (and {@code c_n}).
 */
public abstract class Recurrent extends Layer {
    /** Everything that defines the stack. */
    record Spec(int cell, int hidden, int layers, boolean bidirectional, boolean batchFirst, boolean bias, int proj,
            boolean states, int flags, float clip) {
    }

    /** Matches the native {@code corenn_rnn_create} limit. */
    public static final int MAX_LAYERS = 1024;

    final Spec spec;

    Recurrent(Spec spec) {
        require(spec.hidden() > 0, kind() + ": hiddenSize must be > 0, got " + spec.hidden());
        // The native library's cap; checked here too so a huge count fails before parameters() lists its weights.
        require(spec.layers() > 0 && spec.layers() <= MAX_LAYERS,
                kind() + ": numLayers must be in [1, " + MAX_LAYERS + "], got " + spec.layers());
        require(spec.proj() >= 0 && (spec.proj() == 0 || spec.proj() < spec.hidden()),
                kind() + ": projSize must be 0 or in [1, hiddenSize), got " + spec.proj());
        this.spec = spec;
    }

    abstract Recurrent with(Spec s);

    abstract int gates();

    boolean hasCellState() {
        return false;
    }

    public Recurrent numLayers(int n) {
        return with(new Spec(spec.cell(), spec.hidden(), n, spec.bidirectional(), spec.batchFirst(), spec.bias(),
                spec.proj(), spec.states(), spec.flags(), spec.clip()));
    }

    public Recurrent bidirectional(boolean b) {
        return with(new Spec(spec.cell(), spec.hidden(), spec.layers(), b, spec.batchFirst(), spec.bias(), spec.proj(),
                spec.states(), spec.flags(), spec.clip()));
    }

    public Recurrent batchFirst(boolean b) {
        return with(new Spec(spec.cell(), spec.hidden(), spec.layers(), spec.bidirectional(), b, spec.bias(),
                spec.proj(), spec.states(), spec.flags(), spec.clip()));
    }

    public Recurrent bias(boolean b) {
        return with(new Spec(spec.cell(), spec.hidden(), spec.layers(), spec.bidirectional(), spec.batchFirst(), b,
                spec.proj(), spec.states(), spec.flags(), spec.clip()));
    }

    /** Also output the final states h_n (and c_n for LSTM), and accept h0 (and c0) as extra inputs. */
    public Recurrent withStates() {
        return with(new Spec(spec.cell(), spec.hidden(), spec.layers(), spec.bidirectional(), spec.batchFirst(),
                spec.bias(), spec.proj(), true, spec.flags(), spec.clip()));
    }

    /**
     * ONNX's conventions, for the importer: weights with gate blocks in ONNX order (LSTM i,o,f,c; GRU
     * z,r,h), GRU's {@code linear_before_reset=0} when asked, and gate pre-activations clipped to
     * [-clip, clip] when {@code clip > 0}.
     */
    public Recurrent onnxConventions(boolean gruLinearBeforeReset0, float clip) {
        require(clip >= 0 && Float.isFinite(clip), kind() + ": clip must be finite and >= 0, got " + clip);
        int flags = RnnNative.CORENN_RNN_GATES_ONNX
                | (gruLinearBeforeReset0 ? RnnNative.CORENN_RNN_GRU_LINEAR_BEFORE_RESET_0 : 0);
        return with(new Spec(spec.cell(), spec.hidden(), spec.layers(), spec.bidirectional(), spec.batchFirst(),
                spec.bias(), spec.proj(), spec.states(), flags, clip));
    }

    int directions() {
        return spec.bidirectional() ? 2 : 1;
    }

    int outHidden() {
        return spec.proj() > 0 ? spec.proj() : spec.hidden();
    }

    @Override
    public int maxInputs() {
        return spec.states() ? 1 + (hasCellState() ? 2 : 1) : 1;
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
        if (inputs.size() > 1) {
            require(inputs.get(1).shape().equals(hShape), "h0 must be " + hShape + ", got " + inputs.get(1).shape());
        }
        if (inputs.size() > 2) {
            require(inputs.get(2).shape().equals(cShape), "c0 must be " + cShape + ", got " + inputs.get(2).shape());
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
                .clip(spec.clip());
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
            int h0 = in.length > 1 ? in[1] : -1;
            int c0 = in.length > 2 ? in[2] : -1;
            int y = out[0];
            int hn = out.length > 1 ? out[1] : -1;
            int cn = out.length > 2 ? out[2] : -1;
            return frame -> Steps.check(RnnNative.corenn_rnn_run(op, tb[0], tb[1], frame.pointer(x), null,
                    h0 < 0 ? null : frame.pointer(h0), c0 < 0 ? null : frame.pointer(c0), frame.pointer(y),
                    hn < 0 ? null : frame.pointer(hn), cn < 0 ? null : frame.pointer(cn), frame.workspace(),
                    frame.threads()));
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
                        + (spec.proj() > 0 ? (long) spec.proj() * spec.hidden() : 0);
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
        if (spec.proj() > 0) {
            s.append(", proj=").append(spec.proj());
        }
        if (spec.batchFirst()) {
            s.append(", batch_first");
        }
        return s.append(')').toString();
    }
}
