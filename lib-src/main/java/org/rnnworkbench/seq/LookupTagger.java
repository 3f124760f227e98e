package org.rnnworkbench.seq;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The no-recurrence baseline for a tagger: output t depends on input t only. For each ciphertext
 * character it answers the plaintext character that most often stood under it in training (ties go
 * to the smaller character), and a character never seen in training is copied. No model that reads one
 * character at a time without memory can be more accurate on the training pairs, so it measures how
 * much of a tagger's accuracy needs no recurrence at all.
 */
public final class LookupTagger {
    private final Map<Character, Character> table;

    private LookupTagger(Map<Character, Character> table) {
        this.table = table;
    }

    /** Counts, for every ciphertext character of {@code training}, the plaintext characters under it. */
    public static LookupTagger fit(List<CipherPair> training) {
        if (training == null || training.isEmpty()) {
            throw new IllegalArgumentException("training must hold at least one pair");
        }
        Map<Character, Map<Character, Integer>> counts = new HashMap<>();
        for (CipherPair p : training) {
            String c = p.cipher().toLowerCase(Locale.ROOT);
            String q = p.plain().toLowerCase(Locale.ROOT);
            for (int t = 0; t < c.length(); t++) {
                counts.computeIfAbsent(c.charAt(t), k -> new HashMap<>()).merge(q.charAt(t), 1, Integer::sum);
            }
        }
        Map<Character, Character> table = new HashMap<>();
        counts.forEach((in, outs) -> {
            char best = 0;
            int bestCount = -1;
            for (var e : outs.entrySet()) {
                if (e.getValue() > bestCount || (e.getValue() == bestCount && e.getKey() < best)) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            table.put(in, best);
        });
        return new LookupTagger(table);
    }

    /** The plaintext answered for {@code cipher}, character by character. */
    public String decrypt(String cipher) {
        if (cipher == null) {
            throw new IllegalArgumentException("cipher is null");
        }
        StringBuilder sb = new StringBuilder(cipher.length());
        for (char c : cipher.toLowerCase(Locale.ROOT).toCharArray()) {
            sb.append(table.getOrDefault(c, c));
        }
        return sb.toString();
    }

    /** The fraction of characters of the pairs' plaintexts answered correctly. */
    public double accuracy(List<CipherPair> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            throw new IllegalArgumentException("pairs must hold at least one pair");
        }
        long right = 0;
        long all = 0;
        for (CipherPair p : pairs) {
            String d = decrypt(p.cipher());
            String q = p.plain().toLowerCase(Locale.ROOT);
            for (int t = 0; t < q.length(); t++) {
                right += d.charAt(t) == q.charAt(t) ? 1 : 0;
            }
            all += q.length();
        }
        return (double) right / all;
    }
}
