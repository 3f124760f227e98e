package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnworkbench.Golden;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.random.NumpyRandom;
import tech.tablesaw.api.Table;

/** The training loop against the NumPy reference's first 2,001 iterations. */
class ModelTest {
    private static final double LOSS_TOL = 1e-9;

    @TempDir
    Path dir;

    record Run(JsonObject expected, TrainingResult result, String log) {}

    private static Run run(String fixture) throws IOException {
        JsonObject expected = Golden.load(fixture);
        StringBuilder log = new StringBuilder();
        TrainingOptions options = TrainingOptions.builder()
                .iterations(expected.get("iterations").getAsInt())
                .nA(expected.get("n_a").getAsInt())
                .samplesPerCheckpoint(expected.get("samples").getAsInt())
                .learningRate(expected.get("learning_rate").getAsDouble())
                .log(log::append)
                .build();
        TrainingResult result = Trainer.model(Path.of(expected.get("data").getAsString()), options);
        return new Run(expected, result, log.toString());
    }

    private static Run elements;

    private static synchronized Run elements() throws IOException {
        if (elements == null) {
            elements = run("lm_model_elements.json");
        }
        return elements;
    }

    @Test
    void elementNamesLossesMatchNumpyForEveryIteration() throws IOException {
        Run r = elements();
        TrainingHistory h = r.result().history();
        assertEquals(r.expected().get("iterations").getAsInt(), h.size());
        assertRelative("loss", Golden.data(r.expected().get("loss")), h.losses());
        assertRelative("smoothed loss", Golden.data(r.expected().get("smoothed_loss")), h.smoothedLosses());
        double[] smoothed = Golden.data(r.expected().get("smoothed_loss"));
        assertEquals(smoothed[smoothed.length - 1], r.result().loss(), LOSS_TOL * smoothed[smoothed.length - 1]);
    }

    @Test
    void elementNamesCheckpointsAndLogMatchNumpy() throws IOException {
        Run r = elements();
        assertCheckpoints(r);
        assertEquals(r.expected().get("log").getAsString(), r.log(), "log text");
        assertEquals(r.log(), r.result().log());
    }

    @Test
    void elementNamesGradientNormsMatchNumpy() throws IOException {
        Run r = elements();
        assertNorms(r);
    }

