package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.cells.RnnParameters;

/**
 * A run continued from a {@link TrainingState} gives the losses, log, samples and final state of a
 * run that never stopped, bit for bit.
 */
class TrainingResumeTest {
    private static final int ITERATIONS = 1500;
    private static final int SNAPSHOT_EVERY = 400;

    private static Dataset data;
    private static TrainingResult full;
    private static List<TrainingState> snapshots;

    static Dataset data() throws IOException {
        if (data == null) {
            data = Dataset.load(Path.of("data/element_list.txt"));
        }
        return data;
    }

    /** Small but real: the element names, 16 hidden units, a log every 250 iterations with 3 names. */
    static TrainingOptions.Builder options() {
        return TrainingOptions.builder().nA(16).iterations(ITERATIONS).sampleEvery(250).samplesPerCheckpoint(3);
    }

    private static synchronized TrainingResult full() throws IOException {
        if (full == null) {
            List<TrainingState> seen = new ArrayList<>();
            full = Trainer.model(data(), options().snapshots(SNAPSHOT_EVERY, s -> seen.add(s.copy())).build());
            snapshots = seen;
        }
        return full;
    }

    @Test
    void snapshotsComeAfterEveryNthIteration() throws IOException {
        full();
        assertEquals(List.of(400, 800, 1200), snapshots.stream().map(TrainingState::iteration).toList());
        List<Integer> at = new ArrayList<>();
        Trainer.model(data(), options().iterations(30).snapshots(10, s -> at.add(s.iteration())).build());
        assertEquals(List.of(10, 20, 30), at, "the last iteration too when it is a multiple");
    }

    @Test
    void resumingFromASnapshotGivesTheSameRunBitForBit() throws IOException {
        TrainingResult f = full();
        for (TrainingState snapshot : snapshots) {
            int k = snapshot.iteration();
            TrainingResult resumed = Trainer.model(data(), options().build(), snapshot);
            assertResumedMatches(f, k, resumed);
        }
    }

    @Test
    void aStoppedRunContinuesFromItsFinalState() throws IOException {
        TrainingResult f = full();
        TrainingResult first = Trainer.model(data(), options().iterations(700).build());
        assertEquals(700, first.iterations());
        TrainingResult rest = Trainer.model(data(), options().build(), first.state());
        assertResumedMatches(f, 700, rest);
        assertEquals(f.log(), first.log() + rest.log(), "the two logs together are the uninterrupted log");
        double[] losses = new double[ITERATIONS];
        System.arraycopy(first.history().losses(), 0, losses, 0, 700);
        System.arraycopy(rest.history().losses(), 0, losses, 700, ITERATIONS - 700);
        assertArrayEquals(f.history().losses(), losses);
    }

    static void assertResumedMatches(TrainingResult f, int k, TrainingResult resumed) {
        TrainingHistory h = resumed.history();
        assertEquals(ITERATIONS - k, h.size(), "rows of the resumed history");
        assertEquals(k, h.iteration(0), "the iteration counter goes on");
        assertArrayEquals(Arrays.copyOfRange(f.history().losses(), k, ITERATIONS), h.losses(),
                "losses from iteration " + k);
        assertArrayEquals(Arrays.copyOfRange(f.history().smoothedLosses(), k, ITERATIONS), h.smoothedLosses(),
                "smoothed losses from iteration " + k);
        for (int i = 0; i < h.size(); i++) {
            for (String g : Gradients.NAMES) {
                assertEquals(f.history().norm(k + i, g), h.norm(i, g), 0.0, g + " norm at " + (k + i));
            }
        }
        assertEquals(f.state(), resumed.state(), "final state from iteration " + k);
        assertTrue(f.log().endsWith(resumed.log()), "the resumed log is the end of the uninterrupted one");
        int firstLogged = (k + 249) / 250 * 250;
        assertTrue(resumed.log().startsWith("Iteration: " + firstLogged + ", Loss: "), resumed.log());
        List<TrainingHistory.Checkpoint> all = f.history().checkpoints();
        List<TrainingHistory.Checkpoint> tail = all.subList(all.size() - resumed.history().checkpoints().size(),
                all.size());
        for (int c = 0; c < tail.size(); c++) {
            assertEquals(tail.get(c).samples(), resumed.history().checkpoints().get(c).samples());
            assertEquals(tail.get(c).iteration(), resumed.history().checkpoints().get(c).iteration());
        }
    }

    @Test
    void theStartStateIsNotModified() throws IOException {
        full();
        TrainingState start = snapshots.get(0);
        TrainingState before = start.copy();
        Trainer.model(data(), options().iterations(start.iteration() + 50).build(), start);
        assertEquals(before, start);
    }

