package org.rnnworkbench.sweep;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A grid file: the runs of a sweep as a researcher writes them by hand.
 *
 * <pre>
 * # '#' starts a comment; blank lines are ignored
 * data          = ../data/element_list.txt   # relative to this file's folder
 * cell          = rnn
 * hidden        = 16, 32                     # an axis: the grid is the product of all axes
 * learning_rate = 0.005, 0.01, 0.02
 * clip_rule     = element_wise, global_norm  # or none (no clipping)
 * clip          = 5
 * iterations    = 2000
 * truncation    = none                       # or k=5/L=100, full/L=100 (rnn only)
 * seed          = 1, 2
 * run cell=gru hidden=32 learning_rate=0.01  # one extra run; unnamed keys take the axis's single value
 * </pre>
 *
 * Every key is optional except {@code data}; a key left out takes the library's default (the
 * assignment's). Every problem is reported as one line, {@code FILE:LINE: problem}, before anything runs.
 */
public record Grid(Path source, Path data, List<RunSpec> runs) {

    /** The keys of a grid file, in the order the runs list them. */
    public static final List<String> KEYS = List.of("data", "cell", "hidden", "learning_rate", "lr_decay",
            "clip_rule", "clip", "iterations", "truncation", "seed");

    /** Most hidden units a run may have: bigger models belong to another tool. */
    public static final int MAX_HIDDEN = 4096;
    /** Largest learning rate accepted: beyond it a run of this model only diverges. */
    public static final double MAX_LEARNING_RATE = 10;
    /** Most iterations (or stream sequences) of one run. */
    public static final int MAX_ITERATIONS = 100_000_000;
    /** Largest seed: NumPy's legacy seeds are 32-bit. */
    public static final long MAX_SEED = 0xFFFF_FFFFL;

    private static final Map<String, String> DEFAULTS = Map.of("cell", "rnn", "hidden", "50",
            "learning_rate", "0.01", "lr_decay", "none", "clip_rule", "element_wise", "clip", "5", "iterations", "35000",
            "truncation", "none", "seed", "1");

