package org.corenn.benchmarks.peers;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.corenn.benchmarks.BenchCase;
import org.corenn.benchmarks.LoadedModel;
import org.corenn.benchmarks.Runner;
import org.corenn.io.HostArray;

/** One TorchScript module (forward is thread-safe); each client has its own input tensors. */
final class TorchLoaded implements LoadedModel {
    private final JitModule module;
    private final BenchCase benchCase;

    TorchLoaded(JitModule module, BenchCase benchCase) {
        this.module = module;
        this.benchCase = benchCase;
    }

    @Override
    public Runner newClient() {
        List<FloatPointer> data = new ArrayList<>();
        IValueVector arguments = new IValueVector();
        for (HostArray a : benchCase.inputs()) {
            FloatPointer values = new FloatPointer(a.toFloatArray());
            data.add(values);
            int[] dims = a.shape().dims();
            long[] shape = new long[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = dims[i];
            }
            Tensor t = torch.from_blob(values, shape);
            arguments.push_back(new IValue(t));
        }
        return new TorchRunner(module, arguments, data);
    }

    @Override
    public void close() {
        module.close();
    }
}
