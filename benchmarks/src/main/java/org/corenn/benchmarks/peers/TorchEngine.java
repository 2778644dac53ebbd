package org.corenn.benchmarks.peers;

import java.io.IOException;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.global.torch;
import org.corenn.benchmarks.BenchCase;
import org.corenn.benchmarks.Engine;
import org.corenn.benchmarks.LoadedModel;

/**
 * libtorch (org.bytedeco:pytorch, CPU) on the case's TorchScript {@code model.pt}, in inference
 * mode, with {@code at::set_num_threads(threads)} and one inter-op thread. Its fair settings come
 * from the environment, which must be set before the JVM starts: {@code OMP_WAIT_POLICY=PASSIVE}
 * and {@code OPENBLAS_NUM_THREADS=1} (without them, 2 threads spin 3+ threads on 2 cores).
 */
public final class TorchEngine implements Engine {
    private final String version;

    /** Loads libtorch: must happen before ONNX Runtime loads in the same JVM. */
    public TorchEngine() throws IOException {
        Loader.load(torch.class);
        torch.set_num_interop_threads(1);
        version = Loader.getVersion("org.bytedeco", "pytorch");
    }

    @Override
    public String name() {
        return "libtorch";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String settings(int threads) {
        return "set_num_threads(" + threads + "), interop 1, InferenceMode, OMP_WAIT_POLICY="
                + System.getenv("OMP_WAIT_POLICY") + ", OPENBLAS_NUM_THREADS=" + System.getenv("OPENBLAS_NUM_THREADS");
    }

    @Override
    public boolean supports(BenchCase c) {
        return c.hasFile("model.pt");
    }

    /** {@code set_num_threads} is process-wide: every thread that calls the module afterwards uses it. */
    @Override
    public LoadedModel load(BenchCase c, int threads) {
        torch.set_num_threads(threads);
        JitModule module = torch.load(c.file("model.pt").toString());
        module.eval();
        return new TorchLoaded(module, c);
    }
}
