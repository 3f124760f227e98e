package org.rnnworkbench.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.io.ModelFile.Model;
import org.rnnworkbench.io.ModelFile.NamedArray;
import org.rnnworkbench.lm.CellKind;

class ModelFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripGivesBackTheSameBits() {
        Random r = new Random(20240611);
        for (int trial = 0; trial < 40; trial++) {
            int nA = 1 + r.nextInt(12);
            int size = 1 + r.nextInt(60);
            Model m = TestModels.random(r, nA, size, r.nextBoolean());
            roundTrip(m, trial % 2 == 1, "model" + trial + ".npz");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = CellKind.class, names = {"GRU", "LSTM"})
    void roundTripOfTheGatedCellsGivesBackTheSameBits(CellKind cell) {
        Random r = new Random(20250611 + cell.ordinal());
        for (int trial = 0; trial < 20; trial++) {
            Model m = TestModels.random(r, cell, 1 + r.nextInt(12), 1 + r.nextInt(60), r.nextBoolean());
            Model back = roundTrip(m, trial % 2 == 1, cell.id() + trial + ".npz");
            assertEquals(cell, back.cell());
            assertEquals(m.cellParameters().getClass(), back.cellParameters().getClass());
        }
    }

    private Model roundTrip(Model m, boolean compressed, String name) {
        Path file = dir.resolve(name);
        ModelFile.save(file, m, compressed);
        Model back = ModelFile.load(file);
        TestModels.assertSameModel(m, back);
        for (String p : m.cellParameters().names()) {
            assertNotSame(m.cellParameters().get(p), back.cellParameters().get(p), p + " is a copy");
        }
        assertEquals(List.copyOf(m.config().keySet()), List.copyOf(back.config().keySet()), "config order");
        assertEquals(List.copyOf(m.state().keySet()), List.copyOf(back.state().keySet()), "state order");
        return back;
    }

    @Test
    void saveReplacesAnExistingFile() {
        Random r = new Random(3);
        Path file = dir.resolve("model.npz");
        Model first = TestModels.random(r, 4, 5, false);
        Model second = TestModels.random(r, 6, 9, true);
        ModelFile.save(file, first);
        ModelFile.save(file, second, true);
        TestModels.assertSameModel(second, ModelFile.load(file));
        assertEquals(List.of("model.npz"), fileNames(dir));
    }

    @Test
    void writesTheDocumentedEntries() {
        Model m = TestModels.random(new Random(5), 65, 27, true);
        Path file = dir.resolve("model.npz");
        ModelFile.save(file, m);
        Map<String, NpzReader.Array> entries = NpzReader.read(file);
        assertEquals(List.of("Wax", "Waa", "Wya", "b", "by", "vocabulary", "config", "state_a_prev", "state_rng",
                "state_cube", "format"), List.copyOf(entries.keySet()));
        int[][] shapes = {{65, 27}, {65, 65}, {27, 65}, {65, 1}, {27, 1}};
        for (int i = 0; i < 5; i++) {
            NpzReader.Array a = entries.get(ModelFile.PARAMETERS.get(i));
            assertEquals("<f8", a.descr);
            assertFalse(a.fortranOrder);
            assertArrayEquals(shapes[i], a.shape);
        }
        assertEquals("<i4", entries.get("vocabulary").descr);
        assertArrayEquals(new int[] {27}, entries.get("vocabulary").shape);
        assertEquals('S', entries.get("config").kind());
        String config = entries.get("config").strings()[0];
        assertTrue(config.startsWith("{\"hidden\":\"65\",\"lr\":\"0.01\""), config);
        assertTrue(config.chars().allMatch(c -> c >= 0x20 && c < 0x7F), "config is printable ASCII: " + config);
        assertEquals("{\"format\":\"rnn-workbench model\",\"version\":1,\"entries\":[\"Wax\",\"Waa\",\"Wya\",\"b\",\"by\","
                + "\"vocabulary\",\"config\",\"state_a_prev\",\"state_rng\",\"state_cube\",\"format\"]}",
                entries.get("format").strings()[0]);
        assertArrayEquals(new int[] {2, 3, 4}, entries.get("state_cube").shape);
    }

