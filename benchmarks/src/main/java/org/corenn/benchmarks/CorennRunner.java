package org.corenn.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.corenn.io.HostArray;
import org.corenn.nn.Graph;
import org.corenn.nn.Weights;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Tensor;

/** A Corenn model compiled once, one predictor, input tensors allocated once. */
final class CorennRunner implements Runner, CorennModels {
    private final Model model;
    private final Predictor predictor;
    private final Tensor[] inputs;
    private List<Tensor> last = List.of();

    CorennRunner(Graph graph, Weights weights, List<HostArray> inputs, int threads) {
        this.model = Model.compile(graph, weights, Options.defaults().withThreads(threads));
        this.predictor = model.newPredictor();
        this.inputs = new Tensor[inputs.size()];
        for (int i = 0; i < this.inputs.length; i++) {
            this.inputs[i] = inputs.get(i).toTensor();
        }
    }

    @Override
    public void run() {
        last = predictor.predict(inputs);
    }

    /** Copies {@code values} into the first input, then runs. */
    void runOn(float[] values) {
        inputs[0].copyFrom(values);
        run();
    }

    /** The first output of the last run; the predictor owns it. */
    Tensor lastOutput() {
        return last.get(0);
    }

    @Override
    public List<float[]> outputs() {
        List<float[]> out = new ArrayList<>();
        for (Tensor t : last) {
            out.add(t.toArray());
        }
        return out;
    }

    @Override
    public String describe() {
        return model.describe();
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
        for (Tensor t : inputs) {
            t.close();
        }
    }
}
