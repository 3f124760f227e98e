package org.rnnworkbench.seq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rnnworkbench.random.NumpyRandom;

/**
 * English sentences for the cipher task, composed from the workbench's own data: a few template
 * sentences, each filled with a movie title ({@code data/movie_titles.txt}) and a chemical element
 * ({@code data/element_list.txt}), e.g. "we watched the land girls and talked about boron."
 *
 * <p>The split keeps the held-out sentences honest: the titles are shuffled and divided first, so
 * that a held-out sentence never uses a title seen in training (templates and the 118 elements are
 * shared), and no sentence is in both sets. Everything is drawn with NumPy's generator from one seed
 * in a fixed order, so the same arguments give the same sentences.
 */
public final class Sentences {
    private Sentences() {}

    /** The templates: {@code {t}} is replaced by a title, {@code {e}} by an element name. */
    public static final List<String> TEMPLATES = List.of(
            "we watched {t} and talked about {e}.",
            "the film {t} glows like {e}.",
            "my sister says {t} is better than {e}.",
            "{e} is the secret of {t}.",
            "is {t} really about {e}?",
            "after {t}, everyone wanted more {e}.",
            "the lab named its {e} sample after {t}.",
            "nobody expected {e} in {t}.",
            "tonight: {t}, sponsored by {e}.",
            "i read that {t} was filmed near a {e} mine.");

    /** Where a character of a composed sentence comes from. */
    public enum Part {
        /** The template's own words and punctuation. */
        TEMPLATE,
        /** The movie title. */
        TITLE,
        /** The element name. */
        ELEMENT
    }

    private static final List<Pattern> PATTERNS = TEMPLATES.stream().map(Sentences::pattern).toList();

    /** Training and held-out sentences; no sentence is in both. */
    public record Split(List<String> training, List<String> heldOut) {
        public Split {
            training = List.copyOf(training);
            heldOut = List.copyOf(heldOut);
        }
    }

    /** {@code template} with {@code {t}} replaced by {@code title} and {@code {e}} by {@code element}. */
    public static String fill(String template, String title, String element) {
        if (template == null || title == null || element == null) {
            throw new IllegalArgumentException("template, title and element must not be null");
        }
        if (!template.contains("{t}") || !template.contains("{e}")) {
            throw new IllegalArgumentException("template \"" + template + "\" must contain {t} and {e}");
        }
        return template.replace("{t}", title).replace("{e}", element);
    }

