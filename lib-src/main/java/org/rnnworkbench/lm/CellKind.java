package org.rnnworkbench.lm;

import java.util.Locale;

/** The recurrent cell of the character-level language model. */
public enum CellKind {
    /** The assignment's tanh RNN ({@link CharRnn}). */
    RNN,
    /** The Part A GRU with a softmax output ({@link CharGru}). */
    GRU;

    /** The lowercase name used on the command line and in model files: {@code "rnn"}, {@code "gru"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
