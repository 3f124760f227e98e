package org.rnnworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnworkbench.Golden;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.io.ModelFile;
import org.rnnworkbench.io.TrainingCheckpoint;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.lm.TrainingState;
import org.rnnworkbench.tensor.Ops;
import picocli.CommandLine;

/** {@code train}: the log, the quiet line, saving, checkpoints and resuming, divergence. */
class TrainCommandTest {
    private static final String DATA = "data/element_list.txt";
    /** A small run for the checkpoint tests: 16 hidden units, a log every 250 iterations with 3 names. */
    private static final String[] SMALL = {"--data", DATA, "--hidden", "16", "--sample-every", "250", "--samples", "3"};

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static JsonObject fixture;
    private static Cli.Run numpyRun;

    /** The NumPy reference's run: 2,001 iterations on the element names with 65 hidden units, saved. */
    private static synchronized Cli.Run numpyRun() {
        if (numpyRun == null) {
            fixture = Golden.load("lm_model_elements.json");
            numpyRun = Cli.run("train", "--data", fixture.get("data").getAsString(),
                    "--hidden", fixture.get("n_a").getAsString(),
                    "--iterations", fixture.get("iterations").getAsString(),
                    "--lr", fixture.get("learning_rate").getAsString(),
                    "--samples", fixture.get("samples").getAsString(),
                    "--save", shared.resolve("elements.npz").toString());
        }
        return numpyRun;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gru", "lstm"})
    void theGruAndLstmLogsAreTheNumpyModelsAndTheirSavedModelsSampleTheLastNames(String cell) {
        JsonObject fixture = Golden.load("lm_" + cell + "_model_elements.json");
        Path model = dir.resolve(cell + ".npz");
        Cli.Run r = Cli.run("train", "--cell", cell, "--data", fixture.get("data").getAsString(),
                "--hidden", fixture.get("n_a").getAsString(),
                "--iterations", fixture.get("iterations").getAsString(),
                "--lr", fixture.get("learning_rate").getAsString(),
                "--samples", fixture.get("samples").getAsString(), "--save", model.toString()).succeeded();
        String log = fixture.get("log").getAsString();
        assertEquals(log, r.out());
        assertEquals("rnn-workbench train: saved the model (2001 iterations) to " + model + "\n", r.err());
        // "Iteration: 2000, Loss: ...", a blank line, then the seven names.
        List<String> lines = log.substring(log.lastIndexOf("Iteration: ")).lines().toList();
        assertEquals(String.join("\n", lines.subList(2, 9)) + "\n",
                Cli.run("sample", "--model", model.toString(), "--n", "7").succeeded().out());
        ModelFile.Model m = ModelFile.load(model);
        assertEquals(cell, m.cell().id());
        assertEquals(cell, m.config().get("cell"));
        assertEquals("2001", m.config().get(TrainingCheckpoint.ITERATION));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gru", "lstm"})
    void aResumedGruOrLstmRunGivesTheLossesAndLogOfOneThatNeverStopped(String cell) throws IOException {
        Path fullCsv = dir.resolve("full.csv");
        // Compared with lm.Trainer below, bit for bit: the reference loop, asked for by name.
        Cli.Run full = Cli.run(args(SMALL, "--trainer", "plain", "--cell", cell, "--iterations", "800", "--history", fullCsv.toString()))
                .succeeded();

        Path model = dir.resolve("run.npz");
        Path firstCsv = dir.resolve("first.csv");
        Cli.Run first = Cli.run(args(SMALL, "--trainer", "plain", "--cell", cell, "--iterations", "350", "--save", model.toString(),
                "--checkpoint-every", "100", "--history", firstCsv.toString())).succeeded();
        TrainingState saved = TrainingCheckpoint.state(model, ModelFile.load(model));
        assertEquals(350, saved.iteration());
        assertEquals(cell, saved.cell().id());

        // No --cell: the run goes on with the file's.
        Path restCsv = dir.resolve("rest.csv");
        Cli.Run rest = Cli.run("train", "--trainer", "plain", "--resume", model.toString(), "--iterations", "800",
                "--history", restCsv.toString()).succeeded();
        assertEquals("rnn-workbench train: saved the model (800 iterations) to " + model + "\n", rest.err());

        assertEquals(full.out(), first.out() + rest.out(), "the two logs together are the uninterrupted log");
        List<String> expected = Files.readAllLines(fullCsv);
        List<String> joined = new ArrayList<>(Files.readAllLines(firstCsv));
        joined.addAll(Files.readAllLines(restCsv).subList(1, 451));
        assertEquals(expected, joined, "every loss and gradient norm, bit for bit");
        assertEquals(801, expected.size());

        TrainingResult uninterrupted = Trainer.model(Dataset.load(Path.of(DATA)), TrainingOptions.builder()
                .cell(CellKind.valueOf(cell.toUpperCase(Locale.ROOT))).nA(16).sampleEvery(250).samplesPerCheckpoint(3)
                .iterations(800).build());
        assertEquals(uninterrupted.state(), TrainingCheckpoint.state(model, ModelFile.load(model)),
                "the resumed run's final model, bit for bit");
    }

    @Test
    void theLogIsTheAssignmentsAsNumpyPrintsIt() {
        Cli.Run r = numpyRun().succeeded();
        assertEquals(fixture.get("log").getAsString(), r.out());
        assertEquals("rnn-workbench train: saved the model (2001 iterations) to " + shared.resolve("elements.npz") + "\n",
                r.err());
    }

    @Test
    void theSavedModelSamplesTheNamesOfTheLastLogPoint() {
        numpyRun().succeeded();
        String log = fixture.get("log").getAsString();
        String last = log.substring(log.lastIndexOf("Iteration: "));
        List<String> lines = last.lines().toList();
        // "Iteration: 2000, Loss: ...", a blank line, then the seven names.
        String names = String.join("\n", lines.subList(2, 9)) + "\n";
        Path model = shared.resolve("elements.npz");
        assertEquals(names, Cli.run("sample", "--model", model.toString(), "--n", "7").succeeded().out());
        assertEquals(String.join("\n", lines.subList(5, 7)) + "\n",
                Cli.run("sample", "--model", model.toString(), "--seed", "3", "--n", "2").succeeded().out());
        ModelFile.Model m = ModelFile.load(model);
        assertEquals("2001", m.config().get(TrainingCheckpoint.ITERATION));
        assertEquals("65", m.config().get("hidden"));
        assertEquals("rnn", m.config().get("cell"));
        assertEquals(Path.of(DATA).toAbsolutePath().toString(), m.config().get("data"));
        assertEquals(64, m.config().get("data_sha256").length());
    }

    @Test
    void quietPrintsOneLineWithTheLibrarysLoss() throws IOException {
        // Compared with lm.Trainer: the reference loop, asked for by name (the default is the fast loop).
        Cli.Run r = Cli.run("train", "--trainer", "plain", "--data", DATA, "--hidden", "8", "--iterations", "120",
                "--quiet").succeeded();
        assertEquals("", r.err());
        Matcher m = Pattern.compile("trained 120 iterations in (\\d+\\.\\d) s \\((\\d+) it/s\\), final smoothed loss "
                + "(\\d+\\.\\d{6})\n").matcher(r.out());
        assertTrue(m.matches(), r.out());
        TrainingResult lib = Trainer.model(Dataset.load(Path.of(DATA)),
                TrainingOptions.builder().nA(8).iterations(120).build());
        assertEquals(String.format(Locale.ROOT, "%f", lib.loss()), m.group(3));
    }

    @Test
    void aResumedRunGivesTheLossesAndLogOfOneThatNeverStopped() throws IOException {
        Path fullCsv = dir.resolve("full.csv");
        Cli.Run full = Cli.run(args(SMALL, "--iterations", "1500", "--history", fullCsv.toString())).succeeded();
        assertEquals("", full.err());

        Path model = dir.resolve("run.npz");
        Path firstCsv = dir.resolve("first.csv");
        Cli.Run first = Cli.run(args(SMALL, "--iterations", "700", "--save", model.toString(), "--checkpoint-every",
                "300", "--history", firstCsv.toString())).succeeded();
        assertEquals(700, TrainingCheckpoint.state(model, ModelFile.load(model)).iteration());

        // Only --resume and the total: hidden size, data, log settings come from the checkpoint.
        Path restCsv = dir.resolve("rest.csv");
        Cli.Run rest = Cli.run("train", "--resume", model.toString(), "--iterations", "1500", "--history",
                restCsv.toString()).succeeded();
        assertEquals("rnn-workbench train: saved the model (1500 iterations) to " + model + "\n", rest.err());

        assertEquals(full.out(), first.out() + rest.out(), "the two logs together are the uninterrupted log");
        List<String> expected = Files.readAllLines(fullCsv);
        List<String> joined = new ArrayList<>(Files.readAllLines(firstCsv));
        joined.addAll(Files.readAllLines(restCsv).subList(1, 801));
        // Doubles are written with Double.toString, which round-trips: equal text is equal bits.
        assertEquals(expected, joined);
        assertEquals(1501, expected.size());
    }

    @Test
    void theFinalSaveComesAfterTheLastCheckpoint() throws IOException {
        Path model = dir.resolve("run.npz");
        Cli.run(args(SMALL, "--iterations", "350", "--save", model.toString(), "--checkpoint-every", "100",
                "--quiet")).succeeded();
        TrainingState end = TrainingCheckpoint.state(model, ModelFile.load(model));
        assertEquals(350, end.iteration());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(model), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void aResumedRunThatIsDoneSaysSo() {
        Path model = dir.resolve("done.npz");
        Cli.run(args(SMALL, "--iterations", "40", "--save", model.toString(), "--quiet")).succeeded();
        Cli.Run r = Cli.run("train", "--resume", model.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals("rnn-workbench train: " + model + " has already done 40 iterations; nothing to train "
                + "(ask for more with --iterations)\n", r.err());
    }

    @Test
    void resumingWithOtherSettingsSaysTheLossesWillDiffer() {
        Path model = dir.resolve("run.npz");
        Cli.run(args(SMALL, "--iterations", "40", "--save", model.toString(), "--quiet")).succeeded();
        Cli.Run r = Cli.run("train", "--resume", model.toString(), "--iterations", "80", "--lr", "0.02", "--clip",
                "none").succeeded();
        assertEquals("rnn-workbench train: note: continuing with --lr 0.02 and --clip none where " + model
                + " was trained with 0.01 and 5.0; the losses will differ from those of an uninterrupted run",
                r.err().lines().findFirst().orElseThrow());
        ModelFile.Model m = ModelFile.load(model);
        assertEquals("0.02", m.config().get("lr"));
        assertEquals("none", m.config().get("clip"));
        assertEquals("80", m.config().get(TrainingCheckpoint.ITERATION));
    }

    @Test
    void divergenceStopsWithTheIterationAndKeepsTheLastGoodModel() throws IOException {
        Path model = dir.resolve("diverged.npz");
        Path csv = dir.resolve("diverged.csv");
        // Compared with lm.Trainer below, bit for bit: the reference loop, asked for by name.
        Cli.Run r = Cli.run(args(SMALL, "--trainer", "plain", "--iterations", "500", "--lr", "200", "--clip", "none",
                "--save", model.toString(), "--history", csv.toString()));
        assertEquals(Main.EXIT_DIVERGED, r.code(), r.err());
        r.assertNoStackTrace();
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        Matcher m = Pattern.compile("rnn-workbench train: training diverged at iteration (\\d+): the loss is Infinity "
                + "\\(example \"[a-z]+\"\\)\\. Lower the learning rate \\(--lr, now 200\\.0\\) or turn gradient clipping "
                + "on \\(--clip 5\\)\\.").matcher(lines.get(0));
        assertTrue(m.matches(), lines.get(0));
        int at = Integer.parseInt(m.group(1));
        assertEquals("rnn-workbench train: saved the last good model (" + at + (at == 1 ? " iteration" : " iterations")
                + ") to " + model, lines.get(1));

        TrainingState kept = TrainingCheckpoint.state(model, ModelFile.load(model));
        assertEquals(at, kept.iteration());
        for (String k : RnnParameters.NAMES) {
            assertTrue(Ops.allFinite(kept.parameters().get(k)), k);
        }
        TrainingResult before = Trainer.model(Dataset.load(Path.of(DATA)), TrainingOptions.builder().nA(16)
                .sampleEvery(250).samplesPerCheckpoint(3).learningRate(200).noClipping().iterations(at).build());
        assertEquals(before.state(), kept, "the parameters after the last good iteration, bit for bit");
        assertEquals(at + 1, Files.readAllLines(csv).size(), "the history up to the last good iteration");
        assertEquals(before.log(), r.out(), "the log up to the divergence");

        Cli.Run noSave = Cli.run(args(SMALL, "--iterations", "500", "--lr", "200", "--clip", "none", "--quiet"));
        assertEquals(Main.EXIT_DIVERGED, noSave.code());
        assertEquals(List.of(lines.get(0)), noSave.err().lines().toList());
        assertEquals("", noSave.out());
    }

    @Test
    void theDefaultsAreTheLibrarysAndTheAssignments() {
        TrainCommand t = new TrainCommand();
        new CommandLine(t).parseArgs();
        TrainingOptions d = TrainingOptions.builder().build();
        assertEquals(d.nA(), t.hidden);
        assertEquals(d.iterations(), t.iterations);
        assertEquals(d.learningRate(), t.lr, 0.0);
        assertEquals(d.clipValue(), Double.parseDouble(t.clip), 0.0);
        assertEquals(d.samplesPerCheckpoint(), t.samples);
        assertEquals(d.sampleEvery(), t.sampleEvery);
        assertEquals(d.initSeed(), t.seedInit);
        assertEquals(Path.of(TrainCommand.DEFAULT_DATA), t.data);
        assertEquals("rnn", t.cell);
    }

    @Test
    void anotherInitialisationSeedDrawsOtherParameters() {
        Path one = dir.resolve("one.npz");
        Path two = dir.resolve("two.npz");
        Cli.run(args(SMALL, "--iterations", "1", "--save", one.toString(), "--quiet")).succeeded();
        Cli.run(args(SMALL, "--iterations", "1", "--save", two.toString(), "--quiet", "--seed-init", "2")).succeeded();
        double[] a = ModelFile.load(one).parameters().Waa().data;
        double[] b = ModelFile.load(two).parameters().Waa().data;
        assertTrue(a[0] != b[0], "different first entries");
        assertEquals("2", ModelFile.load(two).config().get("seed_init"));
    }

    static String[] args(String[] base, String... more) {
        String[] all = new String[base.length + more.length + 1];
        all[0] = "train";
        System.arraycopy(base, 0, all, 1, base.length);
        System.arraycopy(more, 0, all, base.length + 1, more.length);
        return all;
    }
}
