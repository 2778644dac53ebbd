package org.corenn.nn;

import org.corenn.internal.RnnNative;

/**
 * {@code nn.LSTM}: gates (i, f, g, o), optional projection ({@code projSize}). Configure by copies:
 * {@code new Lstm(128).numLayers(2).bidirectional(true)}.
 */
public final class Lstm extends Recurrent {
    public Lstm(int hiddenSize) {
        this(new Spec(RnnNative.CORENN_RNN_LSTM, hiddenSize, 1, false, false, true, 0, false, 0, 0f));
    }

    private Lstm(Spec spec) {
        super(spec);
    }

    /** LSTM with projections of the hidden state to {@code projSize} features (PyTorch's proj_size). */
    public Lstm projSize(int projSize) {
        return new Lstm(new Spec(spec.cell(), spec.hidden(), spec.layers(), spec.bidirectional(), spec.batchFirst(),
                spec.bias(), projSize, spec.states(), spec.flags(), spec.clip()));
    }

    @Override
    Recurrent with(Spec s) {
        return new Lstm(s);
    }

    @Override
    int gates() {
        return 4;
    }

    @Override
    boolean hasCellState() {
        return true;
    }

    @Override
    public String kind() {
        return "Lstm";
    }
}
