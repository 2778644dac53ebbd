package org.corenn.nn;

import org.corenn.internal.RnnNative;

/** {@code nn.RNN} with tanh (default) or relu: h' = act(W_ih x + b_ih + W_hh h + b_hh). */
public final class Rnn extends Recurrent {
    public Rnn(int hiddenSize) {
        this(hiddenSize, false);
    }

    public Rnn(int hiddenSize, boolean relu) {
        this(Spec.of(relu ? RnnNative.CORENN_RNN_RELU : RnnNative.CORENN_RNN_TANH, hiddenSize));
    }

    private Rnn(Spec spec) {
        super(spec);
    }

    @Override
    Recurrent with(Spec s) {
        return new Rnn(s);
    }

    @Override
    int gates() {
        return 1;
    }

    @Override
    public String kind() {
        return spec.cell() == RnnNative.CORENN_RNN_RELU ? "Rnn(relu)" : "Rnn";
    }
}