    @Test
    void initialStateIsTheAssignmentsSetUp() throws IOException {
        TrainingState s = TrainingState.initial(data(), options().build());
        assertEquals(0, s.iteration());
        int v = data().vocabulary().size();
        assertEquals(CharRnn.initialLoss(v, 3), s.smoothedLoss(), 0.0);
        assertEquals(new TrainingState(CharRnn.initializeParameters(16, v, v), 0, s.smoothedLoss(),
                new DMatrixRMaj(16, 1), s.order()), s);
        TrainingState other = TrainingState.initial(data(), options().initSeed(2).build());
        assertNotEquals(s, other, "another initialisation seed draws other parameters");
        assertArrayEquals(s.order(), other.order(), "the example order does not depend on it");
        assertEquals(s.order()[5], s.exampleAt(5 + s.numExamples()));
        assertNull(s.cPrev(), "the RNN carries no memory cell");
        TrainingState lstm = TrainingState.initial(data(), options().cell(CellKind.LSTM).build());
        assertEquals(CellKind.LSTM, lstm.cell());
        assertEquals(new TrainingState(CharLstm.initializeParameters(16, v, v), 0, s.smoothedLoss(),
                new DMatrixRMaj(16, 1), new DMatrixRMaj(16, 1), s.order()), lstm);
    }

    @Test
    void statesThatDoNotFitAreRefused() throws IOException {
        Dataset d = data();
        TrainingState s = TrainingState.initial(d, options().build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.model(d, options().nA(17).build(), s));
        assertTrue(e.getMessage().contains("n_a = 16"), e.getMessage());
        Dataset fewer = Dataset.fromText(String.join("\n", d.examples().subList(0, 50)) + "\n" + d.vocabulary().chars(),
                "fewer");
        assertEquals(d.vocabulary(), fewer.vocabulary());
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.model(fewer, options().build(), s));
        assertTrue(e.getMessage().contains("examples"), e.getMessage());
        TrainingState late = new TrainingState(s.parameters(), ITERATIONS + 1, s.smoothedLoss(), s.aPrev(), s.order());
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.model(d, options().build(), late));
        assertTrue(e.getMessage().contains("past"), e.getMessage());
        TrainingState bad = s.copy();
        bad.parameters().Wya().set(1, 2, Double.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.model(d, options().build(), bad));
        assertTrue(e.getMessage().contains("Wya"), e.getMessage());
    }

    @Test
    void stateValuesAreChecked() {
        RnnParameters p = CharRnn.initializeParameters(3, 4, 4);
        DMatrixRMaj a = new DMatrixRMaj(3, 1);
        assertThrows(IllegalArgumentException.class, () -> new TrainingState(p, -1, 1, a, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new TrainingState(p, 0, Double.NaN, a, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new TrainingState(p, 0, 1, new DMatrixRMaj(4, 1),
                new int[] {0}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainingState(p, 0, 1, a, new int[] {0, 2, 0}));
        assertTrue(e.getMessage().contains("order[2] = 0 appears twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrainingState(p, 0, 1, a, new DMatrixRMaj(3, 1),
                new int[] {0}));
        assertTrue(e.getMessage().contains("cPrev") && e.getMessage().contains("RNN has no memory cell"), e.getMessage());
        LstmParameters lstm = CharLstm.initializeParameters(3, 4, 4);
        e = assertThrows(IllegalArgumentException.class, () -> new TrainingState(lstm, 0, 1, a, new int[] {0}));
        assertTrue(e.getMessage().contains("cPrev is null but the LSTM carries a memory cell"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrainingState(lstm, 0, 1, a, new DMatrixRMaj(2, 1),
                new int[] {0}));
        assertTrue(e.getMessage().contains("cPrev"), e.getMessage());
        TrainingState withC = new TrainingState(lstm, 0, 1, a, new DMatrixRMaj(3, 1), new int[] {0});
        TrainingState copy = withC.copy();
        assertEquals(withC, copy);
        copy.cPrev().set(2, 0, 0.5);
        assertEquals(0.0, withC.cPrev().get(2, 0), 0.0, "copy() copies the memory cell");
        assertNotEquals(withC, copy, "equality looks at the memory cell");
        int[] order = {1, 0};
        TrainingState s = new TrainingState(p, 0, 1, a, order);
        assertNull(s.cPrev());
        order[0] = 7;
        assertEquals(1, s.order()[0], "the order is copied in");
        s.order()[0] = 7;
        assertEquals(1, s.order()[0], "and out");
    }
}
