package org.rnnworkbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.DivergenceException;
import org.rnnworkbench.lm.LstmLmGradients;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingHistory;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.lm.TrainingState;
import org.rnnworkbench.tensor.Ops;

/**
 * The fast LSTM loop against the plain {@link Trainer} with {@link CellKind#LSTM}: losses to 1e-12
 * relative, the same log, samples and clipped shares, under both clipping rules and none, on random
 * small configurations and on the element names; divergence, snapshots and continuing as the plain
 * loop has them.
 */
class FastLstmTrainerTest {
    private static final double PLAIN_TOL = 1e-12;

    private static TrainingOptions.Builder lstm() {
        return TrainingOptions.builder().cell(CellKind.LSTM);
    }

    private static TrainingOptions.Builder elements() {
        return lstm().nA(16).iterations(1200).sampleEvery(250).samplesPerCheckpoint(3);
    }

    /** Everything a run records, plain against fast. */
    static void assertSameRun(String what, TrainingResult plain, TrainingResult fast) {
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
            for (String k : LstmLmGradients.NAMES) {
                FastTrainerTest.assertRelative(what + " norm " + k + " at " + i, new double[] {ph.norm(i, k)},
                        new double[] {fh.norm(i, k)}, 1e-10);
                FastTrainerTest.assertRelative(what + " clipped norm " + k + " at " + i,
                        new double[] {ph.clippedNorm(i, k)}, new double[] {fh.clippedNorm(i, k)}, 1e-10);
            }
            assertEquals(ph.clippedFraction(i), fh.clippedFraction(i), 0, what + " clipped fraction at " + i);
        }
        for (String k : LstmParameters.NAMES) {
            FastCharRnnTest.assertCloseInNorm(what + " final " + k, plain.state().lstmParameters().get(k).data,
                    fast.state().lstmParameters().get(k).data, 1e-11);
        }
        FastCharRnnTest.assertCloseInNorm(what + " aLast", plain.aLast().data, fast.aLast().data, 1e-11);
        FastCharRnnTest.assertCloseInNorm(what + " cLast", plain.state().cPrev().data, fast.state().cPrev().data,
                1e-11);
        assertEquals(plain.iterations(), fast.iterations());
        assertEquals(CellKind.LSTM, fast.state().cell());
    }

    /** Random small vocabularies, datasets and sizes under each rule: the loops agree step by step. */
    @Test
    void matchesThePlainTrainerOnRandomConfigurations() {
        SplittableRandom pick = new SplittableRandom(71);
        int clippedIterations = 0;
        int scaledIterations = 0;
        for (int trial = 0; trial < 9; trial++) {
            Dataset data = FastTrainerTest.randomDataset(pick);
            int iterations = 150 + pick.nextInt(150);
            TrainingOptions.Builder b = lstm().iterations(iterations).nA(2 + pick.nextInt(30))
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
            TrainingResult fast = FastLstmTrainer.model(data, b.log(fastLog::append).build());
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
        assertTrue(clippedIterations > 100, clippedIterations + " iterations clipped entries");
        assertTrue(scaledIterations > 100, scaledIterations + " iterations scaled to the global norm");
    }

    /** The element names at n_a = 65 for 2,000 iterations with the assignment's settings: identical log and samples. */
    @Test
    void theElementNamesAgreeWithThePlainLoopOverTwoThousandIterations() throws IOException {
        TrainingOptions options = lstm().nA(65).iterations(2_000).sampleEvery(500).build();
        assertSameRun("element names", Trainer.model(FastTrainerStateTest.data(), options),
                FastTraining.model(FastTrainerStateTest.data(), options));
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
                    () -> FastLstmTrainer.model(data, options));
            assertEquals(plain.getMessage(), fast.getMessage());
            assertEquals(plain.iteration(), fast.iteration());
            TrainingResult good = fast.result();
            assertEquals(fast.iteration(), good.iterations());
            assertEquals(plain.result().log(), good.log());
            for (String k : LstmParameters.NAMES) {
                assertTrue(Ops.allFinite(good.state().lstmParameters().get(k)), k + " is finite");
            }
            TrainingResult stoppedBefore = FastLstmTrainer.model(data,
                    options.toBuilder().iterations(fast.iteration()).build());
            assertEquals(stoppedBefore.state(), good.state(), "exactly the state after the last good iteration");
        }
    }

    @Test
    void resumingFromItsOwnSnapshotsGivesTheSameRunBitForBit() throws IOException {
        Dataset data = FastTrainerStateTest.data();
        List<TrainingState> snapshots = new ArrayList<>();
        TrainingResult full = FastLstmTrainer.model(data,
                elements().snapshots(400, s -> snapshots.add(s.copy())).build());
        assertEquals(List.of(400, 800, 1200), snapshots.stream().map(TrainingState::iteration).toList());
        assertEquals(full.state(), snapshots.get(2), "the last snapshot is the final state");
        TrainingState middle = snapshots.get(1);
        assertTrue(middle.cPrev() != null && Ops.allFinite(middle.cPrev()), "the memory cell is carried");
        TrainingResult resumed = FastLstmTrainer.model(data, elements().build(), middle);
        assertEquals(full.state(), resumed.state());
        assertArrayEquals(Arrays.copyOfRange(full.history().losses(), 800, 1200), resumed.history().losses());
        assertTrue(full.log().endsWith(resumed.log()), "the resumed log is the tail of the full log");

        TrainingResult plainFirst = Trainer.model(data, elements().iterations(500).build());
        assertSameRun("continuing a plain run", Trainer.model(data, elements().build(), plainFirst.state()),
                FastLstmTrainer.model(data, elements().build(), plainFirst.state()));
    }

    @Test
    void argumentsAreChecked() throws IOException {
        Dataset data = FastTrainerStateTest.data();
        for (CellKind other : new CellKind[] {CellKind.RNN, CellKind.GRU}) {
            TrainingOptions o = elements().cell(other).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FastLstmTrainer.model(data, o));
            assertEquals("options ask for the " + other.id() + " cell, but this fast training loop trains the LSTM"
                    + " only; use FastTraining.model for any cell", e.getMessage());
        }
        TrainingState gruState = TrainingState.initial(data, elements().cell(CellKind.GRU).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FastLstmTrainer.model(data, elements().build(), gruState));
        assertTrue(e.getMessage().startsWith("the state holds the gru cell"), e.getMessage());
        TrainingState s = TrainingState.initial(data, elements().build());
        e = assertThrows(IllegalArgumentException.class,
                () -> FastLstmTrainer.model(data, elements().nA(17).build(), s));
        assertTrue(e.getMessage().contains("n_a = 16 but options.nA() is 17"), e.getMessage());
        assertThrows(NullPointerException.class, () -> FastLstmTrainer.model((Dataset) null, elements().build()));
        assertThrows(NullPointerException.class, () -> FastTraining.model(data, null));
    }
}
