package org.rnnworkbench.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnnworkbench.io.ModelFile.Model;
import org.rnnworkbench.io.ModelFile.NamedArray;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.lm.TrainingState;
import org.rnnworkbench.lm.Vocabulary;

/** A training state through a model file: exact, and a run continued from the file matches one that never stopped. */
class TrainingCheckpointTest {
    @TempDir
    Path dir;

    private static TrainingOptions.Builder options() {
        return TrainingOptions.builder().nA(12).iterations(900).sampleEvery(300).samplesPerCheckpoint(2);
    }

    @Test
    void aRunContinuedFromACheckpointFileMatchesOneThatNeverStopped() throws IOException {
        Dataset data = Dataset.load(Path.of("data/element_list.txt"));
        Path file = dir.resolve("run.npz");
        Map<String, String> config = Map.of("hidden", "12", "note", "checkpoint test");
        List<Integer> saved = new ArrayList<>();
        TrainingResult full = Trainer.model(data, options().snapshots(250, s -> {
            if (s.iteration() == 500) {
                TrainingCheckpoint.save(file, s, data.vocabulary(), config);
            }
            saved.add(s.iteration());
        }).build());
        assertEquals(List.of(250, 500, 750), saved);

        Model m = ModelFile.load(file);
        assertTrue(TrainingCheckpoint.hasState(m));
        assertEquals("500", m.config().get(TrainingCheckpoint.ITERATION));
        assertEquals("checkpoint test", m.config().get("note"));
        TrainingState state = TrainingCheckpoint.state(file, m);
        assertEquals(500, state.iteration());
        Vocabulary v = TrainingCheckpoint.vocabulary(file, m);
        assertEquals(data.vocabulary(), v);

        TrainingResult resumed = Trainer.model(data, options().build(), state);
        assertArrayEquals(Arrays.copyOfRange(full.history().losses(), 500, 900), resumed.history().losses());
        assertArrayEquals(Arrays.copyOfRange(full.history().smoothedLosses(), 500, 900),
                resumed.history().smoothedLosses());
        assertEquals(full.state(), resumed.state());
        assertTrue(full.log().endsWith(resumed.log()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = CellKind.class, names = {"GRU", "LSTM"})
    void aGatedRunContinuedFromACheckpointFileMatchesOneThatNeverStopped(CellKind cell) throws IOException {
        Dataset data = Dataset.load(Path.of("data/element_list.txt"));
        TrainingOptions.Builder options = options().cell(cell).nA(8).iterations(600);
        Path file = dir.resolve(cell.id() + ".npz");
        TrainingResult full = Trainer.model(data, options.snapshots(250, s -> {
            if (s.iteration() == 250) {
                TrainingCheckpoint.save(file, s, data.vocabulary(), Map.of("cell", cell.id()));
            }
        }).build());

        Model m = ModelFile.load(file);
        assertEquals(cell, m.cell());
        TrainingState state = TrainingCheckpoint.state(file, m);
        assertEquals(cell, state.cell());
        assertEquals(250, state.iteration());
        assertEquals(cell.hasMemoryCell(), state.cPrev() != null, "the LSTM's memory cell is restored");

        TrainingResult resumed = Trainer.model(data, options().cell(cell).nA(8).iterations(600).build(), state);
        assertArrayEquals(Arrays.copyOfRange(full.history().losses(), 250, 600), resumed.history().losses());
        assertArrayEquals(Arrays.copyOfRange(full.history().smoothedLosses(), 250, 600),
                resumed.history().smoothedLosses());
        assertEquals(full.state(), resumed.state());
        assertTrue(full.log().endsWith(resumed.log()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CellKind.class)
    void theStateRoundTripsExactly(CellKind cell) {
        Dataset data = Dataset.fromText("ab\nba\nabba\nb\n", "tiny");
        TrainingResult r = Trainer.model(data, options().cell(cell).nA(3).iterations(37).build());
        Path file = dir.resolve("tiny.npz");
        TrainingCheckpoint.save(file, r.state(), data.vocabulary(), Map.of());
        Model m = ModelFile.load(file);
        assertEquals(r.state(), TrainingCheckpoint.state(file, m));
        assertEquals(cell == CellKind.LSTM
                ? List.of(TrainingCheckpoint.SMOOTHED_LOSS, TrainingCheckpoint.A_PREV, TrainingCheckpoint.C_PREV,
                        TrainingCheckpoint.ORDER)
                : List.of(TrainingCheckpoint.SMOOTHED_LOSS, TrainingCheckpoint.A_PREV, TrainingCheckpoint.ORDER),
                List.copyOf(m.state().keySet()));
        if (cell == CellKind.LSTM) {
            assertTrue(Arrays.stream(r.state().cPrev().data).anyMatch(x -> x != 0), "a memory cell worth restoring");
        }
    }

    @Test
    void anLstmCheckpointWithoutItsMemoryCellIsReported() {
        Dataset data = Dataset.fromText("ab\nba\nabba\nb\n", "tiny");
        TrainingState s = TrainingState.initial(data, options().cell(CellKind.LSTM).nA(3).build());
        Path file = dir.resolve("lstm.npz");
        Model good = TrainingCheckpoint.toModel(s, data.vocabulary(), Map.of());
        Map<String, NamedArray> state = new LinkedHashMap<>(good.state());
        state.remove(TrainingCheckpoint.C_PREV);
        Model noMemory = new Model(good.cellParameters(), good.vocabulary(), good.config(), state);
        assertFalse(TrainingCheckpoint.hasState(noMemory));
        ModelFileException e = assertThrows(ModelFileException.class, () -> TrainingCheckpoint.state(file, noMemory));
        assertTrue(e.getMessage().startsWith(file + ": holds no state_c_prev, the memory cell an LSTM carries"),
                e.getMessage());
        Model plain = new Model(good.cellParameters(), good.vocabulary(), Map.of());
        e = assertThrows(ModelFileException.class, () -> TrainingCheckpoint.state(file, plain));
        assertTrue(e.getMessage().contains("state_order, state_c_prev), so training cannot continue"), e.getMessage());
        e = assertThrows(ModelFileException.class, () -> TrainingCheckpoint.state(file,
                withState(good, TrainingCheckpoint.C_PREV, new NamedArray(new double[6], new int[] {3, 2}))));
        assertTrue(e.getMessage().contains("holds an invalid training state: cPrev"), e.getMessage());
    }

    @Test
    void aModelWithoutStateOrWithABadOneIsReported() {
        Dataset data = Dataset.fromText("ab\nba\nabba\nb\n", "tiny");
        TrainingState s = TrainingState.initial(data, options().nA(3).build());
        Path file = dir.resolve("m.npz");
        Model plain = new Model(s.parameters(), data.vocabulary().chars(), Map.of());
        assertFalse(TrainingCheckpoint.hasState(plain));
        ModelFileException e = assertThrows(ModelFileException.class, () -> TrainingCheckpoint.state(file, plain));
        assertTrue(e.getMessage().startsWith(file + ": holds no training state"), e.getMessage());

        Model good = TrainingCheckpoint.toModel(s, data.vocabulary(), Map.of());
        e = assertThrows(ModelFileException.class, () -> TrainingCheckpoint.state(file,
                withConfig(good, TrainingCheckpoint.ITERATION, "12.5")));
        assertTrue(e.getMessage().contains("not a whole number"), e.getMessage());
        e = assertThrows(ModelFileException.class, () -> TrainingCheckpoint.state(file,
                withState(good, TrainingCheckpoint.ORDER, new NamedArray(new double[] {0, 1, 1, 2}, new int[] {4}))));
        assertTrue(e.getMessage().contains("order[2] = 1 appears twice"), e.getMessage());
        e = assertThrows(ModelFileException.class, () -> TrainingCheckpoint.state(file,
                withState(good, TrainingCheckpoint.ORDER, new NamedArray(new double[] {0, 1, 2.5, 3}, new int[] {4}))));
        assertTrue(e.getMessage().contains("state_order[2] = 2.5"), e.getMessage());
        e = assertThrows(ModelFileException.class, () -> TrainingCheckpoint.state(file,
                withState(good, TrainingCheckpoint.SMOOTHED_LOSS, new NamedArray(new double[] {1, 2}, new int[] {2}))));
        assertTrue(e.getMessage().contains("must hold one value"), e.getMessage());
        e = assertThrows(ModelFileException.class, () -> TrainingCheckpoint.state(file,
                withState(good, TrainingCheckpoint.A_PREV, new NamedArray(new double[6], new int[] {3, 2}))));
        assertTrue(e.getMessage().contains("aPrev"), e.getMessage());
    }

    @Test
    void aVocabularyOutOfOrderIsReported() {
        Dataset data = Dataset.fromText("ab\nba\n", "tiny");
        TrainingState s = TrainingState.initial(data, options().nA(3).build());
        Model m = new Model(s.parameters(), "\nba", Map.of());
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> TrainingCheckpoint.vocabulary(dir.resolve("m.npz"), m));
        assertTrue(e.getMessage().contains("not sorted"), e.getMessage());
    }

    private static Model withConfig(Model m, String key, String value) {
        Map<String, String> c = new LinkedHashMap<>(m.config());
        c.put(key, value);
        return new Model(m.cellParameters(), m.vocabulary(), c, m.state());
    }

    private static Model withState(Model m, String key, NamedArray value) {
        Map<String, NamedArray> s = new LinkedHashMap<>(m.state());
        s.put(key, value);
        return new Model(m.cellParameters(), m.vocabulary(), m.config(), s);
    }
}
