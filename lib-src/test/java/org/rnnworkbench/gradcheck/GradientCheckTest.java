package org.rnnworkbench.gradcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.Golden;
import org.rnnworkbench.TestRandom;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.tensor.Tensor3;
import tech.tablesaw.api.Table;

class GradientCheckTest {

    // ---- the ready-made checks on every stored backward case (assignment inputs and other shapes) --

    /**
     * Runs {@code check} on every case of a backward fixture: every variable below 1e-7
     * ({@link GradientAssertions}).
     */
    private static void everyCase(String file, List<String> expectedVariables,
            Function<JsonObject, GradientCheck.Result> check) {
        for (JsonElement c : Golden.load(file).getAsJsonArray("cases")) {
            JsonObject kase = c.getAsJsonObject();
            GradientCheck.Result r = check.apply(kase.getAsJsonObject("inputs"));
            String label = file + "[" + kase.get("name").getAsString() + "]";
            assertEquals(expectedVariables, r.entries().stream().map(GradientCheck.Entry::parameter).toList(), label);
            GradientAssertions.assertAgree(label, r);
        }
    }

    private static DMatrixRMaj m(JsonObject in, String name) {
        return Golden.matrix(in.get(name));
    }

    private static Tensor3 t(JsonObject in, String name) {
        return Golden.tensor(in.get(name));
    }

    private static RnnParameters rnn(JsonObject in) {
        return new RnnParameters(m(in, "Waa"), m(in, "Wax"), m(in, "Wya"), m(in, "ba"), m(in, "by"));
    }

    private static LstmParameters lstm(JsonObject in) {
        return new LstmParameters(m(in, "Wf"), m(in, "bf"), m(in, "Wi"), m(in, "bi"), m(in, "Wc"), m(in, "bc"),
                m(in, "Wo"), m(in, "bo"), m(in, "Wy"), m(in, "by"));
    }

    private static GruParameters gru(JsonObject in) {
        return new GruParameters(m(in, "Wz"), m(in, "Wr"), m(in, "Wh"), m(in, "Wy"), m(in, "by"));
    }

    @Test
    void rnnCellBackwardOnStoredCases() {
        everyCase("rnn_cell_backward.json", List.of("xt", "aPrev", "Wax", "Waa", "ba"),
                in -> GradientCheck.rnnCellBackward(m(in, "xt"), m(in, "a_prev"), rnn(in), m(in, "da_next")));
    }

    @Test
    void rnnBackwardOnStoredCases() {
        everyCase("rnn_backward.json", List.of("x", "a0", "Wax", "Waa", "ba"),
                in -> GradientCheck.rnnBackward(t(in, "x"), m(in, "a0"), rnn(in), t(in, "da")));
    }

    @Test
    void lstmCellBackwardOnStoredCases() {
        everyCase("lstm_cell_backward.json",
                List.of("xt", "aPrev", "cPrev", "Wf", "Wi", "Wc", "Wo", "bf", "bi", "bc", "bo"),
                in -> GradientCheck.lstmCellBackward(m(in, "xt"), m(in, "a_prev"), m(in, "c_prev"), lstm(in),
                        m(in, "da_next"), m(in, "dc_next")));
    }

    @Test
    void lstmBackwardOnStoredCases() {
        // includes the assignment's case where da covers 4 of the 7 steps
        everyCase("lstm_backward.json", List.of("x", "a0", "Wf", "Wi", "Wc", "Wo", "bf", "bi", "bc", "bo"),
                in -> GradientCheck.lstmBackward(t(in, "x"), m(in, "a0"), lstm(in), t(in, "da")));
    }

    @Test
    void gruCellBackwardOnStoredCases() {
        everyCase("gru_cell_backward.json", List.of("xt", "aPrev", "Wz", "Wr", "Wh"),
                in -> GradientCheck.gruCellBackward(m(in, "xt"), m(in, "a_prev"), gru(in), m(in, "da_next")));
    }

    @Test
    void gruBackwardOnStoredCases() {
        everyCase("gru_backward.json", List.of("x", "a0", "Wz", "Wr", "Wh"),
                in -> GradientCheck.gruBackward(t(in, "x"), m(in, "a0"), gru(in), t(in, "da")));
    }

