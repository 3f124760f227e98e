package org.rnnworkbench.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.cells.Rnn;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.random.NumpyRandom;

class NumpyReferenceTest {
    private static final String FIXTURE = "lib-src/test/resources/golden/rnn_cell_forward.json";

    @Test
    void theAssignmentCaseReproducedFromItsSeedMatches() {
        NumpyReference.Case c = NumpyReference.load(FIXTURE).testCase("assignment");
        assertEquals(1, c.seed());
        NumpyRandom rng = new NumpyRandom(c.seed());
        DMatrixRMaj xt = rng.randn(3, 10);
        DMatrixRMaj aPrev = rng.randn(5, 10);
        RnnParameters p = new RnnParameters(rng.randn(5, 5), rng.randn(5, 3), rng.randn(2, 5), rng.randn(5, 1),
                rng.randn(2, 1));
        var r = Rnn.rnnCellForward(xt, aPrev, p);
        String line = NumpyReference.compare("a_next", r.aNext(), c.output("a_next"), 1e-10);
        assertTrue(line.startsWith("✔ a_next equals NumPy's (50 values"), line);
    }

    @Test
    void differencesAndShapeMismatchesAreFlagged() {
        DMatrixRMaj e = new DMatrixRMaj(new double[][] {{1, 2}});
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{1, 2.001}});
        assertTrue(NumpyReference.compare("x", a, e, 1e-10).startsWith("✘ x differs"));
        assertTrue(NumpyReference.compare("x", new DMatrixRMaj(2, 1), e, 1e-10).contains("has shape (2,1) but NumPy's is (1,2)"));
        assertTrue(NumpyReference.compare("s", Double.NaN, 1.0, 1e-10).startsWith("✘"));
        assertTrue(NumpyReference.compare("s", 1.0 + 1e-12, 1.0, 1e-10).startsWith("✔"));
    }

    @Test
    void unknownNamesAreListed() {
        NumpyReference ref = NumpyReference.load(FIXTURE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ref.testCase("nope"));
        assertTrue(e.getMessage().contains("assignment"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ref.testCase("assignment").output("zz"));
        assertTrue(e.getMessage().contains("a_next"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NumpyReference.load("no/such/file.json"));
    }

    @Test
    void valuesAreReachedByPath() {
        NumpyReference ref = NumpyReference.load("lib-src/test/resources/golden/lm_optimize.json");
        assertEquals(0.01, ref.at("official", "learning_rate").scalar());
        assertEquals(6, ref.at("official", "X").ints().length);
        assertEquals(100, ref.at("official", "a_last").matrix().numRows);
        assertEquals(12, ref.at("official", "X", "0").scalar());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ref.at("official", "nope"));
        assertTrue(e.getMessage().contains("learning_rate"), e.getMessage());
    }
}
