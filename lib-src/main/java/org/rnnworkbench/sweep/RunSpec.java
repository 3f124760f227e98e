package org.rnnworkbench.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.ClipRule;
import org.rnnworkbench.lm.LearningRateDecay;
import org.rnnworkbench.lm.Truncation;
import org.rnnworkbench.train.Sweep;

/**
 * One run of a sweep: its settings as a {@link Sweep.Config} whose name is the run's id. The id is
 * derived from the settings alone (a readable prefix and 8 hex digits of the SHA-256 of the
 * {@link #canonical() canonical settings}), so the same settings get the same id whatever their place
 * in the grid, and results found under that id belong to exactly these settings.
 */
public record RunSpec(String id, Sweep.Config config) {

    /** Checks that {@code id} is the one the settings give. */
    public RunSpec {
        Objects.requireNonNull(config, "config");
        String expected = idOf(config);
        if (!expected.equals(id)) {
            throw new IllegalArgumentException("run id '" + id + "' does not match its settings (expected '"
                    + expected + "')");
        }
        if (!config.name().equals(id)) {
            config = config.withName(id);
        }
    }

    /** The run of {@code config}'s settings (its name is replaced by the id). */
    public static RunSpec of(Sweep.Config config) {
        return new RunSpec(idOf(config), config);
    }

    /** The settings as the grid file writes them, in a fixed order: cell, hidden, learning_rate, ... */
    public Map<String, String> settings() {
        return settingsOf(config);
    }

    /** The settings as one line {@code key=value;...}, the text hashed into the id. */
    public String canonical() {
        return canonicalOf(config);
    }

    /** The id the settings of {@code c} give, e.g. {@code rnn-h16-lr0.01-s1-3fa9c2d1}. */
    public static String idOf(Sweep.Config c) {
        String prefix = c.cell().id() + "-h" + c.nA() + "-lr" + c.learningRate() + "-s" + c.initSeed();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalOf(c).getBytes(StandardCharsets.UTF_8));
            return prefix + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    static Map<String, String> settingsOf(Sweep.Config c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cell", c.cell().id());
        m.put("hidden", Integer.toString(c.nA()));
        m.put("learning_rate", Double.toString(c.learningRate()));
        m.put("lr_decay", c.decay().id());
        m.put("clip_rule", c.clipRuleText());
        m.put("clip", c.clipValue() == Double.POSITIVE_INFINITY ? "inf" : Double.toString(c.clipValue()));
        m.put("iterations", Integer.toString(c.iterations()));
        m.put("truncation", truncationText(c.truncation()));
        m.put("seed", Long.toString(c.initSeed()));
        return m;
    }

    private static String canonicalOf(Sweep.Config c) {
        StringBuilder b = new StringBuilder();
        // A constant rate is left out, so runs planned before the decay existed keep their ids.
        settingsOf(c).forEach((k, v) -> {
            if (!(k.equals("lr_decay") && v.equals(LearningRateDecay.NONE.id()))) {
                b.append(k).append('=').append(v).append(';');
            }
        });
        return b.toString();
    }

    /** {@code "none"} or e.g. {@code "k=5/L=100"}, {@code "full/L=100"}. */
    static String truncationText(Truncation t) {
        return t == null ? "none" : t.toString();
    }

    /** The configuration of these settings, named {@code name}; values are checked by the caller. */
    static Sweep.Config config(String name, Map<String, String> s) {
        String rule = s.get("clip_rule");
        boolean off = rule.equals("none");
        double clip = off ? Double.POSITIVE_INFINITY : parseClip(s.get("clip"));
        return new Sweep.Config(name, CellKind.fromId(s.get("cell")), Integer.parseInt(s.get("hidden")),
                Double.parseDouble(s.get("learning_rate")), clip, Integer.parseInt(s.get("iterations")),
                Long.parseLong(s.get("seed")), off ? ClipRule.ELEMENT_WISE : ClipRule.fromId(rule),
                parseTruncation(s.get("truncation")))
                .withDecay(LearningRateDecay.of(s.getOrDefault("lr_decay", LearningRateDecay.NONE.id())));
    }

    static double parseClip(String v) {
        return v.toLowerCase(Locale.ROOT).equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(v);
    }

    /** {@code none}, {@code k=K/L=L} or {@code full/L=L}; throws IllegalArgumentException otherwise. */
    static Truncation parseTruncation(String v) {
        if (v.equals("none")) {
            return null;
        }
        String[] parts = v.split("/", -1);
        if (parts.length != 2 || !parts[1].startsWith("L=")) {
            throw new IllegalArgumentException("truncation must be none, k=K/L=L or full/L=L but was '" + v + "'");
        }
        int length = Integer.parseInt(parts[1].substring(2));
        if (parts[0].equals("full")) {
            return Truncation.full(length);
        }
        if (!parts[0].startsWith("k=")) {
            throw new IllegalArgumentException("truncation must be none, k=K/L=L or full/L=L but was '" + v + "'");
        }
        return Truncation.window(Integer.parseInt(parts[0].substring(2)), length);
    }
}
