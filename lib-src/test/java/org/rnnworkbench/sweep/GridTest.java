package org.rnnworkbench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.ClipRule;
import org.rnnworkbench.lm.LearningRateDecay;
import org.rnnworkbench.lm.Truncation;
import org.rnnworkbench.train.Sweep;

/** Grid files: the product of the axes plus extra runs, ids from settings, and one-line refusals. */
class GridTest {
    @TempDir
    Path dir;

    private Path grid;

    @BeforeEach
    void data() throws IOException {
        Files.writeString(dir.resolve("names.txt"), "ab\nba\nabc\n");
        grid = dir.resolve("test.grid");
    }

    private Grid parse(String text) {
        return Grid.parse(text, grid);
    }

    private GridException refused(String text) {
        GridException e = assertThrows(GridException.class, () -> parse(text));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith(grid.toString()), e.getMessage());
        return e;
    }

    @Test
    void theGridIsTheProductOfTheAxesInFileOrderThenTheExtraRuns() {
        Grid g = parse("""
                data = names.txt   # relative to the grid file
                hidden = 8, 16
                learning_rate = 0.01, 0.02, 0.05
                clip_rule = element_wise, global_norm
                iterations = 100
                seed = 3
                run hidden=32 learning_rate=0.1 clip_rule=none cell=gru
                """);
        assertEquals(dir.resolve("names.txt"), g.data());
        assertEquals(13, g.runs().size());
        Sweep.Config first = g.runs().get(0).config();
        assertEquals(new Sweep.Config(first.name(), CellKind.RNN, 8, 0.01, 5, 100, 3, ClipRule.ELEMENT_WISE, null),
                first);
        // The last key listed varies fastest: hidden, learning_rate, clip_rule, ...
        Sweep.Config second = g.runs().get(1).config();
        assertEquals(ClipRule.GLOBAL_NORM, second.clipRule());
        assertEquals(0.01, second.learningRate());
        assertEquals(0.02, g.runs().get(2).config().learningRate());
        assertEquals(16, g.runs().get(6).config().nA());
        Sweep.Config extra = g.runs().get(12).config();
        assertEquals(CellKind.GRU, extra.cell());
        assertEquals(32, extra.nA());
        assertEquals(Double.POSITIVE_INFINITY, extra.clipValue());
        assertEquals("none", extra.clipRuleText());
        assertEquals(100, extra.iterations(), "an extra run takes the single value of an axis it does not set");
        assertEquals(3, extra.initSeed());
    }

    @Test
    void aDecayAxisGivesEachRunItsScheduleAndAConstantRateKeepsItsId() {
        Grid g = parse("""
                data = names.txt
                hidden = 8
                lr_decay = none, linear, cosine
                iterations = 100
                """);
        assertEquals(List.of(LearningRateDecay.NONE, LearningRateDecay.LINEAR, LearningRateDecay.COSINE),
                g.runs().stream().map(r -> r.config().decay()).toList());
        String constant = g.runs().get(0).id();
        assertEquals(constant, parse("data = names.txt\nhidden = 8\niterations = 100\n").runs().get(0).id(),
                "lr_decay = none is the default and leaves the run id as it was before the key existed");
        assertEquals(3, g.runs().stream().map(RunSpec::id).distinct().count());
        assertEquals("linear", RunSpec.settingsOf(g.runs().get(1).config()).get("lr_decay"));
        assertEquals(g.runs().get(2).config(), RunSpec.config(g.runs().get(2).config().name(),
                RunSpec.settingsOf(g.runs().get(2).config())));
    }

    @Test
    void keysLeftOutTakeTheLibrarysDefaults() {
        Sweep.Config c = parse("data = names.txt\n").runs().get(0).config();
        assertEquals(new Sweep.Config(c.name(), CellKind.RNN, 50, 0.01, 5, 35_000, 1, ClipRule.ELEMENT_WISE, null), c);
    }

    @Test
    void aFileOfRunLinesAloneListsExactlyThoseRuns() {
        Grid g = parse("data = names.txt\nrun hidden=8\nrun hidden=9 truncation=k=5/L=20\n");
        assertEquals(2, g.runs().size());
        assertEquals(Truncation.window(5, 20), g.runs().get(1).config().truncation());
    }

    @Test
    void runIdsComeFromTheSettingsNotFromTheirPlace() {
        Grid a = parse("data = names.txt\nhidden = 8, 16\nlearning_rate = 0.01, 0.02\nseed = 1, 2\n");
        Grid b = parse("seed = 2, 1\n# reordered\nlearning_rate = 2e-2, 1e-2\nhidden = 16, 8\ndata = ./names.txt\n");
        Set<String> idsA = a.runs().stream().map(RunSpec::id).collect(Collectors.toSet());
        Set<String> idsB = b.runs().stream().map(RunSpec::id).collect(Collectors.toSet());
        assertEquals(8, idsA.size());
        assertEquals(idsA, idsB);
        assertNotEquals(a.runs().stream().map(RunSpec::id).toList(), b.runs().stream().map(RunSpec::id).toList(),
                "the task order follows the file");
        for (RunSpec r : a.runs()) {
            assertEquals(r.config().name(), r.id());
            assertEquals(RunSpec.idOf(r.config()), r.id());
        }
        // Every setting is part of the id.
        String base = "data = names.txt\ncell = rnn\nhidden = 8\nlearning_rate = 0.01\nlr_decay = none\n"
                + "clip_rule = element_wise\n"
                + "clip = 5\niterations = 100\ntruncation = none\nseed = 1\n";
        String id = parse(base).runs().get(0).id();
        for (String change : List.of("cell = gru", "hidden = 9", "learning_rate = 0.02", "lr_decay = linear",
                "clip_rule = global_norm", "clip = 4", "iterations = 101", "truncation = k=5/L=10", "seed = 2")) {
            String key = change.substring(0, change.indexOf(' '));
            String text = base.replaceAll("(?m)^" + key + " = .*$", change);
            assertNotEquals(id, parse(text).runs().get(0).id(), change);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "hiden = 8                 | :2: unknown key 'hiden'; the keys are data, cell, hidden",
        "hidden =                  | :2: hidden has no values (an empty axis",
        "hidden = 8,,16            | :2: hidden has an empty value",
        "hidden = 0                | :2: hidden 0 is out of range [1, 4096]",
        "hidden = 5000             | :2: hidden 5000 is out of range [1, 4096]",
        "hidden = 8.5              | :2: hidden must be a whole number but was '8.5'",
        "learning_rate = 0         | :2: learning_rate 0 is out of range: it must be in (0, 10]",
        "learning_rate = 11        | :2: learning_rate 11 is out of range",
        "learning_rate = NaN       | :2: learning_rate NaN is out of range",
        "learning_rate = fast      | :2: learning_rate must be a number but was 'fast'",
        "clip = -1                 | :2: clip -1 is out of range: it must be positive, or inf",
        "iterations = 0            | :2: iterations 0 is out of range [1, 100000000]",
        "seed = -1                 | :2: seed -1 is out of range [0, 4294967295]",
        "seed = 4294967296         | :2: seed 4294967296 is out of range",
        "cell = cnn                | :2: cell 'cnn' is unknown; use one of [gru, lstm, rnn]",
        "clip_rule = l2            | :2: clip_rule 'l2' is unknown",
        "lr_decay = exponential    | :2: lr_decay 'exponential' is unknown; use one of [cosine, linear, none]",
        "truncation = k=0/L=10     | :2: truncation 'k=0/L=10' is not possible",
        "truncation = 5            | :2: truncation '5' is not possible",
        "hidden = 8, 8             | :2: hidden lists 8 twice",
        "hidden 8                  | :2: expected 'key = value, value, ...' or 'run key=value ...'",
        "run                       | :2: a run line needs at least one key=value",
        "run hidden                | :2: 'hidden' is not key=value",
        "run data=x.txt            | :2: data is set once for the whole grid",
        "run hidden=8 hidden=9     | :2: hidden is given twice in this run",
        "run hidden=-3             | :2: hidden -3 is out of range",
    })
    void badLinesAreRefusedInOneLineNamingFileLineAndProblem(String line, String message) {
        GridException e = refused("data = names.txt\n" + line + "\n");
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void gridsThatCannotRunAreRefusedBeforeAnythingRuns() {
        assertTrue(refused("hidden = 8\n").getMessage().contains("no 'data = FILE' line"));
        assertTrue(refused("data = missing.txt\n").getMessage().contains(":1: data file " + dir.resolve("missing.txt")
                + " not found"));
        assertTrue(refused("data = a.txt, b.txt\n").getMessage().contains("data names one file, not 2"));
        assertTrue(refused("data = names.txt\nhidden = 8\nhidden = 9\n").getMessage()
                .contains(":3: hidden is already set on line 2"));
        assertTrue(refused("data = names.txt\nhidden = 8, 16\nrun seed=4\n").getMessage()
                .contains(":3: this run does not set hidden, whose axis has 2 values (line 2)"));
        assertTrue(refused("data = names.txt\nhidden = 8\nrun hidden=8\n").getMessage()
                .contains(":3: the run rnn-h8-lr0.01-s1-"));
        assertTrue(refused("data = names.txt\ncell = gru\ntruncation = k=5/L=10\n").getMessage()
                .contains("is not possible: truncation k=5/L=10 needs the rnn cell but cell is gru"));
        assertTrue(refused("data = names.txt\nclip_rule = element_wise, none\nclip = inf\n").getMessage()
                .contains("is listed twice"), "clip = inf is no clipping, the same run as clip_rule = none");
    }

    @Test
    void aGridFileIsReadAsUtf8AndCommentsAreIgnored() throws IOException {
        Files.writeString(grid, "# a comment with # inside\n\ndata = names.txt # the data\n  hidden = 8 \n");
        Grid g = Grid.read(grid);
        assertEquals(1, g.runs().size());
        assertEquals(grid, g.source());
        Files.write(grid, new byte[] {'d', 'a', 't', 'a', '=', (byte) 0xff});
        GridException e = assertThrows(GridException.class, () -> Grid.read(grid));
        assertEquals(grid + ": not a UTF-8 text file", e.getMessage());
    }
}
