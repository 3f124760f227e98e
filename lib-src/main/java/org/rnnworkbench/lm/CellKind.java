package org.rnnworkbench.lm;

import java.util.Locale;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.cells.RnnParameters;

/** The recurrent cell of the character-level language model. */
public enum CellKind {
    /** The assignment's tanh RNN ({@link CharRnn}). */
    RNN,
    /** The Part A GRU with a softmax output ({@link CharGru}). */
    GRU,
    /** The Part A LSTM ({@link CharLstm}): carries a memory cell c beside the hidden state a. */
    LSTM;

    /** True when the cell carries a memory cell {@code c} beside its hidden state {@code a} (the LSTM). */
    public boolean hasMemoryCell() {
        return this == LSTM;
    }

    /** The lowercase name used on the command line and in model files: {@code "rnn"}, {@code "gru"}, {@code "lstm"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The cell named {@code id} ({@code "rnn"}, {@code "gru"} or {@code "lstm"}, as {@link #id()} gives it). */
    public static CellKind fromId(String id) {
        for (CellKind k : values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("cell '" + id + "' is unknown; the cells are rnn, gru and lstm");
    }

    /** The cell {@code p} belongs to: {@link RnnParameters}, {@link GruParameters} or {@link LstmParameters}. */
    public static CellKind of(CellParameters p) {
        if (p instanceof RnnParameters) {
            return RNN;
        }
        if (p instanceof GruParameters) {
            return GRU;
        }
        if (p instanceof LstmParameters) {
            return LSTM;
        }
        throw new IllegalArgumentException(p == null ? "parameters is null" : "parameters of type "
                + p.getClass().getName() + " belong to no language model cell; use RnnParameters, GruParameters or "
                + "LstmParameters");
    }
}
