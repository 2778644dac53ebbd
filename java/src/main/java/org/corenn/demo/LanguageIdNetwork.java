package org.corenn.demo;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.corenn.io.HostArray;
import org.corenn.io.Safetensors;
import org.corenn.nn.Activation;
import org.corenn.nn.Conv1d;
import org.corenn.nn.Dense;
import org.corenn.nn.Embedding;
import org.corenn.nn.Flatten;
import org.corenn.nn.Graph;
import org.corenn.nn.Lstm;
import org.corenn.nn.MaxPool1d;
import org.corenn.nn.Permute;
import org.corenn.nn.Weights;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * The language identifier built in Java, layer for layer as {@code LanguageCnnBiLstm} in
 * tools/models/train_langid.py, reading PyTorch's state_dict from the bundled model.safetensors
 * (the route for a model that was never exported to ONNX). Node names are the state_dict's module names.
 */
final class LanguageIdNetwork {
    static final int EMBEDDING = 16;
    static final int CONV_CHANNELS = 32;
    static final int HIDDEN = 32;

    private LanguageIdNetwork() {
    }

    /** tokens [N, T] -> embedding -> conv1d(k5)/relu/max-pool 2 -> BiLSTM -> [h forward, h backward] -> linear. */
    static Graph graph(int vocabularySize, int classes) {
        Graph.Builder b = Graph.builder();
        Graph.Value tokens = b.input("tokens", -1, LanguageIdDemo.MAX_LENGTH);
        Graph.Value embedded = b.add("embedding", new Embedding(vocabularySize, EMBEDDING), tokens);   // [N, T, E]
        Graph.Value channelsFirst = b.add("to_nct", new Permute(0, 2, 1), embedded);
        Graph.Value conv = b.add("conv", new Conv1d(CONV_CHANNELS, 5).padding(2), channelsFirst);
        Graph.Value pooled = b.add("pool", new MaxPool1d(2), b.add("relu", Activation.RELU, conv));   // [N, C, T/2]
        Graph.Value timeMajor = b.add("to_ntc", new Permute(0, 2, 1), pooled);
        List<Graph.Value> lstm = b.addMulti("lstm", new Lstm(HIDDEN).bidirectional(true).batchFirst(true).withStates(),
                timeMajor);
        Graph.Value finalStates = b.add("h_batch_major", new Permute(1, 0, 2), lstm.get(1));   // hn [2, N, H] -> [N, 2, H]
        Graph.Value both = b.add("concat_h", new Flatten(1), finalStates);
        b.output("logits", b.add("fc", new Dense(classes), both));
        return b.build();
    }

    static Model compile(int vocabularySize, Options options) throws IOException {
        Weights.Builder weights = Weights.builder();
        for (Map.Entry<String, HostArray> e : Safetensors.read(BundledModels.bytes(LanguageIdDemo.MODEL,
                "model.safetensors")).entrySet()) {
            weights.put(e.getKey(), e.getValue().shape(), e.getValue().toFloatArray());
        }
        return Model.compile(graph(vocabularySize, LanguageIdDemo.LANGUAGES.size()), weights.build(), options,
                Map.of("tokens", Shape.of(1, LanguageIdDemo.MAX_LENGTH)));
    }
}
