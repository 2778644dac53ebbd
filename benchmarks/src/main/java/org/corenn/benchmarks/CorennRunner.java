package org.corenn.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.corenn.io.HostArray;
import org.corenn.runtime.Model;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Tensor;

/** One client of a compiled Corenn model: its own predictor, input tensors allocated once. */
final class CorennRunner implements Runner {
    private final Predictor predictor;
    private final Tensor[] inputs;
    private List<Tensor> last = List.of();

    CorennRunner(Model model, List<HostArray> inputs) {
        this.inputs = new Tensor[inputs.size()];
        for (int i = 0; i < this.inputs.length; i++) {
            this.inputs[i] = inputs.get(i).toTensor();
        }
        this.predictor = model.newPredictor();
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
    public void close() {
        predictor.close();
        for (Tensor t : inputs) {
            t.close();
        }
    }
}
