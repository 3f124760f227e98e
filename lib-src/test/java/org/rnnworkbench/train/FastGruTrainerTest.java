package org.rnnworkbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.Golden;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.ClipRule;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.DivergenceException;
import org.rnnworkbench.lm.GruLmGradients;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingHistory;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.lm.TrainingState;
import org.rnnworkbench.tensor.Ops;

/**
 * The fast GRU loop against the plain {@link Trainer} with {@link CellKind#GRU}: losses to 1e-12
 * relative, the same log, samples and clipped flags, under both clipping rules and none, on random
 * small configurations and on the element names; divergence, snapshots and continuing as the plain
 * loop has them.
 */
class FastGruTrainerTest {
    private static final double PLAIN_TOL = 1e-12;
    private static final double NUMPY_TOL = 1e-9;

    private static TrainingOptions.Builder gru() {
        return TrainingOptions.builder().cell(CellKind.GRU);
    }

    private static TrainingOptions.Builder elements() {
        return gru().nA(16).iterations(1200).sampleEvery(250).samplesPerCheckpoint(3);
    }

    /** Everything a run records, plain against fast. */
    private static void assertSameRun(String what, TrainingResult plain, TrainingResult fast) {
        FastTrainerTest.assertRelative(what + " loss", plain.history().losses(), fast.history().losses(), PLAIN_TOL);
        FastTrainerTest.assertRelative(what + " smoothed", plain.history().smoothedLosses(),
                fast.history().smoothedLosses(), PLAIN_TOL);
        assertEquals(plain.log(), fast.log(), what + " log");
        TrainingHistory ph = plain.history();
        TrainingHistory fh = fast.history();
        assertEquals(ph.gradientNames(), fh.gradientNames());
        assertEquals(ph.size(), fh.size());
        assertEquals(ph.checkpoints().size(), fh.checkpoints().size());
        for (int c = 0; c < ph.checkpoints().size(); c++) {
            TrainingHistory.Checkpoint pc = ph.checkpoints().get(c);
            TrainingHistory.Checkpoint fc = fh.checkpoints().get(c);
            assertEquals(pc.iteration(), fc.iteration());
            assertEquals(pc.samples(), fc.samples(), what + " samples at " + pc.iteration());
            for (int s = 0; s < pc.indices().size(); s++) {
                assertArrayEquals(pc.indices().get(s), fc.indices().get(s));
            }
        }
        for (int i = 0; i < ph.size(); i++) {
            assertEquals(ph.iteration(i), fh.iteration(i));
            for (String k : GruLmGradients.NAMES) {
                FastTrainerTest.assertRelative(what + " norm " + k + " at " + i, new double[] {ph.norm(i, k)},
                        new double[] {fh.norm(i, k)}, 1e-10);
                FastTrainerTest.assertRelative(what + " clipped norm " + k + " at " + i,
                        new double[] {ph.clippedNorm(i, k)}, new double[] {fh.clippedNorm(i, k)}, 1e-10);
            }
            assertEquals(ph.clippedFraction(i), fh.clippedFraction(i), 0, what + " clipped fraction at " + i);
        }
        for (String k : GruParameters.NAMES) {
            FastCharRnnTest.assertCloseInNorm(what + " final " + k, plain.gruParameters().get(k).data,
                    fast.gruParameters().get(k).data, 1e-11);
        }
        FastCharRnnTest.assertCloseInNorm(what + " aLast", plain.aLast().data, fast.aLast().data, 1e-11);
        assertEquals(plain.iterations(), fast.iterations());
        assertEquals(CellKind.GRU, fast.state().cell());
    }

    /** Random small vocabularies, datasets and sizes under each rule: the loops agree step by step. */
    @Test
    void matchesThePlainTrainerOnRandomConfigurations() {
        SplittableRandom pick = new SplittableRandom(51);
        int clippedIterations = 0;
        int scaledIterations = 0;
        for (int trial = 0; trial < 12; trial++) {
            Dataset data = FastTrainerTest.randomDataset(pick);
            int iterations = 200 + pick.nextInt(200);
            TrainingOptions.Builder b = gru().iterations(iterations).nA(2 + pick.nextInt(40))
                    .samplesPerCheckpoint(1 + pick.nextInt(4)).sampleEvery(50 + pick.nextInt(100))
                    .learningRate(new double[] {0.01, 0.03, 0.1}[pick.nextInt(3)]);
            switch (trial % 3) {
                case 0 -> b.clipValue(new double[] {5.0, 0.2, 0.02}[pick.nextInt(3)]);
                case 1 -> b.clipGlobalNorm(new double[] {5.0, 1.0, 0.2}[pick.nextInt(3)]);
                default -> b.noClipping();
            }
            StringBuilder plainLog = new StringBuilder();
            StringBuilder fastLog = new StringBuilder();
            TrainingResult plain = Trainer.model(data, b.log(plainLog::append).build());
            TrainingResult fast = FastGruTrainer.model(data, b.log(fastLog::append).build());
            String what = "trial " + trial + " " + b.build();
            assertSameRun(what, plain, fast);
            assertEquals(plainLog.toString(), fastLog.toString(), what + " log sink");
            for (int i = 0; i < iterations; i++) {
                double f = fast.history().clippedFraction(i);
                clippedIterations += trial % 3 == 0 && f > 0 ? 1 : 0;
                scaledIterations += trial % 3 == 1 && f > 0 ? 1 : 0;
                if (trial % 3 == 2) {
                    assertEquals(0.0, f, what + " clipping off");
                }
            }
        }
        assertTrue(clippedIterations > 200, clippedIterations + " iterations clipped entries");
        assertTrue(scaledIterations > 200, scaledIterations + " iterations scaled to the global norm");
    }

