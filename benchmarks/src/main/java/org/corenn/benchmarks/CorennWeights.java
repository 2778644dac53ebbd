package org.corenn.benchmarks;

import java.io.IOException;
import java.util.Map;

import org.corenn.io.HostArray;
import org.corenn.io.Safetensors;
import org.corenn.nn.Weights;

/** The case's PyTorch state_dict ({@code weights.safetensors}) as Corenn {@link Weights}. */
final class CorennWeights {
    private CorennWeights() {
    }

    static Weights read(BenchCase c) throws IOException {
        Weights.Builder b = Weights.builder();
        for (Map.Entry<String, HostArray> e : Safetensors.read(c.file("weights.safetensors")).entrySet()) {
            b.put(e.getKey(), e.getValue().shape(), e.getValue().toFloatArray());
        }
        return b.build();
    }
}
