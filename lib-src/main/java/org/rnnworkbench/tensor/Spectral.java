package org.rnnworkbench.tensor;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/** Spectral radius and spectral norm: the two sizes of a recurrent matrix that govern its gradients. */
public final class Spectral {
    private Spectral() {}

    /** ρ(W) = the largest |λ| over the (possibly complex) eigenvalues λ of the square W. */
    public static double radius(DMatrixRMaj w) {
        Shapes.notNull("w", w);
        if (w.numRows != w.numCols) {
            throw new IllegalArgumentException("w is " + Shapes.of(w) + " but must be square");
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(w.numRows, false);
        if (!eig.decompose(w.copy())) {
            throw new IllegalStateException("the eigenvalue decomposition of w " + Shapes.of(w) + " failed");
        }
        double max = 0;
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
            Complex_F64 lambda = eig.getEigenvalue(i);
            max = Math.max(max, lambda.getMagnitude());
        }
        return max;
    }

    /** ‖W‖₂ = the largest singular value of W: the most W can stretch a vector. */
    public static double norm(DMatrixRMaj w) {
        Shapes.notNull("w", w);
        double max = 0;
        for (double s : SingularOps_DDRM.singularValues(w.copy())) {
            max = Math.max(max, s);
        }
        return max;
    }
}
