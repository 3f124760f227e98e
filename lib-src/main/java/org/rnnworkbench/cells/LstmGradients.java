package org.rnnworkbench.cells;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.tensor.Tensor3;

/**
 * What {@link Lstm#lstmBackward} returns: {@code dx (n_x, m, T)}, {@code da0 (n_a, m)}, the gate
 * matrix gradients {@code dWf, dWi, dWc, dWo} and bias gradients {@code dbf, dbi, dbc, dbo}.
 * {@link #get(String)} takes the dictionary keys for the matrices; the tensor is read with {@link #dx()}.
 */
public record LstmGradients(Tensor3 dx, DMatrixRMaj da0, DMatrixRMaj dWf, DMatrixRMaj dWi, DMatrixRMaj dWc,
        DMatrixRMaj dWo, DMatrixRMaj dbf, DMatrixRMaj dbi, DMatrixRMaj dbc, DMatrixRMaj dbo) {

    /** The dictionary keys. */
    public static final List<String> NAMES = List.of("dx", "da0", "dWf", "dWi", "dWc", "dWo", "dbf", "dbi", "dbc",
            "dbo");

    /** The matrix gradient called {@code name}. */
    public DMatrixRMaj get(String name) {
        return switch (name) {
            case "dx" -> throw Names.tensor(name, "dx()");
            case "da0" -> da0;
            case "dWf" -> dWf;
            case "dWi" -> dWi;
            case "dWc" -> dWc;
            case "dWo" -> dWo;
            case "dbf" -> dbf;
            case "dbi" -> dbi;
            case "dbc" -> dbc;
            case "dbo" -> dbo;
            default -> throw Names.unknown("LSTM gradient", name, NAMES);
        };
    }
}