    /** The NumPy GRU model's first 2,001 iterations, with the fixture and tolerances of the plain loop's GruModelTest. */
    @Test
    void theNumpyReferenceIsMatched() throws IOException {
        JsonObject expected = Golden.load("lm_gru_model_elements.json");
        StringBuilder log = new StringBuilder();
        TrainingResult r = FastGruTrainer.model(Path.of(expected.get("data").getAsString()), gru()
                .iterations(expected.get("iterations").getAsInt()).nA(expected.get("n_a").getAsInt())
                .samplesPerCheckpoint(expected.get("samples").getAsInt())
                .learningRate(expected.get("learning_rate").getAsDouble()).log(log::append).build());
        TrainingHistory h = r.history();
        assertEquals(expected.get("iterations").getAsInt(), h.size());
        FastTrainerTest.assertRelative("loss", Golden.data(expected.get("loss")), h.losses(), NUMPY_TOL);
        FastTrainerTest.assertRelative("smoothed loss", Golden.data(expected.get("smoothed_loss")), h.smoothedLosses(),
                NUMPY_TOL);
        assertEquals(expected.get("log").getAsString(), log.toString(), "log text");
        assertEquals(log.toString(), r.log());
        JsonArray checkpoints = expected.getAsJsonArray("checkpoints");
        assertEquals(checkpoints.size(), h.checkpoints().size());
        for (int c = 0; c < checkpoints.size(); c++) {
            JsonArray names = checkpoints.get(c).getAsJsonObject().getAsJsonArray("indices");
            for (int s = 0; s < names.size(); s++) {
                JsonArray n = names.get(s).getAsJsonArray();
                int[] indices = new int[n.size()];
                for (int i = 0; i < indices.length; i++) {
                    indices[i] = n.get(i).getAsInt();
                }
                assertArrayEquals(indices, h.checkpoints().get(c).indices().get(s), "checkpoint " + c + ", sample " + s);
            }
        }
        JsonArray norms = expected.getAsJsonArray("norms");
        JsonArray clipped = expected.getAsJsonArray("clipped_norms");
        double[] fraction = Golden.data(expected.get("clipped_fraction"));
        for (int i = 0; i < norms.size(); i++) {
            double[] en = Golden.data(norms.get(i));
            double[] ec = Golden.data(clipped.get(i));
            for (int k = 0; k < GruLmGradients.NAMES.size(); k++) {
                String name = GruLmGradients.NAMES.get(k);
                FastTrainerTest.assertRelative("norm " + name + " at " + i, new double[] {en[k]},
                        new double[] {h.norm(i, name)}, NUMPY_TOL);
                FastTrainerTest.assertRelative("clipped norm " + name + " at " + i, new double[] {ec[k]},
                        new double[] {h.clippedNorm(i, name)}, NUMPY_TOL);
            }
            assertEquals(fraction[i], h.clippedFraction(i), 0, "clipped fraction at " + i);
        }
        JsonObject fin = expected.getAsJsonObject("final_parameters");
        for (String k : GruParameters.NAMES) {
            Golden.assertClose("final " + k, fin.get(k), r.gruParameters().get(k), 1e-8);
        }
    }

    /** The element names at n_a = 65 for 2,000 iterations with the assignment's settings. */
    @Test
    void theElementNamesAgreeWithThePlainLoopOverTwoThousandIterations() throws IOException {
        TrainingOptions options = gru().nA(65).iterations(2_000).sampleEvery(500).build();
        assertSameRun("element names", Trainer.model(FastTrainerStateTest.data(), options),
                FastGruTrainer.model(FastTrainerStateTest.data(), options));
    }

