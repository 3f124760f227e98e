package org.rnnworkbench.lm;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.tensor.Shapes;

/**
 * Gradients of the language model's loss with respect to its parameters: {@code dWax (n_a,V)},
 * {@code dWaa (n_a,n_a)}, {@code dWya (V,n_a)}, {@code db (n_a,1)}, {@code dby (V,1)}. The matrices
 * are held, not copied. {@link #get(String)} reads like the assignment's {@code gradients["dWaa"]}.
 */
public record Gradients(DMatrixRMaj dWax, DMatrixRMaj dWaa, DMatrixRMaj dWya, DMatrixRMaj db, DMatrixRMaj dby)
        implements LmGradients {

    /** The dictionary keys, in the order the assignment's {@code clip} lists them. */
    public static final List<String> NAMES = List.of("dWaa", "dWax", "dWya", "db", "dby");

    /** Checks that the five shapes agree with each other. */
    public Gradients {
        Shapes.notNull("dWaa", dWaa);
        int nA = dWaa.numRows;
        Shapes.require("dWaa", dWaa, nA, nA);
        Shapes.notNull("dWax", dWax);
        Shapes.sameRows("dWax", dWax, "dWaa", dWaa);
        Shapes.notNull("dWya", dWya);
        if (dWya.numCols != nA) {
            throw new IllegalArgumentException("dWya is " + Shapes.of(dWya) + " but dWaa is " + Shapes.of(dWaa)
                    + "; dWya must have n_a = " + nA + " columns");
        }
        Shapes.require("db", db, nA, 1);
        Shapes.require("dby", dby, dWya.numRows, 1);
    }

    /** Zero gradients shaped like {@code p}. */
    public static Gradients zerosLike(RnnParameters p) {
        Shapes.notNull("Waa", p == null ? null : p.Waa());
        return new Gradients(new DMatrixRMaj(p.nA(), p.nX()), new DMatrixRMaj(p.nA(), p.nA()),
                new DMatrixRMaj(p.nY(), p.nA()), new DMatrixRMaj(p.nA(), 1), new DMatrixRMaj(p.nY(), 1));
    }

    /** {@link #NAMES}. */
    @Override
    public List<String> names() {
        return NAMES;
    }

    /** The gradient called {@code name} ({@code "dWaa"}, {@code "dWax"}, {@code "dWya"}, {@code "db"}, {@code "dby"}). */
    @Override
    public DMatrixRMaj get(String name) {
        return switch (name) {
            case "dWaa" -> dWaa;
            case "dWax" -> dWax;
            case "dWya" -> dWya;
            case "db", "dba" -> db;
            case "dby" -> dby;
            default -> throw new IllegalArgumentException(
                    "no gradient called '" + name + "'; the names are " + NAMES);
        };
    }

    /** A deep copy. */
    public Gradients copy() {
        return new Gradients(dWax.copy(), dWaa.copy(), dWya.copy(), db.copy(), dby.copy());
    }

    /** The Frobenius norm of all five gradients taken together, {@code sqrt(Σ ‖g‖²)} ({@link Clip#globalNorm}). */
    public double globalNorm() {
        return Clip.globalNorm(this);
    }
}