    @Test
    void elementNamesVocabularyShuffleAndParameters() throws IOException {
        Run r = elements();
        JsonObject e = r.expected();
        assertEquals(e.get("vocabulary").getAsString(), r.result().vocabulary().chars());
        Dataset data = Dataset.load(Path.of(e.get("data").getAsString()));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            order.add(i);
        }
        new NumpyRandom(0).shuffle(order);
        JsonArray expectedOrder = e.getAsJsonArray("order");
        for (int i = 0; i < order.size(); i++) {
            assertEquals(expectedOrder.get(i).getAsInt(), order.get(i), "shuffled order at " + i);
        }
        int v = data.vocabulary().size();
        RnnParameters init = CharRnn.initializeParameters(e.get("n_a").getAsInt(), v, v);
        for (String k : new String[] {"Wax", "Waa", "Wya", "b", "by"}) {
            LmFixtures.assertSummary("initial " + k, e.getAsJsonObject("initial_parameters").getAsJsonObject(k),
                    init.get(k), 1e-12);
            LmFixtures.assertSummary("final " + k, e.getAsJsonObject("final_parameters").getAsJsonObject(k),
                    r.result().parameters().get(k), 1e-8);
        }
        assertEquals(e.get("initial_loss").getAsDouble(), CharRnn.initialLoss(v, e.get("samples").getAsInt()), 1e-13);
    }

    @Test
    void movieTitlesShortRunMatchesNumpy() throws IOException {
        Run r = run("lm_model_movies.json");
        TrainingHistory h = r.result().history();
        assertRelative("loss", Golden.data(r.expected().get("loss")), h.losses());
        assertRelative("smoothed loss", Golden.data(r.expected().get("smoothed_loss")), h.smoothedLosses());
        assertCheckpoints(r);
        assertNorms(r);
        assertEquals(r.expected().get("log").getAsString(), r.log(), "log text");
    }

    @Test
    void historyTablesAndCsv() throws IOException {
        Run r = elements();
        TrainingHistory h = r.result().history();
        Table t = h.toTable();
        assertEquals(TrainingHistory.COLUMNS, t.columnNames());
        assertEquals(h.size(), t.rowCount());
        assertEquals(h.smoothedLoss(17), t.doubleColumn("smoothed_loss").get(17), 0);
        assertEquals(h.clippedNorm(3, "dWya"), t.doubleColumn("clipped_norm_dWya").get(3), 0);
        assertEquals(1000, t.intColumn("iteration").get(1000));
        Table s = h.samplesTable();
        assertEquals(TrainingHistory.SAMPLE_COLUMNS, s.columnNames());
        int samples = r.expected().get("samples").getAsInt();
        assertEquals(samples * h.checkpoints().size(), s.rowCount());
        assertEquals(2000, s.intColumn("iteration").get(samples));
        assertEquals(h.checkpoints().get(1).samples().get(0), s.stringColumn("sample").get(samples));

        Path csv = dir.resolve("out/history.csv");
        h.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(String.join(",", TrainingHistory.COLUMNS), lines.get(0));
        assertEquals(h.size() + 1, lines.size());
        String[] row = lines.get(6).split(",");
        assertEquals(5, Integer.parseInt(row[0]));
        assertEquals(h.loss(5), Double.parseDouble(row[1]), 0);
        assertEquals(h.clippedFraction(5), Double.parseDouble(row[13]), 0);
        Path samplesCsv = dir.resolve("samples.csv");
        h.writeSamplesCsv(samplesCsv);
        assertEquals(s.rowCount() + 1, Files.readAllLines(samplesCsv).size());
        try (var files = Files.list(dir.resolve("out"))) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void csvFieldsAreQuotedWhenNeeded() {
        assertEquals("plain", TrainingHistory.csvField("plain"));
        assertEquals("\"a, b\"", TrainingHistory.csvField("a, b"));
        assertEquals("\"say \"\"hi\"\"\"", TrainingHistory.csvField("say \"hi\""));
    }

    @Test
    void progressIsReportedAndSamplingPeriodIsAnOption() {
        Dataset data = Dataset.fromText("ab\nba\nabba\n", "tiny");
        List<Integer> seen = new ArrayList<>();
        TrainingResult r = Trainer.model(data, TrainingOptions.builder().iterations(25).nA(4).samplesPerCheckpoint(2)
                .sampleEvery(10).progress((j, total, loss) -> {
                    assertEquals(25, total);
                    seen.add(j);
                }).build());
        assertEquals(25, seen.size());
        assertEquals(24, seen.get(24));
        assertEquals(List.of(0, 10, 20), r.history().checkpoints().stream().map(TrainingHistory.Checkpoint::iteration).toList());
        assertTrue(r.log().startsWith("Iteration: 0, Loss: "), r.log());
        assertEquals(3, r.log().split("Iteration: ", -1).length - 1);
        for (TrainingHistory.Checkpoint c : r.history().checkpoints()) {
            assertEquals(2, c.samples().size());
        }
    }

    @Test
    void optionsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingOptions.builder().nA(0).build());
        assertTrue(e.getMessage().contains("nA"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingOptions.builder().sampleEvery(0).build());
        assertThrows(IllegalArgumentException.class, () -> TrainingOptions.builder().learningRate(-1).build());
        assertThrows(IllegalArgumentException.class, () -> TrainingOptions.builder().clipValue(Double.NaN).build());
        TrainingOptions o = TrainingOptions.builder().build();
        assertEquals(35_000, o.iterations());
        assertEquals(2_000, o.sampleEvery());
        assertEquals(o, o.toBuilder().build());
    }

    private static void assertCheckpoints(Run r) {
        List<TrainingHistory.Checkpoint> actual = r.result().history().checkpoints();
        JsonArray expected = r.expected().getAsJsonArray("checkpoints");
        assertEquals(expected.size(), actual.size(), "checkpoints");
        for (int c = 0; c < expected.size(); c++) {
            JsonObject e = expected.get(c).getAsJsonObject();
            TrainingHistory.Checkpoint a = actual.get(c);
            assertEquals(e.get("iteration").getAsInt(), a.iteration());
            JsonArray names = e.getAsJsonArray("indices");
            assertEquals(names.size(), a.indices().size());
            for (int s = 0; s < names.size(); s++) {
                assertArrayEquals(LmFixtures.indices(names.get(s)), a.indices().get(s),
                        "checkpoint " + a.iteration() + ", sample " + s);
            }
        }
    }

    private static void assertNorms(Run r) {
        TrainingHistory h = r.result().history();
        JsonArray norms = r.expected().getAsJsonArray("norms");
        JsonArray clipped = r.expected().getAsJsonArray("clipped_norms");
        double[] fraction = Golden.data(r.expected().get("clipped_fraction"));
        List<String> names = new ArrayList<>();
        for (JsonElement n : r.expected().getAsJsonArray("norm_columns")) {
            names.add(n.getAsString());
        }
        assertEquals(Gradients.NAMES, names);
        for (int i = 0; i < norms.size(); i++) {
            double[] e = Golden.data(norms.get(i));
            double[] ec = Golden.data(clipped.get(i));
            for (int k = 0; k < names.size(); k++) {
                assertRelative("norm " + names.get(k) + " at " + i, new double[] {e[k]}, new double[] {h.norm(i, names.get(k))});
                assertRelative("clipped norm " + names.get(k) + " at " + i, new double[] {ec[k]},
                        new double[] {h.clippedNorm(i, names.get(k))});
            }
            assertEquals(fraction[i], h.clippedFraction(i), 0, "clipped fraction at " + i);
        }
    }

    /** Relative comparison, the tolerance scaled by the larger magnitude. */
    private static void assertRelative(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double rel = Math.abs(expected[i] - actual[i]) / Math.max(Math.abs(expected[i]), Math.abs(actual[i]));
            if (!(rel <= worst)) {
                worst = rel;
                at = i;
            }
        }
        assertTrue(worst <= LOSS_TOL, what + ": relative difference " + worst + " at iteration " + at + " (expected "
                + (at < 0 ? "" : expected[at] + ", got " + actual[at]) + ")");
    }
}
