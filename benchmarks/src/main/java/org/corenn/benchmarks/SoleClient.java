package org.corenn.benchmarks;

import java.util.List;

/** One client on a model of its own: closing the runner closes the model too. */
final class SoleClient implements Runner {
    private final LoadedModel model;
    private final Runner client;

    private SoleClient(LoadedModel model, Runner client) {
        this.model = model;
        this.client = client;
    }

    /** Opens the model's one client; closes the model if that fails. */
    static Runner of(LoadedModel model) throws Exception {
        try {
            return new SoleClient(model, model.newClient());
        } catch (Exception | Error e) {
            model.close();
            throw e;
        }
    }

    @Override
    public void run() {
        client.run();
    }

    @Override
    public List<float[]> outputs() {
        return client.outputs();
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            model.close();
        }
    }
}