    /**
     * The part each character of {@code sentence} comes from, read back from the first template the
     * sentence matches (the element is one word of letters a–z; the title is whatever is left, so a
     * title that itself contains template words is still read whole).
     */
    public static Part[] parts(String sentence) {
        if (sentence == null) {
            throw new IllegalArgumentException("sentence is null");
        }
        for (Pattern p : PATTERNS) {
            Matcher m = p.matcher(sentence);
            if (m.matches()) {
                Part[] out = new Part[sentence.length()];
                java.util.Arrays.fill(out, Part.TEMPLATE);
                java.util.Arrays.fill(out, m.start("t"), m.end("t"), Part.TITLE);
                java.util.Arrays.fill(out, m.start("e"), m.end("e"), Part.ELEMENT);
                return out;
            }
        }
        throw new IllegalArgumentException("sentence \"" + sentence + "\" does not match any of the templates");
    }

    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int t = template.indexOf("{t}", i);
            int e = template.indexOf("{e}", i);
            int next = t < 0 ? e : e < 0 ? t : Math.min(t, e);
            if (next < 0) {
                regex.append(Pattern.quote(template.substring(i)));
                break;
            }
            if (next > i) {
                regex.append(Pattern.quote(template.substring(i, next)));
            }
            regex.append(next == t ? "(?<t>.+)" : "(?<e>[a-z]+)");
            i = next + 3;
        }
        return Pattern.compile(regex.toString());
    }

    /** The non-empty lines of a UTF-8 file, lower-cased and stripped, in file order. */
    public static List<String> readLines(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file is null");
        }
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String s = line.strip().toLowerCase(Locale.ROOT);
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@link #compose} on {@code movie_titles.txt} and {@code element_list.txt} in {@code dataDir}
     * (the workbench's {@code data/} folder).
     */
    public static Split fromData(Path dataDir, int nTraining, int nHeldOut, int maxLength, long seed) {
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir is null");
        }
        return compose(readLines(dataDir.resolve("movie_titles.txt")), readLines(dataDir.resolve("element_list.txt")),
                nTraining, nHeldOut, maxLength, seed);
    }

    /**
     * {@code nTraining} and {@code nHeldOut} distinct sentences of at most {@code maxLength} characters.
     * With NumPy's generator seeded {@code seed}: the titles are shuffled and the first
     * {@code round(titles·nHeldOut / (nTraining + nHeldOut))} (at least one when {@code nHeldOut > 0})
     * are reserved for held-out sentences; then each sentence draws a template, a title from its
     * part and an element, in that order, and is drawn again if it is too long or already taken. The
     * training sentences are drawn first, then the held-out ones.
     */
    public static Split compose(List<String> titles, List<String> elements, int nTraining, int nHeldOut,
            int maxLength, long seed) {
        checkWords("titles", titles);
        checkWords("elements", elements);
        if (nTraining < 1) {
            throw new IllegalArgumentException("nTraining must be at least 1 but was " + nTraining);
        }
        if (nHeldOut < 0) {
            throw new IllegalArgumentException("nHeldOut must be at least 0 but was " + nHeldOut);
        }
        int shortest = TEMPLATES.stream().mapToInt(t -> fill(t, "", "").length()).min().orElseThrow();
        if (maxLength <= shortest) {
            throw new IllegalArgumentException("maxLength must be more than " + shortest
                    + " (the shortest template without its title and element) but was " + maxLength);
        }
        if (nHeldOut > 0 && titles.size() < 2) {
            throw new IllegalArgumentException("titles must hold at least 2 titles to split them between training"
                    + " and held-out sentences but holds " + titles.size());
        }
        NumpyRandom rng = new NumpyRandom(seed);
        List<String> shuffled = new ArrayList<>(titles);
        rng.shuffle(shuffled);
        int heldOutTitles = 0;
        if (nHeldOut > 0) {
            long share = Math.round((double) titles.size() * nHeldOut / ((double) nTraining + nHeldOut));
            heldOutTitles = (int) Math.min(titles.size() - 1, Math.max(1, share));
        }
        List<String> heldOutPool = shuffled.subList(0, heldOutTitles);
        List<String> trainingPool = shuffled.subList(heldOutTitles, shuffled.size());
        Set<String> taken = new HashSet<>();
        List<String> training = draw("training", nTraining, trainingPool, elements, maxLength, rng, taken);
        List<String> heldOut = draw("held-out", nHeldOut, heldOutPool, elements, maxLength, rng, taken);
        return new Split(training, heldOut);
    }

    private static List<String> draw(String what, int n, List<String> titles, List<String> elements, int maxLength,
            NumpyRandom rng, Set<String> taken) {
        Set<String> out = new LinkedHashSet<>();
        long attempts = 0;
        long maxAttempts = 100L * n + 10_000;
        while (out.size() < n) {
            if (attempts++ == maxAttempts) {
                throw new IllegalArgumentException("could draw only " + out.size() + " distinct " + what
                        + " sentences of at most " + maxLength + " characters in " + maxAttempts + " attempts, but "
                        + n + " were asked for; ask for fewer sentences or a larger maxLength");
            }
            String template = TEMPLATES.get(rng.choice(TEMPLATES.size()));
            String title = titles.get(rng.choice(titles.size()));
            String element = elements.get(rng.choice(elements.size()));
            String s = fill(template, title, element);
            if (s.length() <= maxLength && taken.add(s)) {
                out.add(s);
            }
        }
        return new ArrayList<>(out);
    }

    private static void checkWords(String name, List<String> words) {
        if (words == null || words.isEmpty()) {
            throw new IllegalArgumentException(name + " must hold at least one entry but is "
                    + (words == null ? "null" : "empty"));
        }
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w == null || w.isEmpty()) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + (w == null ? "null" : "empty"));
            }
        }
    }
}
