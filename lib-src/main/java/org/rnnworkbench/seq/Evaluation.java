package org.rnnworkbench.seq;

import java.util.Arrays;
import org.rnnworkbench.lm.Vocabulary;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How well a tagger decrypts a set of pairs, counted per character: the confusion counts
 * (plaintext character → predicted character), the counts by position in the sentence, and how many
 * sentences came out entirely right, and the mean cross-entropy per character. Built by {@link TaggerModel#evaluate}.
 */
public final class Evaluation {
    private final Vocabulary vocabulary;
    private final long[][] confusion;
    private long[] positionCount = new long[0];
    private long[] positionCorrect = new long[0];
    private long sentences;
    private long sentencesCorrect;
    private double loss;

    Evaluation(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.confusion = new long[vocabulary.size()][vocabulary.size()];
    }

    /** Counts one sentence: its plaintext indices and the predicted ones, step by step. */
    void add(int[] truth, int[] predicted, int length) {
        if (length > positionCount.length) {
            positionCount = Arrays.copyOf(positionCount, length);
            positionCorrect = Arrays.copyOf(positionCorrect, length);
        }
        boolean all = true;
        for (int t = 0; t < length; t++) {
            confusion[truth[t]][predicted[t]]++;
            positionCount[t]++;
            if (truth[t] == predicted[t]) {
                positionCorrect[t]++;
            } else {
                all = false;
            }
        }
        sentences++;
        if (all) {
            sentencesCorrect++;
        }
    }

    /** Adds the summed cross-entropy of some sentences. */
    void addLoss(double summed) {
        loss += summed;
    }

    /** The mean cross-entropy per character, in nats (NaN when nothing was counted). */
    public double lossPerCharacter() {
        long n = characters();
        return n == 0 ? Double.NaN : loss / n;
    }

    /** The characters the counts are indexed by. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Number of characters counted. */
    public long characters() {
        long n = 0;
        for (long c : positionCount) {
            n += c;
        }
        return n;
    }

    /** Number of characters predicted right. */
    public long correct() {
        long n = 0;
        for (long c : positionCorrect) {
            n += c;
        }
        return n;
    }

    /** The per-character accuracy: correct / characters (NaN when nothing was counted). */
    public double accuracy() {
        long n = characters();
        return n == 0 ? Double.NaN : (double) correct() / n;
    }

    /**
     * The accuracy on the letters a–z of the plaintext only, the characters the cipher changes (spaces,
     * digits and punctuation map to themselves and are easy).
     */
    public double letterAccuracy() {
        long n = 0;
        long right = 0;
        for (char c : Caesar.ALPHABET.toCharArray()) {
            n += count(c);
            right += correctOf(c);
        }
        return n == 0 ? Double.NaN : (double) right / n;
    }

    /** How many times {@code plain} occurs in the plaintexts (0 if it is not in the vocabulary). */
    public long count(char plain) {
        if (!vocabulary.contains(plain)) {
            return 0;
        }
        return Arrays.stream(confusion[vocabulary.charToIx(plain)]).sum();
    }

    /** How many of the occurrences of {@code plain} were predicted right. */
    public long correctOf(char plain) {
        if (!vocabulary.contains(plain)) {
            return 0;
        }
        int i = vocabulary.charToIx(plain);
        return confusion[i][i];
    }

    /** The accuracy on occurrences of {@code plain} (NaN when it never occurs). */
    public double accuracyOf(char plain) {
        long n = count(plain);
        return n == 0 ? Double.NaN : (double) correctOf(plain) / n;
    }

    /** How many times plaintext {@code plain} was predicted as {@code predicted}. */
    public long confusion(char plain, char predicted) {
        return confusion[vocabulary.charToIx(plain)][vocabulary.charToIx(predicted)];
    }

    /** Accuracy at each position t = 0, 1, … of the sentences (over the sentences long enough to have it). */
    public double[] accuracyByPosition() {
        double[] out = new double[positionCount.length];
        for (int t = 0; t < out.length; t++) {
            out[t] = (double) positionCorrect[t] / positionCount[t];
        }
        return out;
    }

    /** How many sentences have a character at each position t. */
    public long[] countByPosition() {
        return positionCount.clone();
    }

    /** Number of sentences counted. */
    public long sentences() {
        return sentences;
    }

    /** Number of sentences whose every character was predicted right. */
    public long sentencesCorrect() {
        return sentencesCorrect;
    }

    /**
     * One row per plaintext letter a–z that occurs: letter, count, correct, accuracy, and the most
     * frequent wrong prediction with its count (empty and 0 when there is none).
     */
    public Table perLetterTable() {
        return table("accuracy per plaintext letter", "letter", Caesar.ALPHABET);
    }

    /**
     * As {@link #perLetterTable()} for every character of the vocabulary that occurs in the plaintexts
     * (letters, space as ␠, digits, punctuation), in vocabulary order.
     */
    public Table perCharacterTable() {
        return table("accuracy per plaintext character", "character", vocabulary.chars());
    }

    private Table table(String name, String first, String chars) {
        StringColumn character = StringColumn.create(first);
        IntColumn count = IntColumn.create("count");
        IntColumn right = IntColumn.create("correct");
        DoubleColumn accuracy = DoubleColumn.create("accuracy");
        StringColumn mistake = StringColumn.create("most frequent mistake");
        IntColumn mistakes = IntColumn.create("times");
        for (char c : chars.toCharArray()) {
            long n = count(c);
            if (n == 0) {
                continue;
            }
            int i = vocabulary.charToIx(c);
            int worst = -1;
            for (int j = 0; j < confusion[i].length; j++) {
                if (j != i && confusion[i][j] > 0 && (worst < 0 || confusion[i][j] > confusion[i][worst])) {
                    worst = j;
                }
            }
            character.append(shown(c));
            count.append((int) n);
            right.append((int) correctOf(c));
            accuracy.append(accuracyOf(c));
            mistake.append(worst < 0 ? "" : shown(vocabulary.ixToChar(worst)));
            mistakes.append(worst < 0 ? 0 : (int) confusion[i][worst]);
        }
        return Table.create(name, character, count, right, accuracy, mistake, mistakes);
    }

    private static String shown(char c) {
        return c == ' ' ? "␠" : c == '\n' ? "\\n" : String.valueOf(c);
    }
}
