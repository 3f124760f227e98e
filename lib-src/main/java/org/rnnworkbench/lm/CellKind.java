package org.rnnworkbench.lm;

import java.util.Locale;

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
}
