package org.corenn.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a recurrent stack is, with {@code torch.nn.LSTM / GRU / RNN}'s meaning for every field: the
 * cell, input and hidden sizes, {@code num_layers}, {@code bidirectional}, {@code batch_first},
 * {@code bias} and (LSTM only) {@code proj_size}; plus ONNX's LSTM peepholes and input_forget, which
 * PyTorch lacks. Immutable; each modifier returns a checked copy.
 *
 * <pre>{@code
 * RnnParams p = RnnParams.lstm(80, 256).numLayers(2).bidirectional(true).batchFirst(true);
 * }</pre>
 */
public final class RnnParams {
    private static final String OP = "rnn";

    /** The cell, numbered as {@code corenn_rnn_cell}. */
    public enum Cell {
        /** {@code nn.LSTM}: gates i, f, g, o. */
        LSTM(4),
        /** {@code nn.GRU}: gates r, z, n; {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))}. */
        GRU(3),
        /** {@code nn.RNN(nonlinearity='tanh')}. */
        RNN_TANH(1),
        /** {@code nn.RNN(nonlinearity='relu')}. */
        RNN_RELU(1);

        private final int gates;

        Cell(int gates) {
            this.gates = gates;
        }

        /** Gate blocks stacked in each weight's rows. */
        public int gates() {
            return gates;
        }
    }

    private final Cell cell;
    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final boolean bidirectional;
    private final boolean batchFirst;
    private final boolean bias;
    private final int projSize;
    private final boolean peepholes;
    private final boolean inputForget;

    private RnnParams(Cell cell, int inputSize, int hiddenSize, int numLayers, boolean bidirectional,
            boolean batchFirst, boolean bias, int projSize, boolean peepholes, boolean inputForget) {
        this.cell = cell;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bidirectional = bidirectional;
        this.batchFirst = batchFirst;
        this.bias = bias;
        this.projSize = projSize;
        this.peepholes = peepholes;
        this.inputForget = inputForget;
    }

    /** One unidirectional layer with biases, sequence-first, no projection. */
    public static RnnParams of(Cell cell, int inputSize, int hiddenSize) {
        NativeArgs.requireNonNull(cell, OP, "cell");
        requireSize("inputSize", inputSize);
        requireSize("hiddenSize", hiddenSize);
        return new RnnParams(cell, inputSize, hiddenSize, 1, false, false, true, 0, false, false);
    }

    public static RnnParams lstm(int inputSize, int hiddenSize) {
        return of(Cell.LSTM, inputSize, hiddenSize);
    }

    public static RnnParams gru(int inputSize, int hiddenSize) {
        return of(Cell.GRU, inputSize, hiddenSize);
    }

    /** {@code nn.RNN} with tanh. */
    public static RnnParams rnnTanh(int inputSize, int hiddenSize) {
        return of(Cell.RNN_TANH, inputSize, hiddenSize);
    }

    /** {@code nn.RNN} with relu. */
    public static RnnParams rnnRelu(int inputSize, int hiddenSize) {
        return of(Cell.RNN_RELU, inputSize, hiddenSize);
    }

    public RnnParams numLayers(int layers) {
        if (layers < 1 || layers > 1024) {
            throw new IllegalArgumentException(OP + ": numLayers must be in [1, 1024], got " + layers);
        }
        return new RnnParams(cell, inputSize, hiddenSize, layers, bidirectional, batchFirst, bias, projSize,
                peepholes, inputForget);
    }

    public RnnParams bidirectional(boolean b) {
        return new RnnParams(cell, inputSize, hiddenSize, numLayers, b, batchFirst, bias, projSize,
                peepholes, inputForget);
    }

    /** x and y as {@code [batch, seq, features]} in whole-sequence runs (states keep layers first). */
    public RnnParams batchFirst(boolean b) {
        return new RnnParams(cell, inputSize, hiddenSize, numLayers, bidirectional, b, bias, projSize,
                peepholes, inputForget);
    }

    public RnnParams bias(boolean b) {
        return new RnnParams(cell, inputSize, hiddenSize, numLayers, bidirectional, batchFirst, b, projSize,
                peepholes, inputForget);
    }

