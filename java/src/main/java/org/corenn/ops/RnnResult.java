package org.corenn.ops;

import org.corenn.tensor.Tensor;

/**
 * What {@link RnnOp#apply} returns: the output sequence and the final states, in new tensors this
 * holder owns. Closing it closes all three; take what you keep out first (e.g. {@code toArray()}).
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

    /** {@code y [seq, batch, D*P]} ({@code [batch, seq, D*P]} with batch-first). */
    public Tensor output() {
        return output;
    }

    /** {@code h_n [layers*D, batch, P]}. */
    public Tensor hidden() {
        return hidden;
    }

    /** {@code c_n [layers*D, batch, H]} for an LSTM, else null. */
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
