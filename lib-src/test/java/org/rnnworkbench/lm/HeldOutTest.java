package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.Golden;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.cells.LstmParameters;

class HeldOutTest {
    private static final JsonObject EXPECTED = Golden.load("lm_heldout.json");
    private static final Vocabulary V = Vocabulary.ofChars(EXPECTED.get("vocabulary").getAsString());

    private static CellParameters parameters(String cell, JsonObject d) {
        return switch (cell) {
            case "rnn" -> LmFixtures.parameters(d);
            case "gru" -> new GruParameters(m(d, "Wz"), m(d, "Wr"), m(d, "Wh"), m(d, "Wy"), m(d, "by"));
            case "lstm" -> new LstmParameters(m(d, "Wf"), m(d, "bf"), m(d, "Wi"), m(d, "bi"), m(d, "Wc"), m(d, "bc"),
                    m(d, "Wo"), m(d, "bo"), m(d, "Wy"), m(d, "by"));
            default -> throw new IllegalArgumentException(cell);
        };
    }

    private static DMatrixRMaj m(JsonObject d, String k) {
        return Golden.matrix(d.get(k));
    }

    private static List<String> strings(JsonElement e) {
        List<String> out = new ArrayList<>();
        e.getAsJsonArray().forEach(x -> out.add(x.getAsString()));
        return out;
    }

    private static void assertRel(String what, double expected, double actual) {
        assertEquals(expected, actual, 1e-10 * Math.abs(expected), what);
    }

    @Test
    void agreesWithTheNumpyReferenceForEveryCellAndState() {
        int cases = 0;
        for (JsonElement e : EXPECTED.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            String what = c.get("cell").getAsString() + " " + c.get("note").getAsString();
            CellParameters p = parameters(c.get("cell").getAsString(), c.getAsJsonObject("parameters"));
            List<String> examples = strings(c.get("examples"));
            HeldOut.Score zero = HeldOut.evaluate(p, V, examples, HeldOut.State.ZERO);
            HeldOut.Score carried = HeldOut.evaluate(p, V, examples, HeldOut.State.CARRIED);
            assertRel(what + " zero state", c.get("zero_nats").getAsDouble(), zero.nats());
            assertRel(what + " carried state", c.get("carried_nats").getAsDouble(), carried.nats());
            assertEquals(c.get("characters").getAsLong(), zero.characters(), what + " characters");
            assertEquals(examples.size(), zero.examples(), what + " examples");
            assertRel(what + " per character", c.get("zero_nats").getAsDouble() / zero.characters(), zero.perCharacter());

            CharStream stream = new CharStream("fixture", V, c.get("stream_text").getAsString());
            HeldOut.Score read = HeldOut.evaluate(p, stream);
            assertRel(what + " stream", c.get("stream_nats").getAsDouble(), read.nats());
            assertEquals(12, read.characters(), what + " stream steps");
            cases++;
        }
        assertEquals(6, cases);
    }

    @Test
    void staysFiniteWhereTheLogOfASoftmaxIsInfinite() {
        boolean sawInfinity = false;
        for (JsonElement e : EXPECTED.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            CellParameters p = parameters(c.get("cell").getAsString(), c.getAsJsonObject("parameters"));
            double naive = c.get("log_of_softmax_nats").getAsDouble();
            double nats = HeldOut.evaluate(p, V, strings(c.get("examples")), HeldOut.State.ZERO).nats();
            assertTrue(Double.isFinite(nats), c.get("cell").getAsString());
            sawInfinity |= Double.isInfinite(naive);
        }
        assertTrue(sawInfinity, "the fixture holds a case where the log of a softmax is infinite");
    }

    @Test
    void aStreamIsTheCarriedReadingOfItsExamplesAfterTheFirstNewline() {
        JsonObject c = EXPECTED.getAsJsonArray("cases").get(2).getAsJsonObject();
        CellParameters p = parameters(c.get("cell").getAsString(), c.getAsJsonObject("parameters"));
        List<String> examples = strings(c.get("examples"));
        CharStream s = CharStream.of(examples, V, "test");
        HeldOut.Score stream = HeldOut.evaluate(p, s);
        assertEquals(s.length(), stream.characters());
        // The stream reads "\n" first where the examples read the zero input, so the two differ, but both count
        // every target once.
        assertEquals(HeldOut.evaluate(p, V, examples, HeldOut.State.CARRIED).characters(), stream.characters());
    }

    @Test
    void logSoftmaxMatchesTheDirectFormulaAndSurvivesHugeLogits() {
        DMatrixRMaj z = new DMatrixRMaj(new double[][] {{0.3}, {-1.2}, {2.0}});
        double direct = Math.log(Math.exp(-1.2) / (Math.exp(0.3) + Math.exp(-1.2) + Math.exp(2.0)));
        assertEquals(direct, HeldOut.logSoftmaxAt(z, 1), 1e-14);
        DMatrixRMaj huge = new DMatrixRMaj(new double[][] {{1000}, {0}});
        assertEquals(-1000, HeldOut.logSoftmaxAt(huge, 1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> HeldOut.logSoftmaxAt(z, 3));
    }

    @Test
    void refusesAVocabularyOfAnotherSize() {
        var p = CharRnn.initializeParameters(3, 5, 5);
        var e = assertThrows(IllegalArgumentException.class,
                () -> HeldOut.evaluate(p, V, List.of("ab"), HeldOut.State.ZERO));
        assertTrue(e.getMessage().contains("vocabulary"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> HeldOut.evaluate(CharRnn.initializeParameters(3, 4, 4), V, List.of(), HeldOut.State.ZERO));
    }
}
