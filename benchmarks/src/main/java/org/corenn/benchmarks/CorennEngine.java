package org.corenn.benchmarks;

import org.corenn.nn.Weights;
import org.corenn.runtime.CpuInfo;

/** Corenn: each model built with the Java API, weights from the case's safetensors. */
public final class CorennEngine implements Engine {
    @Override
    public String name() {
        return "corenn";
    }

    @Override
    public String version() {
        return CpuInfo.version();
    }

    @Override
    public String settings(int threads) {
        return "Options.withThreads(" + threads + "), a Predictor per caller";
    }

    @Override
    public LoadedModel load(BenchCase c, int threads) throws Exception {
        Weights weights = CorennWeights.read(c);
        if (c.name().equals("crnn-b1")) {
            return new CorennCrnnLoaded(weights, c.inputs().get(0), threads);
        }
        return new CorennLoaded(CorennGraphs.of(c), weights, c.inputs(), threads);
    }
}
