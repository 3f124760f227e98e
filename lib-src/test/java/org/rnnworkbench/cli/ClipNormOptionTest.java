package org.rnnworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnworkbench.io.ModelFile;
import org.rnnworkbench.lm.ClipRule;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.train.FastTrainer;
import picocli.CommandLine;

/** {@code train --clip-norm N}: global-norm clipping from the command line, saved with the model. */
class ClipNormOptionTest {
    private static final String DATA = Cli.ELEMENTS;
    private static final String[] SMALL = Cli.SMALL;

    @TempDir
    Path dir;

    @Test
    void bothLoopsPrintTheLibrarysLogForTheGlobalNorm() throws IOException {
        Dataset data = Dataset.load(Path.of(DATA));
        TrainingOptions options = Cli.small(300).clipGlobalNorm(2).build();
        // The reference loop is compared with lm.Trainer, the default (fast) loop with FastTrainer.
        Cli.Run plain = Cli.run(TrainCommandTest.args(SMALL, "--trainer", "plain", "--iterations", "300", "--clip-norm",
                "2")).succeeded();
        assertEquals(Trainer.model(data, options).log(), plain.out());
        Cli.Run fast = Cli.run(TrainCommandTest.args(SMALL, "--iterations", "300", "--clip-norm", "2")).succeeded();
        assertEquals(FastTrainer.model(data, options).log(), fast.out());
        Cli.Run byEntry = Cli.run(TrainCommandTest.args(SMALL, "--trainer", "plain", "--iterations", "300", "--clip",
                "2")).succeeded();
        assertEquals(Trainer.model(data, Cli.small(300).clipValue(2).build()).log(), byEntry.out());
        assertTrue(!byEntry.out().equals(plain.out()), "the rules give different runs");
    }

    @Test
    void badValuesAndBothRulesAtOnceAreUsageErrors() {
        for (String bad : new String[] {"0", "-1", "Infinity", "NaN", "none", "two"}) {
            Cli.run("train", "--clip-norm", bad).failed(Main.EXIT_USAGE,
                    "rnn-workbench train: --clip-norm must be a positive number but was '" + bad + "'");
        }
        Cli.run("train", "--clip", "5", "--clip-norm", "2").failed(Main.EXIT_USAGE,
                "--clip and --clip-norm cannot be combined");
        Cli.run("train", "--clip-norm", "2", "--clip", "none").failed(Main.EXIT_USAGE,
                "--clip and --clip-norm cannot be combined");
    }

    @Test
    void theRuleIsSavedAndAResumedRunKeepsIt() throws IOException {
        Cli.Run full = Cli.run(TrainCommandTest.args(SMALL, "--iterations", "400", "--clip-norm", "3")).succeeded();
        Path model = dir.resolve("norm.npz");
        Cli.Run first = Cli.run(TrainCommandTest.args(SMALL, "--iterations", "250", "--clip-norm", "3", "--save",
                model.toString())).succeeded();
        ModelFile.Model m = ModelFile.load(model);
        assertEquals("3.0", m.config().get("clip"));
        assertEquals("global_norm", m.config().get("clip_rule"));
        Cli.Run rest = Cli.run("train", "--resume", model.toString(), "--iterations", "400").succeeded();
        assertEquals(full.out(), first.out() + rest.out(), "the global norm carries over to the resumed run");

        Cli.Run other = Cli.run("train", "--resume", model.toString(), "--iterations", "450", "--clip", "3")
                .succeeded();
        assertEquals("rnn-workbench train: note: continuing with --lr 0.05 and --clip 3.0 where " + model
                + " was trained with 0.05 and --clip-norm 3.0; the losses will differ from those of an uninterrupted run",
                other.err().lines().findFirst().orElseThrow());
        assertEquals("element_wise", ModelFile.load(model).config().get("clip_rule"));
    }

    @Test
    void anUnknownRuleInAModelFileIsReported() throws IOException {
        Path model = dir.resolve("m.npz");
        Cli.run(TrainCommandTest.args(SMALL, "--iterations", "20", "--save", model.toString(), "--quiet")).succeeded();
        ModelFile.Model m = ModelFile.load(model);
        Map<String, String> c = new LinkedHashMap<>(m.config());
        c.put("clip_rule", "sideways");
        ModelFile.save(model, new ModelFile.Model(m.parameters(), m.vocabulary(), c, m.state()));
        Cli.run("train", "--resume", model.toString(), "--iterations", "40").failed(Main.EXIT_ERROR,
                model + ": config 'clip_rule' is \"sideways\", not element_wise or global_norm");
    }

    @Test
    void divergenceAdviceNamesTheGlobalNormOption() {
        Cli.Run r = Cli.run("train", "--data", DATA, "--hidden", "12", "--iterations", "300", "--lr", "1e300",
                "--clip-norm", "5", "--quiet");
        assertEquals(Main.EXIT_DIVERGED, r.code(), r.err());
        r.assertNoStackTrace();
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("rnn-workbench train: training diverged at iteration "), lines.get(0));
        assertTrue(lines.get(0).endsWith("Lower the learning rate (--lr, now 1.0E300) or lower the global-norm bound "
                + "(--clip-norm, now 5.0)."), lines.get(0));
    }

    @Test
    void theDefaultIsTheAssignmentsElementWiseRule() {
        TrainCommand t = new TrainCommand();
        new CommandLine(t).parseArgs();
        assertNull(t.clipNorm);
        assertEquals(ClipRule.ELEMENT_WISE, TrainingOptions.builder().build().clipRule());
    }
}
