package org.corenn.nn;

import org.corenn.internal.RnnNative;

/**
 * {@code nn.LSTM}: gates (i, f, g, o), optional projection ({@code projSize}). Configure by copies:
 * {@code new Lstm(128).numLayers(2).bidirectional(true)}. ONNX's LSTM extras are here too:
 * {@link #peepholes} and {@link #inputForget}.
 */
public final class Lstm extends Recurrent {
    public Lstm(int hiddenSize) {
        this(Spec.of(RnnNative.CORENN_RNN_LSTM, hiddenSize));
    }

    private Lstm(Spec spec) {
        super(spec);
    }

    /** LSTM with projections of the hidden state to {@code projSize} features (PyTorch's proj_size). */
    public Lstm projSize(int projSize) {
        return new Lstm(new Spec(spec.cell(), spec.hidden(), spec.layers(), spec.bidirectional(), spec.batchFirst(),
                spec.bias(), projSize, spec.states(), spec.flags(), spec.clip(), spec.peepholes(), spec.lengths()));
    }

    /**
     * ONNX peepholes: per layer and direction a weight {@code peephole_l0[_reverse]} of shape {@code [3*H]}
     * (gates i, f, o; i, o, f under {@link #onnxConventions}). i and f add {@code p * c_{t-1}} to their
     * pre-activations, o adds {@code p * c_t}.
     */
    public Lstm peepholes(boolean on) {
        return new Lstm(new Spec(spec.cell(), spec.hidden(), spec.layers(), spec.bidirectional(), spec.batchFirst(),
                spec.bias(), spec.proj(), spec.states(), spec.flags(), spec.clip(), on, spec.lengths()));
    }

    /** ONNX {@code input_forget=1}: the forget gate is {@code 1 - i}; its weights are still bound but unused. */
    public Lstm inputForget(boolean on) {
        return new Lstm(spec.withFlag(RnnNative.CORENN_RNN_LSTM_INPUT_FORGET, on));
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
