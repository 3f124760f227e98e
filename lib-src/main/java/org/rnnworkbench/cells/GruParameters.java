package org.rnnworkbench.cells;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.tensor.Shapes;

/**
 * Parameters of the assignment's GRU: update gate {@code Wz}, reset gate {@code Wr} and candidate
 * {@code Wh}, each {@code (n_a, n_a + n_x)} and acting on a stacked {@code [a; xt]}, with no gate
 * biases; the prediction layer {@code Wy (n_y, n_a)}, {@code by (n_y, 1)}. Matrices are held, not copied.
 */
public record GruParameters(DMatrixRMaj Wz, DMatrixRMaj Wr, DMatrixRMaj Wh, DMatrixRMaj Wy, DMatrixRMaj by) implements CellParameters {

    /** The dictionary keys. */
    public static final List<String> NAMES = List.of("Wz", "Wr", "Wh", "Wy", "by");

    /** Checks that the five shapes agree with each other. */
    public GruParameters {
        Shapes.notNull("Wz", Wz);
        int nA = Wz.numRows;
        if (Wz.numCols <= nA) {
            throw new IllegalArgumentException("Wz is " + Shapes.of(Wz) + " but must be (n_a, n_a + n_x) with n_x >= 1,"
                    + " i.e. have more columns than rows");
        }
        Shapes.sameShape("Wr", Wr, "Wz", Wz);
        Shapes.sameShape("Wh", Wh, "Wz", Wz);
        Shapes.notNull("Wy", Wy);
        if (Wy.numCols != nA) {
            throw new IllegalArgumentException("Wy is " + Shapes.of(Wy) + " but Wz is " + Shapes.of(Wz)
                    + "; Wy must have n_a = " + nA + " columns");
        }
        Shapes.require("by", by, Wy.numRows, 1);
    }

    /** Zero parameters of the given sizes. */
    public static GruParameters zeros(int nA, int nX, int nY) {
        Shapes.positive("nA", nA);
        Shapes.positive("nX", nX);
        Shapes.positive("nY", nY);
        int k = nA + nX;
        return new GruParameters(new DMatrixRMaj(nA, k), new DMatrixRMaj(nA, k), new DMatrixRMaj(nA, k),
                new DMatrixRMaj(nY, nA), new DMatrixRMaj(nY, 1));
    }

    /** The dictionary keys, {@link #NAMES}. */
    @Override
    public List<String> names() {
        return NAMES;
    }

    /** Hidden size n_a. */
    @Override
    public int nA() {
        return Wz.numRows;
    }

    /** Input size n_x. */
    @Override
    public int nX() {
        return Wz.numCols - Wz.numRows;
    }

    /** Output size n_y. */
    @Override
    public int nY() {
        return Wy.numRows;
    }

    /** The matrix called {@code name}. */
    @Override
    public DMatrixRMaj get(String name) {
        return switch (name) {
            case "Wz" -> Wz;
            case "Wr" -> Wr;
            case "Wh" -> Wh;
            case "Wy" -> Wy;
            case "by" -> by;
            default -> throw Names.unknown("GRU parameter", name, NAMES);
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
    public GruParameters copy() {
        return new GruParameters(Wz.copy(), Wr.copy(), Wh.copy(), Wy.copy(), by.copy());
    }
}
