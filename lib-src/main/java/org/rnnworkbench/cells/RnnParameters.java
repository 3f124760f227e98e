package org.rnnworkbench.cells;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.tensor.Shapes;

/**
 * Parameters of a vanilla RNN: {@code Waa (n_a,n_a)}, {@code Wax (n_a,n_x)}, {@code Wya (n_y,n_a)},
 * {@code ba (n_a,1)}, {@code by (n_y,1)}. The matrices are held, not copied: the training loop
 * updates them in place. {@link #get(String)} reads like the assignment's dictionary; the language
 * model's name {@code "b"} is accepted for {@code ba}.
 */
public record RnnParameters(DMatrixRMaj Waa, DMatrixRMaj Wax, DMatrixRMaj Wya, DMatrixRMaj ba, DMatrixRMaj by) implements CellParameters {

    /** The dictionary keys, in the assignment's order. */
    public static final List<String> NAMES = List.of("Waa", "Wax", "Wya", "ba", "by");

    /** Checks that the five shapes agree with each other. */
    public RnnParameters {
        Shapes.notNull("Waa", Waa);
        int nA = Waa.numRows;
        Shapes.require("Waa", Waa, nA, nA);
        Shapes.notNull("Wax", Wax);
        if (Wax.numRows != nA) {
            throw new IllegalArgumentException("Wax is " + Shapes.of(Wax) + " but Waa is " + Shapes.of(Waa)
                    + "; Wax must have n_a = " + nA + " rows");
        }
        Shapes.notNull("Wya", Wya);
        if (Wya.numCols != nA) {
            throw new IllegalArgumentException("Wya is " + Shapes.of(Wya) + " but Waa is " + Shapes.of(Waa)
                    + "; Wya must have n_a = " + nA + " columns");
        }
        Shapes.require("ba", ba, nA, 1);
        Shapes.require("by", by, Wya.numRows, 1);
    }

    /** Zero parameters of the given sizes. */
    public static RnnParameters zeros(int nA, int nX, int nY) {
        return new RnnParameters(new DMatrixRMaj(nA, nA), new DMatrixRMaj(nA, nX), new DMatrixRMaj(nY, nA),
                new DMatrixRMaj(nA, 1), new DMatrixRMaj(nY, 1));
    }

    /** The dictionary keys, {@link #NAMES}. */
    @Override
    public List<String> names() {
        return NAMES;
    }

    /** Hidden size n_a. */
    @Override
    public int nA() {
        return Waa.numRows;
    }

    /** Input size n_x. */
    @Override
    public int nX() {
        return Wax.numCols;
    }

    /** Output size n_y. */
    @Override
    public int nY() {
        return Wya.numRows;
    }

    /** The matrix called {@code name} in the assignment ({@code "Waa"}, ..., {@code "b"} for ba). */
    @Override
    public DMatrixRMaj get(String name) {
        return switch (name) {
            case "Waa" -> Waa;
            case "Wax" -> Wax;
            case "Wya" -> Wya;
            case "ba", "b" -> ba;
            case "by" -> by;
            default -> throw new IllegalArgumentException(
                    "no RNN parameter called '" + name + "'; the names are " + NAMES);
        };
    }

    /** The parameters as an ordered dictionary, keyed by {@link #NAMES}. */
    public Map<String, DMatrixRMaj> asMap() {
        Map<String, DMatrixRMaj> m = new LinkedHashMap<>();
        for (String k : NAMES) {
            m.put(k, get(k));
        }
        return m;
    }

    /** A deep copy. */
    @Override
    public RnnParameters copy() {
        return new RnnParameters(Waa.copy(), Wax.copy(), Wya.copy(), ba.copy(), by.copy());
    }
}
