package org.rnnworkbench.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.TestRandom;

class SpectralTest {

    @Test
    void rotationHasComplexEigenvaluesOfModulusOne() {
        double a = 0.7;
        DMatrixRMaj rot = new DMatrixRMaj(new double[][] {{Math.cos(a), -Math.sin(a)}, {Math.sin(a), Math.cos(a)}});
        CommonOps_DDRM.scale(1.3, rot);
        assertEquals(1.3, Spectral.radius(rot), 1e-12);
        assertEquals(1.3, Spectral.norm(rot), 1e-12);
    }

    @Test
    void nilpotentMatrixHasRadiusZeroButPositiveNorm() {
        DMatrixRMaj w = new DMatrixRMaj(new double[][] {{0, 5}, {0, 0}});
        assertEquals(0, Spectral.radius(w), 1e-12);
        assertEquals(5, Spectral.norm(w), 1e-12);
    }

    @Test
    void rescalingByTheRadiusGivesTheTargetRadiusAndLeavesTheInputAlone() {
        DMatrixRMaj w = new TestRandom(3).matrix(8, 8);
        DMatrixRMaj before = w.copy();
        double rho = Spectral.radius(w);
        assertTrue(Spectral.norm(w) >= rho - 1e-12);
        DMatrixRMaj scaled = w.copy();
        CommonOps_DDRM.scale(0.9 / rho, scaled);
        assertEquals(0.9, Spectral.radius(scaled), 1e-12);
        assertTrue(org.ejml.dense.row.MatrixFeatures_DDRM.isIdentical(before, w, 0));
    }

    @Test
    void radiusNeedsASquareMatrix() {
        var e = assertThrows(IllegalArgumentException.class, () -> Spectral.radius(new DMatrixRMaj(2, 3)));
        assertTrue(e.getMessage().contains("(2,3)"), e.getMessage());
    }
}
