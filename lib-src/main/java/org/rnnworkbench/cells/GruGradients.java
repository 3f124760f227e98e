package org.rnnworkbench.cells;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.tensor.Tensor3;

/**
 * What {@link Gru#gruBackward} returns: {@code dx (n_x, m, T)}, {@code da0 (n_a, m)} and the summed
 * {@code dWz, dWr, dWh}. {@link #get(String)} takes the dictionary keys for the matrices; the tensor
 * is read with {@link #dx()}.
 */
public record GruGradients(Tensor3 dx, DMatrixRMaj da0, DMatrixRMaj dWz, DMatrixRMaj dWr, DMatrixRMaj dWh) {

    /** The dictionary keys. */
    public static final List<String> NAMES = List.of("dx", "da0", "dWz", "dWr", "dWh");

    /** The matrix gradient called {@code name}. */
    public DMatrixRMaj get(String name) {
        return switch (name) {
            case "dx" -> throw Names.tensor(name, "dx()");
            case "da0" -> da0;
            case "dWz" -> dWz;
            case "dWr" -> dWr;
            case "dWh" -> dWh;
            default -> throw Names.unknown("GRU gradient", name, NAMES);
        };
    }
}