    /** Both rules on the element names with a step that is clipped often; the two rules train differently. */
    @Test
    void theElementNamesAgreeUnderBothRulesWhenClippingBites() throws IOException {
        TrainingOptions byNorm = elements().iterations(800).learningRate(0.1).clipGlobalNorm(2).build();
        TrainingOptions byEntry = byNorm.toBuilder().clipValue(0.3).build();
        TrainingResult fastNorm = FastGruTrainer.model(FastTrainerStateTest.data(), byNorm);
        TrainingResult fastEntry = FastGruTrainer.model(FastTrainerStateTest.data(), byEntry);
        assertSameRun("global norm", Trainer.model(FastTrainerStateTest.data(), byNorm), fastNorm);
        assertSameRun("element-wise", Trainer.model(FastTrainerStateTest.data(), byEntry), fastEntry);
        int scaled = 0;
        int clipped = 0;
        for (int i = 0; i < 800; i++) {
            scaled += fastNorm.history().clippedFraction(i) == 1.0 ? 1 : 0;
            clipped += fastEntry.history().clippedFraction(i) > 0 ? 1 : 0;
        }
        assertTrue(scaled > 100 && scaled < 790, scaled + " of 800 iterations scaled");
        assertTrue(clipped > 100, clipped + " of 800 iterations clipped");
        assertTrue(Math.abs(fastNorm.loss() - fastEntry.loss()) > 1e-6, "the two rules train differently");
    }

    @Test
    void divergenceStopsWithTheLastGoodParametersAsThePlainLoopDoes() throws IOException {
        Dataset data = FastTrainerStateTest.data();
        for (TrainingOptions options : new TrainingOptions[] {
            elements().learningRate(1e300).build(),
            elements().learningRate(1e300).clipGlobalNorm(5).build(),
            elements().learningRate(1e6).noClipping().build()}) {
            DivergenceException plain = assertThrows(DivergenceException.class, () -> Trainer.model(data, options));
            DivergenceException fast = assertThrows(DivergenceException.class,
                    () -> FastGruTrainer.model(data, options));
            assertEquals(plain.getMessage(), fast.getMessage());
            assertEquals(plain.iteration(), fast.iteration());
            assertEquals(plain.quantity(), fast.quantity());
            TrainingResult good = fast.result();
            assertEquals(fast.iteration(), good.iterations());
            assertEquals(fast.iteration(), good.history().size());
            assertEquals(plain.result().log(), good.log());
            for (String k : GruParameters.NAMES) {
                assertTrue(Ops.allFinite(good.gruParameters().get(k)), k + " is finite");
            }
            TrainingResult stoppedBefore = FastGruTrainer.model(data, options.toBuilder().iterations(fast.iteration())
                    .build());
            assertEquals(stoppedBefore.state(), good.state(), "exactly the parameters after the last good iteration");
            DivergenceException again = assertThrows(DivergenceException.class,
                    () -> FastGruTrainer.model(data, options, good.state()));
            assertEquals(fast.getMessage(), again.getMessage());
        }
    }

    /**
     * The other two things the guard looks at, from states made to fail at once: a gradient that is
     * NaN (Wh = 0 keeps every hidden state at zero, so the loss stays finite, while Wy near the
     * largest double makes Wyᵀ·dy overflow and 0·∞ appears in the gates' gradients), and an update
     * that overflows (every by at 1.5e308: the logits stay equal, the loss finite, and by − lr·dby
     * overflows with lr = 1e308).
     */
    @Test
    void aNanGradientOrAnOverflowingUpdateStopsBothLoopsAlike() throws IOException {
        Dataset data = FastTrainerStateTest.data();
        TrainingState s = TrainingState.initial(data, elements().build());
        GruParameters nanGradient = s.gruParameters().copy();
        nanGradient.Wh().zero();
        for (int j = 0; j < 16; j++) {
            nanGradient.Wy().set(0, j, 1.7e308);
            nanGradient.Wy().set(1, j, -1.7e308);
        }
        nanGradient.by().set(0, 0, 10);
        nanGradient.by().set(1, 0, 10 + Math.log(0.7 / 0.3));
        GruParameters overflow = s.gruParameters().copy();
        overflow.by().fill(1.5e308);
        Object[][] cases = {
            {nanGradient, elements().build(), "dWz", "the gradient dWz holds NaN"},
            {nanGradient, elements().noClipping().build(), "dWz", "the gradient dWz holds NaN"},
            {overflow, elements().learningRate(1e308).build(), "by", "the update would make by hold Infinity"},
            {overflow, elements().learningRate(1e308).noClipping().build(), "by",
                "the update would make by hold Infinity"}};
        for (Object[] c : cases) {
            TrainingState start = new TrainingState((GruParameters) c[0], 0, s.smoothedLoss(), s.aPrev(), s.order());
            TrainingOptions options = (TrainingOptions) c[1];
            DivergenceException plain = assertThrows(DivergenceException.class,
                    () -> Trainer.model(data, options, start));
            DivergenceException fast = assertThrows(DivergenceException.class,
                    () -> FastGruTrainer.model(data, options, start));
            assertEquals(c[2], plain.quantity(), plain.getMessage());
            assertEquals(plain.getMessage(), fast.getMessage());
            assertEquals(c[3], fast.problem());
            assertEquals(0, fast.iteration());
            assertEquals(start, fast.result().state(), "nothing was applied");
        }
    }