    /** LSTM only: {@code 0} (none) or {@code 1..hiddenSize-1}; h then has this size. */
    public RnnParams projSize(int proj) {
        if (proj != 0 && cell != Cell.LSTM) {
            throw new IllegalArgumentException(OP + ": projSize needs an LSTM, got " + cell);
        }
        if (proj < 0 || (proj > 0 && proj >= hiddenSize)) {
            throw new IllegalArgumentException(OP + ": projSize must be 0 or in [1, hiddenSize=" + hiddenSize
                    + "), got " + proj);
        }
        return new RnnParams(cell, inputSize, hiddenSize, numLayers, bidirectional, batchFirst, bias, proj,
                peepholes, inputForget);
    }

    /**
     * LSTM only, ONNX's peepholes: per layer and direction one more weight {@code peephole_l<k>[_reverse]}
     * of {@code 3 * hiddenSize} values, blocks for gates (i, f, o). i and f add {@code p * c_{t-1}} to
     * their pre-activations, o adds {@code p * c_t}.
     */
    public RnnParams peepholes(boolean on) {
        requireLstm("peepholes", on);
        return new RnnParams(cell, inputSize, hiddenSize, numLayers, bidirectional, batchFirst, bias, projSize, on,
                inputForget);
    }

    /** LSTM only, ONNX's {@code input_forget=1}: the forget gate is {@code 1 - i} (its weights go unused). */
    public RnnParams inputForget(boolean on) {
        requireLstm("inputForget", on);
        return new RnnParams(cell, inputSize, hiddenSize, numLayers, bidirectional, batchFirst, bias, projSize,
                peepholes, on);
    }

    private void requireLstm(String what, boolean on) {
        if (on && cell != Cell.LSTM) {
            throw new IllegalArgumentException(OP + ": " + what + " needs an LSTM, got " + cell);
        }
    }

    public Cell cell() {
        return cell;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public int numLayers() {
        return numLayers;
    }

    public boolean bidirectional() {
        return bidirectional;
    }

    public boolean batchFirst() {
        return batchFirst;
    }

    public boolean bias() {
        return bias;
    }

    public int projSize() {
        return projSize;
    }

    public boolean peepholes() {
        return peepholes;
    }

    public boolean inputForget() {
        return inputForget;
    }

    /** 2 if bidirectional, else 1. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** Size of h: projSize if set, else hiddenSize. */
    public int outputHidden() {
        return projSize > 0 ? projSize : hiddenSize;
    }

    /**
     * Every weight's {@code state_dict} name and shape, in PyTorch's flat-weights order (the order
     * {@code RnnOp.create} takes a list in): per layer, per direction, {@code weight_ih}, {@code weight_hh},
     * {@code bias_ih}, {@code bias_hh}, {@code peephole}, {@code weight_hr}, suffixed {@code _l<layer>} and
     * {@code _reverse}.
     */
    public Map<String, int[]> weightShapes() {
        int rows = cell.gates() * hiddenSize;
        int p = outputHidden();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (int l = 0; l < numLayers; l++) {
            int in = l == 0 ? inputSize : directions() * p;
            for (int d = 0; d < directions(); d++) {
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                shapes.put("weight_ih" + suffix, new int[] {rows, in});
                shapes.put("weight_hh" + suffix, new int[] {rows, p});
                if (bias) {
                    shapes.put("bias_ih" + suffix, new int[] {rows});
                    shapes.put("bias_hh" + suffix, new int[] {rows});
                }
                if (peepholes) {
                    shapes.put("peephole" + suffix, new int[] {3 * hiddenSize});
                }
                if (projSize > 0) {
                    shapes.put("weight_hr" + suffix, new int[] {projSize, hiddenSize});
                }
            }
        }
        return shapes;
    }

    /** The state_dict names in flat-weights order. */
    public List<String> weightNames() {
        return new ArrayList<>(weightShapes().keySet());
    }

    private static void requireSize(String name, int size) {
        if (size < 1 || size > (1 << 20)) {
            throw new IllegalArgumentException(OP + ": " + name + " must be in [1, 2^20], got " + size);
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(cell.name().toLowerCase(java.util.Locale.ROOT)).append('(')
                .append(inputSize).append(", ").append(hiddenSize);
        if (numLayers > 1) {
            s.append(", num_layers=").append(numLayers);
        }
        if (bidirectional) {
            s.append(", bidirectional");
        }
        if (batchFirst) {
            s.append(", batch_first");
        }
        if (!bias) {
            s.append(", bias=False");
        }
        if (projSize > 0) {
            s.append(", proj_size=").append(projSize);
        }
        if (peepholes) {
            s.append(", peepholes");
        }
        if (inputForget) {
            s.append(", input_forget");
        }
        return s.append(')').toString();
    }
}
