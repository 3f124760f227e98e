package org.rnnworkbench.grading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.TestRandom;
import org.rnnworkbench.cells.Rnn;
import org.rnnworkbench.cells.RnnCellGradients;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.gradcheck.GradientCheck;
import org.rnnworkbench.tensor.Tensor3;

class CheckTest {

    private static String failure(Runnable check) {
        return assertThrows(AssertionError.class, check::run).getMessage();
    }

    private static DMatrixRMaj matrix(int rows, int cols, double... values) {
        return new DMatrixRMaj(rows, cols, true, values);
    }

    // ---- close: scalars -----------------------------------------------------------------------------

    @Test
    void scalarWithinToleranceIsAccepted() {
        assertDoesNotThrow(() -> Check.close("optimize loss", 1.0 + 5e-8, 1.0, 1e-7));
        // relative above 1: 1000 ± 1e-4 is within 1e-7
        assertDoesNotThrow(() -> Check.close("optimize loss", 1000.0001, 1000.0, 1e-7));
        // absolute below 1
        assertDoesNotThrow(() -> Check.close("p", 1e-12, 0.0, 1e-7));
    }

    @Test
    void scalarFailureSaysWhatExpectedGotAndTolerance() {
        String m = failure(() -> Check.close("optimize loss", 120.5, 126.25, 1e-7));
        assertEquals("optimize loss is wrong: expected 126.25, got 120.5 (difference 5.75e+00, tolerance 1.00e-07)", m);
    }

    @Test
    void toleranceIsRelativeAboveOneAndAbsoluteBelow() {
        assertThrows(AssertionError.class, () -> Check.close("x", 1000.001, 1000.0, 1e-7));
        assertThrows(AssertionError.class, () -> Check.close("x", 0.5 + 2e-7, 0.5, 1e-7));
        assertDoesNotThrow(() -> Check.close("x", 0.5 + 0.9e-7, 0.5, 1e-7));
    }

    @Test
    void nanAndInfinityNeverAgreeWithANumber() {
        assertTrue(failure(() -> Check.close("loss", Double.NaN, 1.0, 1e-7)).contains("got NaN"));
        assertThrows(AssertionError.class, () -> Check.close("loss", Double.POSITIVE_INFINITY, 1.0, 1e-7));
        assertThrows(AssertionError.class, () -> Check.close("loss", 1.0, Double.POSITIVE_INFINITY, 1e-7));
        assertDoesNotThrow(() -> Check.close("loss", Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-7));
    }

    // ---- close: matrices and tensors ----------------------------------------------------------------

    @Test
    void matrixFailureNamesTheFirstWrongEntryAndTheWorst() {
        DMatrixRMaj expected = matrix(2, 3, 1, 2, 3, 4, 5, 6);
        DMatrixRMaj actual = matrix(2, 3, 1, 2.5, 3, 4, 5, 9);
        String m = failure(() -> Check.close("rnn_cell_forward a_next", actual, expected, 1e-7));
        assertEquals("rnn_cell_forward a_next is wrong at [0][1]: expected 2.0, got 2.5 (difference 5.00e-01,"
                + " tolerance 1.00e-07); 2 of 6 entries are off, the largest by 3.00e+00 at [1][2]", m);
    }

    @Test
    void oneWrongEntryIsReportedAlone() {
        DMatrixRMaj expected = matrix(2, 2, 1, 2, 3, 4);
        DMatrixRMaj actual = matrix(2, 2, 1, 2, 3, 4.5);
        assertEquals("a is wrong at [1][1]: expected 4.0, got 4.5 (difference 5.00e-01, tolerance 1.00e-07)",
                failure(() -> Check.close("a", actual, expected, 1e-7)));
    }

    @Test
    void aNanEntryIsTheWorst() {
        DMatrixRMaj expected = matrix(1, 3, 1, 2, 3);
        DMatrixRMaj actual = matrix(1, 3, 100, 2, Double.NaN);
        String m = failure(() -> Check.close("y", actual, expected, 1e-7));
        assertTrue(m.endsWith("the largest by NaN at [0][2]"), m);
    }