    @Test
    void resumingFromItsOwnSnapshotsGivesTheSameRunBitForBit() throws IOException {
        Dataset data = FastTrainerStateTest.data();
        List<TrainingState> snapshots = new ArrayList<>();
        TrainingResult full = FastGruTrainer.model(data, elements().snapshots(400, s -> snapshots.add(s.copy())).build());
        assertEquals(List.of(400, 800, 1200), snapshots.stream().map(TrainingState::iteration).toList());
        assertEquals(full.state(), snapshots.get(2), "the last snapshot is the final state");
        TrainingState middle = snapshots.get(1);
        TrainingResult resumed = FastGruTrainer.model(data, elements().build(), middle);
        assertEquals(full.state(), resumed.state());
        assertArrayEquals(Arrays.copyOfRange(full.history().losses(), 800, 1200), resumed.history().losses());
        assertTrue(full.log().endsWith(resumed.log()), "the resumed log is the tail of the full log");

        TrainingResult plainFirst = Trainer.model(data, elements().iterations(500).build());
        assertSameRun("continuing a plain run", Trainer.model(data, elements().build(), plainFirst.state()),
                FastGruTrainer.model(data, elements().build(), plainFirst.state()));
    }

    @Test
    void stepsOneAtATimeAndReportsProgress() {
        Dataset data = Dataset.fromText("ab\nba\nabba\n", "tiny");
        List<Integer> seen = new ArrayList<>();
        TrainingOptions options = gru().iterations(25).nA(4).samplesPerCheckpoint(2).sampleEvery(10)
                .progress((j, total, loss) -> {
                    assertEquals(25, total);
                    seen.add(j);
                }).build();
        FastGruTrainer trainer = new FastGruTrainer(data, options);
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
        assertEquals(Trainer.model(data, options).log(), r.log());
    }

    @Test
    void argumentsAreChecked() throws IOException {
        Dataset data = FastTrainerStateTest.data();
        for (CellKind other : new CellKind[] {CellKind.RNN, CellKind.LSTM}) {
            TrainingOptions o = elements().cell(other).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FastGruTrainer.model(data, o));
            assertEquals("options ask for the " + other.id() + " cell, but this fast training loop trains the GRU"
                    + " only; use FastTraining.model for any cell", e.getMessage());
        }
        TrainingState rnnState = TrainingState.initial(data, elements().cell(CellKind.RNN).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FastGruTrainer.model(data, elements().build(), rnnState));
        assertTrue(e.getMessage().startsWith("the state holds the rnn cell"), e.getMessage());

        TrainingState s = TrainingState.initial(data, elements().build());
        e = assertThrows(IllegalArgumentException.class, () -> FastGruTrainer.model(data, elements().nA(17).build(), s));
        assertTrue(e.getMessage().contains("n_a = 16 but options.nA() is 17"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FastGruTrainer.model(data,
                elements().iterations(3).build(), new TrainingState(s.gruParameters(), 5, 1.0, s.aPrev(), s.order())));
        assertTrue(e.getMessage().contains("past options.iterations() = 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FastGruTrainer.model(Dataset.fromText("ab\nba\n", "tiny"), elements().build(), s));
        assertTrue(e.getMessage().contains("but the data's vocabulary has"), e.getMessage());
        GruParameters bad = s.gruParameters().copy();
        bad.Wh().set(0, 0, Double.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> FastGruTrainer.model(data, elements().build(),
                new TrainingState(bad, 0, 1.0, s.aPrev(), s.order())));
        assertEquals("the state's parameter Wh holds NaN or infinity", e.getMessage());
        DMatrixRMaj badA = s.aPrev().copy();
        badA.set(3, 0, Double.POSITIVE_INFINITY);
        e = assertThrows(IllegalArgumentException.class, () -> FastGruTrainer.model(data, elements().build(),
                new TrainingState(s.gruParameters(), 0, 1.0, badA, s.order())));
        assertEquals("the state's aPrev holds NaN or infinity", e.getMessage());
        assertThrows(NullPointerException.class, () -> FastGruTrainer.model((Dataset) null, elements().build()));
        assertThrows(NullPointerException.class, () -> FastGruTrainer.model(data, null));
        assertThrows(NullPointerException.class, () -> FastGruTrainer.model(data, elements().build(), null));
        assertTrue(ClipRule.ELEMENT_WISE == elements().build().clipRule());
    }
}
