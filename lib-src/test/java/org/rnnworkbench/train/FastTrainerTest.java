package org.rnnworkbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.Golden;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.LearningRateDecay;
import org.rnnworkbench.lm.Gradients;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingHistory;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;

/**
 * The fast training loop against the NumPy reference (the same fixtures and tolerances as the plain
 * loop's {@code ModelTest}) and against the plain {@link Trainer} on random small configurations.
 */
class FastTrainerTest {
    private static final double NUMPY_TOL = 1e-9;
    private static final double PLAIN_TOL = 1e-12;

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
        TrainingResult result = FastTrainer.model(Path.of(expected.get("data").getAsString()), options);
        return new Run(expected, result, log.toString());
    }

    @Test
    void theGruCellIsRefusedBeforeAnyWork() {
        Dataset data = Dataset.fromText("ab\nba\n", "tiny");
        TrainingOptions gru = TrainingOptions.builder().iterations(3).nA(4).cell(org.rnnworkbench.lm.CellKind.GRU).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FastTrainer.model(data, gru));
        assertTrue(e.getMessage().contains("vanilla RNN only"), e.getMessage());
    }

    @Test
    void elementNamesMatchNumpy() throws IOException {
        assertMatchesNumpy(run("lm_model_elements.json"));
    }

    @Test
    void movieTitlesMatchNumpy() throws IOException {
        assertMatchesNumpy(run("lm_model_movies.json"));
    }

    private static void assertMatchesNumpy(Run r) {
        JsonObject e = r.expected();
        TrainingHistory h = r.result().history();
        assertEquals(e.get("iterations").getAsInt(), h.size());
        assertRelative("loss", Golden.data(e.get("loss")), h.losses(), NUMPY_TOL);
        assertRelative("smoothed loss", Golden.data(e.get("smoothed_loss")), h.smoothedLosses(), NUMPY_TOL);
        assertEquals(e.get("log").getAsString(), r.log(), "log text");
        assertEquals(r.log(), r.result().log());
        assertEquals(e.get("vocabulary").getAsString(), r.result().vocabulary().chars());

        JsonArray checkpoints = e.getAsJsonArray("checkpoints");
        assertEquals(checkpoints.size(), h.checkpoints().size(), "checkpoints");
        for (int c = 0; c < checkpoints.size(); c++) {
            JsonObject ec = checkpoints.get(c).getAsJsonObject();
            TrainingHistory.Checkpoint ac = h.checkpoints().get(c);
            assertEquals(ec.get("iteration").getAsInt(), ac.iteration());
            JsonArray names = ec.getAsJsonArray("indices");
            for (int s = 0; s < names.size(); s++) {
                JsonArray n = names.get(s).getAsJsonArray();
                int[] indices = new int[n.size()];
                for (int i = 0; i < indices.length; i++) {
                    indices[i] = n.get(i).getAsInt();
                }
                assertArrayEquals(indices, ac.indices().get(s), "checkpoint " + ac.iteration() + ", sample " + s);
            }
        }

        JsonArray norms = e.getAsJsonArray("norms");
        JsonArray clipped = e.getAsJsonArray("clipped_norms");
        double[] fraction = Golden.data(e.get("clipped_fraction"));
        List<String> names = new ArrayList<>();
        for (JsonElement n : e.getAsJsonArray("norm_columns")) {
            names.add(n.getAsString());
        }
        for (int i = 0; i < norms.size(); i++) {
            double[] en = Golden.data(norms.get(i));
            double[] ec = Golden.data(clipped.get(i));
            for (int k = 0; k < names.size(); k++) {
                assertRelative("norm " + names.get(k) + " at " + i, new double[] {en[k]},
                        new double[] {h.norm(i, names.get(k))}, NUMPY_TOL);
                assertRelative("clipped norm " + names.get(k) + " at " + i, new double[] {ec[k]},
                        new double[] {h.clippedNorm(i, names.get(k))}, NUMPY_TOL);
            }
            assertEquals(fraction[i], h.clippedFraction(i), 0, "clipped fraction at " + i);
        }
        for (String k : new String[] {"Wax", "Waa", "Wya", "b", "by"}) {
            assertSummary("final " + k, e.getAsJsonObject("final_parameters").getAsJsonObject(k),
                    r.result().parameters().get(k), 1e-8);
        }
    }

    /** With a decaying learning rate, every cell's fast loop follows the plain one, and a resumed run the whole run. */
    @Test
    void aDecayingLearningRateMatchesThePlainTrainerAndResumes() throws IOException {
        Dataset data = Dataset.load(Path.of("data/element_list.txt"));
        for (CellKind cell : CellKind.values()) {
            TrainingOptions o = TrainingOptions.builder().cell(cell).iterations(600).nA(12).learningRate(0.05)
                    .decay(LearningRateDecay.LINEAR).build();
            TrainingResult plain = Trainer.model(data, o);
            TrainingResult fast = FastTraining.model(data, o);
            assertRelative(cell + " loss", plain.history().losses(), fast.history().losses(), PLAIN_TOL);
            assertEquals(plain.log(), fast.log(), cell + " log");
            TrainingResult constant = FastTraining.model(data, o.toBuilder().decay(LearningRateDecay.NONE).build());
            assertTrue(Math.abs(constant.loss() - fast.loss()) > 1e-6, cell + ": the decay changes the run");
            assertEquals(constant.history().losses()[0], fast.history().losses()[0], 0, cell + ": same first step");

            TrainingResult half = FastTraining.model(data, o.toBuilder().stopWhen(new java.util.function.BooleanSupplier() {
                int calls;

                @Override
                public boolean getAsBoolean() {
                    return ++calls == 300;
                }
            }).build());
            assertEquals(300, half.state().iteration(), cell + " stopped");
            TrainingResult resumed = FastTraining.model(data, o, half.state());
            assertEquals(fast.loss(), resumed.loss(), 0, cell + ": resumed equals uninterrupted");
        }
    }

    /** Random small vocabularies, datasets and sizes: the fast and plain loops agree step by step. */
    @Test
    void matchesThePlainTrainerOnRandomConfigurations() {
        SplittableRandom pick = new SplittableRandom(21);
        for (int trial = 0; trial < 8; trial++) {
            Dataset data = randomDataset(pick);
            int iterations = 200 + pick.nextInt(200);
            TrainingOptions.Builder b = TrainingOptions.builder().iterations(iterations).nA(2 + pick.nextInt(40))
                    .samplesPerCheckpoint(1 + pick.nextInt(4)).sampleEvery(50 + pick.nextInt(100))
                    .learningRate(new double[] {0.01, 0.03, 0.1}[pick.nextInt(3)])
                    .clipValue(new double[] {5.0, 0.5, 0.05}[pick.nextInt(3)]);
            StringBuilder plainLog = new StringBuilder();
            StringBuilder fastLog = new StringBuilder();
            TrainingResult plain = Trainer.model(data, b.log(plainLog::append).build());
            TrainingResult fast = FastTrainer.model(data, b.log(fastLog::append).build());
            String what = "trial " + trial + " " + b.build();

            assertRelative(what + " loss", plain.history().losses(), fast.history().losses(), PLAIN_TOL);
            assertRelative(what + " smoothed", plain.history().smoothedLosses(), fast.history().smoothedLosses(),
                    PLAIN_TOL);
            assertEquals(plainLog.toString(), fastLog.toString(), what + " log");
            assertEquals(plain.log(), fast.log(), what + " result log");
            assertEquals(plain.history().checkpoints().size(), fast.history().checkpoints().size());
            for (int c = 0; c < plain.history().checkpoints().size(); c++) {
                TrainingHistory.Checkpoint pc = plain.history().checkpoints().get(c);
                TrainingHistory.Checkpoint fc = fast.history().checkpoints().get(c);
                assertEquals(pc.iteration(), fc.iteration());
                assertEquals(pc.samples(), fc.samples(), what + " samples at " + pc.iteration());
                for (int s = 0; s < pc.indices().size(); s++) {
                    assertArrayEquals(pc.indices().get(s), fc.indices().get(s));
                }
            }
            for (int i = 0; i < iterations; i++) {
                for (String k : Gradients.NAMES) {
                    assertRelative(what + " norm " + k + " at " + i, new double[] {plain.history().norm(i, k)},
                            new double[] {fast.history().norm(i, k)}, 1e-10);
                    assertRelative(what + " clipped norm " + k + " at " + i,
                            new double[] {plain.history().clippedNorm(i, k)},
                            new double[] {fast.history().clippedNorm(i, k)}, 1e-10);
                }
                assertEquals(plain.history().clippedFraction(i), fast.history().clippedFraction(i), 0,
                        what + " clipped fraction at " + i);
            }
            for (String k : new String[] {"Waa", "Wax", "Wya", "b", "by"}) {
                FastCharRnnTest.assertCloseInNorm(what + " final " + k, plain.parameters().get(k).data,
                        fast.parameters().get(k).data, 1e-11);
            }
            FastCharRnnTest.assertCloseInNorm(what + " aLast", plain.aLast().data, fast.aLast().data, 1e-11);
            assertEquals(plain.loss(), fast.loss(), PLAIN_TOL * plain.loss());
        }
    }

    @Test
    void stepsOneAtATimeAndReportsProgress() {
        Dataset data = Dataset.fromText("ab\nba\nabba\n", "tiny");
        List<Integer> seen = new ArrayList<>();
        TrainingOptions options = TrainingOptions.builder().iterations(25).nA(4).samplesPerCheckpoint(2).sampleEvery(10)
                .progress((j, total, loss) -> {
                    assertEquals(25, total);
                    seen.add(j);
                }).build();
        FastTrainer trainer = new FastTrainer(data, options);
        for (int j = 0; j < 25; j++) {
            assertTrue(trainer.hasNext());
            assertEquals(j, trainer.iteration());
            trainer.step();
        }
        assertTrue(!trainer.hasNext());
        assertThrows(IllegalStateException.class, trainer::step);
        TrainingResult r = trainer.result();
        assertEquals(25, seen.size());
        assertEquals(24, seen.get(24));
        assertEquals(List.of(0, 10, 20),
                r.history().checkpoints().stream().map(TrainingHistory.Checkpoint::iteration).toList());
        assertEquals(trainer.smoothedLoss(), r.loss());
        assertTrue(r.log().startsWith("Iteration: 0, Loss: "), r.log());
        assertEquals(Trainer.model(data, options).log(), r.log());
    }

    @Test
    void divergenceStopsTrainingWithTheIteration() {
        Dataset data = Dataset.fromText("abcabcabc\ncab\n", "tiny");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FastTrainer.model(data,
                TrainingOptions.builder().iterations(200).nA(8).learningRate(1e300).clipValue(1e300).build()));
        assertTrue(e.getMessage().contains("at iteration"), e.getMessage());
    }

    /** A matrix against a fixture summary (sum, Frobenius norm, first and last entries), as ModelTest reads it. */
    private static void assertSummary(String what, JsonObject summary, org.ejml.data.DMatrixRMaj m, double tol) {
        int n = m.getNumElements();
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            sum += m.data[i];
            sq += m.data[i] * m.data[i];
        }
        double scale = Math.max(1.0, Math.sqrt(sq) * Math.sqrt(n));
        Golden.assertClose(what + " sum", new double[] {summary.get("sum").getAsDouble() / scale},
                new double[] {sum / scale}, tol);
        Golden.assertClose(what + " norm", new double[] {summary.get("norm").getAsDouble()}, new double[] {Math.sqrt(sq)},
                tol);
        double[] first = Golden.data(summary.get("first"));
        double[] last = Golden.data(summary.get("last"));
        Golden.assertClose(what + " first", first, java.util.Arrays.copyOfRange(m.data, 0, first.length), tol);
        Golden.assertClose(what + " last", last, java.util.Arrays.copyOfRange(m.data, n - last.length, n), tol);
    }

    static Dataset randomDataset(SplittableRandom pick) {
        int letters = 2 + pick.nextInt(20);
        int lines = 3 + pick.nextInt(30);
        StringBuilder text = new StringBuilder();
        for (int l = 0; l < lines; l++) {
            int length = 1 + pick.nextInt(14);
            for (int i = 0; i < length; i++) {
                text.append((char) ('a' + pick.nextInt(letters)));
            }
            text.append('\n');
        }
        return Dataset.fromText(text.toString(), "random");
    }

    /** Relative comparison, the tolerance scaled by the larger magnitude. */
    static void assertRelative(String what, double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(Math.abs(expected[i]), Math.abs(actual[i]));
            double rel = scale == 0 ? 0 : Math.abs(expected[i] - actual[i]) / scale;
            if (!(rel <= worst)) {
                worst = rel;
                at = i;
            }
        }
        assertTrue(worst <= tol, what + ": relative difference " + worst + " at " + at + " (expected "
                + (at < 0 ? "" : expected[at] + ", got " + actual[at]) + ")");
    }
}
