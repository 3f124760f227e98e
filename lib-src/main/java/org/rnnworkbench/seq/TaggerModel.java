package org.rnnworkbench.seq;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.Vocabulary;

/**
 * A trained (or any) tagger: the characters it reads and writes and its parameters (held, not copied).
 * The model works on lower-case text, as the sentences it is trained on are: {@link #decrypt}
 * lower-cases its input first.
 */
public record TaggerModel(Vocabulary vocabulary, CellParameters parameters) {

    /** How many sentences {@link #evaluate} runs through the cell at once. */
    public static final int EVALUATION_BATCH = 128;

    /** Checks that the parameters read and write exactly the vocabulary's characters. */
    public TaggerModel {
        if (vocabulary == null) {
            throw new IllegalArgumentException("vocabulary is null");
        }
        Tagger.cellOf(parameters);
        if (parameters.nX() != vocabulary.size() || parameters.nY() != vocabulary.size()) {
            throw new IllegalArgumentException("the parameters read n_x = " + parameters.nX() + " and write n_y = "
                    + parameters.nY() + " characters but the vocabulary has " + vocabulary.size());
        }
    }

    /** The vocabulary of a tagger for these pairs: the letters a–z and every character of every plaintext and ciphertext. */
    @SafeVarargs
    public static Vocabulary vocabularyOf(List<CipherPair>... sets) {
        StringBuilder text = new StringBuilder(Caesar.ALPHABET);
        for (List<CipherPair> set : sets) {
            if (set == null) {
                throw new IllegalArgumentException("a set of pairs is null");
            }
            for (CipherPair p : set) {
                if (p == null) {
                    throw new IllegalArgumentException("a pair is null");
                }
                text.append(p.plain()).append(p.cipher());
            }
        }
        return Vocabulary.fromText(text.toString());
    }

    /** The cell, RNN or GRU. */
    public CellKind cell() {
        return Tagger.cellOf(parameters);
    }

    /** The model's plaintext for {@code cipher}, lower-cased first, one character per character. */
    public String decrypt(String cipher) {
        if (cipher == null) {
            throw new IllegalArgumentException("cipher is null");
        }
        if (cipher.isEmpty()) {
            return "";
        }
        int[] in = vocabulary.encode(cipher.toLowerCase(Locale.ROOT));
        return vocabulary.decode(Tagger.predict(parameters, in));
    }

    /**
     * Per-character counts of right and wrong predictions over the pairs (each from a zero state), and
     * their mean cross-entropy per character.
     */
    public Evaluation evaluate(List<CipherPair> pairs) {
        if (pairs == null) {
            throw new IllegalArgumentException("pairs is null");
        }
        Evaluation e = new Evaluation(vocabulary);
        FastTagger work = FastTagger.of(parameters);
        for (int from = 0; from < pairs.size(); from += EVALUATION_BATCH) {
            List<CipherPair> chunk = new ArrayList<>(pairs.subList(from, Math.min(pairs.size(), from + EVALUATION_BATCH)));
            Batch b = Batch.of(chunk, vocabulary);
            e.addLoss(work.forward(parameters, b) * b.m());
            int[] predicted = new int[b.T()];
            for (int i = 0; i < b.m(); i++) {
                for (int t = 0; t < b.lengths()[i]; t++) {
                    predicted[t] = Tagger.argmax(work.yHat(t), i);
                }
                e.add(b.targets()[i], predicted, b.lengths()[i]);
            }
        }
        return e;
    }

    /** The model's plaintext for the ciphertext of each pair, computed a batch at a time. */
    public List<String> decryptAll(List<CipherPair> pairs) {
        if (pairs == null) {
            throw new IllegalArgumentException("pairs is null");
        }
        List<String> out = new ArrayList<>(pairs.size());
        FastTagger work = FastTagger.of(parameters);
        for (int from = 0; from < pairs.size(); from += EVALUATION_BATCH) {
            Batch b = Batch.of(new ArrayList<>(pairs.subList(from, Math.min(pairs.size(), from + EVALUATION_BATCH))),
                    vocabulary);
            work.forward(parameters, b);
            for (int i = 0; i < b.m(); i++) {
                int[] predicted = new int[b.lengths()[i]];
                for (int t = 0; t < predicted.length; t++) {
                    predicted[t] = Tagger.argmax(work.yHat(t), i);
                }
                out.add(vocabulary.decode(predicted));
            }
        }
        return out;
    }

    /** The per-character accuracy over the pairs, {@code evaluate(pairs).accuracy()}. */
    public double accuracy(List<CipherPair> pairs) {
        return evaluate(pairs).accuracy();
    }
}
