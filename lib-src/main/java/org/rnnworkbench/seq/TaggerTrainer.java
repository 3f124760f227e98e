package org.rnnworkbench.seq;

import java.util.ArrayList;
import java.util.List;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.lm.Clip;
import org.rnnworkbench.lm.Vocabulary;
import org.rnnworkbench.random.NumpyRandom;

/**
 * Mini-batch training of the {@link Tagger} with {@link Adam}. Order of work, all from one seed:
 * the parameters are drawn ({@link Tagger#initializeParameters}); then, with NumPy's generator seeded
 * {@code seed + 1} (0 when seed is 2³² − 1), the training pairs are visited in a random permutation,
 * m at a time, a new permutation being drawn when fewer than m are left (the rest are skipped for that
 * epoch). The pairs of a batch are put in order of length, longest first (a stable sort), so that the
 * fast pass skips every padded step; the loss and its gradients are sums over the pairs, so this
 * changes them only by rounding. Each step: forward and BPTT ({@link FastTagger}, the fast form of {@link Tagger}),
 * element-wise clipping, one Adam update. The held-out pairs are evaluated before the first step,
 * every {@code evaluateEvery} steps and after the last. The same pairs, options and seed give the same
 * parameters.
 */
public final class TaggerTrainer {
    private TaggerTrainer() {}

    private static final java.util.Comparator<CipherPair> LONGEST_FIRST =
            java.util.Comparator.comparingInt(CipherPair::length).reversed();

    /** The trained model and its history. */
    public record Result(TaggerModel model, TaggerHistory history) {}

    /**
     * Trains on {@code training} (at least {@code batchSize} pairs) and evaluates on {@code heldOut} (may
     * be empty), with the vocabulary {@link TaggerModel#vocabularyOf} of both sets.
     */
    public static Result train(List<CipherPair> training, List<CipherPair> heldOut, TaggerOptions options) {
        if (training == null || heldOut == null) {
            throw new IllegalArgumentException("training and heldOut must not be null (heldOut may be empty)");
        }
        checkPairs("training", training);
        checkPairs("heldOut", heldOut);
        return train(training, heldOut, TaggerModel.vocabularyOf(training, heldOut), options);
    }

    /** As {@link #train(List, List, TaggerOptions)} with a given vocabulary, which must hold every character of both sets. */
    public static Result train(List<CipherPair> training, List<CipherPair> heldOut, Vocabulary vocabulary,
            TaggerOptions options) {
        if (training == null || heldOut == null) {
            throw new IllegalArgumentException("training and heldOut must not be null (heldOut may be empty)");
        }
        if (vocabulary == null || options == null) {
            throw new IllegalArgumentException("vocabulary and options must not be null");
        }
        if (training.size() < options.batchSize()) {
            throw new IllegalArgumentException("training holds " + training.size() + " pairs but batchSize is "
                    + options.batchSize() + "; it needs at least one full batch");
        }
        CellParameters p = Tagger.initializeParameters(options.cell(), options.nA(), vocabulary.size(), options.seed());
        TaggerModel model = new TaggerModel(vocabulary, p);
        // Fails now, naming the character, if some pair holds one the vocabulary lacks.
        checkCharacters("training", training, vocabulary);
        checkCharacters("heldOut", heldOut, vocabulary);

        Adam adam = new Adam(p, options.learningRate());
        FastTagger work = FastTagger.of(p);
        TaggerGradients g = TaggerGradients.zerosLike(p);
        NumpyRandom rng = new NumpyRandom((options.seed() + 1) & NumpyRandom.MAX_SEED);
        TaggerHistory history = new TaggerHistory();
        int m = options.batchSize();
        int[] order = rng.permutation(training.size());
        int next = 0;
        evaluate(model, heldOut, 0, history);
        for (int step = 1; step <= options.steps(); step++) {
            if (next + m > order.length) {
                order = rng.permutation(training.size());
                next = 0;
            }
            List<CipherPair> pairs = new ArrayList<>(m);
            for (int i = 0; i < m; i++) {
                pairs.add(training.get(order[next++]));
            }
            pairs.sort(LONGEST_FIRST);
            Batch batch = Batch.of(pairs, vocabulary);
            double perCharacter = work.lossAndGradients(p, batch, g) * m / batch.characters();
            if (!Double.isFinite(perCharacter)) {
                throw new IllegalStateException("the loss became " + perCharacter + " at step " + step
                        + "; try a smaller learningRate (now " + options.learningRate() + ") or clipValue (now "
                        + options.clipValue() + ")");
            }
            if (options.clipValue() != Double.POSITIVE_INFINITY) {
                Clip.clipInPlace(g, options.clipValue());
            }
            adam.update(p, g);
            history.addLoss(perCharacter);
            if (options.progress() != null) {
                options.progress().update(step, options.steps(), perCharacter);
            }
            if (step % options.evaluateEvery() == 0 || step == options.steps()) {
                evaluate(model, heldOut, step, history);
            }
        }
        return new Result(model, history);
    }

    private static void checkPairs(String name, List<CipherPair> pairs) {
        for (int i = 0; i < pairs.size(); i++) {
            CipherPair p = pairs.get(i);
            if (p == null) {
                throw new IllegalArgumentException(name + "[" + i + "] is null");
            }
            if (p.length() == 0) {
                throw new IllegalArgumentException(name + "[" + i + "] is empty; every sequence needs at least one character");
            }
        }
    }

    private static void checkCharacters(String name, List<CipherPair> pairs, Vocabulary vocabulary) {
        checkPairs(name, pairs);
        for (CipherPair p : pairs) {
            vocabulary.encode(p.plain());
            vocabulary.encode(p.cipher());
        }
    }

    private static void evaluate(TaggerModel model, List<CipherPair> heldOut, int step, TaggerHistory history) {
        if (heldOut.isEmpty()) {
            return;
        }
        Evaluation e = model.evaluate(heldOut);
        history.addPoint(new TaggerHistory.Point(step, e.accuracy(), e.letterAccuracy(), e.lossPerCharacter()));
    }
}
