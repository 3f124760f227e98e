package org.rnnworkbench.lm;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.tensor.Shapes;

/**
 * Gradients of the LSTM language model's loss: {@code dWf, dWi, dWc, dWo (n_a, n_a+V)},
 * {@code dbf, dbi, dbc, dbo (n_a, 1)}, {@code dWy (V, n_a)}, {@code dby (V, 1)}. The matrices are
 * held, not copied. {@link #get(String)} reads like {@code gradients["dWf"]}.
 */
public record LstmLmGradients(DMatrixRMaj dWf, DMatrixRMaj dbf, DMatrixRMaj dWi, DMatrixRMaj dbi, DMatrixRMaj dWc,
        DMatrixRMaj dbc, DMatrixRMaj dWo, DMatrixRMaj dbo, DMatrixRMaj dWy, DMatrixRMaj dby) implements LmGradients {

    /** The dictionary keys, in the order of {@link LstmParameters#NAMES}. */
    public static final List<String> NAMES = List.of("dWf", "dbf", "dWi", "dbi", "dWc", "dbc", "dWo", "dbo", "dWy",
            "dby");

    /** Checks that the ten shapes agree with each other. */
    public LstmLmGradients {
        Shapes.notNull("dWf", dWf);
        int nA = dWf.numRows;
        Shapes.sameShape("dWi", dWi, "dWf", dWf);
        Shapes.sameShape("dWc", dWc, "dWf", dWf);
        Shapes.sameShape("dWo", dWo, "dWf", dWf);
        Shapes.require("dbf", dbf, nA, 1);
        Shapes.require("dbi", dbi, nA, 1);
        Shapes.require("dbc", dbc, nA, 1);
        Shapes.require("dbo", dbo, nA, 1);
        Shapes.notNull("dWy", dWy);
        if (dWy.numCols != nA) {
            throw new IllegalArgumentException("dWy is " + Shapes.of(dWy) + " but dWf is " + Shapes.of(dWf)
                    + "; dWy must have n_a = " + nA + " columns");
        }
        Shapes.require("dby", dby, dWy.numRows, 1);
    }

    /** Zero gradients shaped like {@code p}. */
    public static LstmLmGradients zerosLike(LstmParameters p) {
        Shapes.notNull("Wf", p == null ? null : p.Wf());
        DMatrixRMaj[] z = new DMatrixRMaj[LstmParameters.NAMES.size()];
        for (int k = 0; k < z.length; k++) {
            DMatrixRMaj w = p.get(LstmParameters.NAMES.get(k));
            z[k] = new DMatrixRMaj(w.numRows, w.numCols);
        }
        return new LstmLmGradients(z[0], z[1], z[2], z[3], z[4], z[5], z[6], z[7], z[8], z[9]);
    }

    /** {@link #NAMES}. */
    @Override
    public List<String> names() {
        return NAMES;
    }

    /** The gradient called {@code name}. */
    @Override
    public DMatrixRMaj get(String name) {
        return switch (name) {
            case "dWf" -> dWf;
            case "dbf" -> dbf;
            case "dWi" -> dWi;
            case "dbi" -> dbi;
            case "dWc" -> dWc;
            case "dbc" -> dbc;
            case "dWo" -> dWo;
            case "dbo" -> dbo;
            case "dWy" -> dWy;
            case "dby" -> dby;
            default -> throw new IllegalArgumentException(
                    "no LSTM gradient called '" + name + "'; the names are " + NAMES);
        };
    }

    /** A deep copy. */
    public LstmLmGradients copy() {
        return new LstmLmGradients(dWf.copy(), dbf.copy(), dWi.copy(), dbi.copy(), dWc.copy(), dbc.copy(), dWo.copy(),
                dbo.copy(), dWy.copy(), dby.copy());
    }
}
