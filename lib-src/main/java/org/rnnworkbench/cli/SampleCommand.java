package org.rnnworkbench.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnnworkbench.io.ModelFile;
import org.rnnworkbench.io.TrainingCheckpoint;
import org.rnnworkbench.lm.Sampler;
import org.rnnworkbench.lm.Vocabulary;
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
            description = "Seed of the first name; name i uses SEED + i (default: ${DEFAULT-VALUE}).")
    int seed;

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
        if (seed < 0) {
            throw usage("--seed must be >= 0 but was " + seed);
        }
        if ((long) seed + n - 1 > Integer.MAX_VALUE) {
            throw usage("--seed " + seed + " with --n " + n + " runs past the largest seed " + Integer.MAX_VALUE);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw usage("--temperature must be a positive number but was " + temperature);
        }
        Path file = main.resolve(model);
        ModelFile.Model m = Inputs.model("--model", model, file);
        Vocabulary v = TrainingCheckpoint.vocabulary(file, m);
        String start = prefix.toLowerCase(Locale.ROOT);
        for (int i = 0; i < start.length(); i++) {
            char c = start.charAt(i);
            if (c == '\n' || !v.contains(c)) {
                throw new UserError("--prefix \"" + prefix + "\": " + describe(c) + " is not in the model's vocabulary "
                        + v.toString().replace("\n", "\\n"));
            }
        }
        for (int i = 0; i < n; i++) {
            main.out.print(v.sampleText(Sampler.sample(m.cellParameters(), v, seed + i, temperature, start)));
        }
        main.out.flush();
        return 0;
    }

    private static String describe(char c) {
        return c == '\n' ? "the newline"
                : Character.isISOControl(c) || Character.isWhitespace(c) && c != ' '
                ? String.format(Locale.ROOT, "U+%04X", (int) c)
                : String.format(Locale.ROOT, "'%c' (U+%04X)", c, (int) c);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
