package org.corenn.benchmarks;

/** A Corenn runner that can say how its model(s) run. */
interface CorennModels {
    /** {@code Model.describe()} of each compiled model. */
    String describe();
}
