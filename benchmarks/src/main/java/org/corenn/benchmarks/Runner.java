package org.corenn.benchmarks;

import java.util.List;

/** One engine's loaded model with its inputs bound: {@link #run()} is what the benchmarks time. */
public interface Runner extends AutoCloseable {
    /** One inference on the case's inputs. */
    void run();

    /** The outputs of the last {@link #run()}, flattened in C order, in the model's output order. */
    List<float[]> outputs();

    @Override
    void close();
}
