package org.rnnworkbench.cells;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.tensor.Tensor3;

/**
 * What {@link Rnn#rnnBackward} returns: {@code dx (n_x, m, T_x)}, {@code da0 (n_a, m)},
 * {@code dWax (n_a, n_x)}, {@code dWaa (n_a, n_a)}, {@code dba (n_a, 1)}. {@link #get(String)} takes
 * the assignment's dictionary keys for the matrices; the tensor {@code dx} is read with {@link #dx()}.
 */
public record RnnGradients(Tensor3 dx, DMatrixRMaj da0, DMatrixRMaj dWax, DMatrixRMaj dWaa, DMatrixRMaj dba) {

    /** The dictionary keys, in the assignment's order. */
    public static final List<String> NAMES = List.of("dx", "da0", "dWax", "dWaa", "dba");

    /** The matrix gradient called {@code name} ({@code "da0"}, {@code "dWax"}, {@code "dWaa"}, {@code "dba"}). */
    public DMatrixRMaj get(String name) {
        return switch (name) {
            case "dx" -> throw Names.tensor(name, "dx()");
            case "da0" -> da0;
            case "dWax" -> dWax;
            case "dWaa" -> dWaa;
            case "dba" -> dba;
            default -> throw Names.unknown("RNN gradient", name, NAMES);
        };
    }
}
