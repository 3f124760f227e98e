package org.rnnworkbench.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.io.ModelFile.Model;
import org.rnnworkbench.io.ModelFile.NamedArray;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.TrainingState;

/** GRU and LSTM model files: their entries, what loading refuses, and RNN files of the first format still loading. */
class ModelFileCellsTest {
    @TempDir
    Path dir;

    @Test
    void gruAndLstmFilesHoldTheCellAndItsParametersByName() {
        Path gru = dir.resolve("gru.npz");
        ModelFile.save(gru, TestModels.random(new Random(5), CellKind.GRU, 6, 27, true));
        Map<String, NpzReader.Array> entries = NpzReader.read(gru);
        assertEquals(List.of("cell", "Wz", "Wr", "Wh", "Wy", "by", "vocabulary", "config", "state_a_prev", "state_rng",
                "state_cube", "format"), List.copyOf(entries.keySet()));
        assertEquals("gru", entries.get("cell").strings()[0]);
        assertEquals('S', entries.get("cell").kind());
        assertArrayEquals(new int[] {1}, entries.get("cell").shape);
        for (String gate : List.of("Wz", "Wr", "Wh")) {
            assertArrayEquals(new int[] {6, 33}, entries.get(gate).shape, gate);
        }
        assertArrayEquals(new int[] {27, 6}, entries.get("Wy").shape);
        assertArrayEquals(new int[] {27, 1}, entries.get("by").shape);
        assertTrue(entries.get("format").strings()[0].startsWith("{\"format\":\"rnn-workbench model\",\"version\":2,"
                + "\"entries\":[\"cell\",\"Wz\""), entries.get("format").strings()[0]);

        Path lstm = dir.resolve("lstm.npz");
        ModelFile.save(lstm, TestModels.random(new Random(6), CellKind.LSTM, 6, 27, true));
        entries = NpzReader.read(lstm);
        assertEquals(List.of("cell", "Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo", "Wy", "by", "vocabulary", "config",
                "state_a_prev", "state_c_prev", "state_rng", "state_cube", "format"), List.copyOf(entries.keySet()));
        assertEquals("lstm", entries.get("cell").strings()[0]);
        for (String name : LstmParameters.NAMES) {
            NpzReader.Array a = entries.get(name);
            assertEquals("<f8", a.descr, name);
            assertFalse(a.fortranOrder, name);
            int[] expected = name.equals("Wy") ? new int[] {27, 6} : name.equals("by") ? new int[] {27, 1}
                    : name.startsWith("b") ? new int[] {6, 1} : new int[] {6, 33};
            assertArrayEquals(expected, a.shape, name);
        }
        assertArrayEquals(new int[] {6, 1}, entries.get("state_c_prev").shape);
    }

    @Test
    void rnnFilesKeepTheFirstLayout() {
        Path file = dir.resolve("rnn.npz");
        ModelFile.save(file, TestModels.random(new Random(7), 4, 5, false));
        Map<String, NpzReader.Array> entries = NpzReader.read(file);
        assertFalse(entries.containsKey("cell"), "an RNN's file has no cell entry");
        assertTrue(entries.get("format").strings()[0].contains("\"version\":1,"), entries.get("format").strings()[0]);
    }

    /**
     * {@code models/rnn_checkpoint_v1.npz} was written by this library before GRU and LSTM files
     * existed (format version 1), with {@link TrainingCheckpoint#save} from {@link #oldState()}, the
     * vocabulary {@code "\nabcdef"} and {@link #oldConfig()}.
     */
    @Test
    void anRnnCheckpointOfTheFirstFormatStillLoads() throws URISyntaxException {
        Path file = Path.of(ModelFileCellsTest.class.getResource("/models/rnn_checkpoint_v1.npz").toURI());
        Model m = ModelFile.load(file);
        assertEquals(CellKind.RNN, m.cell());
        assertEquals("\nabcdef", m.vocabulary());
        Map<String, String> config = new LinkedHashMap<>(oldConfig());
        config.put(TrainingCheckpoint.ITERATION, "1234");
        assertEquals(config, m.config());
        TrainingState state = TrainingCheckpoint.state(file, m);
        assertEquals(oldState(), state);
        assertEquals(CellKind.RNN, state.cell());
    }

