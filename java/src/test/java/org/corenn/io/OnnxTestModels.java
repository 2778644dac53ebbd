package org.corenn.io;

/** Test access to OnnxModel's constructor: a read model with its graph replaced (edited nodes, initializers). */
public final class OnnxTestModels {
    private OnnxTestModels() {
    }

    public static OnnxModel withGraph(OnnxModel model, OnnxGraph graph) {
        return new OnnxModel(model.irVersion(), model.producerName(), model.producerVersion(), model.domain(),
                model.modelVersion(), model.opsets(), model.metadata(), graph);
    }
}