    @Test
    void seededChecksPassAndAreRepeatable() {
        TestRandom r = new TestRandom(3, 0.5);
        Tensor3 x = r.tensor(3, 4, 5);
        DMatrixRMaj a0 = r.matrix(6, 4);
        LstmParameters p = r.lstm(3, 6, 2);
        GradientCheck.Result first = GradientCheck.lstmBackward(x, a0, p, 42);
        GradientCheck.Result again = GradientCheck.lstmBackward(x, a0, p, 42);
        assertTrue(first.passed(), first.toString());
        assertEquals(first, again);
        assertTrue(GradientCheck.lstmCellBackward(x.slice(0), a0, r.matrix(6, 4), p, 7).passed());
        assertTrue(GradientCheck.rnnBackward(x, a0, r.rnn(3, 6, 2), 7).passed());
        assertTrue(GradientCheck.rnnCellBackward(x.slice(1), a0, r.rnn(3, 6, 2), 7).passed());
        assertTrue(GradientCheck.gruBackward(x, a0, r.gru(3, 6, 2), 7).passed());
        assertTrue(GradientCheck.gruCellBackward(x.slice(2), a0, r.gru(3, 6, 2), 7).passed());
    }

    @Test
    void readyMadeChecksLeaveTheCallersMatricesAlone() {
        TestRandom r = new TestRandom(5);
        Tensor3 x = r.tensor(2, 3, 4);
        DMatrixRMaj a0 = r.matrix(3, 3);
        RnnParameters p = r.rnn(2, 3, 2);
        Tensor3 xBefore = x.copy();
        DMatrixRMaj a0Before = a0.copy();
        Map<String, DMatrixRMaj> before = p.copy().asMap();
        GradientCheck.rnnBackward(x, a0, p, 1);
        assertArrayEquals(xBefore.toCOrder(), x.toCOrder());
        assertArrayEquals(a0Before.data, a0.data);
        for (String name : RnnParameters.NAMES) {
            assertArrayEquals(before.get(name).data, p.get(name).data, name);
        }
    }

    // ---- the generic checker -------------------------------------------------------------------