    /** The state the version-1 fixture holds: values of every kind from a fixed seed. */
    static TrainingState oldState() {
        Random r = new Random(20250611);
        int nA = 5;
        int v = 7;
        RnnParameters p = new RnnParameters(TestModels.fill(r, nA, nA), TestModels.fill(r, nA, v),
                TestModels.fill(r, v, nA), TestModels.fill(r, nA, 1), TestModels.fill(r, v, 1));
        DMatrixRMaj aPrev = TestModels.fill(r, nA, 1);
        return new TrainingState(p, 1234, 17.25, aPrev, new int[] {3, 0, 5, 1, 4, 2});
    }

    static Map<String, String> oldConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cell", "rnn");
        c.put("hidden", "5");
        c.put("lr", "0.01");
        return c;
    }

    @Test
    void anRnnFileMayNameItsCell() throws IOException {
        Model m = TestModels.random(new Random(8), 4, 5, true);
        Path file = dir.resolve("named.npz");
        RawNpz.of(m).ascii("cell", new int[] {1}, "rnn").write(file, false);
        TestModels.assertSameModel(m, ModelFile.load(file));
    }

    @Test
    void modelChecksTheCellsParts() {
        Random r = new Random(9);
        GruParameters gru = (GruParameters) TestModels.random(r, CellKind.GRU, 5, 26, false).cellParameters();
        ModelFileTest.assertMessage("vocabulary has 27 characters but Wz is (5,31), so n_x = 26",
                () -> new Model(gru, TestModels.vocabulary(27), Map.of()));
        ModelFileTest.assertMessage("config 'cell' is \"lstm\" but the parameters are GRU parameters (Wz, Wr, Wh, Wy, by)",
                () -> new Model(gru, TestModels.vocabulary(26), Map.of("cell", "lstm")));
        ModelFileTest.assertMessage("state a_prev is (4,1) but Wz is (5,31)", () -> new Model(gru,
                TestModels.vocabulary(26), Map.of(), Map.of("a_prev", NamedArray.of(new DMatrixRMaj(4, 1)))));
        LstmParameters lstm = (LstmParameters) TestModels.random(r, CellKind.LSTM, 5, 26, false).cellParameters();
        ModelFileTest.assertMessage("state c_prev is (6,1) but Wf is (5,31); c_prev must be (n_a,m) with n_a = 5",
                () -> new Model(lstm, TestModels.vocabulary(26), Map.of(), Map.of("c_prev",
                        NamedArray.of(new DMatrixRMaj(6, 1)))));
        ModelFileTest.assertMessage("vocabulary has 26 characters but Wy has 27 rows", () -> new Model(
                new LstmParameters(lstm.Wf(), lstm.bf(), lstm.Wi(), lstm.bi(), lstm.Wc(), lstm.bc(), lstm.Wo(),
                        lstm.bo(), new DMatrixRMaj(27, 5), new DMatrixRMaj(27, 1)), TestModels.vocabulary(26),
                Map.of()));
        Model m = new Model(lstm, TestModels.vocabulary(26), Map.of("cell", "lstm"));
        assertEquals(CellKind.LSTM, m.cell());
        IllegalStateException e = assertThrows(IllegalStateException.class, m::parameters);
        assertTrue(e.getMessage().contains("holds LSTM parameters, not RNN parameters; use cellParameters()"),
                e.getMessage());
    }

    static Stream<Arguments> defects() {
        return Stream.of(
                defect(CellKind.GRU, "entry 'Wr' is missing; a GRU model needs [Wz, Wr, Wh, Wy, by]",
                        z -> z.remove("Wr")),
                defect(CellKind.LSTM, "entry 'bo' is missing; an LSTM model needs [Wf, bf, Wi, bi, Wc, bc, Wo, bo, Wy, by]",
                        z -> z.remove("bo")),
                defect(CellKind.GRU, "'Wh' is (5,30) but 'Wz' is (5,32); the GRU's gate matrices are all (n_a,n_a+n_x)",
                        z -> z.f8("Wh", new int[] {5, 30}, new double[150])),
                defect(CellKind.LSTM, "'Wo' is (4,32) but 'Wf' is (5,32); the LSTM's gate matrices are all (n_a,n_a+n_x)",
                        z -> z.f8("Wo", new int[] {4, 32}, new double[128])),
                defect(CellKind.GRU, "'Wz' is (5,5) but must be (n_a,n_a+n_x) with n_x >= 1",
                        z -> z.f8("Wz", new int[] {5, 5}, new double[25])),
                defect(CellKind.LSTM, "'bi' is (4,1) but 'Wf' is (5,32); bi must be (n_a,1) = (5,1)",
                        z -> z.f8("bi", new int[] {4, 1}, new double[4])),
                defect(CellKind.LSTM, "'bc' is (5,) but must be 2-D: (n_a,1)",
                        z -> z.f8("bc", new int[] {5}, new double[5])),
                defect(CellKind.GRU, "'Wr' is (160,) but must be 2-D: (n_a,n_a+n_x)",
                        z -> z.f8("Wr", new int[] {160}, new double[160])),
                defect(CellKind.GRU, "'Wy' is (27,4) but 'Wz' is (5,32); Wy must have n_a = 5 columns",
                        z -> z.f8("Wy", new int[] {27, 4}, new double[108])),
                defect(CellKind.LSTM, "'by' is (26,1) but 'Wy' is (27,5); by must be (n_y,1) = (27,1)",
                        z -> z.f8("by", new int[] {26, 1}, new double[26])),
                defect(CellKind.GRU, "vocabulary has 27 characters but 'Wz' is (5,33), so n_x = 28", z -> z
                        .f8("Wz", new int[] {5, 33}, new double[165]).f8("Wr", new int[] {5, 33}, new double[165])
                        .f8("Wh", new int[] {5, 33}, new double[165])),
                defect(CellKind.LSTM, "vocabulary has 27 characters but 'Wy' has 28 rows", z -> z
                        .f8("Wy", new int[] {28, 5}, new double[140]).f8("by", new int[] {28, 1}, new double[28])),
                defect(CellKind.LSTM, "'Wc' contains NaN at (2,3)",
                        z -> z.f8("Wc", new int[] {5, 32}, withAt(160, 2 * 32 + 3, Double.NaN))),
                defect(CellKind.GRU, "'Wh' has dtype float32, expected float64",
                        z -> z.npy("Wh", "<f4", false, new int[] {5, 32}, new byte[160 * 4])),
                defect(CellKind.LSTM, "'state_c_prev' contains inf at (4,0)",
                        z -> z.f8("state_c_prev", new int[] {5, 1}, withAt(5, 4, Double.POSITIVE_INFINITY))),
                defect(CellKind.LSTM, "state c_prev is (4,1) but Wf is (5,32)",
                        z -> z.f8("state_c_prev", new int[] {4, 1}, new double[4])),
                defect(CellKind.GRU, "entry 'Waa' is an RNN parameter, but the file holds a GRU model (its 'cell' entry "
                        + "says 'gru')", z -> z.f8("Waa", new int[] {5, 5}, new double[25])),
                defect(CellKind.GRU, "entry 'Wf' is an LSTM parameter, but the file holds a GRU model",
                        z -> z.f8("Wf", new int[] {5, 32}, new double[160])),
                defect(CellKind.LSTM, "unexpected entry 'Wq'; an LSTM model file holds cell, [Wf, bf, Wi, bi, Wc, bc, "
                        + "Wo, bo, Wy, by], vocabulary", z -> z.f8("Wq", new int[] {5, 32}, new double[160])),
                defect(CellKind.LSTM, "entry 'cell' is \"LSTM\"; the cells are rnn, gru and lstm",
                        z -> z.unicode("cell", new int[] {1}, "LSTM")),
                defect(CellKind.GRU, "'cell' has dtype float64, expected a cell name (unicode or bytes)",
                        z -> z.f8("cell", new int[] {1}, new double[1])),
                defect(CellKind.GRU, "'cell' is (2,) but must hold one cell name, shape () or (1,)",
                        z -> z.unicode("cell", new int[] {2}, "gru", "gru")),
                defect(CellKind.GRU, "config 'cell' is \"rnn\" but the parameters are GRU parameters",
                        z -> z.unicode("config", new int[0], "{\"cell\": \"rnn\"}")),
                defect(CellKind.LSTM, "entry 'Wf' is an LSTM parameter, but the file holds an RNN model (it has no "
                        + "'cell' entry, which a GRU or LSTM model file needs)", z -> z.remove("cell")));
    }

    private static Arguments defect(CellKind cell, String message, Consumer<RawNpz> change) {
        return Arguments.of(cell, message, change);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("defects")
    void loadNamesTheFileAndTheProblem(CellKind cell, String message, Consumer<RawNpz> change) throws IOException {
        Model m = TestModels.random(new Random(11), cell, 5, 27, true);
        RawNpz z = RawNpz.of(m);
        change.accept(z);
        for (boolean compressed : new boolean[] {false, true}) {
            Path file = dir.resolve(compressed ? "compressed.npz" : "model.npz");
            z.write(file, compressed);
            ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file));
            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(message), "expected '" + message + "' in: " + e.getMessage());
        }
    }

    @Test
    void loadAcceptsTheGatedCellsAsNumpyWritesThem() throws IOException {
        for (CellKind cell : List.of(CellKind.GRU, CellKind.LSTM)) {
            Model m = TestModels.random(new Random(12), cell, 7, 9, true);
            double[] wy = NamedArray.of(m.cellParameters().get("Wy")).data();
            double[] by = NamedArray.of(m.cellParameters().get("by")).data();
            // np.savez(..., cell="gru") stores a 0-d <U3; Wy transposed in memory is stored in Fortran order.
            RawNpz z = RawNpz.of(m)
                    .npy("Wy", "<f8", true, new int[] {9, 7}, RawNpz.doubles(RawNpz.fortran(wy, 9, 7),
                            ByteOrder.LITTLE_ENDIAN))
                    .npy("by", ">f8", false, new int[] {9, 1}, RawNpz.doubles(by, ByteOrder.BIG_ENDIAN));
            for (boolean compressed : new boolean[] {false, true}) {
                Path file = dir.resolve(cell.id() + compressed + ".npz");
                z.write(file, compressed);
                TestModels.assertSameModel(m, ModelFile.load(file));
            }
            Path bytes = dir.resolve(cell.id() + "-bytes.npz");
            RawNpz.of(m).ascii("cell", new int[] {1}, cell.id()).write(bytes, false);
            TestModels.assertSameModel(m, ModelFile.load(bytes));
        }
    }

    @Test
    void saveRefusesNonFiniteGruParametersAndKeepsTheOldFile() throws IOException {
        Path file = dir.resolve("m.npz");
        Model good = TestModels.random(new Random(13), CellKind.GRU, 3, 4, true);
        ModelFile.save(file, good);
        byte[] before = Files.readAllBytes(file);
        Model bad = TestModels.random(new Random(13), CellKind.GRU, 3, 4, true);
        bad.cellParameters().get("Wr").set(1, 2, Double.NaN);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.save(file, bad));
        assertTrue(e.getMessage().contains("refusing to save: 'Wr' contains NaN at (1,2)"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    private static double[] withAt(int n, int index, double value) {
        double[] v = new double[n];
        v[index] = value;
        return v;
    }
}
