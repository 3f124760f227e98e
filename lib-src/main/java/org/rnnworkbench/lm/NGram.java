package org.rnnworkbench.lm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * A character n-gram language model with add-k smoothing, the baseline every recurrent language
 * model here is compared with. Each example is read as the recurrent models read it: the characters
 * followed by a newline, predicted one at a time; the context of a character is the n − 1 characters
 * before it, with the start of the example padded by newlines (so a context holding a newline means
 * "start of an example", as the zero input does for the recurrent models). The probability is
 * {@code p(c | h) = (count(h, c) + k) / (count(h) + k·V)} with V the vocabulary size: an unseen context
 * gives the uniform 1/V.
 */
public final class NGram {
    private final Vocabulary vocabulary;
    private final int order;
    private final double k;
    private final Map<String, long[]> counts;

    private NGram(Vocabulary vocabulary, int order, double k, Map<String, long[]> counts) {
        this.vocabulary = vocabulary;
        this.order = order;
        this.k = k;
        this.counts = counts;
    }

    /** Counts the n-grams of order {@code order} (≥ 1; 1 is the unigram) in {@code examples}, smoothed with {@code k} > 0. */
    public static NGram train(List<String> examples, Vocabulary vocabulary, int order, double k) {
        Objects.requireNonNull(examples, "examples");
        Objects.requireNonNull(vocabulary, "vocabulary");
        if (order < 1) {
            throw new IllegalArgumentException("order must be at least 1 but was " + order);
        }
        if (!(k > 0) || Double.isInfinite(k)) {
            throw new IllegalArgumentException("k must be a positive finite number but was " + k);
        }
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("examples is empty; an n-gram model needs text to count");
        }
        Map<String, long[]> counts = new HashMap<>();
        int V = vocabulary.size();
        for (String e : examples) {
            String text = padded(e, order);
            int[] ix = vocabulary.encode(text);
            for (int t = order - 1; t < text.length(); t++) {
                String h = text.substring(t - order + 1, t);
                counts.computeIfAbsent(h, key -> new long[V + 1]);
                long[] c = counts.get(h);
                c[ix[t]]++;
                c[V]++;
            }
        }
        return new NGram(vocabulary, order, k, counts);
    }

    private static String padded(String example, int order) {
        return "\n".repeat(order - 1) + example + "\n";
    }

    /** The order n. */
    public int order() {
        return order;
    }

    /** The smoothing constant k. */
    public double k() {
        return k;
    }

    /** How often {@code next} followed the context {@code history} (n − 1 characters) in training. */
    public long count(String history, char next) {
        requireHistory(history);
        long[] c = counts.get(history);
        return c == null ? 0 : c[vocabulary.charToIx(next)];
    }

    /** How often the context {@code history} (n − 1 characters) was followed by anything in training. */
    public long count(String history) {
        requireHistory(history);
        long[] c = counts.get(history);
        return c == null ? 0 : c[vocabulary.size()];
    }

    /** p(next | history) = (count(history, next) + k) / (count(history) + k·V). */
    public double probability(String history, char next) {
        return (count(history, next) + k) / (count(history) + k * vocabulary.size());
    }

    private void requireHistory(String history) {
        Objects.requireNonNull(history, "history");
        if (history.length() != order - 1) {
            throw new IllegalArgumentException("history must have " + (order - 1) + " characters for order " + order
                    + " but had " + history.length());
        }
    }

    /** −Σ log p over every character (and the closing newline) of {@code examples}, each read from its start. */
    public HeldOut.Score evaluate(List<String> examples) {
        Objects.requireNonNull(examples, "examples");
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("examples is empty; a held-out loss needs at least one example");
        }
        double nats = 0;
        long characters = 0;
        for (String e : examples) {
            String text = padded(e, order);
            for (int t = order - 1; t < text.length(); t++) {
                nats -= Math.log(probability(text.substring(t - order + 1, t), text.charAt(t)));
                characters++;
            }
        }
        return new HeldOut.Score(nats, characters, examples.size());
    }

    /**
     * The n-gram models of every order in {@code orders} and smoothing in {@code ks}, trained on
     * {@code split.training()} and scored on {@code split.validation()}: the table of validation losses
     * and the best model (lowest validation loss per character; ties go to the first in the grid).
     */
    public static Selection select(DataSplit split, int[] orders, double[] ks) {
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(orders, "orders");
        Objects.requireNonNull(ks, "ks");
        if (orders.length == 0 || ks.length == 0) {
            throw new IllegalArgumentException("orders and ks must each hold at least one value");
        }
        IntColumn order = IntColumn.create("order");
        DoubleColumn kColumn = DoubleColumn.create("k");
        DoubleColumn loss = DoubleColumn.create("validation_loss_per_char");
        NGram best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int n : orders) {
            for (double k : ks) {
                NGram m = train(split.training().examples(), split.training().vocabulary(), n, k);
                double l = m.evaluate(split.validation().examples()).perCharacter();
                order.append(n);
                kColumn.append(k);
                loss.append(l);
                if (l < bestLoss) {
                    bestLoss = l;
                    best = m;
                }
            }
        }
        return new Selection(best, Table.create("n-gram validation loss", order, kColumn, loss));
    }

    /** What {@link #select} found: the best model and the validation loss of every candidate. */
    public record Selection(NGram best, Table table) {}

    @Override
    public String toString() {
        return order + "-gram, add-" + k;
    }
}