    /** L = Σ (A·B) ⊙ R, so dL/dA = R·Bᵀ and dL/dB = Aᵀ·R. */
    private static double productLoss(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj r) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numCols);
        CommonOps_DDRM.mult(a, b, c);
        return GradientCheck.weightedSum(c, r);
    }

    @Test
    void genericCheckAcceptsTheRightGradientAndRestoresTheValues() {
        TestRandom rand = new TestRandom(11);
        DMatrixRMaj a = rand.matrix(3, 4);
        DMatrixRMaj b = rand.matrix(4, 2);
        DMatrixRMaj r = rand.matrix(3, 2);
        DMatrixRMaj dA = new DMatrixRMaj(3, 4);
        CommonOps_DDRM.multTransB(r, b, dA);
        DMatrixRMaj dB = new DMatrixRMaj(4, 2);
        CommonOps_DDRM.multTransA(a, r, dB);
        DMatrixRMaj aBefore = a.copy();
        DMatrixRMaj bBefore = b.copy();

        GradientCheck.Result res = GradientCheck.of(() -> productLoss(a, b, r)).wrt("A", a, dA).wrt("B", b, dB).run();

        assertTrue(res.passed(), res.toString());
        assertEquals("(3,4)", res.entry("A").shape());
        assertTrue(res.maxRelativeError() < 1e-9, res.toString());
        assertArrayEquals(aBefore.data, a.data, 0.0);
        assertArrayEquals(bBefore.data, b.data, 0.0);
    }

    @Test
    void genericCheckRejectsAWrongGradient() {
        TestRandom rand = new TestRandom(12);
        DMatrixRMaj a = rand.matrix(2, 3);
        DMatrixRMaj b = rand.matrix(3, 2);
        DMatrixRMaj r = rand.matrix(2, 2);
        DMatrixRMaj dA = new DMatrixRMaj(2, 3);
        CommonOps_DDRM.multTransB(r, b, dA);
        dA.set(1, 2, dA.get(1, 2) + 1e-3); // one entry off

        GradientCheck.Result res = GradientCheck.of(() -> productLoss(a, b, r)).wrt("A", a, dA).run();

        assertFalse(res.passed());
        GradientCheck.Entry e = res.entry("A");
        assertFalse(e.passed());
        assertEquals(1e-3, e.maxAbsDiff(), 1e-8);
        assertTrue(e.relativeError() > 1e-5);
    }

    @Test
    void tensorVariablesAreChecked() {
        TestRandom rand = new TestRandom(13);
        Tensor3 x = rand.tensor(2, 3, 4);
        Tensor3 r = rand.tensor(2, 3, 4);
        // L = Σ x² ⊙ R, so dL/dx = 2 x ⊙ R
        Tensor3 dx = new Tensor3(2, 3, 4);
        for (int t = 0; t < 4; t++) {
            CommonOps_DDRM.elementMult(x.slice(t), r.slice(t), dx.slice(t));
            CommonOps_DDRM.scale(2, dx.slice(t));
        }
        GradientCheck.Result res = GradientCheck.of(() -> {
            double s = 0;
            for (int t = 0; t < 4; t++) {
                for (int i = 0; i < 6; i++) {
                    double v = x.slice(t).data[i];
                    s += v * v * r.slice(t).data[i];
                }
            }
            return s;
        }).wrt("x", x, dx).run();
        assertTrue(res.passed(), res.toString());
        assertEquals("(2,3,4)", res.entry("x").shape());
    }

    @Test
    void bothGradientsZeroIsAPass() {
        DMatrixRMaj unused = new DMatrixRMaj(2, 2);
        GradientCheck.Result res = GradientCheck.of(() -> 1.0).wrt("W", unused, new DMatrixRMaj(2, 2)).run();
        assertEquals(0.0, res.entry("W").relativeError());
        assertTrue(res.passed());
    }

    @Test
    void tableHasOneRowPerVariable() {
        TestRandom r = new TestRandom(4, 0.5);
        GradientCheck.Result res = GradientCheck.gruCellBackward(r.matrix(3, 5), r.matrix(4, 5), r.gru(3, 4, 2), 9);
        Table table = res.toTable();
        assertEquals(List.of("parameter", "shape", "relative error", "max abs diff", "passed"), table.columnNames());
        assertEquals(res.entries().size(), table.rowCount());
        assertEquals("Gradient check (epsilon 1e-03, passes below 1e-07)", table.name());
        for (int i = 0; i < table.rowCount(); i++) {
            GradientCheck.Entry e = res.entries().get(i);
            assertEquals(e.parameter(), table.stringColumn("parameter").get(i));
            assertEquals(e.shape(), table.stringColumn("shape").get(i));
            assertEquals(e.relativeError(), table.doubleColumn("relative error").get(i));
            assertEquals(e.maxAbsDiff(), table.doubleColumn("max abs diff").get(i));
            assertEquals(e.passed(), table.booleanColumn("passed").get(i));
            String shown = table.doubleColumn("relative error").getString(i);
            assertTrue(shown.matches("\\d\\.\\d\\de-?\\d+"), shown);
            assertEquals(e.relativeError(), Double.parseDouble(shown), e.relativeError() * 0.006);
        }
        assertTrue(res.toString().contains("Wh"));
    }

    @Test
    void argumentsAreValidated() {
        DMatrixRMaj w = new DMatrixRMaj(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.of(() -> 0).wrt("W", w, new DMatrixRMaj(3, 2)));
        assertEquals("gradient of W is (3,2) but W is (2,3); they must match", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.of(() -> 0).wrt("W", w, new DMatrixRMaj(2, 3)).wrt("W", w, new DMatrixRMaj(2, 3)));
        assertEquals("variable 'W' is already in this check", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.of(() -> 0).wrt("x", new Tensor3(1, 2, 3), new Tensor3(1, 2, 2)));
        assertEquals("gradient of x is (1,2,2) but x is (1,2,3); they must match", e.getMessage());
        assertThrows(IllegalStateException.class, () -> GradientCheck.of(() -> 0).run());
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(null));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(() -> 0).epsilon(0));
        TestRandom r = new TestRandom(1);
        e = assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.rnnCellBackward(r.matrix(3, 4), r.matrix(5, 4), r.rnn(3, 5, 2), r.matrix(5, 3)));
        assertEquals("daNext is (5,3) but aNext is (5,4); they must match", e.getMessage());
    }
}
