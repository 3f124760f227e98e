package org.rnnworkbench.cells;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * What {@link Rnn#rnnCellBackward} returns: {@code dxt (n_x, m)}, {@code daPrev (n_a, m)},
 * {@code dWax (n_a, n_x)}, {@code dWaa (n_a, n_a)}, {@code dba (n_a, 1)}. {@link #get(String)} takes
 * the assignment's dictionary keys.
 */
public record RnnCellGradients(DMatrixRMaj dxt, DMatrixRMaj daPrev, DMatrixRMaj dWax, DMatrixRMaj dWaa,
        DMatrixRMaj dba) {

    /** The dictionary keys, in the assignment's order. */
    public static final List<String> NAMES = List.of("dxt", "da_prev", "dWax", "dWaa", "dba");

    /** The gradient called {@code name} ({@code "dxt"}, {@code "da_prev"} or {@code "daPrev"}, ...). */
    public DMatrixRMaj get(String name) {
        return switch (name) {
            case "dxt" -> dxt;
            case "da_prev", "daPrev" -> daPrev;
            case "dWax" -> dWax;
            case "dWaa" -> dWaa;
            case "dba" -> dba;
            default -> throw Names.unknown("RNN cell gradient", name, NAMES);
        };
    }

    /** The gradients as an ordered dictionary, keyed by {@link #NAMES}. */
    public Map<String, DMatrixRMaj> asMap() {
        Map<String, DMatrixRMaj> m = new LinkedHashMap<>();
        for (String k : NAMES) {
            m.put(k, get(k));
        }
        return m;
    }
}
