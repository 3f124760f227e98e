package org.rnnworkbench.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnworkbench.tensor.Tensor3;

class AnswerTest {
    @TempDir
    Path dir;

    @AfterEach
    void forgetExpected() throws Exception {
        Answer.loadExpected(write("{\"cells\":{}}"));
        printed(() -> Answer.done("reset"));
    }

    private Path write(String json) throws Exception {
        Path f = Files.createTempFile(dir, "expected", ".json");
        Files.writeString(f, json);
        return f;
    }

    /** What {@code r} prints on stdout, as lines. */
    private static List<String> printed(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buffer.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static JsonObject answer(String line) {
        assertTrue(line.startsWith(Answer.PREFIX), line);
        return JsonParser.parseString(line.substring(Answer.PREFIX.length())).getAsJsonObject();
    }

    @Test
    void matrixPrintsOneLineOfJsonWithShapeRowMajorDataAndTolerance() {
        DMatrixRMaj m = new DMatrixRMaj(2, 3, true, 1, 2, 3, 4, 5, 0.1);
        List<String> lines = printed(() -> Answer.matrix("part/m", m, 1e-7));
        assertEquals(1, lines.size());
        assertEquals("RNNWB-ANSWER {\"id\":\"part/m\",\"kind\":\"matrix\",\"shape\":[2,3],"
                + "\"data\":[1.0,2.0,3.0,4.0,5.0,0.1],\"tol\":1.0E-7}", lines.get(0));
    }

    @Test
    void doublesRoundTripAndNonFiniteValuesAreStrings() {
        double tiny = Math.nextUp(1.0 / 3);
        DMatrixRMaj m = new DMatrixRMaj(1, 4, true, tiny, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        JsonObject a = answer(printed(() -> Answer.matrix("x", m, 1e-9)).get(0));
        assertEquals(tiny, a.getAsJsonArray("data").get(0).getAsDouble());
        assertEquals("NaN", a.getAsJsonArray("data").get(1).getAsString());
        assertEquals("Infinity", a.getAsJsonArray("data").get(2).getAsString());
        assertEquals("-Infinity", a.getAsJsonArray("data").get(3).getAsString());
    }

    @Test
    void tensorIsWrittenInCOrderAndIndicesAsIntegers() {
        Tensor3 x = new Tensor3(2, 1, 3);
        for (int t = 0; t < 3; t++) {
            x.slice(t).set(0, 0, t);
            x.slice(t).set(1, 0, 10 + t);
        }
        JsonObject a = answer(printed(() -> Answer.tensor("t", x, 1e-7)).get(0));
        assertEquals("[2,1,3]", a.get("shape").toString());
        assertEquals("[0.0,1.0,2.0,10.0,11.0,12.0]", a.get("data").toString());
        JsonObject b = answer(printed(() -> Answer.indices("s \"q\"", new int[] {3, 0, 26})).get(0));
        assertEquals("s \"q\"", b.get("id").getAsString());
        assertEquals("[3,0,26]", b.get("data").toString());
        assertEquals("indices", b.get("kind").getAsString());
        JsonObject c = answer(printed(() -> Answer.scalar("loss", 2.5, 1e-7)).get(0));
        assertEquals("[]", c.get("shape").toString());
        assertEquals("[2.5]", c.get("data").toString());
    }

    @Test
    void withoutExpectedValuesNothingIsCheckedAndDoneSaysSo() {
        List<String> lines = printed(() -> {
            Answer.scalar("p/loss", 1, 1e-7);
            Answer.done("p");
        });
        assertEquals(2, lines.size());
        assertEquals("p: 1 results handed to the grader", lines.get(1));
    }

    @Test
    void loadedExpectedValuesAreComparedWithTheInstructorsTolerance() throws Exception {
        Answer.loadExpected(write("{\"cells\":{\"p\":[{\"id\":\"p/m\",\"kind\":\"matrix\",\"shape\":[1,2],"
                + "\"data\":[1.0,\"NaN\"],\"tol\":1e-3},{\"id\":\"p/ix\",\"kind\":\"indices\",\"shape\":[2],"
                + "\"data\":[4,0],\"tol\":0}]}}"));
        assertEquals(2, Answer.expectedCount());
        // Within the loaded tolerance, though far outside the one the cell hands over.
        List<String> lines = printed(() -> {
            Answer.matrix("p/m", new DMatrixRMaj(1, 2, true, 1.0005, Double.NaN), 1e-12);
            Answer.indices("p/ix", new int[] {4, 0});
            Answer.done("p");
        });
        assertEquals(List.of("\u2714 p/m", "\u2714 p/ix", "\u2714 p: 2 results match the expected values"),
                lines.stream().filter(l -> !l.startsWith(Answer.PREFIX)).toList());
    }

    @Test
    void aWrongValueNamesIdPositionExpectedGotAndTolerance() throws Exception {
        Answer.loadExpected(write("{\"cells\":{\"p\":[{\"id\":\"p/m\",\"kind\":\"matrix\",\"shape\":[2,2],"
                + "\"data\":[1,2,3,4],\"tol\":1e-7}]}}"));
        String message = assertThrows(AssertionError.class, () -> printed(
                () -> Answer.matrix("p/m", new DMatrixRMaj(2, 2, true, 1, 2, 3.5, 4), 1e-7))).getMessage();
        assertEquals("p/m is wrong at [1][0]: expected 3.0, got 3.5 (difference 5.00e-01, tolerance 1.00e-07)", message);
        String shape = assertThrows(AssertionError.class, () -> printed(
                () -> Answer.matrix("p/m", new DMatrixRMaj(4, 1), 1e-7))).getMessage();
        assertEquals("p/m has the wrong shape: expected (2,2), got (4,1)", shape);
    }

    @Test
    void wrongIndicesFailExactly() throws Exception {
        Answer.loadExpected(write("{\"cells\":{\"s\":[{\"id\":\"s/ix\",\"kind\":\"indices\",\"shape\":[3],"
                + "\"data\":[1,2,3],\"tol\":0}]}}"));
        assertThrows(AssertionError.class, () -> printed(() -> Answer.indices("s/ix", new int[] {1, 2, 4})));
        String length = assertThrows(AssertionError.class, () -> printed(
                () -> Answer.indices("s/ix", new int[] {1, 2}))).getMessage();
        assertEquals("s/ix has the wrong shape: expected (3,), got (2,)", length);
    }

    @Test
    void badArgumentsAreRejectedWithOneLineNamingThem() throws Exception {
        assertEquals("tol must be positive and finite but was 0.0",
                assertThrows(IllegalArgumentException.class, () -> Answer.scalar("x", 1, 0)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Answer.matrix(" ", new DMatrixRMaj(1, 1), 1))
                .getMessage().startsWith("id "));
        assertEquals("p/m is null: expected a matrix",
                assertThrows(AssertionError.class, () -> Answer.matrix("p/m", null, 1e-7)).getMessage());
        Path bad = write("{\"cells\":{\"p\":[{\"id\":\"p/m\"}]}}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Answer.loadExpected(bad)).getMessage()
                .startsWith("file " + bad + " is not a file of expected values"));
    }
}