    /** Reads and checks the grid file {@code file}; the data file must exist. */
    public static Grid read(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new GridException(file + ": not a UTF-8 text file");
        } catch (IOException e) {
            throw new GridException("cannot read grid file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file);
    }

    /** Parses grid {@code text}; {@code file} names it in messages and anchors the relative data path. */
    public static Grid parse(String text, Path file) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        Map<String, Integer> axisLine = new HashMap<>();
        List<Map<String, String>> extras = new ArrayList<>();
        List<Integer> extraLines = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int no = i + 1;
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals("run") || line.startsWith("run ") || line.startsWith("run\t")) {
                Map<String, String> row = new LinkedHashMap<>();
                for (String pair : line.substring(3).strip().split("\\s+")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw error(file, no, "'" + pair + "' is not key=value (a run line is 'run key=value ...')");
                    }
                    String key = checkKey(file, no, pair.substring(0, eq));
                    if (key.equals("data")) {
                        throw error(file, no, "data is set once for the whole grid, not per run");
                    }
                    if (row.put(key, pair.substring(eq + 1)) != null) {
                        throw error(file, no, key + " is given twice in this run");
                    }
                    check(file, no, key, pair.substring(eq + 1));
                }
                if (row.isEmpty()) {
                    throw error(file, no, "a run line needs at least one key=value");
                }
                extras.add(row);
                extraLines.add(no);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw error(file, no, "expected 'key = value, value, ...' or 'run key=value ...' but found '"
                        + line + "'");
            }
            String key = checkKey(file, no, line.substring(0, eq).strip());
            if (axes.containsKey(key)) {
                throw error(file, no, key + " is already set on line " + axisLine.get(key));
            }
            String rest = line.substring(eq + 1).strip();
            if (rest.isEmpty()) {
                throw error(file, no, key + " has no values (an empty axis makes an empty grid)");
            }
            List<String> values = new ArrayList<>();
            for (String v : rest.split(",", -1)) {
                String value = v.strip();
                if (value.isEmpty()) {
                    throw error(file, no, key + " has an empty value in '" + rest + "'");
                }
                if (values.contains(value)) {
                    throw error(file, no, key + " lists " + value + " twice");
                }
                if (!key.equals("data")) {
                    check(file, no, key, value);
                }
                values.add(value);
            }
            if (key.equals("data") && values.size() != 1) {
                throw error(file, no, "data names one file, not " + values.size());
            }
            axes.put(key, values);
            axisLine.put(key, no);
        }
        if (!axes.containsKey("data")) {
            throw new GridException(file + ": no 'data = FILE' line (the training data of every run)");
        }
        Path dir = file.toAbsolutePath().getParent();
        Path data = dir.resolve(axes.get("data").get(0)).normalize();
        if (!Files.isRegularFile(data)) {
            throw error(file, axisLine.get("data"), "data file " + data + (Files.exists(data) ? " is not a file"
                    : " not found"));
        }

        List<RunSpec> runs = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<String> axisKeys = KEYS.subList(1, KEYS.size());
        boolean anyAxisLine = axisKeys.stream().anyMatch(axes::containsKey);
        // Only value lines make a product; a file of run lines alone lists exactly those runs.
        if (anyAxisLine || extras.isEmpty()) {
            for (Map<String, String> s : product(axes, axisKeys)) {
                add(runs, seen, s, file, -1);
            }
        }
        for (int r = 0; r < extras.size(); r++) {
            Map<String, String> s = new LinkedHashMap<>();
            for (String key : axisKeys) {
                String v = extras.get(r).get(key);
                if (v == null) {
                    List<String> axis = axes.get(key);
                    if (axis != null && axis.size() > 1) {
                        throw error(file, extraLines.get(r), "this run does not set " + key + ", whose axis has "
                                + axis.size() + " values (line " + axisLine.get(key) + ")");
                    }
                    v = axis != null ? axis.get(0) : DEFAULTS.get(key);
                }
                s.put(key, v);
            }
            add(runs, seen, s, file, extraLines.get(r));
        }
        return new Grid(file, data, List.copyOf(runs));
    }

    private static List<Map<String, String>> product(Map<String, List<String>> axes, List<String> keys) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (String key : keys) {
            List<String> values = axes.getOrDefault(key, List.of(DEFAULTS.get(key)));
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : values) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(key, v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    private static void add(List<RunSpec> runs, Map<String, Integer> seen, Map<String, String> s, Path file, int line) {
        String where = line > 0 ? file + ":" + line + ": " : file + ": ";
        RunSpec spec;
        try {
            spec = RunSpec.of(RunSpec.config("run", s));
        } catch (IllegalArgumentException e) {
            // Settings valid one by one that do not go together, e.g. truncation with the gru cell.
            throw new GridException(where + "the run " + s + " is not possible: "
                    + e.getMessage().replace(" (config 'run')", ""), e);
        }
        Integer before = seen.putIfAbsent(spec.id(), runs.size());
        if (before != null) {
            throw new GridException(where + "the run " + spec.id() + " is listed twice (same settings as run "
                    + before + ")");
        }
        runs.add(spec);
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static String checkKey(Path file, int no, String key) {
        if (!KEYS.contains(key)) {
            throw error(file, no, "unknown key '" + key + "'; the keys are " + String.join(", ", KEYS));
        }
        return key;
    }

    /** Checks one value of {@code key}, with the range in the message. */
    static void check(Path file, int no, String key, String value) {
        switch (key) {
            case "cell" -> oneOf(file, no, key, value, Set.of("rnn", "gru", "lstm"));
            case "clip_rule" -> oneOf(file, no, key, value, Set.of("element_wise", "global_norm", "none"));
            case "lr_decay" -> oneOf(file, no, key, value, Set.of("none", "linear", "cosine"));
            case "hidden" -> integer(file, no, key, value, 1, MAX_HIDDEN);
            case "iterations" -> integer(file, no, key, value, 1, MAX_ITERATIONS);
            case "seed" -> integer(file, no, key, value, 0, MAX_SEED);
            case "learning_rate" -> real(file, no, key, value, x -> x > 0 && x <= MAX_LEARNING_RATE,
                    "in (0, " + (int) MAX_LEARNING_RATE + "]");
            case "clip" -> real(file, no, key, value, x -> x > 0, "positive, or inf for no bound");
            case "truncation" -> {
                try {
                    RunSpec.parseTruncation(value);
                } catch (IllegalArgumentException e) {
                    throw error(file, no, "truncation '" + value + "' is not possible: " + e.getMessage());
                }
            }
            default -> throw new IllegalStateException("no check for key " + key);
        }
    }

    private static void oneOf(Path file, int no, String key, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw error(file, no, key + " '" + value + "' is unknown; use one of " + new TreeSet<>(allowed));
        }
    }

    private static void integer(Path file, int no, String key, String value, long min, long max) {
        long x;
        try {
            x = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw error(file, no, key + " must be a whole number but was '" + value + "'");
        }
        if (x < min || x > max) {
            throw error(file, no, key + " " + value + " is out of range [" + min + ", " + max + "]");
        }
    }

    private static void real(Path file, int no, String key, String value, Predicate<Double> ok, String range) {
        double x;
        try {
            x = RunSpec.parseClip(value);
        } catch (NumberFormatException e) {
            throw error(file, no, key + " must be a number but was '" + value + "'");
        }
        if (key.equals("learning_rate") && value.toLowerCase(Locale.ROOT).equals("inf") || Double.isNaN(x) || !ok.test(x)) {
            throw error(file, no, key + " " + value + " is out of range: it must be " + range);
        }
    }

    private static GridException error(Path file, int line, String message) {
        return new GridException(file + ":" + line + ": " + message);
    }
}
