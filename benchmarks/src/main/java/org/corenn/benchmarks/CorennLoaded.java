package org.corenn.benchmarks;

import java.util.List;

import org.corenn.io.HostArray;
import org.corenn.nn.Graph;
import org.corenn.nn.Weights;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;

/** A Corenn model compiled once; each client gets its own {@code Predictor} and input tensors. */
final class CorennLoaded implements LoadedModel, CorennModels {
    private final Model model;
    private final List<HostArray> inputs;

    CorennLoaded(Graph graph, Weights weights, List<HostArray> inputs, int threads) {
        this.model = Model.compile(graph, weights, Options.defaults().withThreads(threads));
        this.inputs = inputs;
    }

    @Override
    public CorennRunner newClient() {
        return new CorennRunner(model, inputs);
    }

    @Override
    public String describe() {
        return model.describe();
    }

    @Override
    public void close() {
        model.close();
    }
}
