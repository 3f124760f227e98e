package org.rnnworkbench.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnnworkbench.io.ModelFile;
import org.rnnworkbench.io.TrainingCheckpoint;
import org.rnnworkbench.lm.Sampler;
import org.rnnworkbench.lm.Vocabulary;
import org.rnnworkbench.random.NumpyRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sample}: names from a saved model, drawn as the assignment's {@code sample()} draws them. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Prints names sampled from a model file (.npz of an RNN, GRU or LSTM, from train --save or NumPy's "
                    + "np.savez), one per seed from --seed on, first letter capitalised, as the assignment prints them.",
            "The training log's names at iteration j are those of the model saved after j+1 iterations, "
                    + "with --seed 0."},
        footer = {"", "Examples:",
            "  rnn-workbench sample --model model.npz",
            "  rnn-workbench sample --model model.npz --n 20 --temperature 0.7 --prefix car"})
final class SampleCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "MODEL", required = true, description = "The model file (.npz).")
    Path model;

    @Option(names = "--n", paramLabel = "N", defaultValue = "10",
            description = "How many names (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0",
            description = "Seed of the first name, 0 to 2^32-1 as for --seed-init; name i uses SEED + i, and its "
                    + "characters re-seed with up to SEED + i + 98, which must stay within 2^32-1 "
                    + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0",
            description = "Below 1 sharpens the distribution, above 1 flattens it (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--prefix", paramLabel = "TEXT", defaultValue = "",
            description = "Start every name with TEXT (lowercased, as the training text was) and continue it.")
    String prefix;

    @Override
    public Integer call() {
        if (n <= 0) {
            throw usage("--n must be a positive whole number but was " + n);
        }
        long lastDraw = NumpyRandom.MAX_SEED - 2L * (Sampler.MAX_LENGTH - 1);
        if (seed < 0 || seed > lastDraw) {
            throw usage("--seed must be in [0, " + lastDraw + "] (its draws re-seed up to SEED + 98, and NumPy's "
                    + "largest seed is 2^32-1) but was " + seed);
        }
        if (seed + n - 1 > lastDraw) {
            throw usage("--seed " + seed + " with --n " + n + " runs past the largest seed " + lastDraw
                    + " (name i draws with seeds up to SEED + i + 98, at most 2^32-1)");
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw usage("--temperature must be a positive number but was " + temperature);
        }
        Path file = main.resolve(model);
        ModelFile.Model m = Inputs.model("--model", model, file);
        Vocabulary v = TrainingCheckpoint.vocabulary(file, m);
        String start = prefix.toLowerCase(Locale.ROOT);
        checkPrefix(start, v);
        for (long i = 0; i < n; i++) {
            if (main.stop.getAsBoolean()) {
                return main.stop.exitCode();
            }
            int[] name;
            try {
                name = Sampler.sample(m.cellParameters(), v, seed + i, temperature, start);
            } catch (IllegalArgumentException e) {
                // Weights so large that a score overflows: the model cannot give probabilities.
                throw new UserError(model + ": " + e.getMessage(), e);
            }
            main.out.print(v.sampleText(name));
            // A reader that went away (| head) ends sampling at once; a full disk is a one-line error.
            if (main.stdoutFailed()) {
                throw new UserError(main.stdoutProblem());
            }
        }
        return 0;
    }

    /**
     * Refuses a prefix character the model cannot read, by code point and position (from 1), as the
     * training data's characters are checked: the newline, a character outside the vocabulary or outside
     * the Basic Multilingual Plane.
     */
    private void checkPrefix(String start, Vocabulary v) {
        int position = 1;
        for (int i = 0; i < start.length(); position++) {
            int cp = start.codePointAt(i);
            i += Character.charCount(cp);
            String problem = cp == '\n' ? " would end the name"
                    : Character.isSupplementaryCodePoint(cp) || Character.isSurrogate((char) cp)
                    ? " is outside the Basic Multilingual Plane; only characters up to U+FFFF are supported"
                    : !v.contains((char) cp) ? " is not in the model's vocabulary " + v.toString().replace("\n", "\\n")
                    : null;
            if (problem != null) {
                throw new UserError("--prefix \"" + prefix.replace("\n", "\\n") + "\": " + describe(cp)
                        + " at character " + position + problem);
            }
        }
    }

    private static String describe(int cp) {
        return cp == '\n' ? "the newline"
                : Character.isISOControl(cp) || Character.isWhitespace(cp) && cp != ' '
                ? String.format(Locale.ROOT, "U+%04X", cp)
                : String.format(Locale.ROOT, "'%s' (U+%04X)", new String(Character.toChars(cp)), cp);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