    @Test
    void modelChecksItsParts() {
        Random r = new Random(1);
        RnnParameters p = new RnnParameters(TestModels.fill(r, 65, 65), TestModels.fill(r, 65, 26),
                TestModels.fill(r, 26, 65), TestModels.fill(r, 65, 1), TestModels.fill(r, 26, 1));
        assertMessage("vocabulary has 27 characters but Wax has 26 columns",
                () -> new Model(p, TestModels.vocabulary(27), Map.of()));
        assertMessage("vocabulary lists 'a' twice (positions 1 and 25)",
                () -> new Model(p, TestModels.vocabulary(25) + "a", Map.of()));
        assertMessage("state a_prev is (64,1) but Waa is (65,65)", () -> new Model(p, TestModels.vocabulary(26),
                Map.of(), Map.of("a_prev", NamedArray.of(new DMatrixRMaj(64, 1)))));
        assertMessage("state name 'a-prev' must be letters, digits and underscores", () -> new Model(p,
                TestModels.vocabulary(26), Map.of(), Map.of("a-prev", NamedArray.of(new DMatrixRMaj(65, 1)))));
        assertMessage("shape (2,3) needs 6 values but data has 5", () -> new NamedArray(new double[5], new int[] {2, 3}));
        assertMessage("shape () has no axis", () -> new NamedArray(new double[1], new int[0]));
    }

    @Test
    void saveRefusesNonFiniteValuesAndKeepsTheOldFile() throws IOException {
        Model good = TestModels.random(new Random(8), 6, 5, true);
        Path file = dir.resolve("model.npz");
        ModelFile.save(file, good);
        byte[] before = Files.readAllBytes(file);

        Model bad = TestModels.random(new Random(8), 6, 5, true);
        bad.parameters().Waa().set(3, 4, Double.NaN);
        assertSaveRefused(file, bad, "'Waa' contains NaN at (3,4)");
        bad.parameters().Waa().set(3, 4, 0.5);
        bad.parameters().by().set(2, 0, Double.NEGATIVE_INFINITY);
        assertSaveRefused(file, bad, "'by' contains -inf at (2,0)");
        bad.parameters().by().set(2, 0, 0.5);
        bad.state().get("cube").data()[13] = Double.POSITIVE_INFINITY;
        assertSaveRefused(file, bad, "'state_cube' contains inf at (1,0,1)");

        assertArrayEquals(before, Files.readAllBytes(file), "the old file is untouched");
        assertEquals(List.of("model.npz"), fileNames(dir), "no temporary file is left");
        TestModels.assertSameModel(good, ModelFile.load(file));
    }

