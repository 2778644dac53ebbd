package org.corenn.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.corenn.ops.Activation;
import org.corenn.ops.DenseOp;
import org.corenn.runtime.Options;
import org.corenn.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dense layer latency: batch 1 runs on Corenn's GEMV kernel (memory-bound: report GB/s of weights),
 * larger batches on OpenBLAS sgemm (compute-bound: report GFLOP/s). One JNI call per run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DenseBenchmark {
    @Param({"1", "64"})
    int batch;

    @Param({"1024"})
    int features;

    @Param({"1", "2"})
    int threads;

    private DenseOp dense;
    private Tensor x;
    private Tensor y;

    @Setup(Level.Trial)
    public void setUp() {
        Random rng = new Random(1);
        float[] w = new float[features * features];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextFloat() - 0.5f;
        }
        dense = DenseOp.create(w, new float[features], features, features, Activation.RELU,
                Options.defaults().withThreads(threads));
        x = Tensor.zeros(batch, features);
        y = Tensor.zeros(batch, features);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        dense.close();
        x.close();
        y.close();
    }

    @Benchmark
    public void dense() {
        dense.run(x, y);
    }
}
