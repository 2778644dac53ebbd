package org.corenn.benchmarks.peers;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TupleElements;

/** One caller of a (shared) TorchScript module, with its input tensors bound over memory it owns. */
final class TorchRunner implements org.corenn.benchmarks.Runner {
    private final JitModule module;
    private final IValueVector arguments;
    private final List<FloatPointer> data;

    TorchRunner(JitModule module, IValueVector arguments, List<FloatPointer> data) {
        this.module = module;
        this.arguments = arguments;
        this.data = data;
    }

    /** One forward in inference mode; the results are freed when the scope closes. */
    @Override
    public void run() {
        try (PointerScope scope = new PointerScope(); InferenceMode guard = new InferenceMode()) {
            module.forward(arguments);
        }
    }

    @Override
    public List<float[]> outputs() {
        List<float[]> out = new ArrayList<>();
        try (PointerScope scope = new PointerScope(); InferenceMode guard = new InferenceMode()) {
            IValue result = module.forward(arguments);
            if (result.isTuple()) {
                TupleElements elements = result.toTuple().elements();
                for (long i = 0; i < elements.size(); i++) {
                    out.add(values(elements.get(i).toTensor()));
                }
            } else {
                out.add(values(result.toTensor()));
            }
        }
        return out;
    }

    private static float[] values(Tensor t) {
        Tensor c = t.contiguous();
        float[] v = new float[(int) c.numel()];
        c.data_ptr_float().get(v);
        return v;
    }

    @Override
    public void close() {
        arguments.close();
        data.forEach(FloatPointer::close);
    }
}
