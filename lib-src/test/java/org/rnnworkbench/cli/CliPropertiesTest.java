package org.rnnworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random option values, sensible and not, given to {@code train} and {@code sample}: whatever they
 * are, the answer is an exit code the documentation lists other than 70 (an internal error), and
 * stderr never holds a stack trace. Iterations stay small or invalid, so every run is short.
 */
class CliPropertiesTest {
    private static Path dir;
    private static Path model;

    @BeforeContainer
    static void makeModel() throws IOException {
        dir = Files.createTempDirectory("cli-properties");
        Files.copy(Path.of("data/element_list.txt"), dir.resolve("names.txt"));
        Files.writeString(dir.resolve("notes.txt"), "not a model\n");
        model = dir.resolve("m.npz");
        Cli.runIn(dir, "train", "--data", "names.txt", "--hidden", "4", "--iterations", "5", "--save", "m.npz",
                "--quiet").succeeded();
    }

    @AfterContainer
    static void removeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Arbitrary<String> numbers(String... special) {
        return Arbitraries.oneOf(Arbitraries.of(special), Arbitraries.of("0", "-1", "abc", "", "1e3", "9999999999",
                "2147483647", "-2147483648", "NaN", "Infinity", "1.5"));
    }

    /** One option with a random value, or nothing. */
    private static Arbitrary<List<String>> option(String name, Arbitrary<String> values) {
        return Arbitraries.oneOf(Arbitraries.just(List.<String>of()), values.map(v -> List.of(name, v)));
    }

    @Provide
    Arbitrary<List<String>> trainArgs() {
        List<Arbitrary<List<String>>> options = List.of(
                option("--data", Arbitraries.of("names.txt", "notes.txt", "m.npz", "missing.txt", "/dev/null", "",
                        "names.txt/")),
                option("--hidden", numbers("1", "3", "30000", "46341")),
                option("--iterations", numbers("1", "4", "7")),
                option("--lr", numbers("0.01", "1e308", "1e-320", "100")),
                option("--clip", numbers("5", "none", "1e-300")),
                option("--samples", numbers("1", "2", "10000", "10001")),
                option("--sample-every", numbers("1", "2")),
                option("--cell", Arbitraries.of("rnn", "gru", "lstm", "cnn", "")),
                option("--trainer", Arbitraries.of("plain", "fast", "slow")),
                option("--seed-init", numbers("1", "4294967295", "4294967296")),
                option("--save", Arbitraries.of("out.npz", "m.npz", "names.txt", "notes.txt", "dir/", "/proc/x.npz",
                        "/dev/null", "")),
                option("--checkpoint-every", numbers("1", "2")),
                option("--resume", Arbitraries.of("m.npz", "notes.txt", "missing.npz")),
                option("--history", Arbitraries.of("h.csv", "m.npz", "names.txt", "out.npz", "/proc/h.csv")));
        return Combinators.combine(options).as(parts -> {
            List<String> args = new ArrayList<>(List.of("train", "--quiet"));
            parts.forEach(args::addAll);
            // Keeps every run short: a valid but large iteration count with a resume is bounded by the file.
            int i = args.indexOf("--iterations");
            if (i < 0 || args.get(i + 1).matches("\\d+") && Long.parseLong(args.get(i + 1)) > 50) {
                if (i >= 0) {
                    args.subList(i, i + 2).clear();
                }
                args.addAll(List.of("--iterations", "7"));
            }
            return args;
        });
    }

    @Provide
    Arbitrary<List<String>> sampleArgs() {
        List<Arbitrary<List<String>>> options = List.of(
                option("--model", Arbitraries.of("m.npz", "notes.txt", "names.txt", "missing.npz", "/dev/zero")),
                option("--n", numbers("1", "3")),
                option("--seed", numbers("0", "4294967197", "4294967198", "4294967295")),
                option("--temperature", numbers("1e-320", "4.9e-324", "1e308", "0.5", "-0.0")),
                option("--prefix", Arbitraries.of("a", "zz", "\uD83D\uDE00", "\n", "A", "\uFEFF", "x7", "")));
        return Combinators.combine(options).as(parts -> {
            List<String> args = new ArrayList<>(List.of("sample"));
            parts.forEach(args::addAll);
            int i = args.indexOf("--n");
            if (i >= 0 && args.get(i + 1).matches("\\d+") && Long.parseLong(args.get(i + 1)) > 20) {
                args.set(i + 1, "3");
            }
            return args;
        });
    }

    private static void answersWell(List<String> args) {
        Cli.Run r = Cli.runIn(dir, args.toArray(new String[0]));
        assertNotEquals(Main.EXIT_INTERNAL, r.code(), args + "\n" + r.err());
        assertTrue(List.of(0, Main.EXIT_ERROR, Main.EXIT_USAGE, Main.EXIT_DIVERGED).contains(r.code()),
                args + " exit " + r.code() + "\n" + r.err());
        r.assertNoStackTrace();
        assertFalse(r.err().contains("internal error"), args + "\n" + r.err());
        if (r.code() != 0 && r.code() != Main.EXIT_DIVERGED) {
            assertEquals(1, r.err().lines().count(), args + ": one line\n" + r.err());
        }
    }

    @Property(tries = 150)
    void trainNeverAnswersWithAStackTrace(@ForAll("trainArgs") List<String> args) {
        answersWell(args);
        assertTrue(Files.exists(model), "the model used by the other runs is never destroyed");
    }

    @Property(tries = 150)
    void sampleNeverAnswersWithAStackTrace(@ForAll("sampleArgs") List<String> args) {
        answersWell(args);
    }
}
