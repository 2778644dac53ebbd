package org.corenn.ops;

import org.corenn.tensor.Tensor;

/**
 * What {@link RnnOp#apply} and {@link ConvLstm2dOp#apply} return: the output sequence and the final
 * states, in new tensors this holder owns. Closing it closes all three; take what you keep out first
 * (e.g. {@code toArray()}).
 */
public final class RnnResult implements AutoCloseable {
    private final Tensor output;
    private final Tensor hidden;
    private final Tensor cell;

    RnnResult(Tensor output, Tensor hidden, Tensor cell) {
        this.output = output;
        this.hidden = hidden;
        this.cell = cell;
    }

    /** y: {@code [seq, batch, D*P]} ({@code [batch, seq, D*P]} batch-first); ConvLSTM {@code [T, B, Ch, H, W]}. */
    public Tensor output() {
        return output;
    }

    /** h_n: {@code [layers*D, batch, P]}; ConvLSTM {@code [B, Ch, H, W]}. */
    public Tensor hidden() {
        return hidden;
    }

    /** c_n: {@code [layers*D, batch, H]} for an LSTM, {@code [B, Ch, H, W]} for a ConvLSTM, else null. */
    public Tensor cell() {
        return cell;
    }

    /** Closes the three tensors; idempotent. */
    @Override
    public void close() {
        output.close();
        hidden.close();
        if (cell != null) {
            cell.close();
        }
    }
}
