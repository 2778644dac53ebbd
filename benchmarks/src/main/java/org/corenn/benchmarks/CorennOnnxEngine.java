package org.corenn.benchmarks;

import org.corenn.onnx.OnnxImporter;
import org.corenn.runtime.CpuInfo;

/** Corenn on the same {@code model.onnx} the peers run, through Corenn's ONNX importer. */
public final class CorennOnnxEngine implements Engine {
    @Override
    public String name() {
        return "corenn-onnx";
    }

    @Override
    public String version() {
        return CpuInfo.version();
    }

    @Override
    public String settings(int threads) {
        return "OnnxImporter.read(model.onnx), Options.withThreads(" + threads + "), a Predictor per caller";
    }

    @Override
    public boolean supports(BenchCase c) {
        return c.hasFile("model.onnx");
    }

    @Override
    public LoadedModel load(BenchCase c, int threads) throws Exception {
        OnnxImporter.Imported imported = OnnxImporter.read(c.file("model.onnx"));
        return new CorennLoaded(imported.graph(), imported.weights(), c.inputs(), threads);
    }
}