    @Test
    void equalMatricesPassAndAreNotModified() {
        DMatrixRMaj expected = new TestRandom(1).matrix(5, 10);
        DMatrixRMaj actual = expected.copy();
        DMatrixRMaj before = actual.copy();
        Check.close("a_next", actual, expected, 1e-12);
        assertArrayEquals(before.data, actual.data);
    }

    @Test
    void wrongShapeAndNullAreReportedBeforeValues() {
        DMatrixRMaj expected = new DMatrixRMaj(5, 10);
        assertEquals("rnn_cell_forward a_next has the wrong shape: expected (5,10), got (10,5)",
                failure(() -> Check.close("rnn_cell_forward a_next", new DMatrixRMaj(10, 5), expected, 1e-7)));
        assertEquals("rnn_cell_forward a_next is null: expected a (5,10) matrix",
                failure(() -> Check.close("rnn_cell_forward a_next", (DMatrixRMaj) null, expected, 1e-7)));
    }

    @Test
    void tensorEntriesAreNamedInNumpyOrder() {
        Tensor3 expected = new TestRandom(2).tensor(3, 4, 5);
        Tensor3 actual = expected.copy();
        Check.close("rnn_forward a", actual, expected, 1e-7);
        actual.set(2, 1, 3, expected.get(2, 1, 3) + 1);
        String m = failure(() -> Check.close("rnn_forward a", actual, expected, 1e-7));
        assertTrue(m.startsWith("rnn_forward a is wrong at [2][1][3]: expected " + expected.get(2, 1, 3)), m);
        assertEquals("rnn_forward a has the wrong shape: expected (3,4,5), got (3,4,4)",
                failure(() -> Check.close("rnn_forward a", new Tensor3(3, 4, 4), expected, 1e-7)));
        assertEquals("rnn_forward a is null: expected a (3,4,5) tensor",
                failure(() -> Check.close("rnn_forward a", (Tensor3) null, expected, 1e-7)));
    }

    @Test
    void shapeChecks() {
        assertDoesNotThrow(() -> Check.shape("a", new DMatrixRMaj(2, 3), 2, 3));
        assertDoesNotThrow(() -> Check.shape("x", new Tensor3(2, 3, 4), 2, 3, 4));
        assertEquals("x has the wrong shape: expected (2,3,4), got (2,4,3)",
                failure(() -> Check.shape("x", new Tensor3(2, 4, 3), 2, 3, 4)));
    }

    // ---- close: named matrices ------------------------------------------------------------------------

    @Test
    void namedMatricesAreComparedOneByOneWithTheirNames() {
        TestRandom r = new TestRandom(3);
        Map<String, DMatrixRMaj> expected = new LinkedHashMap<>();
        expected.put("dWaa", r.matrix(5, 5));
        expected.put("db", r.matrix(5, 1));
        Map<String, DMatrixRMaj> actual = new LinkedHashMap<>();
        actual.put("db", expected.get("db").copy());
        actual.put("dWaa", expected.get("dWaa").copy());
        actual.put("extra", new DMatrixRMaj(1, 1));
        Check.close("clip", actual, expected, 1e-7);

        actual.get("db").set(4, 0, 99);
        assertTrue(failure(() -> Check.close("clip", actual, expected, 1e-7)).startsWith("clip db is wrong at [4][0]"));
        actual.remove("dWaa");
        assertEquals("clip has no dWaa: expected [dWaa, db], got [db, extra]",
                failure(() -> Check.close("clip", actual, expected, 1e-7)));
        assertEquals("clip is null: expected [dWaa, db]",
                failure(() -> Check.close("clip", (Map<String, DMatrixRMaj>) null, expected, 1e-7)));
    }

    // ---- discrete values ------------------------------------------------------------------------------

