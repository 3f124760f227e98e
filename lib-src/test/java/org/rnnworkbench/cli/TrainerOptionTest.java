package org.rnnworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.Golden;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.train.FastGruTrainer;
import org.rnnworkbench.train.FastTrainer;
import org.rnnworkbench.train.FastTraining;

/** {@code train --trainer fast} (the default) and {@code --trainer plain}: the same command, log and output. */
class TrainerOptionTest {
    private static final String DATA = "data/element_list.txt";

    @Test
    void theFastLoopPrintsTheAssignmentsLogAsNumpyPrintsIt() {
        JsonObject fixture = Golden.load("lm_model_elements.json");
        Cli.Run r = Cli.run("train", "--trainer", "fast", "--data", fixture.get("data").getAsString(),
                "--hidden", fixture.get("n_a").getAsString(), "--iterations", fixture.get("iterations").getAsString(),
                "--lr", fixture.get("learning_rate").getAsString(), "--samples", fixture.get("samples").getAsString())
                .succeeded();
        assertEquals(fixture.get("log").getAsString(), r.out());
    }

    @Test
    void quietPrintsTheFastLoopsLoss() throws IOException {
        Cli.Run r = Cli.run("train", "--trainer", "fast", "--data", DATA, "--hidden", "8", "--iterations", "120",
                "--quiet").succeeded();
        Matcher m = Pattern.compile("trained 120 iterations in (\\d+\\.\\d) s \\((\\d+) it/s\\), final smoothed loss "
                + "(\\d+\\.\\d{6})\n").matcher(r.out());
        assertTrue(m.matches(), r.out());
        TrainingResult lib = FastTrainer.model(Dataset.load(Path.of(DATA)),
                TrainingOptions.builder().nA(8).iterations(120).build());
        assertEquals(String.format(Locale.ROOT, "%f", lib.loss()), m.group(3));
    }

    /** The default loop is the fast one, for every cell; {@code --trainer plain} is the reference loop. */
    @Test
    void theDefaultIsTheFastLoopAndPlainIsTheReference() throws IOException {
        Dataset data = Dataset.load(Path.of(DATA));
        for (CellKind cell : CellKind.values()) {
            TrainingOptions options = TrainingOptions.builder().cell(cell).nA(8).iterations(300).sampleEvery(100)
                    .samplesPerCheckpoint(2).build();
            String[] run = {"--cell", cell.id(), "--data", DATA, "--hidden", "8", "--iterations", "300",
                "--sample-every", "100", "--samples", "2", "--quiet"};
            Matcher byDefault = quietLine(Cli.run(TrainCommandTest.args(run)).succeeded().out());
            Matcher plain = quietLine(Cli.run(TrainCommandTest.args(run, "--trainer", "plain")).succeeded().out());
            assertEquals(String.format(Locale.ROOT, "%f", FastTraining.model(data, options).loss()),
                    byDefault.group(4), cell + " by default");
            assertEquals(String.format(Locale.ROOT, "%f", Trainer.model(data, options).loss()), plain.group(4),
                    cell + " with --trainer plain");
        }
    }

    private static Matcher quietLine(String out) {
        Matcher m = Pattern.compile("trained (\\d+) iterations in (\\d+\\.\\d) s \\((\\d+) it/s\\), final smoothed loss "
                + "(\\d+\\.\\d{6})\n").matcher(out);
        assertTrue(m.matches(), out);
        return m;
    }

    @Test
    void theFastLstmLoopPrintsTheNumpyLstmLog() {
        JsonObject fixture = Golden.load("lm_lstm_model_elements.json");
        Cli.Run r = Cli.run("train", "--trainer", "fast", "--cell", "lstm", "--data", fixture.get("data").getAsString(),
                "--hidden", fixture.get("n_a").getAsString(), "--iterations", fixture.get("iterations").getAsString(),
                "--lr", fixture.get("learning_rate").getAsString(), "--samples", fixture.get("samples").getAsString())
                .succeeded();
        assertEquals(fixture.get("log").getAsString(), r.out());
    }

    @Test
    void theFastGruLoopPrintsTheNumpyGruLog() {
        JsonObject fixture = Golden.load("lm_gru_model_elements.json");
        Cli.Run r = Cli.run("train", "--trainer", "fast", "--cell", "gru", "--data", fixture.get("data").getAsString(),
                "--hidden", fixture.get("n_a").getAsString(), "--iterations", fixture.get("iterations").getAsString(),
                "--lr", fixture.get("learning_rate").getAsString(), "--samples", fixture.get("samples").getAsString())
                .succeeded();
        assertEquals(fixture.get("log").getAsString(), r.out());
    }

    @Test
    void quietPrintsTheFastGruLoopsLoss() throws IOException {
        Cli.Run r = Cli.run("train", "--trainer", "fast", "--cell", "gru", "--data", DATA, "--hidden", "8",
                "--iterations", "120", "--clip-norm", "2", "--quiet").succeeded();
        Matcher m = Pattern.compile("trained 120 iterations in (\\d+\\.\\d) s \\((\\d+) it/s\\), final smoothed loss "
                + "(\\d+\\.\\d{6})\n").matcher(r.out());
        assertTrue(m.matches(), r.out());
        TrainingResult lib = FastGruTrainer.model(Dataset.load(Path.of(DATA)), TrainingOptions.builder()
                .cell(CellKind.GRU).nA(8).iterations(120).clipGlobalNorm(2).build());
        assertEquals(String.format(Locale.ROOT, "%f", lib.loss()), m.group(3));
    }

    @Test
    void anUnknownTrainerIsAUsageError() {
        Cli.run("train", "--trainer", "turbo").failed(Main.EXIT_USAGE, "--trainer turbo is unknown; use plain or fast");
    }
}
