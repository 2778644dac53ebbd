package org.corenn.benchmarks;

/**
 * One engine's model, loaded (compiled, prepacked) once and shared by any number of client threads,
 * each calling it through its own {@link #newClient()}: the server scenario, and (with one client)
 * every single-caller benchmark.
 */
public interface LoadedModel extends AutoCloseable {
    /** A runner for one client thread: its own inputs, outputs and scratch over this shared model. */
    Runner newClient() throws Exception;

    /** Frees the model; close the clients first. */
    @Override
    void close();
}
