package org.rnnworkbench.cells;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.tensor.Shapes;

/**
 * Parameters of an LSTM. The four gate matrices act on {@code [aPrev; xt]} and are
 * {@code (n_a, n_a + n_x)}: forget {@code Wf, bf}, update (input) {@code Wi, bi}, candidate
 * {@code Wc, bc}, output {@code Wo, bo}; biases are {@code (n_a, 1)}. The prediction layer is
 * {@code Wy (n_y, n_a)}, {@code by (n_y, 1)}. Matrices are held, not copied.
 */
public record LstmParameters(DMatrixRMaj Wf, DMatrixRMaj bf, DMatrixRMaj Wi, DMatrixRMaj bi, DMatrixRMaj Wc,
        DMatrixRMaj bc, DMatrixRMaj Wo, DMatrixRMaj bo, DMatrixRMaj Wy, DMatrixRMaj by) implements CellParameters {

    /** The dictionary keys. */
    public static final List<String> NAMES = List.of("Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo", "Wy", "by");

    /** Checks that the ten shapes agree with each other. */
    public LstmParameters {
        Shapes.notNull("Wf", Wf);
        int nA = Wf.numRows;
        if (Wf.numCols <= nA) {
            throw new IllegalArgumentException("Wf is " + Shapes.of(Wf) + " but must be (n_a, n_a + n_x) with n_x >= 1,"
                    + " i.e. have more columns than rows");
        }
        Shapes.sameShape("Wi", Wi, "Wf", Wf);
        Shapes.sameShape("Wc", Wc, "Wf", Wf);
        Shapes.sameShape("Wo", Wo, "Wf", Wf);
        Shapes.require("bf", bf, nA, 1);
        Shapes.require("bi", bi, nA, 1);
        Shapes.require("bc", bc, nA, 1);
        Shapes.require("bo", bo, nA, 1);
        Shapes.notNull("Wy", Wy);
        if (Wy.numCols != nA) {
            throw new IllegalArgumentException("Wy is " + Shapes.of(Wy) + " but Wf is " + Shapes.of(Wf)
                    + "; Wy must have n_a = " + nA + " columns");
        }
        Shapes.require("by", by, Wy.numRows, 1);
    }

    /** Zero parameters of the given sizes. */
    public static LstmParameters zeros(int nA, int nX, int nY) {
        Shapes.positive("nA", nA);
        Shapes.positive("nX", nX);
        Shapes.positive("nY", nY);
        int k = nA + nX;
        return new LstmParameters(new DMatrixRMaj(nA, k), new DMatrixRMaj(nA, 1), new DMatrixRMaj(nA, k),
                new DMatrixRMaj(nA, 1), new DMatrixRMaj(nA, k), new DMatrixRMaj(nA, 1), new DMatrixRMaj(nA, k),
                new DMatrixRMaj(nA, 1), new DMatrixRMaj(nY, nA), new DMatrixRMaj(nY, 1));
    }

    /** The dictionary keys, {@link #NAMES}. */
    @Override
    public List<String> names() {
        return NAMES;
    }

    /** Hidden size n_a. */
    @Override
    public int nA() {
        return Wf.numRows;
    }

    /** Input size n_x. */
    @Override
    public int nX() {
        return Wf.numCols - Wf.numRows;
    }

    /** Output size n_y. */
    @Override
    public int nY() {
        return Wy.numRows;
    }

    /** The matrix called {@code name} in the assignment's dictionary. */
    @Override
    public DMatrixRMaj get(String name) {
        return switch (name) {
            case "Wf" -> Wf;
            case "bf" -> bf;
            case "Wi" -> Wi;
            case "bi" -> bi;
            case "Wc" -> Wc;
            case "bc" -> bc;
            case "Wo" -> Wo;
            case "bo" -> bo;
            case "Wy" -> Wy;
            case "by" -> by;
            default -> throw Names.unknown("LSTM parameter", name, NAMES);
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
    public LstmParameters copy() {
        return new LstmParameters(Wf.copy(), bf.copy(), Wi.copy(), bi.copy(), Wc.copy(), bc.copy(), Wo.copy(),
                bo.copy(), Wy.copy(), by.copy());
    }
}
