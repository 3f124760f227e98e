package org.rnnworkbench.lm;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.tensor.Shapes;

/**
 * Gradients of the GRU language model's loss: {@code dWz, dWr, dWh (n_a, n_a+V)}, {@code dWy (V, n_a)},
 * {@code dby (V, 1)}. The matrices are held, not copied. {@link #get(String)} reads like
 * {@code gradients["dWz"]}.
 */
public record GruLmGradients(DMatrixRMaj dWz, DMatrixRMaj dWr, DMatrixRMaj dWh, DMatrixRMaj dWy, DMatrixRMaj dby)
        implements LmGradients {

    /** The dictionary keys, in the order of {@link GruParameters#NAMES}. */
    public static final List<String> NAMES = List.of("dWz", "dWr", "dWh", "dWy", "dby");

    /** Checks that the five shapes agree with each other. */
    public GruLmGradients {
        Shapes.notNull("dWz", dWz);
        Shapes.sameShape("dWr", dWr, "dWz", dWz);
        Shapes.sameShape("dWh", dWh, "dWz", dWz);
        Shapes.notNull("dWy", dWy);
        if (dWy.numCols != dWz.numRows) {
            throw new IllegalArgumentException("dWy is " + Shapes.of(dWy) + " but dWz is " + Shapes.of(dWz)
                    + "; dWy must have n_a = " + dWz.numRows + " columns");
        }
        Shapes.require("dby", dby, dWy.numRows, 1);
    }

    /** Zero gradients shaped like {@code p}. */
    public static GruLmGradients zerosLike(GruParameters p) {
        return new GruLmGradients(new DMatrixRMaj(p.Wz().numRows, p.Wz().numCols),
                new DMatrixRMaj(p.Wr().numRows, p.Wr().numCols), new DMatrixRMaj(p.Wh().numRows, p.Wh().numCols),
                new DMatrixRMaj(p.Wy().numRows, p.Wy().numCols), new DMatrixRMaj(p.by().numRows, 1));
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
            case "dWz" -> dWz;
            case "dWr" -> dWr;
            case "dWh" -> dWh;
            case "dWy" -> dWy;
            case "dby" -> dby;
            default -> throw new IllegalArgumentException(
                    "no GRU gradient called '" + name + "'; the names are " + NAMES);
        };
    }

    /** A deep copy. */
    public GruLmGradients copy() {
        return new GruLmGradients(dWz.copy(), dWr.copy(), dWh.copy(), dWy.copy(), dby.copy());
    }
}
