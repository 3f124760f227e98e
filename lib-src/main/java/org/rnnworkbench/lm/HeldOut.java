package org.rnnworkbench.lm;

import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.cells.RnnParameters;

/**
 * Cross-entropy of a trained language model (RNN, GRU or LSTM) on text it did not train on, in nats.
 * Every log-probability is computed in log space, {@code log ŷ[y] = z[y] − logsumexp(z)} on the logits
 * {@code z = Wy·a + by}, never as the log of a softmax: a softmax entry that underflows to 0 would give
 * −∞ where the true value is finite.
 *
 * <p>Examples are read as the assignment reads them ({@code X = [None] + example},
 * {@code Y = example + ["\n"]}). {@link State#ZERO} starts every example from a zero state, as
 * {@code sample} does; {@link State#CARRIED} carries the state from one example to the next, starting
 * from zero, as training does. A {@link CharStream} is read with the state carried over the whole stream.
 */
public final class HeldOut {
    private HeldOut() {}

    /** How the hidden state enters each example. */
    public enum State {
        /** Every example starts from a ⟨0⟩ = 0 (and c⟨0⟩ = 0), as sampling does. */
        ZERO,
        /** The state after one example enters the next, as in training; the first starts from zero. */
        CARRIED
    }

    /**
     * A total negative log-likelihood and what it was summed over.
     *
     * @param nats −Σ log p(target), in nats
     * @param characters the number of predicted characters (targets)
     * @param examples the number of examples (1 for a stream)
     */
    public record Score(double nats, long characters, int examples) {
        /** Mean nats per predicted character. */
        public double perCharacter() {
            return nats / characters;
        }

        /** Mean nats per example. */
        public double perExample() {
            return nats / examples;
        }
    }

    /** The model's loss on {@code examples} (each written in {@code v}) with the state entering each example as {@code state} says. */
    public static Score evaluate(CellParameters p, Vocabulary v, List<String> examples, State state) {
        Objects.requireNonNull(p, "parameters");
        Objects.requireNonNull(v, "vocabulary");
        Objects.requireNonNull(examples, "examples");
        Objects.requireNonNull(state, "state");
        requireVocabulary(p, v);
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("examples is empty; a held-out loss needs at least one example");
        }
        Reader r = new Reader(p);
        double nats = 0;
        long characters = 0;
        for (String e : examples) {
            if (state == State.ZERO) {
                r.reset();
            }
            int[] X = Trainer.inputsOf(e, v);
            int[] Y = Trainer.targetsOf(e, v);
            for (int t = 0; t < X.length; t++) {
                nats -= r.step(X[t], Y[t]);
            }
            characters += Y.length;
        }
        return new Score(nats, characters, examples.size());
    }

    /** The model's loss on every step of {@code stream}, the state carried from a zero state at its first step. */
    public static Score evaluate(CellParameters p, CharStream stream) {
        Objects.requireNonNull(p, "parameters");
        Objects.requireNonNull(stream, "stream");
        requireVocabulary(p, stream.vocabulary());
        int[] X = stream.inputs();
        int[] Y = stream.targets();
        Reader r = new Reader(p);
        double nats = 0;
        for (int t = 0; t < X.length; t++) {
            nats -= r.step(X[t], Y[t]);
        }
        return new Score(nats, X.length, 1);
    }

    /** log softmax(z)[y] = z[y] − (max + log Σ exp(z − max)), for the column vector z. */
    public static double logSoftmaxAt(DMatrixRMaj z, int y) {
        Objects.requireNonNull(z, "z");
        if (y < 0 || y >= z.getNumElements()) {
            throw new IllegalArgumentException("y must be in [0, " + z.getNumElements() + ") but was " + y);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < z.getNumElements(); i++) {
            max = Math.max(max, z.data[i]);
        }
        double sum = 0;
        for (int i = 0; i < z.getNumElements(); i++) {
            sum += Math.exp(z.data[i] - max);
        }
        return z.data[y] - max - Math.log(sum);
    }

    private static void requireVocabulary(CellParameters p, Vocabulary v) {
        if (p.nY() != v.size() || p.nX() != v.size()) {
            throw new IllegalArgumentException("parameters read " + p.nX() + " and predict " + p.nY()
                    + " characters but the vocabulary has " + v.size());
        }
    }

    /** One model reading characters: the carried state and the logits of the last step. */
    private static final class Reader {
        private final CellParameters p;
        private DMatrixRMaj a;
        private DMatrixRMaj c;
        private final DMatrixRMaj z;

        Reader(CellParameters p) {
            this.p = p;
            this.z = new DMatrixRMaj(p.nY(), 1);
            reset();
        }

        void reset() {
            a = new DMatrixRMaj(p.nA(), 1);
            c = new DMatrixRMaj(p.nA(), 1);
        }

        /** Reads input {@code x} and returns log p(y). */
        double step(int x, int y) {
            DMatrixRMaj Wy;
            DMatrixRMaj by;
            if (p instanceof RnnParameters rnn) {
                a = CharRnn.rnnStepForward(rnn, a, x);
                Wy = rnn.Wya();
                by = rnn.by();
            } else if (p instanceof GruParameters gru) {
                a = CharGru.gruStepForward(gru, a, x).aNext();
                Wy = gru.Wy();
                by = gru.by();
            } else if (p instanceof LstmParameters lstm) {
                var r = CharLstm.lstmStepForward(lstm, a, c, x);
                a = r.aNext();
                c = r.cNext();
                Wy = lstm.Wy();
                by = lstm.by();
            } else {
                throw new IllegalArgumentException("parameters of type " + p.getClass().getName()
                        + " belong to no language model cell");
            }
            CommonOps_DDRM.mult(Wy, a, z);
            CommonOps_DDRM.addEquals(z, by);
            return logSoftmaxAt(z, y);
        }
    }
}
