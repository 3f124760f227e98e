package org.rnnworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnworkbench.io.ModelFile;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.LearningRateDecay;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.train.FastTrainer;

/** {@code train --lr-decay}: the library's learning-rate decay from the command line, saved with the model. */
class LrDecayOptionTest {
    private static final String DATA = Cli.ELEMENTS;
    private static final String[] SMALL = Cli.SMALL;

    @TempDir
    Path dir;

    @Test
    void bothLoopsPrintTheLibrarysLogForEachDecay() throws IOException {
        Dataset data = Dataset.load(Path.of(DATA));
        String none = Cli.run(TrainCommandTest.args(SMALL, "--iterations", "300")).succeeded().out();
        for (LearningRateDecay decay : LearningRateDecay.values()) {
            TrainingOptions options = Cli.small(300).decay(decay).build();
            Cli.Run plain = Cli.run(TrainCommandTest.args(SMALL, "--trainer", "plain", "--iterations", "300",
                    "--lr-decay", decay.id())).succeeded();
            assertEquals(Trainer.model(data, options).log(), plain.out(), decay.id());
            Cli.Run fast = Cli.run(TrainCommandTest.args(SMALL, "--iterations", "300", "--lr-decay", decay.id()))
                    .succeeded();
            assertEquals(FastTrainer.model(data, options).log(), fast.out(), decay.id());
            assertEquals(decay == LearningRateDecay.NONE, fast.out().equals(none), decay.id() + " against the default");
        }
    }

    @Test
    void badValuesAreUsageErrors() {
        for (String bad : new String[] {"", "exponential", "LINEAR", "0.5"}) {
            Cli.run("train", "--lr-decay", bad).failed(Main.EXIT_USAGE,
                    "rnn-workbench train: --lr-decay must be none, linear or cosine but was '" + bad + "'");
        }
    }

    @Test
    void theDecayIsSavedAndAResumedRunKeepsIt() throws IOException {
        Cli.Run full = Cli.run(TrainCommandTest.args(SMALL, "--iterations", "400", "--lr-decay", "linear")).succeeded();
        Path model = dir.resolve("decayed.npz");
        Cli.Run first = Cli.run(TrainCommandTest.args(SMALL, "--iterations", "400", "--lr-decay", "linear", "--save",
                model.toString())).succeeded();
        assertEquals(full.out(), first.out());
        Path half = dir.resolve("half.npz");
        Cli.Run start = Cli.run(TrainCommandTest.args(SMALL, "--iterations", "250", "--lr-decay", "linear", "--save",
                half.toString())).succeeded();
        assertEquals("linear", ModelFile.load(half).config().get("lr_decay"));
        // Stopped at 250 of a 250-iteration schedule and continued to 400: a different schedule, said so.
        Cli.Run other = Cli.run("train", "--resume", half.toString(), "--iterations", "400", "--lr-decay", "none",
                "--save", dir.resolve("other.npz").toString()).succeeded();
        assertEquals("rnn-workbench train: note: continuing with --lr-decay none where " + half
                + " was trained with linear; the losses will differ from those of an uninterrupted run",
                other.err().lines().findFirst().orElseThrow());
        assertEquals("none", ModelFile.load(dir.resolve("other.npz")).config().get("lr_decay"));
        Cli.Run kept = Cli.run("train", "--resume", half.toString(), "--iterations", "400").succeeded();
        assertTrue(!kept.err().contains("note:"), kept.err());
        assertEquals("linear", ModelFile.load(half).config().get("lr_decay"));
        assertTrue(!kept.out().equals(other.out()), "the kept schedule differs from the constant rate");
        assertTrue(start.out().length() > 0 && Files.size(model) > 0);
    }

    @Test
    void anUnknownDecayInAModelFileIsReported() throws IOException {
        Path model = dir.resolve("m.npz");
        Cli.run(TrainCommandTest.args(SMALL, "--iterations", "20", "--save", model.toString(), "--quiet")).succeeded();
        ModelFile.Model m = ModelFile.load(model);
        java.util.Map<String, String> c = new java.util.LinkedHashMap<>(m.config());
        c.put("lr_decay", "exponential");
        ModelFile.save(model, new ModelFile.Model(m.parameters(), m.vocabulary(), c, m.state()));
        Cli.run("train", "--resume", model.toString(), "--iterations", "40").failed(Main.EXIT_ERROR,
                model + ": config 'lr_decay' is \"exponential\", not none, linear or cosine");
        // As with clip_rule, a damaged value is reported even when the option is given.
        Cli.run("train", "--resume", model.toString(), "--iterations", "40", "--lr-decay", "linear").failed(
                Main.EXIT_ERROR, "config 'lr_decay' is \"exponential\"");
    }
}