    @Test
    void indicesMustBeIdentical() {
        assertDoesNotThrow(() -> Check.equal("sample indices", new int[] {3, 1, 0}, new int[] {3, 1, 0}));
        assertEquals("sample indices is wrong at position 1: expected 1, got 2",
                failure(() -> Check.equal("sample indices", new int[] {3, 2, 0}, new int[] {3, 1, 0})));
        assertEquals("sample indices has the wrong length: expected 3 values, got 2",
                failure(() -> Check.equal("sample indices", new int[] {3, 1}, new int[] {3, 1, 0})));
        assertEquals("sample indices has the wrong length: expected 3 values, got 4; the first difference is at"
                + " position 0: expected 3, got 4",
                failure(() -> Check.equal("sample indices", new int[] {4, 1, 0, 0}, new int[] {3, 1, 0})));
        assertEquals("sample indices is null: expected 3 values",
                failure(() -> Check.equal("sample indices", (int[]) null, new int[] {3, 1, 0})));
    }

    @Test
    void integersObjectsAndConditions() {
        assertDoesNotThrow(() -> Check.equal("len(caches)", 2, 2));
        assertEquals("len(caches) is wrong: expected 2, got 3", failure(() -> Check.equal("len(caches)", 3, 2)));
        assertEquals("sample text is wrong: expected \"lia\\n\", got \"lib\\n\"",
                failure(() -> Check.equal("sample text", "lib\\n", "lia\\n")));
        assertDoesNotThrow(() -> Check.equal("names", List.of("a"), List.of("a")));
        assertEquals("optimize: the parameters were not updated",
                failure(() -> Check.that("optimize", false, "the parameters were not updated")));
        assertDoesNotThrow(() -> Check.that("optimize", true, "never shown"));
    }

    // ---- gradients ------------------------------------------------------------------------------------

    private static final TestRandom R = new TestRandom(11);
    private static final DMatrixRMaj XT = R.matrix(3, 10);
    private static final DMatrixRMaj A_PREV = R.matrix(5, 10);
    private static final RnnParameters P = R.rnn(3, 5, 2);

    @Test
    void theReferenceBackwardPassesTheGradientCheck() {
        DMatrixRMaj xt = XT.copy();
        DMatrixRMaj aPrev = A_PREV.copy();
        RnnParameters p = P.copy();
        GradientCheck.Result r = Check.gradient("rnn_cell_backward", Rnn::rnnCellBackward, xt, aPrev, p, 7);
        assertEquals(List.of("dxt", "daPrev", "dWax", "dWaa", "dba"),
                r.entries().stream().map(GradientCheck.Entry::parameter).toList());
        assertTrue(r.passed());
        // the caller's matrices are untouched
        assertArrayEquals(XT.data, xt.data);
        assertArrayEquals(A_PREV.data, aPrev.data);
        assertArrayEquals(P.Waa().data, p.Waa().data);
    }

    @Test
    void aWrongGradientIsNamedAndTheOthersPass() {
        Check.RnnCellBackward doubledDWaa = (daNext, cache) -> {
            RnnCellGradients g = Rnn.rnnCellBackward(daNext, cache);
            CommonOps_DDRM.scale(2, g.dWaa());
            return new RnnCellGradients(g.dxt(), g.daPrev(), g.dWax(), g.dWaa(), g.dba());
        };
        String m = failure(() -> Check.gradient("rnn_cell_backward", doubledDWaa, XT, A_PREV, P, 7));
        assertTrue(m.startsWith("rnn_cell_backward: the gradient check failed for dWaa (relative error 3.33e-01)"), m);
        assertTrue(m.endsWith("(threshold 1.00e-07); passed: dxt, daPrev, dWax, dba"), m);
    }

    @Test
    void aBackwardThatChangesItsInputsCannotFoolTheCheck() {
        Check.RnnCellBackward vandal = (daNext, cache) -> {
            RnnCellGradients g = Rnn.rnnCellBackward(daNext, cache);
            cache.parameters().Waa().zero();
            daNext.zero();
            return g;
        };
        assertTrue(Check.gradient("rnn_cell_backward", vandal, XT, A_PREV, P, 7).passed());
    }

