package org.corenn.benchmarks;

import java.util.List;

import org.corenn.nn.Activation;
import org.corenn.nn.Conv1d;
import org.corenn.nn.Conv2d;
import org.corenn.nn.ConvLstm2d;
import org.corenn.nn.Dense;
import org.corenn.nn.Flatten;
import org.corenn.nn.Graph;
import org.corenn.nn.Gru;
import org.corenn.nn.Layer;
import org.corenn.nn.Lstm;
import org.corenn.nn.MaxPool2d;

/**
 * The benchmark models built with Corenn's Java API, layer for layer as {@code make_bench_models.py}
 * defines them in PyTorch, with node names equal to the PyTorch module names so the exported
 * state_dict ({@code weights.safetensors}) binds unchanged.
 */
final class CorennGraphs {
    /** CRNN convolution stack output: 256 channels x 2 rows x 32 columns. */
    static final int CRNN_CHANNELS = 256;
    static final int CRNN_ROWS = 2;
    static final int CRNN_COLUMNS = 32;

    private CorennGraphs() {
    }

    /** The graph of a single-graph case, with the input dims of its {@code input*.npy}. */
    static Graph of(BenchCase c) {
        int[] x = c.inputs().get(0).shape().dims();
        switch (c.name()) {
            case "lstm-b1", "lstm-b32":
                return single(x, "rnn", new Lstm(256));
            case "gru-b1", "gru-b32":
                return single(x, "rnn", new Gru(256));
            case "bilstm2-b1":
                return single(x, "rnn", new Lstm(128).numLayers(2).bidirectional(true));
            case "conv3x3-64-56", "conv3x3-64-56-b32":
                return single(x, "0", new Conv2d(64, 3).padding(1));
            case "conv1x1-256-56", "conv1x1-256-56-b32":
                return single(x, "0", new Conv2d(64, 1));
            case "conv3x3s2-3-32-224":
                return single(x, "0", new Conv2d(32, 3).stride(2).padding(1));
            case "conv1d-64-k3-1000":
                return single(x, "0", new Conv1d(64, 3).padding(1));
            case "lstm-step-h1024":
                return lstmStep(c);
            case "gru-ds2-h800":
                return single(x, "rnn", new Gru(800));
            case "convlstm-64-16":
                return single(x, "rnn", new ConvLstm2d(64, 3));
            case "dwconv3x3-128-28":
                return single(x, "0", new Conv2d(128, 3).padding(1).groups(128));
            case "cnn28-b1", "cnn28-b64":
                return smallCnn(x);
            case "chargru-step":
                return charGruStep(x, c.inputs().get(1).shape().dims());
            default:
                throw new IllegalArgumentException("no single Corenn graph for " + c.name());
        }
    }

    /** CRNN part 1: the convolution stack {@code cnn.0 .. cnn.11} over the 1x32x128 image. */
    static Graph crnnConvolutions(int[] imageDims) {
        Graph.Builder b = Graph.builder();
        Graph.Value v = b.input("input", imageDims);
        v = chain(b, "cnn.", v, new Conv2d(64, 3).padding(1), Activation.RELU, new MaxPool2d(2),
                new Conv2d(128, 3).padding(1), Activation.RELU, new MaxPool2d(2),
                new Conv2d(256, 3).padding(1), Activation.RELU, new MaxPool2d(2, 1),
                new Conv2d(256, 3).padding(1), Activation.RELU, new MaxPool2d(2, 1));
        b.output("features", v);
        return b.build();
    }

    /** CRNN part 2: BiLSTM {@code rnn} and per-column {@code fc} over (columns, batch, channels x rows). */
    static Graph crnnSequence(int batch) {
        Graph.Builder b = Graph.builder();
        Graph.Value v = b.input("sequence", CRNN_COLUMNS, batch, CRNN_CHANNELS * CRNN_ROWS);
        v = b.add("rnn", new Lstm(128).bidirectional(true), v);
        b.output("output", b.add("fc", new Dense(37), v));
        return b.build();
    }

    private static Graph single(int[] inputDims, String name, Layer layer) {
        Graph.Builder b = Graph.builder();
        b.output("output", b.add(name, layer, b.input("input", inputDims)));
        return b.build();
    }

    private static Graph smallCnn(int[] inputDims) {
        Graph.Builder b = Graph.builder();
        Graph.Value v = chain(b, "", b.input("input", inputDims),
                new Conv2d(32, 3).padding(1), Activation.RELU, new MaxPool2d(2),
                new Conv2d(64, 3).padding(1), Activation.RELU, new MaxPool2d(2),
                new Flatten(), new Dense(128), Activation.RELU, new Dense(10));
        b.output("output", v);
        return b.build();
    }

    private static Graph charGruStep(int[] charDims, int[] stateDims) {
        Graph.Builder b = Graph.builder();
        Graph.Value x = b.input("input", charDims);
        Graph.Value h = b.input("input1", stateDims);
        List<Graph.Value> gru = b.addMulti("gru", new Gru(256).withStates(), x, h);
        b.output("output", b.add("fc", new Dense(96), gru.get(0)));
        b.output("output1", gru.get(1));
        return b.build();
    }

    /** One decoder step: {@code rnn} (LSTM h1024) from the inputs x, h, c to the outputs y, h_n, c_n. */
    private static Graph lstmStep(BenchCase c) {
        Graph.Builder b = Graph.builder();
        Graph.Value x = b.input("input", c.inputs().get(0).shape().dims());
        Graph.Value h = b.input("input1", c.inputs().get(1).shape().dims());
        Graph.Value cell = b.input("input2", c.inputs().get(2).shape().dims());
        List<Graph.Value> lstm = b.addMulti("rnn", new Lstm(1024).withStates(), x, h, cell);
        b.output("output", lstm.get(0));
        b.output("output1", lstm.get(1));
        b.output("output2", lstm.get(2));
        return b.build();
    }

    /** Layers named {@code prefix0, prefix1, ...} as in a PyTorch {@code nn.Sequential}. */
    private static Graph.Value chain(Graph.Builder b, String prefix, Graph.Value v, Layer... layers) {
        for (int i = 0; i < layers.length; i++) {
            v = b.add(prefix + i, layers[i], v);
        }
        return v;
    }
}
