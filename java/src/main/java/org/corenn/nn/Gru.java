package org.corenn.nn;

import org.corenn.internal.RnnNative;

/** {@code nn.GRU}: gates (r, z, n) with n = tanh(W_in x + b_in + r * (W_hn h + b_hn)). */
public final class Gru extends Recurrent {
    public Gru(int hiddenSize) {
        this(Spec.of(RnnNative.CORENN_RNN_GRU, hiddenSize));
    }

    private Gru(Spec spec) {
        super(spec);
    }

    @Override
    Recurrent with(Spec s) {
        return new Gru(s);
    }

    @Override
    int gates() {
        return 3;
    }

    @Override
    public String kind() {
        return "Gru";
    }
}