    @Test
    void nullAndWronglyShapedGradientsAreAssertionErrors() {
        assertEquals("rnn_cell_backward returned null: expected the gradients dxt, daPrev, dWax, dWaa, dba",
                failure(() -> Check.gradient("rnn_cell_backward", (d, c) -> null, XT, A_PREV, P, 7)));
        Check.RnnCellBackward transposed = (daNext, cache) -> {
            RnnCellGradients g = Rnn.rnnCellBackward(daNext, cache);
            return new RnnCellGradients(g.dxt(), g.daPrev(), CommonOps_DDRM.transpose(g.dWax(), null), g.dWaa(),
                    g.dba());
        };
        assertEquals("rnn_cell_backward dWax has the wrong shape: expected (5,3), got (3,5)",
                failure(() -> Check.gradient("rnn_cell_backward", transposed, XT, A_PREV, P, 7)));
    }

    @Test
    void aStudentExceptionPropagatesUnchanged() {
        Check.RnnCellBackward stub = (d, c) -> {
            throw new UnsupportedOperationException("not implemented");
        };
        assertThrows(UnsupportedOperationException.class, () -> Check.gradient("rnn_cell_backward", stub, XT, A_PREV, P, 7));
    }

    @Test
    void anyGradientCheckCanBeAsserted() {
        DMatrixRMaj w = new TestRandom(5).matrix(2, 2);
        DMatrixRMaj twoW = w.copy();
        CommonOps_DDRM.scale(2, twoW);
        // L = Σ w², dL/dw = 2w
        assertTrue(Check.gradient("square", GradientCheck.of(() -> CommonOps_DDRM.elementSum(
                CommonOps_DDRM.elementMult(w, w, null))).wrt("w", w, twoW)).passed());
        String m = failure(() -> Check.gradient("square", GradientCheck.of(() -> CommonOps_DDRM.elementSum(
                CommonOps_DDRM.elementMult(w, w, null))).wrt("w", w, w)));
        assertTrue(m.startsWith("square: the gradient check failed for w (relative error 3.33e-01)"), m);
        assertFalse(m.contains("passed:"), m);
    }

    // ---- the end of a test cell, and the test author's mistakes -----------------------------------------

    @Test
    void passedPrintsOneLineToStdout() {
        PrintStream out = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            Check.passed("rnn_cell_forward");
        } finally {
            System.setOut(out);
        }
        assertEquals("\u2714 rnn_cell_forward: all checks passed" + System.lineSeparator(),
                buffer.toString(StandardCharsets.UTF_8));
    }

    @Test
    void mistakesOfTheTestAuthorAreIllegalArguments() {
        DMatrixRMaj a = new DMatrixRMaj(1, 1);
        assertThrows(IllegalArgumentException.class, () -> Check.close(" ", a, a, 1e-7));
        assertThrows(IllegalArgumentException.class, () -> Check.close(null, 1.0, 1.0, 1e-7));
        assertThrows(IllegalArgumentException.class, () -> Check.close("a", a, a, 0));
        assertThrows(IllegalArgumentException.class, () -> Check.close("a", a, a, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Check.close("a", a, a, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Check.close("a", a, (DMatrixRMaj) null, 1e-7));
        assertThrows(IllegalArgumentException.class, () -> Check.close("a", new Tensor3(1, 1, 1), (Tensor3) null, 1e-7));
        assertThrows(IllegalArgumentException.class, () -> Check.equal("a", new int[0], null));
        assertThrows(IllegalArgumentException.class, () -> Check.gradient("a", null));
        assertThrows(IllegalArgumentException.class, () -> Check.gradient("a", null, XT, A_PREV, P, 1));
        assertThrows(IllegalArgumentException.class, () -> Check.passed(""));
    }
}