    @Test
    void saveRefusesParametersReshapedAfterTheModelWasBuilt() {
        Model m = TestModels.random(new Random(9), 4, 3, false);
        m.parameters().Wax().reshape(4, 2);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.save(dir.resolve("m.npz"), m));
        assertTrue(e.getMessage().contains("vocabulary has 3 characters but Wax has 2 columns"), e.getMessage());
        assertEquals(List.of(), fileNames(dir));
    }

    static Stream<Arguments> defects() {
        return Stream.of(
                defect("entry 'Waa' is missing", z -> z.remove("Waa")),
                defect("entry 'vocabulary' is missing", z -> z.remove("vocabulary")),
                defect("'Wax' has dtype int32, expected float64",
                        z -> z.npy("Wax", "<i4", false, new int[] {65, 27}, new byte[65 * 27 * 4])),
                defect("'Wax' has dtype float32, expected float64",
                        z -> z.npy("Wax", "<f4", false, new int[] {65, 27}, new byte[65 * 27 * 4])),
                defect("'Wya' is (27,64) but 'Waa' is (65,65)", z -> z.f8("Wya", new int[] {27, 64}, new double[27 * 64])),
                defect("'Waa' is (65,64) but must be square", z -> z.f8("Waa", new int[] {65, 64}, new double[65 * 64])),
                defect("'Wax' is (64,27) but 'Waa' is (65,65)", z -> z.f8("Wax", new int[] {64, 27}, new double[64 * 27])),
                defect("'b' is (64,1) but 'Waa' is (65,65)", z -> z.f8("b", new int[] {64, 1}, new double[64])),
                defect("'b' is (65,) but must be 2-D", z -> z.f8("b", new int[] {65}, new double[65])),
                defect("'by' is (27,2) but 'Wya' is (27,65)", z -> z.f8("by", new int[] {27, 2}, new double[54])),
                defect("'by' contains NaN at (3,0)", z -> z.f8("by", new int[] {27, 1}, withAt(27, 3, Double.NaN))),
                defect("'Waa' contains inf at (1,1)", z -> z.f8("Waa", new int[] {65, 65},
                        withAt(65 * 65, 66, Double.POSITIVE_INFINITY))),
                defect("'state_a_prev' contains NaN at (64,0)",
                        z -> z.f8("state_a_prev", new int[] {65, 1}, withAt(65, 64, Double.NaN))),
                defect("vocabulary has 26 characters but 'Wax' has 27 columns", z -> z.npy("vocabulary", "<i4", false,
                        new int[] {26}, RawNpz.ints(TestModels.vocabulary(26).codePoints().toArray()))),
                defect("vocabulary lists 'a' twice", z -> z.unicode("vocabulary", new int[] {27},
                        (TestModels.vocabulary(26) + "a").split(""))),
                defect("'vocabulary' has dtype float64, expected int32 code points",
                        z -> z.f8("vocabulary", new int[] {27}, new double[27])),
                defect("'vocabulary' holds -5 at position 2, which is not a Unicode character", z -> z.npy("vocabulary",
                        "<i4", false, new int[] {27}, RawNpz.ints(withIntAt(TestModels.vocabulary(27), 2, -5)))),
                defect("'vocabulary' element 1 is 'ab'; expected one character per element",
                        z -> z.unicode("vocabulary", new int[] {3}, "\n", "ab", "c")),
                defect("'config' is not valid JSON", z -> z.unicode("config", new int[0], "{hidden: 65")),
                defect("'config' value of 'x' is not a string, number or boolean",
                        z -> z.unicode("config", new int[0], "{\"x\": [1, 2]}")),
                defect("'config' has dtype float64, expected a JSON string",
                        z -> z.f8("config", new int[] {1}, new double[1])),
                defect("unexpected entry 'loss_history'", z -> z.f8("loss_history", new int[] {3}, new double[3])),
                defect("unexpected entry 'notes.txt'", z -> z.raw("notes.txt", "hello".getBytes(StandardCharsets.US_ASCII))),
                defect("'state_rng' has dtype object, expected float64",
                        z -> z.npy("state_rng", "|O", false, new int[] {1}, new byte[] {(byte) 0x80, 4, 'N', '.'})),
                defect("'state_t' is a 0-d scalar", z -> z.f8("state_t", new int[0], new double[] {1})),
                defect("entry 'Wax' holds 14032 data bytes but its header says (65,27) of <f8 (14040 bytes)",
                        z -> z.npy("Wax", "<f8", false, new int[] {65, 27}, new byte[65 * 27 * 8 - 8])),
                defect("entry 'Waa' is not a valid .npy array (no NPY magic)",
                        z -> z.raw("Waa.npy", "just text, not an array".getBytes(StandardCharsets.US_ASCII))),
                defect("entry 'Waa' is not a valid .npy array (malformed header",
                        z -> z.npyHeader("Waa", "{'descr': '<f8', 'fortran_order': False, 'shape': (65, 65}",
                                new byte[65 * 65 * 8])),
                defect("entry 'Waa' is not a valid .npy array (the header must hold exactly",
                        z -> z.npyHeader("Waa", "{'descr': '<f8', 'fortran_order': False, 'shape': (65, 65), 'x': 1}",
                                new byte[65 * 65 * 8])),
                defect("written in a newer file format (version 3)", z -> z.unicode("format", new int[0],
                        "{\"format\": \"rnn-workbench model\", \"version\": 3, \"entries\": []}")),
                defect("config 'cell' is \"gru\" but the parameters are RNN parameters",
                        z -> z.unicode("config", new int[0], "{\"cell\": \"gru\"}")),
                defect("entry 'Wz' is a GRU parameter, but the file holds an RNN model (it has no 'cell' entry",
                        z -> z.f8("Wz", new int[] {65, 92}, new double[65 * 92])),
                defect("entry 'Wy' is a GRU and LSTM parameter, but the file holds an RNN model",
                        z -> z.f8("Wy", new int[] {27, 65}, new double[27 * 65])),
                defect("entry 'cell' is \"cnn\"; the cells are rnn, gru and lstm",
                        z -> z.unicode("cell", new int[0], "cnn")),
                defect("entry 'format' does not describe an rnn-workbench model",
                        z -> z.unicode("format", new int[0], "{\"format\": \"something else\", \"version\": 1}")),
                defect("entry 'state_x' is missing (the file lists it in 'format')", z -> z.unicode("format",
                        new int[0], "{\"format\": \"rnn-workbench model\", \"version\": 1, \"entries\": [\"Wax\", "
                                + "\"Waa\", \"Wya\", \"b\", \"by\", \"vocabulary\", \"config\", \"state_x\", \"format\"]}")),
                defect("entry 'config' is not listed in 'format'", z -> z.unicode("format", new int[0],
                        "{\"format\": \"rnn-workbench model\", \"version\": 1, \"entries\": [\"Wax\", "
                                + "\"Waa\", \"Wya\", \"b\", \"by\", \"vocabulary\", \"format\"]}")));
    }

    private static Arguments defect(String message, Consumer<RawNpz> change) {
        return Arguments.of(message, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defects")
    void loadNamesTheFileAndTheProblem(String message, Consumer<RawNpz> change) throws IOException {
        Model m = TestModels.random(new Random(11), 65, 27, false);
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
    void loadRefusesWhatIsNotAModelArchive() throws IOException {
        Path missing = dir.resolve("missing.npz");
        assertMessage(missing + ": no such file", () -> ModelFile.load(missing));
        Path empty = Files.createFile(dir.resolve("empty.npz"));
        assertMessage(empty + ": not a valid .npz archive (truncated or corrupt)", () -> ModelFile.load(empty));
        Path text = Files.writeString(dir.resolve("text.npz"), "Wax,Waa\n1,2\n");
        assertMessage(text + ": not a valid .npz archive (truncated or corrupt)", () -> ModelFile.load(text));
        Path folder = Files.createDirectory(dir.resolve("folder.npz"));
        assertMessage(folder + ": cannot read the file", () -> ModelFile.load(folder));
        Path npy = dir.resolve("single.npy");
        new RawNpz().f8("x", new int[] {2}, new double[2]).write(dir.resolve("tmp.zip"), false);
        byte[] zip = Files.readAllBytes(dir.resolve("tmp.zip"));
        Files.write(npy, java.util.Arrays.copyOfRange(zip, 30 + "x.npy".length(), 30 + "x.npy".length() + 80));
        assertMessage(npy + ": not a valid .npz archive (truncated or corrupt)", () -> ModelFile.load(npy));
    }

    @Test
    void loadAcceptsWhatNumpyWrites() throws IOException {
        Model m = TestModels.random(new Random(12), 7, 9, true);
        double[] wya = NamedArray.of(m.parameters().Wya()).data();
        double[] by = NamedArray.of(m.parameters().by()).data();
        String[] chars = m.vocabulary().codePoints().mapToObj(Character::toString).toArray(String[]::new);
        // np.array(list(chars)) is <U1; a transposed matrix is saved in Fortran order; '>f8' when asked.
        RawNpz z = RawNpz.of(m)
                .unicode("vocabulary", new int[] {chars.length}, chars)
                .npy("Wya", "<f8", true, new int[] {9, 7}, RawNpz.doubles(RawNpz.fortran(wya, 9, 7),
                        ByteOrder.LITTLE_ENDIAN))
                .npy("by", ">f8", false, new int[] {9, 1}, RawNpz.doubles(by, ByteOrder.BIG_ENDIAN));
        for (boolean compressed : new boolean[] {false, true}) {
            Path file = dir.resolve("numpy" + compressed + ".npz");
            z.write(file, compressed);
            TestModels.assertSameModel(m, ModelFile.load(file));
        }

        // The vocabulary as one string, the config as bytes with numbers and booleans.
        Map<String, String> config = new LinkedHashMap<>();
        config.put("hidden", "7");
        config.put("lr", "0.01");
        config.put("shuffle", "true");
        RawNpz numbers = RawNpz.of(m).unicode("vocabulary", new int[0], m.vocabulary())
                .ascii("config", new int[] {1}, "{\"hidden\": 7, \"lr\": 0.01, \"shuffle\": true}");
        Path file = dir.resolve("numbers.npz");
        numbers.write(file, false);
        TestModels.assertSameModel(new Model(m.parameters(), m.vocabulary(), config, m.state()), ModelFile.load(file));

        // No config entry; the vocabulary as uint8 code points.
        Model tiny = TestModels.random(new Random(1), 2, 1, false);
        RawNpz bare = RawNpz.of(tiny).remove("config").npy("vocabulary", "|u1", false, new int[] {1},
                new byte[] {'\n'});
        Path tinyFile = dir.resolve("tiny.npz");
        bare.write(tinyFile, true);
        Model back = ModelFile.load(tinyFile);
        TestModels.assertSameModel(new Model(tiny.parameters(), "\n", Map.of()), back);
        assertEquals(Map.of(), back.config());
    }

    private static double[] withAt(int n, int index, double value) {
        double[] v = new double[n];
        v[index] = value;
        return v;
    }

    private static int[] withIntAt(String vocabulary, int index, int value) {
        int[] cps = vocabulary.codePoints().toArray();
        cps[index] = value;
        return cps;
    }

    private static void assertSaveRefused(Path file, Model bad, String message) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.save(file, bad));
        assertTrue(e.getMessage().startsWith(file + ": refusing to save: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), "expected '" + message + "' in: " + e.getMessage());
    }

    static void assertMessage(String expectedPart, org.junit.jupiter.api.function.Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e instanceof IllegalArgumentException || e instanceof ModelFileException, e.toString());
        assertTrue(e.getMessage().contains(expectedPart), "expected '" + expectedPart + "' in: " + e.getMessage());
    }

    static List<String> fileNames(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
